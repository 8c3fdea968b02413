package io.coditect.studio.security.internal.sso;

import java.time.Clock;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One identity provider per factory configuration ({@value #PID}-&lt;name&gt;), added to the
 * {@link IdentityProviderRegistry} while the configuration exists. It registers no service of its
 * own: a service would carry every configuration property, the client secret included.
 * A changed configuration re-creates the component, so the provider is replaced as a whole.
 */
@Component(service = {}, immediate = true, configurationPid = SsoProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SsoProviderConfig.class, factory = true)
public final class SsoProviderComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.security.sso";

    private static final Logger LOG = LoggerFactory.getLogger(SsoProviderComponent.class);

    private final IdentityProviderRegistry registry;
    private final IdentityProvider provider;

    @Activate
    public SsoProviderComponent(@Reference IdentityProviderRegistry registry, SsoProviderConfig config) {
        this(registry, config, System::getenv, Clock.systemUTC());
    }

    SsoProviderComponent(IdentityProviderRegistry registry, SsoProviderConfig config, UnaryOperator<String> env,
            Clock clock) {
        this.registry = registry;
        ProviderSettings settings;
        try {
            settings = ProviderSettings.from(config, env);
        } catch (IllegalArgumentException e) {
            LOG.error("Single sign-on provider configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        this.provider = create(settings, clock);
        try {
            registry.add(provider);
        } catch (IllegalArgumentException e) {
            LOG.error("Single sign-on provider configuration '{}' is not used: {}", settings.id(), e.getMessage());
            throw e;
        }
        LOG.info("Single sign-on provider '{}' ({}) active for organisation '{}'", settings.id(),
                settings.kind().name().toLowerCase(Locale.ROOT), settings.orgId());
    }

    static IdentityProvider create(ProviderSettings settings, Clock clock) {
        return settings.kind() == ProviderKind.GITHUB ? new GitHubIdentityProvider(settings)
                : new OidcIdentityProvider(settings, clock);
    }

    @Deactivate
    void deactivate() {
        registry.remove(provider);
        LOG.info("Single sign-on provider '{}' removed", provider.settings().id());
    }
}
