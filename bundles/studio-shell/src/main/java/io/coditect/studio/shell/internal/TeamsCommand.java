package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "teams", description = "Lists the teams of an organisation, or creates one with --create")
@Service
public class TeamsCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--create", description = "Id of a team to create")
    String create;

    @Option(name = "--name", description = "Name of the team to create (default: its id)")
    String name;

    @Override
    public Object execute() {
        Caller caller = Caller.system(org);
        if (create != null) {
            Team team = tenancy.createTeam(caller, Team.of(org, create, name == null ? create : name));
            System.out.println("Created team " + team.id() + " in " + org + ".");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Created");
        for (Team t : tenancy.listTeams(caller, org, null, PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(t.id(), t.name(), t.createdAt());
        }
        table.print(System.out);
        return null;
    }
}
