package io.coditect.studio.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginKind;

@Command(scope = "studio", name = "plugin-list", description = "Lists the plugin bundles with their kind, version,"
        + " state, instances, the SPI range they import and their health")
@Service
public class PluginListCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Option(name = "-k", aliases = "--kind", description = "Only this kind: provider, storage, sandbox or other")
    String kind;

    @Override
    public Object execute() {
        PluginKind only = kind == null ? null : PluginKind.valueOf(kind.toUpperCase(Locale.ROOT));
        PluginAdminTable.plugins(admin.list(PluginSources.admin()).stream()
                .filter(p -> only == null || p.kind() == only).toList(), System.out);
        return null;
    }
}
