package io.coditect.studio.core.internal.usage;

import java.util.function.Consumer;

import io.coditect.studio.api.usage.UsageRecord;

/**
 * Where the ledger's records go, and where its windows get their first totals from. The two meet in
 * one rule: a record is either in a window's baseline or counted into the window afterwards, never
 * both and never neither.
 */
interface UsageJournal {

    /**
     * Keeps {@code record}; {@code count} adds it to the windows in memory. Loads see the two as one
     * step.
     */
    void append(UsageRecord record, Consumer<UsageRecord> count);

    /** Gives {@code window} its current period's total so far, now or soon. */
    void load(SpendWindow window);

    /** Nothing is kept: usage is counted in memory from zero, for plain-Java routers and benchmarks. */
    UsageJournal IN_MEMORY = new UsageJournal() {
        @Override
        public void append(UsageRecord record, Consumer<UsageRecord> count) {
            count.accept(record);
        }

        @Override
        public void load(SpendWindow window) {
            window.startFromZero();
        }
    };
}
