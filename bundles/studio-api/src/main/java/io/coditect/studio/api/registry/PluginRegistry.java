package io.coditect.studio.api.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Live view of the plugins of one kind. A plugin is listed from the moment its service is
 * registered until it is unregistered; the core never restarts for either.
 *
 * @param <T> the SPI type
 */
@ProviderType
public interface PluginRegistry<T> {

    /** The plugins now registered, ordered by id. */
    List<PluginDescriptor> describe();

    /** The plugin with this id, if registered. */
    Optional<T> get(String id);

    /** Every registered plugin, ordered by id. */
    List<T> all();

    /**
     * When this registry started; it does not change while plugins come and go, which shows the
     * core was not restarted.
     */
    Instant since();
}
