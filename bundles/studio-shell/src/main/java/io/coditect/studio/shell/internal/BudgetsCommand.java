package io.coditect.studio.shell.internal;

import java.math.BigDecimal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageService;

@Command(scope = "studio", name = "budgets", description = "Shows an organisation's budgets and what the current"
        + " period has used; set them as factory configurations io.coditect.studio.core.budget")
@Service
public class BudgetsCommand implements Action {

    @Reference
    UsageService usage;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Scope");
        table.column("Period");
        table.column("Limit");
        table.column("Spent");
        table.column("Remaining");
        table.column("Resets");
        table.column("Configuration");
        for (BudgetStatus b : usage.budgets(Caller.system(org), org)) {
            table.addRow().addContent(b.scope().name().toLowerCase(java.util.Locale.ROOT) + " " + b.scopeId(), b.period(),
                    both(b.limitUsd(), b.limitTokens()), both(b.limitUsd() == null ? null : b.spentUsd(),
                            b.limitTokens() == null ? null : b.spentTokens()),
                    (b.exhausted() ? "USED UP " : "") + both(b.remainingUsd(), b.remainingTokens()), b.periodEnd(),
                    b.id());
        }
        table.print(System.out);
        return null;
    }

    private static String both(BigDecimal usd, Long tokens) {
        String money = usd == null ? null : "USD " + usd.toPlainString();
        String count = tokens == null ? null : tokens + " tokens";
        return money == null ? count : count == null ? money : money + ", " + count;
    }
}
