package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;

@Command(scope = "studio", name = "user-create", description = "Creates a user and prints a one-time password (or none with --no-password, for SSO and API-key-only accounts)")
@Service
public class UserCreateCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "id", required = true, description = "User id")
    String id;

    @Argument(index = 2, name = "email", required = true, description = "E-mail")
    String email;

    @Option(name = "--name", description = "Display name (default: the id)")
    String name;

    @Option(name = "--no-password", description = "Create the user without a password")
    boolean noPassword;

    @Override
    public Object execute() {
        char[] password = noPassword ? null : OneTimePassword.generate();
        try {
            tenancy.createUser(Caller.system(org), User.of(org, id, email, name == null ? id : name), password);
            System.out.println("Created user " + id + " in " + org + ".");
            if (password != null) {
                System.out.println("One-time password (shown once): " + new String(password));
            }
        } finally {
            Shell.wipe(password);
        }
        return null;
    }
}
