package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;

@Command(scope = "studio", name = "org-create", description = "Creates an organisation with its first administrator and prints the administrator's one-time password")
@Service
public class OrgCreateCommand implements Action {

    @Reference
    TenancyService tenancy;

    @Argument(index = 0, name = "id", required = true, description = "Organisation id (lower-case letters, digits, hyphens)")
    String id;

    @Argument(index = 1, name = "name", required = true, description = "Organisation name")
    String name;

    @Argument(index = 2, name = "adminEmail", required = true, description = "E-mail of the first administrator")
    String adminEmail;

    @Option(name = "--admin-id", description = "User id of the first administrator (default: admin)")
    String adminId = "admin";

    @Override
    public Object execute() {
        char[] password = OneTimePassword.generate();
        try {
            Organisation org = tenancy.createOrganisation(Caller.system(id), Organisation.of(id, name),
                    User.of(id, adminId, adminEmail, "Administrator"), password);
            System.out.println("Created organisation " + org.id() + " with administrator " + adminId + " <"
                    + adminEmail + ">.");
            System.out.println("One-time password (shown once; change it after the first login): "
                    + new String(password));
        } finally {
            Shell.wipe(password);
        }
        return null;
    }
}
