package io.coditect.studio.security.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.RateLimiter;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.core.internal.tenancy.TenancyServiceImpl;
import io.coditect.studio.core.internal.usage.RequestRateLimiter;
import io.coditect.studio.core.internal.usage.UsageMeter;
import io.coditect.studio.core.internal.usage.UsageServiceImpl;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.security.internal.token.TokenSettings;
import io.coditect.studio.security.internal.vault.KeyVault;

/**
 * The studio's real security and tenancy services on a database, wired as in OSGi (access changes
 * reach the role cache through an Event Admin stand-in that delivers at once), for the API's tests.
 * It lives in the security bundle's package because the wiring class is package-private.
 */
public final class TestSecurity {

    private final SecurityServices services;
    private final TenancyServiceImpl tenancy;
    private final StudioDatabase db;

    private TestSecurity(SecurityServices services, TenancyServiceImpl tenancy, StudioDatabase db) {
        this.services = services;
        this.tenancy = tenancy;
        this.db = db;
    }

    public static TestSecurity open(Path dir, StudioDatabase db) {
        Map<String, String> env = new HashMap<>();
        SecurityServices services = new SecurityServices(new SecurityServices.Settings(TokenSettings.DEFAULTS,
                "default", 10_000), KeyVault.open(dir.resolve("security"), env::get), db.tenancy(), db.apiKeys(),
                db.audit(), db.transactions(), (org, id) -> { }, Clock.systemUTC(), env::get);
        EventAdmin events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                services.accessChangeHandler().handleEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        TenancyServiceImpl tenancy = new TenancyServiceImpl(db.tenancy(), db.audit(), db.transactions(),
                services.accessPolicy(), services.passwordHasher(), events);
        return new TestSecurity(services, tenancy, db);
    }

    public Authenticator authenticator() {
        return services.authenticator();
    }

    public ApiKeyService apiKeys() {
        return services.apiKeyService();
    }

    public SigningKeys signingKeys() {
        return services.signingKeys();
    }

    public TenancyService tenancy() {
        return tenancy;
    }

    /** The usage service on the database, with budgets counted in memory. */
    public UsageService usage() {
        return usage(UsageMeter.inMemory(Clock.systemUTC()));
    }

    /** The usage service on the database, with the budgets of {@code meter}. */
    public UsageService usage(UsageMeter meter) {
        return new UsageServiceImpl(db.usage(), meter, db.tenancy(), db.audit(), db.transactions(),
                services.accessPolicy());
    }

    /** A rate limiter on the system clock; 0 turns a limit off. */
    public RateLimiter rateLimiter(int userRequestsPerMinute, int keyRequestsPerMinute) {
        return new RequestRateLimiter(Clock.systemUTC(), userRequestsPerMinute, keyRequestsPerMinute);
    }
}
