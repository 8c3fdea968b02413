package io.coditect.studio.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;

@Command(scope = "studio", name = "plugin-start", description = "Starts a plugin bundle")
@Service
public class PluginStartCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "bundleId", required = true, description = "The plugin's bundle id (studio:plugin-list)")
    long bundleId;

    @Override
    public Object execute() {
        PluginAdminTable.plugins(List.of(admin.start(PluginSources.admin(), bundleId)), System.out);
        return null;
    }
}
