package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.PasswordHasher;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyEvents;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.security.internal.vault.KeyVault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication in OSGi: builds the {@link SecurityServices} on the studio database and registers
 * the {@link Authenticator}, {@link PasswordHasher}, {@link AccessPolicy}, {@link ApiKeyService},
 * the internal {@link SessionIssuer} (for single sign-on) and {@link SigningKeys}, and the handler
 * that clears cached roles on access changes. Keys and revocations live in
 * {@code <karaf.data>/security}. A configuration change re-creates everything from that state, so
 * sessions and keys survive it.
 */
// registered by hand, so the services are declared here for resolvers (Karaf's feature resolver)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.security.Authenticator\"",
        uses = Authenticator.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.security.PasswordHasher\"",
        uses = PasswordHasher.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.security.AccessPolicy\"",
        uses = AccessPolicy.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.security.ApiKeyService\"",
        uses = ApiKeyService.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.security.SigningKeys\"",
        uses = SigningKeys.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.security.internal.SessionIssuer\"")
@Component(service = {}, immediate = true, configurationPid = SecurityComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SecurityConfig.class)
public final class SecurityComponent {

    public static final String PID = "io.coditect.studio.security";

    private static final Logger LOG = LoggerFactory.getLogger(SecurityComponent.class);

    private final RevocationFanOut revocationListeners = new RevocationFanOut();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public SecurityComponent(SecurityConfig config, BundleContext context,
            @Reference(name = "tenancy") TenancyStore tenancy,
            @Reference(name = "apiKeys") ApiKeyStore apiKeys,
            @Reference(name = "auditLog") AuditLog auditLog,
            @Reference(name = "transactions") Transactions transactions) {
        KeyVault vault;
        SecurityServices services;
        try {
            vault = KeyVault.open(KeyVault.defaultDirectory(), System::getenv);
            services = new SecurityServices(SecurityServices.Settings.of(config), vault, tenancy, apiKeys, auditLog,
                    transactions, revocationListeners, Clock.systemUTC(), System::getenv);
            services.ensureFirstBootAdmin();
        } catch (RuntimeException e) {
            // nobody can log in until this is fixed: say why where admins look
            LOG.error("authentication cannot start: {}", e.getMessage());
            throw e;
        }
        registrations.add(context.registerService(Authenticator.class, services.authenticator(), null));
        registrations.add(context.registerService(PasswordHasher.class, services.passwordHasher(), null));
        registrations.add(context.registerService(SessionIssuer.class, services.tokens(), null));
        registrations.add(context.registerService(SigningKeys.class, services.signingKeys(), null));
        registrations.add(context.registerService(AccessPolicy.class, services.accessPolicy(), null));
        registrations.add(context.registerService(ApiKeyService.class, services.apiKeyService(), null));
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, TenancyEvents.TOPIC_ACCESS_CHANGED);
        registrations.add(context.registerService(EventHandler.class, services.accessChangeHandler(), topics));
        LOG.info("authentication ready: tokens of issuer '{}' signed with key {}, keys in {}",
                config.issuer(), services.tokens().signingKeyId(), vault.directory());
    }

    @Reference(name = "revocationListeners", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRevocationListener(RevocationListener listener) {
        revocationListeners.add(listener);
    }

    void removeRevocationListener(RevocationListener listener) {
        revocationListeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }
}
