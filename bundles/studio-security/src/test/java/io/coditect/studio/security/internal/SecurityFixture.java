package io.coditect.studio.security.internal;

import io.coditect.studio.persistence.testing.MutableClock;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.TenancyEvents;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.security.internal.token.TokenSettings;
import io.coditect.studio.security.internal.vault.KeyVault;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;

/**
 * The security services on the real studio database (H2 in memory) and a temporary key directory,
 * with organisation {@code acme}: team {@code web}, {@code alice} (developer in web), {@code bob}
 * (organisation admin) and {@code carol} (disabled), all with {@link #PASSWORD}.
 */
final class SecurityFixture implements AutoCloseable {

    static final String PASSWORD = "correct horse battery staple";
    // the work factor does not change the logic; keep the tests quick
    static final int ITERATIONS = 10_000;

    final MutableClock clock = new MutableClock();
    final StudioDatabase db = EmbeddedStudioDatabase.open(clock);
    final Path securityDir;
    final Map<String, String> env = new HashMap<>();
    final List<String> revoked = new CopyOnWriteArrayList<>();
    final RevocationListener listener = (orgId, credentialId) -> revoked.add(orgId + "/" + credentialId);
    private SecurityServices services;

    SecurityFixture(Path root) {
        this.securityDir = root.resolve("security");
    }

    /** The services, created on first use (after the test has set {@link #env}). */
    SecurityServices services() {
        if (services == null) {
            services = new SecurityServices(new SecurityServices.Settings(TokenSettings.DEFAULTS, "default",
                    ITERATIONS), KeyVault.open(securityDir, env::get), db.tenancy(), db.apiKeys(), db.audit(),
                    db.transactions(), listener, clock, env::get);
        }
        return services;
    }

    SecurityFixture withAcme() {
        var t = db.tenancy();
        t.createOrganisation(Organisation.of("acme", "Acme"));
        t.createTeam(Team.of("acme", "web", "Web"));
        user("alice", "alice@acme.test", false);
        user("bob", "bob@acme.test", false);
        user("carol", "carol@acme.test", true);
        t.grant("acme", "alice", "web", Role.DEVELOPER);
        t.grant("acme", "bob", null, Role.ORG_ADMIN);
        return this;
    }

    private void user(String id, String email, boolean disabled) {
        var t = db.tenancy();
        t.createUser(User.of("acme", id, email, id).withDisabled(disabled));
        t.setPasswordHash("acme", id, services().passwordHasher().hash(PASSWORD.toCharArray()));
    }

    /** What the tenancy service posts to Event Admin after an access change. */
    void accessChanged(String orgId, String userId) {
        Map<String, Object> props = new HashMap<>();
        props.put(TenancyEvents.ORG_ID, orgId);
        if (userId != null) {
            props.put(TenancyEvents.USER_ID, userId);
        }
        services().accessChangeHandler().handleEvent(new Event(TenancyEvents.TOPIC_ACCESS_CHANGED, props));
    }

    @Override
    public void close() {
        db.close();
    }
}
