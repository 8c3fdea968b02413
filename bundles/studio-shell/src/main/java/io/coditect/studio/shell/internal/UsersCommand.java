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
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.MembershipFilter;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;

@Command(scope = "studio", name = "users", description = "Lists the users of an organisation with their roles")
@Service
public class UsersCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--text", description = "Only users whose id, e-mail or name contains this")
    String text;

    @Override
    public Object execute() {
        Caller caller = Caller.system(org);
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("E-mail");
        table.column("Name");
        table.column("Disabled");
        table.column("Roles");
        for (User u : tenancy.listUsers(caller, org, UserFilter.ALL.withText(text),
                PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            StringBuilder roles = new StringBuilder();
            for (Membership m : tenancy.listMemberships(caller, org, MembershipFilter.ALL.withUser(u.id()),
                    PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
                roles.append(roles.length() == 0 ? "" : ", ").append(m.role())
                        .append(m.teamId() == null ? "" : "@" + m.teamId());
            }
            table.addRow().addContent(u.id(), u.email(), u.displayName(), u.disabled() ? "yes" : "", roles);
        }
        table.print(System.out);
        return null;
    }
}
