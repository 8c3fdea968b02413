package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.EnumSet;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.Team;

/**
 * The persistence feature in the assembly: pax-jdbc's H2, EclipseLink through Aries JPA's provider
 * service, and Liquibase (through SPI Fly) migrating the database under data/db on first start.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PersistenceIT extends StudioTestSupport {

    @Test
    public void storesWorkOnTheEmbeddedDatabaseAndKeepTenantsApart() throws Exception {
        featureService.installFeature("studio-persistence", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        TenancyStore store = getOsgiService(TenancyStore.class, 60_000);
        assertTrue(Files.exists(Paths.get(System.getProperty("karaf.data"), "db", "studio.mv.db")));

        store.createOrganisation(Organisation.of("itest-acme", "Acme"));
        store.createOrganisation(Organisation.of("itest-globex", "Globex"));
        store.createTeam(Team.of("itest-acme", "core", "Core"));
        store.createProject(Project.of("itest-acme", "rocket", "core", "Rocket"));

        assertEquals("Rocket", store.findProject("itest-acme", "rocket").orElseThrow().name());
        assertTrue("another tenant sees the project", store.findProject("itest-globex", "rocket").isEmpty());
        assertEquals(0, store.listProjects("itest-globex", ProjectFilter.ALL, PageRequest.first()).items().size());
        assertEquals(1, store.listProjects("itest-acme", ProjectFilter.ALL, PageRequest.first()).items().size());
    }
}
