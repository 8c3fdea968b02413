package io.coditect.studio.sandbox.process.internal;

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
 * The OSGi face of {@link ProcessSandboxDriver}: the studio's default sandbox driver. Deactivation
 * stops every sandbox it created; a configuration change applies to sandboxes created afterwards.
 */
@Component(service = SandboxDriver.class, immediate = true, configurationPid = ProcessSandboxDriverComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            "studio.plugin.id=" + ProcessSandboxDriver.ID,
            "studio.plugin.kind=" + SandboxDriver.KIND,
            "studio.plugin.name=" + ProcessSandboxDriver.DISPLAY_NAME})
@Designate(ocd = ProcessSandboxConfig.class)
public final class ProcessSandboxDriverComponent implements SandboxDriver {

    public static final String PID = "io.coditect.studio.sandbox.process";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandboxDriverComponent.class);

    private final ProcessSandboxDriver driver;

    @Activate
    public ProcessSandboxDriverComponent(ProcessSandboxConfig config) {
        this.driver = new ProcessSandboxDriver(DriverSettings.from(config));
        Health h = driver.health();
        if (h.isUp()) {
            LOG.info("process sandbox driver ready: {}", h.message());
        } else {
            LOG.warn("process sandbox driver {}: {}", h.status(), h.message());
        }
    }

    @Modified
    void modified(ProcessSandboxConfig config) {
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
