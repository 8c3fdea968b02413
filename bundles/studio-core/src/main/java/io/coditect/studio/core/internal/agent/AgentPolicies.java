package io.coditect.studio.core.internal.agent;

import org.osgi.service.component.annotations.Component;

import io.coditect.studio.core.internal.OrgSettings;

/** The agent policies per organisation, as configured by {@link AgentPolicyComponent}s. */
@Component(service = AgentPolicies.class)
public final class AgentPolicies {

    private final OrgSettings<AgentPolicy> settings = new OrgSettings<>(AgentPolicy.DEFAULT);

    public AgentPolicy forOrg(String orgId) {
        return settings.forOrg(orgId);
    }

    OrgSettings<AgentPolicy> settings() {
        return settings;
    }
}
