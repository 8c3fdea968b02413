package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.tenancy.TenancyService;

@Command(scope = "studio", name = "password-reset", description = "Gives a user a new one-time password, for example an administrator who lost theirs")
@Service
public class PasswordResetCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "user", required = true, description = "User id")
    String user;

    @Override
    public Object execute() {
        char[] password = OneTimePassword.generate();
        try {
            tenancy.changePassword(Caller.system(org), org, user, null, password);
            System.out.println("One-time password for " + user + " (shown once): " + new String(password));
        } finally {
            Shell.wipe(password);
        }
        return null;
    }
}
