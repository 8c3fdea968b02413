package io.coditect.studio.core.internal.session;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.core.internal.egress.EgressPolicy;
import io.coditect.studio.core.internal.OrgSettings;

/**
 * Sandbox limits, one factory configuration ({@code io.coditect.studio.core.sandboxlimits}) per
 * organisation, or with {@code org = *} for every organisation without one of its own; applied to
 * sessions opened from then on. Without any, the defaults of SDD §3.3 hold.
 */
@Component(configurationPid = SandboxLimitsComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SandboxLimitsComponent.Config.class, factory = true)
public final class SandboxLimitsComponent {

    static final String FACTORY_PID = "io.coditect.studio.core.sandboxlimits";

    static final String ALL = OrgSettings.ALL;

    @ObjectClassDefinition(id = FACTORY_PID, name = "CODITECT Studio: sandbox limits",
            description = "Limits, network and egress filter of the sandboxes of one organisation, or of all (*).")
    public @interface Config {

        @AttributeDefinition(name = "Organisation",
                description = "Id of the organisation, or * for every organisation without limits of its own.")
        String org();

        @AttributeDefinition(name = "CPU (thousandths of a core)", min = "0",
                description = "Reserved: the sandbox's share when the host is busy. 0: none reserved")
        long cpuMillis() default 2000;

        @AttributeDefinition(name = "CPU burst (thousandths of a core)", min = "0",
                description = "Hard limit the sandbox may burst to when the host is idle. 0: no limit")
        long cpuBurstMillis() default 4000;

        @AttributeDefinition(name = "Memory (MiB)", min = "0",
                description = "Reserved: protected from reclaim. 0: none reserved")
        long memoryMiB() default 4096;

        @AttributeDefinition(name = "Memory burst (MiB)", min = "0",
                description = "Hard limit beyond which the sandbox is OOM-killed. 0: no limit")
        long memoryBurstMiB() default 8192;

        @AttributeDefinition(name = "Disk (MiB)", min = "0", description = "0: no limit")
        long diskMiB() default 10240;

        @AttributeDefinition(name = "Processes", min = "0", description = "0: no limit")
        long pids() default 512;

        @AttributeDefinition(name = "Network", description = "NONE, FILTERED or HOST")
        String network() default "NONE";

        @AttributeDefinition(name = "Egress allow list", required = false,
                description = "With FILTERED: host names sandboxes may reach (pypi.org, *.github.com, * for any).")
        String[] egressAllow() default {"github.com", "*.github.com", "*.githubusercontent.com", "pypi.org",
            "files.pythonhosted.org", "registry.npmjs.org", "repo.maven.apache.org", "repo1.maven.org",
            "deb.debian.org", "security.debian.org"};

        @AttributeDefinition(name = "Egress ports", description = "With FILTERED: ports sandboxes may reach.")
        int[] egressPorts() default {80, 443};

        @AttributeDefinition(name = "Egress to private addresses",
                description = "With FILTERED: allow loopback, private and link-local addresses (the studio's own"
                        + " host and network). Off unless every sandbox user is trusted.")
        boolean egressPrivate() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SandboxLimitsComponent.class);
    private static final long MIB = 1024L * 1024;

    private final SandboxLimits limits;
    private final String pid;

    @Activate
    public SandboxLimitsComponent(@Reference(name = "limits") SandboxLimits limits, Config config,
            Map<String, Object> properties) {
        this.limits = limits;
        this.pid = OrgSettings.pid(properties, FACTORY_PID);
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
            String org = OrgSettings.org(config.org());
            SandboxLimits.Limits l = new SandboxLimits.Limits(new ResourceLimits(config.cpuBurstMillis(),
                    config.memoryBurstMiB() * MIB, config.diskMiB() * MIB, config.pids(), config.cpuMillis(),
                    config.memoryMiB() * MIB), network(config.network()), egress(config.egressAllow(),
                            config.egressPorts(), config.egressPrivate()));
            limits.put(pid, org, l);
            LOG.info("sandbox limits of {}: {}", OrgSettings.describe(org), l);
        } catch (IllegalArgumentException e) {
            LOG.error("sandbox limits {} are not valid, the previous ones (if any) stay: {}", pid, e.getMessage());
        }
    }

    static EgressPolicy egress(String[] allow, int[] ports, boolean privateAddresses) {
        Set<Integer> p = new HashSet<>();
        for (int port : ports == null ? new int[0] : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("egress port " + port + " is not between 1 and 65535");
            }
            p.add(port);
        }
        return new EgressPolicy(allow == null ? List.of() : List.of(allow), p, privateAddresses);
    }

    static NetworkPolicy network(String network) {
        try {
            return NetworkPolicy.valueOf(network == null ? "NONE" : network.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network '" + network + "' is not one of NONE, FILTERED, HOST");
        }
    }
}
