package io.coditect.studio.core.internal.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

import io.coditect.studio.core.internal.OrgSettings;

/**
 * The agent's approval policy and step limit, one factory configuration
 * ({@code io.coditect.studio.core.agent}) per organisation or with {@code org = *} for all; applied
 * to turns started from then on. An invalid configuration leaves the previous one in force.
 */
@Component(configurationPid = AgentPolicyComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentPolicyComponent.Config.class, factory = true)
public final class AgentPolicyComponent {

    static final String FACTORY_PID = "io.coditect.studio.core.agent";

    @ObjectClassDefinition(id = FACTORY_PID, name = "CODITECT Studio: agent policy",
            description = "Which tool calls of the agent wait for a person, and how long a turn may run.")
    public @interface Config {

        @AttributeDefinition(name = "Organisation",
                description = "Id of the organisation, or * for every organisation without a policy of its own.")
        String org();

        @AttributeDefinition(name = "Command patterns", required = false,
                description = "Regular expressions: a command matching one waits for approval.")
        String[] commandPatterns() default {};

        @AttributeDefinition(name = "Network commands need approval")
        boolean network() default false;

        @AttributeDefinition(name = "Deleting files needs approval")
        boolean deleteFiles() default true;

        @AttributeDefinition(name = "git push needs approval")
        boolean push() default true;

        @AttributeDefinition(name = "Steps per turn", min = "1", max = "1000")
        int maxSteps() default 25;

        @AttributeDefinition(name = "Approval timeout (minutes)", min = "1")
        int approvalTimeoutMinutes() default 30;

        @AttributeDefinition(name = "Tool output given to the model (characters)", min = "1000")
        int outputChars() default 16_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentPolicyComponent.class);

    private final OrgSettings<AgentPolicy> policies;
    private final String pid;

    @Activate
    public AgentPolicyComponent(@Reference(name = "policies") AgentPolicies policies, Config config,
            Map<String, Object> properties) {
        this.policies = policies.settings();
        this.pid = OrgSettings.pid(properties, FACTORY_PID);
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        policies.remove(pid);
    }

    private void apply(Config config) {
        try {
            String org = OrgSettings.org(config.org());
            AgentPolicy policy = new AgentPolicy(patterns(config.commandPatterns()), config.network(),
                    config.deleteFiles(), config.push(), config.maxSteps(),
                    Duration.ofMinutes(config.approvalTimeoutMinutes()), config.outputChars());
            policies.put(pid, org, policy);
            LOG.info("agent policy of {}: {}", OrgSettings.describe(org), policy);
        } catch (IllegalArgumentException e) {
            LOG.error("agent policy {} is not valid, the previous one (if any) stays: {}", pid, e.getMessage());
        }
    }

    static List<Pattern> patterns(String[] texts) {
        List<Pattern> out = new ArrayList<>();
        for (String t : texts == null ? new String[0] : texts) {
            if (t == null || t.isBlank()) {
                continue;
            }
            try {
                out.add(Pattern.compile(t.strip()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("command pattern '" + t + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        return out;
    }
}
