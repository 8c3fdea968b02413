package io.coditect.studio.api.audit;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only audit trail. Events cannot be changed or deleted through this interface.
 * {@link #append} inside {@link io.coditect.studio.api.store.Transactions} joins that transaction
 * (the event is kept only if the change is); append the events of failures after the rollback.
 */
@ProviderType
public interface AuditLog {

    /** Appends an event ({@code INVALID} for a missing or malformed field). */
    AuditEvent append(AuditEvent event);

    /**
     * Appends the event of a refused attempt and returns {@code refusal} for the caller to throw; when
     * even the append fails, that failure rides along as a suppressed exception of {@code refusal},
     * so the caller's answer stays the refusal.
     */
    default <E extends RuntimeException> E appendRefusal(AuditEvent event, E refusal) {
        try {
            append(event);
        } catch (RuntimeException e) {
            refusal.addSuppressed(e);
        }
        return refusal;
    }

    /** The organisation's events matching the filter, newest first. */
    Page<AuditEvent> query(String orgId, AuditFilter filter, PageRequest page);

    /** Events of the studio itself (those without an organisation), newest first. */
    Page<AuditEvent> querySystem(AuditFilter filter, PageRequest page);
}
