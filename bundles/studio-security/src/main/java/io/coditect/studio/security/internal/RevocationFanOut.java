package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.RevocationListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every registered {@link RevocationListener} that a credential stopped working; one failing
 * listener does not keep the others from closing their streams.
 */
final class RevocationFanOut implements RevocationListener {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationFanOut.class);

    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

    void add(RevocationListener listener) {
        listeners.add(listener);
    }

    void remove(RevocationListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void revoked(String orgId, String credentialId) {
        for (RevocationListener l : listeners) {
            try {
                l.revoked(orgId, credentialId);
            } catch (RuntimeException e) {
                LOG.warn("a revocation listener ({}) failed for {}/{}: {}", l.getClass().getName(), orgId, credentialId,
                        e.toString());
            }
        }
    }
}
