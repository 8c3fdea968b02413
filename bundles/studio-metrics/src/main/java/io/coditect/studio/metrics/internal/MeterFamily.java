package io.coditect.studio.metrics.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Meters whose label sets come and go at run time (one row per sandbox pool, plugin or router
 * circuit). {@link #update} is given the rows as they stand now: a new row gets its meters, a known
 * row gets its new value, a row that is gone has its meters removed. The meters read the row's value
 * when the registry is scraped, so a scrape that follows an update shows exactly that update.
 *
 * <p>Not thread-safe: {@link StudioMetrics} updates and scrapes under one lock.
 *
 * @param <T> the value a row's meters read
 */
final class MeterFamily<T> {

    /** Registers the meters of one row; they read the row's current value from {@code value}. */
    @FunctionalInterface
    interface Binder<T> {
        List<Meter> bind(MeterRegistry registry, Tags tags, Supplier<T> value);
    }

    private static final class Row<T> implements Supplier<T> {
        private T value;
        private List<Meter> meters = List.of();

        @Override
        public T get() {
            return value;
        }
    }

    private final MeterRegistry registry;
    private final Binder<T> binder;
    private final Map<Tags, Row<T>> rows = new HashMap<>();

    MeterFamily(MeterRegistry registry, Binder<T> binder) {
        this.registry = registry;
        this.binder = binder;
    }

    /** Makes the family's rows exactly {@code current}. */
    void update(Map<Tags, T> current) {
        for (Map.Entry<Tags, T> entry : current.entrySet()) {
            Row<T> row = rows.get(entry.getKey());
            if (row == null) {
                row = new Row<>();
                row.value = entry.getValue();
                row.meters = List.copyOf(binder.bind(registry, entry.getKey(), row));
                rows.put(entry.getKey(), row);
            } else {
                row.value = entry.getValue();
            }
        }
        for (Iterator<Map.Entry<Tags, Row<T>>> it = rows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Tags, Row<T>> entry = it.next();
            if (!current.containsKey(entry.getKey())) {
                entry.getValue().meters.forEach(registry::remove);
                it.remove();
            }
        }
    }

    /** Removes every row's meters. */
    void clear() {
        update(Map.of());
    }
}
