package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "orgs", description = "Lists the organisations of the studio")
@Service
public class OrgsCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Option(name = "--text", description = "Only organisations whose id or name contains this")
    String text;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Created");
        for (Organisation o : tenancy.listOrganisations(Caller.system(Shell.SYSTEM_ORG), text,
                PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(o.id(), o.name(), o.createdAt());
        }
        table.print(System.out);
        return null;
    }
}
