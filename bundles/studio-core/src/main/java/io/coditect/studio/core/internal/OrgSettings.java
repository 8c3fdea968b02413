package io.coditect.studio.core.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings per organisation from factory configurations: one configuration names an
 * organisation, or {@value #ALL} for every organisation without one of its own.
 *
 * @param <T> the settings
 */
public final class OrgSettings<T> {

    /** The {@code org} of the studio-wide settings. */
    public static final String ALL = "*";

    /** The configuration's own PID (a factory configuration's instance), for log lines and removal. */
    public static String pid(Map<String, Object> componentProperties, String factoryPid) {
        Object p = componentProperties.get(org.osgi.framework.Constants.SERVICE_PID);
        return p == null ? factoryPid + "." + componentProperties.get("component.id") : p.toString();
    }

    /** A configured {@code org}: {@value #ALL} or a valid organisation id. */
    public static String org(String configured) {
        return ALL.equals(configured) ? ALL : io.coditect.studio.api.StudioIds.require("organisation", configured);
    }

    /** How a log line names what a configuration applies to. */
    public static String describe(String org) {
        return ALL.equals(org) ? "every organisation" : "organisation " + org;
    }

    private final T defaults;
    private final Map<String, Map.Entry<String, T>> byOrg = new ConcurrentHashMap<>();

    public OrgSettings(T defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** The organisation's settings, else those for every organisation, else the defaults. */
    public T forOrg(String orgId) {
        Map.Entry<String, T> e = orgId == null ? null : byOrg.get(orgId);
        if (e == null) {
            e = byOrg.get(ALL);
        }
        return e == null ? defaults : e.getValue();
    }

    /** Sets an organisation's settings from configuration {@code pid} (replacing what it set before). */
    public void put(String pid, String orgId, T settings) {
        byOrg.values().removeIf(e -> e.getKey().equals(pid));
        byOrg.put(orgId, Map.entry(pid, settings));
    }

    /** Drops what configuration {@code pid} set. */
    public void remove(String pid) {
        byOrg.values().removeIf(e -> e.getKey().equals(pid));
    }
}
