package io.coditect.studio.sandbox.docker.internal;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi face of {@link DockerSandboxDriver}. It registers even when no engine is reachable, so
 * the studio can show why (health DOWN with what to start). Deactivation removes every container it
 * created; a configuration change applies to sandboxes created afterwards.
 */
@Component(service = SandboxDriver.class, immediate = true, configurationPid = DockerSandboxDriverComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            "studio.plugin.id=" + DockerSandboxDriver.ID,
            "studio.plugin.kind=" + SandboxDriver.KIND,
            "studio.plugin.name=" + DockerSandboxDriver.DISPLAY_NAME})
@Designate(ocd = DockerSandboxConfig.class)
public final class DockerSandboxDriverComponent implements SandboxDriver {

    public static final String PID = "io.coditect.studio.sandbox.docker";

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxDriverComponent.class);

    private final DockerSandboxDriver driver;

    @Activate
    public DockerSandboxDriverComponent(DockerSandboxConfig config) {
        this.driver = new DockerSandboxDriver(DriverSettings.from(config));
        Health h = driver.health();
        if (h.isUp()) {
            LOG.info("docker sandbox driver ready: {}", h.message());
        } else {
            LOG.warn("docker sandbox driver {}: {}", h.status(), h.message());
        }
    }

    @Modified
    void modified(DockerSandboxConfig config) {
        driver.reconfigure(DriverSettings.from(config));
    }

    @Deactivate
    void deactivate() {
        driver.close();
    }

    @Override
    public String id() {
        return driver.id();
    }

    @Override
    public String displayName() {
        return driver.displayName();
    }

    @Override
    public Health health() {
        return driver.health();
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        return driver.create(spec);
    }
}
