package io.coditect.studio.shell.internal;

import java.io.IOException;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginInfo;

@Command(scope = "studio", name = "plugin-update", description = "Updates a plugin bundle to another version of the"
        + " same bundle from a mvn: coordinate or a jar file; a jar that does not resolve is refused and the old one"
        + " stays")
@Service
public class PluginUpdateCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "bundleId", required = true, description = "The plugin's bundle id (studio:plugin-list)")
    long bundleId;

    @Argument(index = 1, name = "source", required = true, description = "mvn:groupId/artifactId/version or a jar file")
    String source;

    @Override
    public Object execute() throws IOException {
        PluginInfo updated = PluginSources.with(source, null, false, s -> admin.update(PluginSources.admin(), bundleId, s));
        PluginAdminTable.plugins(List.of(updated), System.out);
        return null;
    }
}
