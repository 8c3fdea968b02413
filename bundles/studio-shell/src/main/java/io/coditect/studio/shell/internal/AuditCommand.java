package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "audit", description = "Shows an organisation's audit events, newest first")
@Service
public class AuditCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--action", description = "Only this action or prefix, e.g. auth or membership.grant")
    String action;

    @Option(name = "--actor", description = "Only this actor")
    String actor;

    @Option(name = "-n", aliases = "--limit", description = "At most this many events (default 50)")
    int limit = 50;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Actor");
        table.column("Action");
        table.column("Target");
        table.column("Outcome");
        table.column("From");
        table.column("Details").maxSize(60);
        for (AuditEvent e : tenancy.auditEvents(Caller.system(org), org,
                AuditFilter.ALL.withActor(actor).withAction(action), PageRequest.first(limit)).items()) {
            table.addRow().addContent(e.occurredAt(), e.actor(), e.action(), e.target(), e.outcome(),
                    e.sourceAddress(), e.details());
        }
        table.print(System.out);
        return null;
    }
}
