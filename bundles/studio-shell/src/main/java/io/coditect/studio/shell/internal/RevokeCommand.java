package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "revoke", description = "Takes away the role a user holds in a team (--team) or in the whole organisation")
@Service
public class RevokeCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "user", required = true, description = "User id")
    String user;

    @Option(name = "--team", description = "The team; leave out for the organisation-wide role")
    String team;

    @Override
    public Object execute() {
        tenancy.revoke(Caller.system(org), org, user, team);
        System.out.println("Revoked the role of " + user + (team == null ? " in " + org : " in team " + team) + ".");
        return null;
    }
}
