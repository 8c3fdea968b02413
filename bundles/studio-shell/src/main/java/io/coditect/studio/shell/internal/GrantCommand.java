package io.coditect.studio.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "grant", description = "Gives a user a role in a team (--team) or in the whole organisation; replaces the role held there")
@Service
public class GrantCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "user", required = true, description = "User id")
    String user;

    @Argument(index = 2, name = "role", required = true, description = "ORG_ADMIN, BILLING_ADMIN (organisation-wide); TEAM_ADMIN, PROJECT_LEAD, DEVELOPER, ANALYST (with --team)")
    String role;

    @Option(name = "--team", description = "The team; leave out for an organisation-wide role")
    String team;

    @Override
    public Object execute() {
        Role parsed;
        try {
            parsed = Role.valueOf(role.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + role + "'; use one of "
                    + java.util.Arrays.toString(Role.values()));
        }
        Membership m = tenancy.grant(Caller.system(org), org, user, team, parsed);
        System.out.println(user + " is now " + m.role() + (m.teamId() == null ? " of " + org : " in team "
                + m.teamId()) + ".");
        return null;
    }
}
