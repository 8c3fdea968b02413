package io.coditect.studio.git.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisations' git remotes, filled by {@link OrgRemoteComponent}s. A bundle-internal service:
 * the remotes reach {@link GitWorkspaceHistory} without their passwords ever being service properties.
 */
@Component(service = OrgRemotes.class)
public final class OrgRemotes {

    private static final Logger LOG = LoggerFactory.getLogger(OrgRemotes.class);

    private final ConcurrentMap<String, OrgRemote> byOrg = new ConcurrentHashMap<>();

    public OrgRemotes() {
    }

    Optional<OrgRemote> of(String org) {
        return Optional.ofNullable(byOrg.get(org));
    }

    void add(OrgRemote remote) {
        OrgRemote previous = byOrg.put(remote.org(), remote);
        if (previous != null && !previous.equals(remote)) {
            LOG.warn("organisation {} has more than one git remote configuration; using {}", remote.org(), remote);
        }
    }

    void remove(OrgRemote remote) {
        byOrg.remove(remote.org(), remote);
    }
}
