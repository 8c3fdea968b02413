package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.store.StoreException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The configurations of one plugin: those whose PID or factory PID is one of its components'
 * configuration PIDs. Factory configurations are created with the location "?" so they follow the
 * plugin across updates and reinstalls.
 */
final class Configurations {

    /** The part after {@code ~} in a factory configuration's PID. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final ConfigurationAdmin cm;

    Configurations(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    List<PluginConfiguration> list(Set<String> pids) {
        List<PluginConfiguration> found = new ArrayList<>();
        for (Configuration c : find(pids)) {
            found.add(shown(c));
        }
        found.sort(Comparator.comparing(PluginConfiguration::pid));
        return found;
    }

    PluginConfiguration create(Set<String> pids, String factoryPid, String name, Map<String, Object> properties) {
        String factory = factoryPid;
        if (factory == null) {
            if (pids.size() != 1) {
                throw StoreException.invalid(pids.isEmpty() ? "this plugin declares no configuration PID"
                        : "name the factory PID: one of " + pids);
            }
            factory = pids.iterator().next();
        } else if (!pids.contains(factory)) {
            throw StoreException.invalid("'" + factory + "' is not a configuration PID of this plugin; it has " + pids);
        }
        String n = name != null ? name : properties != null && properties.get("id") != null
                ? properties.get("id").toString() : UUID.randomUUID().toString().substring(0, 8);
        if (!NAME.matcher(n).matches()) {
            throw StoreException.invalid("the configuration name '" + n + "' must be 1 to 63 letters, digits, dots,"
                    + " hyphens or underscores");
        }
        try {
            Configuration c = cm.getFactoryConfiguration(factory, n, "?");
            if (c.getProperties() != null) {
                throw StoreException.conflict("configuration " + c.getPid() + " exists already; update it instead");
            }
            c.update(ConfigValues.toStore(properties, null));
            return shown(c);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "ConfigAdmin failed to store the configuration: "
                    + e.getMessage(), e);
        }
    }

    PluginConfiguration update(Set<String> pids, String pid, Map<String, Object> properties) {
        Configuration c = one(pids, pid);
        try {
            c.update(ConfigValues.toStore(properties, c.getProperties()));
            return shown(c);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "ConfigAdmin failed to store " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    void delete(Set<String> pids, String pid) {
        try {
            one(pids, pid).delete();
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "ConfigAdmin failed to delete " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    private Configuration one(Set<String> pids, String pid) {
        for (Configuration c : find(pids)) {
            if (c.getPid().equals(pid)) {
                return c;
            }
        }
        throw StoreException.notFound("this plugin has no configuration '" + pid + "'; GET its configurations to"
                + " list them");
    }

    private List<Configuration> find(Set<String> pids) {
        if (pids.isEmpty()) {
            return List.of();
        }
        StringBuilder filter = new StringBuilder("(|");
        for (String pid : pids) {
            String p = escape(pid);
            filter.append("(service.pid=").append(p).append(")(service.factoryPid=").append(p).append(')');
        }
        filter.append(')');
        try {
            Configuration[] found = cm.listConfigurations(filter.toString());
            return found == null ? List.of() : Arrays.asList(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "ConfigAdmin failed to list configurations: "
                    + e.getMessage(), e);
        }
    }

    private static PluginConfiguration shown(Configuration c) {
        return new PluginConfiguration(c.getPid(), c.getFactoryPid(), ConfigValues.shown(c.getProperties()));
    }

    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '*' || ch == '(' || ch == ')') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }
}
