package io.coditect.studio.provider.offline.internal;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.StreamHandle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link OfflineProvider} as the {@code offline} LLM provider. Owns the executor
 * its streams run on; a configuration change re-creates the component.
 */
@Component(service = LlmProvider.class, immediate = true, configurationPid = OfflineProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
            PluginProperties.ID + "=" + AnswerPlanner.PROVIDER_ID,
            PluginProperties.KIND + "=" + LlmProvider.KIND,
            PluginProperties.DISPLAY_NAME + "=" + OfflineProvider.DISPLAY_NAME })
@Designate(ocd = OfflineProviderConfig.class)
public final class OfflineProviderComponent implements LlmProvider {

    /** Configuration PID, also the metatype {@link ObjectClassDefinition} id. */
    public static final String PID = "io.coditect.studio.provider.offline";

    private static final Logger LOG = LoggerFactory.getLogger(OfflineProviderComponent.class);

    private final ScheduledExecutorService executor;
    private final OfflineProvider provider;

    @Activate
    public OfflineProviderComponent(OfflineProviderConfig config) {
        long delay = Math.max(0, Math.min(config.token_delay_ms(), OfflineProviderConfig.MAX_TOKEN_DELAY_MS));
        executor = OfflineProvider.newExecutor();
        provider = new OfflineProvider(executor, delay);
        LOG.info("offline provider active (token delay {} ms): answers are simulated, no LLM is contacted", delay);
    }

    @Deactivate
    void deactivate() {
        provider.close();
        executor.shutdownNow();
    }

    @Override
    public String id() {
        return provider.id();
    }

    @Override
    public String displayName() {
        return provider.displayName();
    }

    @Override
    public List<ModelInfo> models() {
        return provider.models();
    }

    @Override
    public boolean offline() {
        return provider.offline();
    }

    @Override
    public Health health() {
        return provider.health();
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        return provider.stream(request, listener);
    }
}
