package io.coditect.studio.security.internal.sso;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Membership;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.security.internal.SessionIssuer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on with the providers of the {@link IdentityProviderRegistry}: authorization code
 * flow with PKCE (S256), state and, for OpenID Connect, nonce.
 *
 * <p>Logins under way are kept in memory on this node for {@link #PENDING_TTL}, so in a cluster
 * the callback must reach the node that began the login (sticky sessions). Every completed or
 * failed callback is audited as {@value #ACTION}. The state is not bound to the browser here:
 * the web layer should keep it in a cookie and compare it with the callback's, against login
 * cross-site request forgery.
 */
@Component(service = SsoLogin.class)
public final class SsoLoginImpl implements SsoLogin {

    static final String ACTION = "auth.sso.login";
    static final Duration PENDING_TTL = Duration.ofMinutes(10);
    static final int PENDING_CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SsoLoginImpl.class);
    // what the audit log accepts as an address; anything else is left out of the event
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z:.%_\\[\\]-]{1,64}");

    private final IdentityProviderRegistry providers;
    private final SsoAccounts accounts;
    private final AuditLog audit;
    private final SessionIssuer sessions;
    private final Clock clock;
    private final PendingLogins pending;

    @Activate
    public SsoLoginImpl(@Reference IdentityProviderRegistry providers, @Reference TenancyStore tenancy,
            @Reference AuditLog audit, @Reference Transactions transactions, @Reference SessionIssuer sessions) {
        this(providers, tenancy, audit, transactions, sessions, Clock.systemUTC());
    }

    public SsoLoginImpl(IdentityProviderRegistry providers, TenancyStore tenancy, AuditLog audit,
            Transactions transactions, SessionIssuer sessions, Clock clock) {
        this.providers = providers;
        this.accounts = new SsoAccounts(tenancy, transactions);
        this.audit = audit;
        this.sessions = sessions;
        this.clock = clock;
        this.pending = new PendingLogins(clock, PENDING_TTL, PENDING_CAPACITY);
    }

    @Override
    public List<Provider> providers() {
        return providers.all().stream()
                .map(p -> new Provider(p.settings().id(), p.settings().displayName(), p.settings().orgId()))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for an unknown provider or a callback that is not an
     *                                  absolute http(s) URL (after the provider's callback base)
     * @throws IllegalStateException    when the OpenID Connect configuration of the provider
     *                                  cannot be read; the message can be shown to the person
     */
    @Override
    public Redirect begin(String providerId, URI callbackUri) {
        IdentityProvider provider = providers.find(providerId).orElseThrow(() -> new IllegalArgumentException(
                "single sign-on provider '" + StudioIds.printable(providerId) + "' is not configured; configured: "
                        + providers.all().stream().map(p -> p.settings().id()).collect(Collectors.joining(", "))));
        URI redirect = CallbackUris.resolve(provider.settings(), callbackUri);
        PendingLogin login = new PendingLogin(new State(), provider.settings().id(), new Nonce(), new CodeVerifier(),
                redirect, clock.instant());
        URI authorization;
        try {
            authorization = provider.authorizationUri(login);
        } catch (SsoFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        pending.add(login);
        return new Redirect(authorization, login.state().getValue());
    }

    @Override
    public TokenPair complete(String state, String code, String error, String sourceAddress) {
        String address = sourceAddress != null && ADDRESS.matcher(sourceAddress).matches() ? sourceAddress : null;
        PendingLogins.Taken taken = pending.take(state);
        if (taken.status() != PendingLogins.Status.VALID) {
            SsoFailure f = taken.status() == PendingLogins.Status.EXPIRED
                    ? SsoFailure.invalid("state_expired", "This login took longer than " + PENDING_TTL.toMinutes()
                            + " minutes and has expired; start the login again.")
                    : SsoFailure.invalid("state_unknown", "This login is unknown or was already used; start the"
                            + " login again.");
            PendingLogin login = taken.login();
            String providerId = login == null ? null : login.providerId();
            String orgId = providerId == null ? null
                    : providers.find(providerId).map(p -> p.settings().orgId()).orElse(null);
            auditFailure(orgId, providerId, null, address, f.auditReason());
            throw f.toAuthenticationException();
        }
        PendingLogin login = taken.login();
        IdentityProvider provider = providers.find(login.providerId()).orElse(null);
        if (provider == null) {
            auditFailure(null, login.providerId(), null, address, "provider_removed");
            throw new AuthenticationException(AuthenticationException.Reason.INVALID, "Single sign-on with this"
                    + " provider was switched off while you were logging in; choose another way to log in.");
        }
        return complete(provider, login, code, error, address);
    }

    private TokenPair complete(IdentityProvider provider, PendingLogin login, String code, String error,
            String address) {
        ProviderSettings settings = provider.settings();
        String email = null;
        try {
            if (error != null && !error.isBlank()) {
                throw ProviderErrors.authorizationError(settings, error);
            }
            if (code == null || code.isBlank()) {
                throw SsoFailure.invalid("code_missing", "The answer of the identity provider " + settings.displayName()
                        + " carried no authorization code; start the login again.");
            }
            ExternalIdentity identity = provider.authenticate(new AuthorizationCode(code), login);
            email = identity.email();
            SsoAccounts.Linked linked = accounts.link(settings, identity);
            TokenPair tokens = sessions.issue(settings.orgId(), linked.user().id(), Credential.SSO, address);
            auditSuccess(settings, linked, address);
            LOG.info("Single sign-on: user '{}' of organisation '{}' logged in with '{}'{}", linked.user().id(),
                    settings.orgId(), settings.id(), linked.created() ? " (new user)" : "");
            return tokens;
        } catch (SsoFailure f) {
            auditFailure(settings.orgId(), settings.id(), email, address, f.auditReason());
            throw f.toAuthenticationException();
        } catch (AuthenticationException e) {
            auditFailure(settings.orgId(), settings.id(), email, address, e.reason().name().toLowerCase(Locale.ROOT));
            throw e;
        } catch (RuntimeException e) {
            auditFailure(settings.orgId(), settings.id(), email, address, "error");
            throw e;
        }
    }

    private void auditSuccess(ProviderSettings settings, SsoAccounts.Linked linked, String address) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("provider", settings.id());
        details.put("created", Boolean.toString(linked.created()));
        if (!linked.granted().isEmpty()) {
            details.put("granted", linked.granted().stream().map(SsoLoginImpl::label).collect(Collectors.joining(",")));
        }
        append(AuditEvent.of(settings.orgId(), linked.user().id(), ACTION, "user/" + linked.user().id(),
                AuditOutcome.SUCCESS, address, details));
    }

    private void auditFailure(String orgId, String providerId, String email, String address, String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        if (providerId != null) {
            details.put("provider", providerId);
        }
        details.put("reason", reason);
        String actor = email != null ? email : providerId != null ? "sso:" + providerId : "sso";
        append(AuditEvent.of(orgId, actor.length() > 200 ? actor.substring(0, 200) : actor, ACTION, null,
                AuditOutcome.FAILURE, address, details));
    }

    /** An audit failure is logged, never allowed to hide the outcome of the login itself. */
    private void append(AuditEvent event) {
        try {
            audit.append(event);
        } catch (RuntimeException e) {
            LOG.error("Could not audit {} ({}) for organisation '{}': {}", event.action(), event.outcome(),
                    event.orgId(), e.getMessage());
        }
    }

    private static String label(Membership m) {
        return new RoleGrant(m.teamId(), m.role()).label();
    }
}
