package io.coditect.studio.shell.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.security.ApiKeyIssued;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.PageRequest;

@Command(scope = "studio", name = "apikeys", description = "Lists API keys of an organisation; issues one with --issue OWNER, revokes one with --revoke ID")
@Service
public class ApiKeysCommand implements Action {

    @Reference
    ApiKeyService keys;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--issue", description = "User id of the owner of a new key")
    String issueFor;

    @Option(name = "--name", description = "Label of the new key")
    String name = "issued from the shell";

    @Option(name = "--scope", multiValued = true, description = "Scope of the new key, e.g. projects:read (default: *)")
    List<String> scopes;

    @Option(name = "--days", description = "The new key expires after this many days (default: never)")
    Integer days;

    @Option(name = "--revoke", description = "Id of a key to revoke")
    String revoke;

    @Override
    public Object execute() {
        Caller caller = Caller.system(org);
        if (issueFor != null) {
            Instant expires = days == null ? null : Instant.now().plus(days, ChronoUnit.DAYS);
            ApiKeyIssued issued = keys.issue(caller, issueFor, name, scopes == null ? Set.of("*") : Set.copyOf(scopes),
                    expires);
            System.out.println("Issued key " + issued.key().id() + " for " + issueFor + ".");
            System.out.println("Key (shown once): " + issued.secret());
            return null;
        }
        if (revoke != null) {
            keys.revoke(caller, revoke);
            System.out.println("Revoked key " + revoke + ".");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Prefix");
        table.column("Owner");
        table.column("Name");
        table.column("Scopes");
        table.column("Expires");
        table.column("Last used");
        table.column("State");
        Instant now = Instant.now();
        for (ApiKeyRecord k : keys.list(caller, ApiKeyFilter.ALL, PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(k.id(), k.prefix(), k.ownerId(), k.name(), String.join(",", k.scopes()),
                    k.expiresAt(), k.lastUsedAt(), k.revokedAt() != null ? "revoked" : k.isActive(now) ? "active"
                            : "expired");
        }
        table.print(System.out);
        return null;
    }
}
