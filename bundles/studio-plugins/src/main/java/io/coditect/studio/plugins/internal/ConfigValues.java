package io.coditect.studio.plugins.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.store.StoreException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/** Converts configuration properties between the API's maps and ConfigAdmin's dictionaries. */
final class ConfigValues {

    /** Set by ConfigAdmin itself; a request may not change them. */
    private static final Set<String> RESERVED = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private ConfigValues() {
    }

    /** The properties to show: sorted, without ConfigAdmin's own, secrets masked, arrays as lists. */
    static Map<String, Object> shown(Dictionary<String, Object> properties) {
        Map<String, Object> shown = new TreeMap<>();
        if (properties == null) {
            return shown;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (RESERVED.contains(key)) {
                continue;
            }
            Object value = properties.get(key);
            shown.put(key, PluginConfiguration.isSecret(key) ? PluginConfiguration.MASK : plain(value));
        }
        return shown;
    }

    private static Object plain(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        return value;
    }

    /**
     * The dictionary to store. A secret sent as the mask keeps its value from {@code previous}; a
     * null value leaves the property out.
     */
    static Hashtable<String, Object> toStore(Map<String, Object> requested, Dictionary<String, Object> previous) {
        Hashtable<String, Object> stored = new Hashtable<>();
        if (requested == null) {
            return stored;
        }
        for (Map.Entry<String, Object> e : new LinkedHashMap<>(requested).entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank() || key.length() > 200) {
                throw StoreException.invalid("a property name must be 1 to 200 characters long");
            }
            if (RESERVED.contains(key)) {
                throw StoreException.invalid("'" + key + "' is set by ConfigAdmin and cannot be given");
            }
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (PluginConfiguration.isSecret(key) && PluginConfiguration.MASK.equals(value)) {
                Object kept = previous == null ? null : previous.get(key);
                if (kept == null) {
                    throw StoreException.invalid("'" + key + "' is " + PluginConfiguration.MASK
                            + ", which keeps a stored secret, but there is none: send the secret itself");
                }
                stored.put(key, kept);
                continue;
            }
            stored.put(key, storable(key, value));
        }
        return stored;
    }

    private static Object storable(String key, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Float) {
            return value;
        }
        if (value instanceof Collection<?> list) {
            String[] strings = new String[list.size()];
            int i = 0;
            for (Object o : list) {
                if (o == null || o instanceof Map || o instanceof Collection) {
                    throw StoreException.invalid("'" + StudioIds.printable(key)
                            + "' must be a list of strings, numbers or booleans");
                }
                strings[i++] = o.toString();
            }
            return strings;
        }
        if (value.getClass().isArray()) {
            return value;
        }
        throw StoreException.invalid("'" + StudioIds.printable(key) + "' must be a string, number, boolean or a list"
                + " of them");
    }

    /** The names of the properties, for the audit log (never their values). */
    static String names(Map<String, Object> properties) {
        return properties == null ? "" : String.join(",", new TreeMap<>(properties).keySet());
    }
}
