package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;

@Command(scope = "studio", name = "plugin-uninstall", description = "Removes a plugin bundle without refreshing the"
        + " core or other plugins; its configurations stay (studio:plugin-config delete removes them)")
@Service
public class PluginUninstallCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "bundleId", required = true, description = "The plugin's bundle id (studio:plugin-list)")
    long bundleId;

    @Override
    public Object execute() {
        admin.uninstall(PluginSources.admin(), bundleId);
        System.out.println("Bundle " + bundleId + " uninstalled.");
        return null;
    }
}
