package io.coditect.studio.core.internal.session;

import org.osgi.service.component.annotations.Component;

import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.core.internal.egress.EgressPolicy;
import io.coditect.studio.core.internal.OrgSettings;

/**
 * Sandbox limits per organisation (SDD §3.3), as configured by {@link SandboxLimitsComponent}s.
 */
@Component(service = SandboxLimits.class)
public final class SandboxLimits {

    /** Limits, network and egress filter of the sandboxes of one organisation. */
    public record Limits(ResourceLimits resources, NetworkPolicy network, EgressPolicy egress) {
        public static final Limits DEFAULT = new Limits(ResourceLimits.DEFAULT, NetworkPolicy.NONE,
                EgressPolicy.NONE);

        public Limits(ResourceLimits resources, NetworkPolicy network) {
            this(resources, network, EgressPolicy.NONE);
        }
    }

    private final OrgSettings<Limits> byOrg = new OrgSettings<>(Limits.DEFAULT);

    /** The organisation's limits, else those for every organisation ({@code *}), else the defaults. */
    public Limits forOrg(String orgId) {
        return byOrg.forOrg(orgId);
    }

    /** Sets an organisation's limits from configuration {@code pid}. */
    public void put(String pid, String orgId, Limits limits) {
        byOrg.put(pid, orgId, limits);
    }

    /** Drops what configuration {@code pid} set. */
    public void remove(String pid) {
        byOrg.remove(pid);
    }
}
