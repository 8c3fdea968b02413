package io.coditect.studio.core.internal.usage;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One budget, a factory configuration of PID {@value BudgetComponent#FACTORY_PID}; changes apply at once. */
@ObjectClassDefinition(id = BudgetComponent.FACTORY_PID, name = "CODITECT Studio budget",
        description = "Limits the LLM usage of an organisation, team, user or project per day or month (UTC), in"
                + " USD, tokens or both. Checked before each call with the call's worst case (estimated prompt and"
                + " maxTokens); a call that would exceed it is refused.")
public @interface BudgetConfig {

    @AttributeDefinition(name = "Scope", description = "What the budget limits.", options = {
        @Option(value = "ORGANISATION", label = "Organisation"), @Option(value = "TEAM", label = "Team"),
        @Option(value = "USER", label = "User"), @Option(value = "PROJECT", label = "Project") })
    String scope() default "ORGANISATION";

    @AttributeDefinition(name = "Organisation", description = "Id of the organisation.")
    String org();

    @AttributeDefinition(name = "Team, user or project id", description = "Empty for an organisation budget.",
            required = false)
    String scope_id() default "";

    @AttributeDefinition(name = "Period", description = "When the allowance starts afresh (UTC).", options = {
        @Option(value = "DAY", label = "Day"), @Option(value = "MONTH", label = "Month") })
    String period() default "MONTH";

    @AttributeDefinition(name = "Limit (USD)", description = "Most that may be spent per period; 0 for no money"
            + " limit.", min = "0")
    double limit_usd() default 0;

    @AttributeDefinition(name = "Limit (tokens)", description = "Most input plus output tokens per period; 0 for"
            + " no token limit.", min = "0")
    long limit_tokens() default 0;
}
