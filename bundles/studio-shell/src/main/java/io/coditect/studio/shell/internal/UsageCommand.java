package io.coditect.studio.shell.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.usage.BudgetPeriod;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.api.usage.UsageTotal;

@Command(scope = "studio", name = "usage", description = "Shows an organisation's LLM usage (tokens and cost),"
        + " this month unless --from/--to say otherwise")
@Service
public class UsageCommand implements Action {

    @Reference
    UsageService usage;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--by", description = "Group by ORGANISATION (default), TEAM, USER, PROJECT, PROVIDER, MODEL"
            + " or DAY")
    String by;

    @Option(name = "--from", description = "First day (2026-11-01) or instant counted; default: the 1st of this"
            + " month (UTC)")
    String from;

    @Option(name = "--to", description = "First day or instant no longer counted; default: none")
    String to;

    @Option(name = "--team", description = "Only this team")
    String team;

    @Option(name = "--user", description = "Only this user")
    String user;

    @Option(name = "--project", description = "Only this project")
    String project;

    @Override
    public Object execute() {
        UsageDimension groupBy = by == null ? UsageDimension.ORGANISATION : dimension(by);
        Instant start = from == null ? BudgetPeriod.MONTH.start(Instant.now()) : instant(from);
        UsageFilter filter = new UsageFilter(start, to == null ? null : instant(to), team, user, project, null, null);
        ShellTable table = new ShellTable();
        table.column(groupBy.name().charAt(0) + groupBy.name().substring(1).toLowerCase(Locale.ROOT));
        table.column("Requests").alignRight();
        table.column("Input tokens").alignRight();
        table.column("Output tokens").alignRight();
        table.column("Cost (USD)").alignRight();
        for (UsageTotal t : usage.totals(Caller.system(org), org, filter, groupBy)) {
            table.addRow().addContent(t.key() == null ? "(none)" : t.key(), t.requests(), t.inputTokens(),
                    t.outputTokens(), t.cost().toPlainString());
        }
        System.out.println("Usage of " + org + " since " + start + (to == null ? "" : " until " + to) + ":");
        table.print(System.out);
        return null;
    }

    private static UsageDimension dimension(String value) {
        try {
            return UsageDimension.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--by takes one of " + Arrays.toString(UsageDimension.values())
                    + ", not '" + value + "'");
        }
    }

    private static Instant instant(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("give a day such as 2026-11-01 or an instant such as"
                    + " 2026-11-01T09:00:00Z, not '" + value + "'");
        }
    }
}
