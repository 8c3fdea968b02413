package io.coditect.studio.core.internal.session;

import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;

/**
 * Sandbox limits of one organisation, one factory configuration each
 * ({@code io.coditect.studio.core.sandboxlimits}), applied to sessions opened from then on.
 */
@Component(configurationPid = SandboxLimitsComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SandboxLimitsComponent.Config.class, factory = true)
public final class SandboxLimitsComponent {

    static final String FACTORY_PID = "io.coditect.studio.core.sandboxlimits";

    @ObjectClassDefinition(id = FACTORY_PID, name = "CODITECT Studio: sandbox limits of an organisation",
            description = "Replaces the studio-wide sandbox limits for the sessions of one organisation.")
    public @interface Config {

        @AttributeDefinition(name = "Organisation", description = "Id of the organisation.")
        String org();

        @AttributeDefinition(name = "CPU (thousandths of a core)", min = "0", description = "0: no limit")
        long cpuMillis() default 2000;

        @AttributeDefinition(name = "Memory (MiB)", min = "0", description = "0: no limit")
        long memoryMiB() default 4096;

        @AttributeDefinition(name = "Disk (MiB)", min = "0", description = "0: no limit")
        long diskMiB() default 10240;

        @AttributeDefinition(name = "Processes", min = "0", description = "0: no limit")
        long pids() default 512;

        @AttributeDefinition(name = "Network", description = "NONE, FILTERED or HOST")
        String network() default "NONE";
    }

    private static final Logger LOG = LoggerFactory.getLogger(SandboxLimitsComponent.class);
    private static final long MIB = 1024L * 1024;

    private final SandboxLimits limits;
    private final String pid;

    @Activate
    public SandboxLimitsComponent(@Reference(name = "limits") SandboxLimits limits, Config config,
            Map<String, Object> properties) {
        this.limits = limits;
        Object p = properties.get(Constants.SERVICE_PID);
        this.pid = p == null ? FACTORY_PID + "." + properties.get("component.id") : p.toString();
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        limits.remove(pid);
    }

    private void apply(Config config) {
        try {
            String org = StudioIds.require("organisation", config.org());
            SandboxLimits.Limits l = of(config.cpuMillis(), config.memoryMiB(), config.diskMiB(), config.pids(),
                    config.network());
            limits.put(pid, org, l);
            LOG.info("sandbox limits of organisation {}: {}", org, l);
        } catch (IllegalArgumentException e) {
            limits.remove(pid);
            LOG.error("sandbox limits {} are not applied: {}", pid, e.getMessage());
        }
    }

    static SandboxLimits.Limits of(long cpuMillis, long memoryMiB, long diskMiB, long pids, String network) {
        NetworkPolicy policy;
        try {
            policy = NetworkPolicy.valueOf(network == null ? "NONE" : network.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network '" + network + "' is not one of NONE, FILTERED, HOST");
        }
        return new SandboxLimits.Limits(new ResourceLimits(cpuMillis, memoryMiB * MIB, diskMiB * MIB, pids), policy);
    }
}
