package io.coditect.studio.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginConfiguration;

@Command(scope = "studio", name = "plugin-config", description = "Lists, sets or deletes a plugin's configurations"
        + " live: 'list <bundleId>', 'set <bundleId> <pid|new> key=value…' (changes only the keys given; for a secret"
        + " paste the ENC(…) of studio:seal), 'delete <bundleId> <pid>'")
@Service
public class PluginConfigCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Option(name = "--factory-pid", description = "For 'set … new': which of the plugin's factory PIDs (needed when it has several)")
    String factoryPid;

    @Option(name = "--name", description = "For 'set … new': the name after ~ in the new PID (default: the id property)")
    String name;

    @Argument(index = 0, name = "action", required = true, description = "list, set or delete")
    String action;

    @Argument(index = 1, name = "bundleId", required = true, description = "The plugin's bundle id (studio:plugin-list)")
    long bundleId;

    @Argument(index = 2, name = "pid", description = "The configuration's PID, or 'new' to create one")
    String pid;

    @Argument(index = 3, name = "properties", multiValued = true, description = "key=value pairs")
    List<String> properties;

    @Override
    public Object execute() {
        switch (action) {
            case "list" -> PluginAdminTable.configurations(admin.configurations(PluginSources.admin(), bundleId),
                    System.out);
            case "set" -> PluginAdminTable.configurations(List.of(set()), System.out);
            case "delete" -> {
                admin.deleteConfiguration(PluginSources.admin(), bundleId, required(pid));
                System.out.println("Configuration " + pid + " deleted.");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use list, set or delete");
        }
        return null;
    }

    private PluginConfiguration set() {
        Map<String, Object> given = pairs();
        if ("new".equals(required(pid))) {
            return admin.createConfiguration(PluginSources.admin(), bundleId, factoryPid, name, given);
        }
        // unchanged keys keep their values; masked secrets are kept by the service
        PluginConfiguration current = admin.configurations(PluginSources.admin(), bundleId).stream()
                .filter(c -> c.pid().equals(pid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bundle " + bundleId + " has no configuration " + pid));
        Map<String, Object> merged = new LinkedHashMap<>(current.properties());
        merged.putAll(given);
        return admin.updateConfiguration(PluginSources.admin(), bundleId, pid, merged);
    }

    private Map<String, Object> pairs() {
        Map<String, Object> given = new LinkedHashMap<>();
        if (properties != null) {
            for (String p : properties) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + p + "' is not key=value");
                }
                given.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        return given;
    }

    private static String required(String pid) {
        if (pid == null) {
            throw new IllegalArgumentException("name the configuration's PID (studio:plugin-config list <bundleId>)");
        }
        return pid;
    }
}
