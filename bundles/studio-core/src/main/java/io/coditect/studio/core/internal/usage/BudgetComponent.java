package io.coditect.studio.core.internal.usage;

import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured budget, handed to the {@link UsageMeter}: added when its configuration appears,
 * replaced when it changes (the period's spending is kept), dropped when it is deleted.
 */
@Component(configurationPid = BudgetComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BudgetConfig.class, factory = true)
public final class BudgetComponent {

    /** Factory PID of budgets, also the metatype id. */
    public static final String FACTORY_PID = "io.coditect.studio.core.budget";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetComponent.class);

    private final UsageMeter meter;
    private final String id;

    @Activate
    public BudgetComponent(@Reference(name = "meter") UsageMeter meter, BudgetConfig config,
            Map<String, Object> properties) {
        this.meter = meter;
        Object pid = properties.get(Constants.SERVICE_PID);
        this.id = pid == null ? FACTORY_PID + "." + properties.get("component.id") : pid.toString();
        apply(config);
    }

    @Modified
    void modified(BudgetConfig config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        meter.removeBudget(id);
    }

    private void apply(BudgetConfig config) {
        try {
            Budget b = Budget.of(id, config);
            meter.putBudget(b);
            LOG.info("budget {}: the {} is {}", id, b.describe(), limits(b));
        } catch (IllegalArgumentException e) {
            meter.removeBudget(id);
            LOG.error("budget {} is not enforced: {}", id, e.getMessage());
        }
    }

    private static String limits(Budget b) {
        String usd = b.limitUsd() == null ? null : "USD " + b.limitUsd().toPlainString();
        String tokens = b.limitTokens() == null ? null : b.limitTokens() + " tokens";
        return usd == null ? tokens : tokens == null ? usd : usd + " and " + tokens;
    }
}
