package io.coditect.studio.api.store;

import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes several store calls one atomic change: every call of any studio store made by the same
 * thread inside {@code work} joins one database transaction, which commits when {@code work}
 * returns and rolls back entirely when it throws. A call inside another {@code call} or {@code run}
 * joins the outer transaction.
 *
 * <p>Do not catch a {@link StoreException} inside {@code work} and carry on: the change is rolled
 * back anyway. Record what must survive a failure (an audit event of a denied attempt) after the
 * transaction, not inside it.
 */
@ProviderType
public interface Transactions {

    /**
     * Runs {@code work} in one transaction and returns its result. When {@code work} throws, the
     * transaction rolls back and its exception passes unchanged.
     *
     * @throws StoreException what a store call inside threw, or {@code CONFLICT}/{@code UNAVAILABLE}
     *                        when the commit fails; nothing was changed
     */
    <T> T call(Supplier<T> work);

    /** {@link #call(Supplier)} for work without a result. */
    void run(Runnable work);
}
