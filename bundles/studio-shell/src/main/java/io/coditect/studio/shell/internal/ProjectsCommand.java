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
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "projects", description = "Lists the projects of an organisation, or creates one with --create and --team")
@Service
public class ProjectsCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--team", description = "Only this team's projects; the owning team with --create")
    String team;

    @Option(name = "--create", description = "Id of a project to create")
    String create;

    @Option(name = "--name", description = "Name of the project to create (default: its id)")
    String name;

    @Override
    public Object execute() {
        Caller caller = Caller.system(org);
        if (create != null) {
            if (team == null) {
                throw new IllegalArgumentException("--team is required with --create: a project belongs to a team");
            }
            Project p = tenancy.createProject(caller, Project.of(org, create, team, name == null ? create : name));
            System.out.println("Created project " + p.id() + " in team " + p.teamId() + ".");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Team");
        table.column("Name");
        table.column("Created by");
        table.column("Created");
        for (Project p : tenancy.listProjects(caller, org, ProjectFilter.ALL.withTeam(team),
                PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(p.id(), p.teamId(), p.name(), p.createdBy(), p.createdAt());
        }
        table.print(System.out);
        return null;
    }
}
