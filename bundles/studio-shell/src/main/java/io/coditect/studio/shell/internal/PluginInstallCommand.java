package io.coditect.studio.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.admin.PluginAdmin;

@Command(scope = "studio", name = "plugin-install", description = "Installs and starts a plugin from a feature name, a"
        + " mvn: coordinate or a jar file, without refreshing the core or other plugins")
@Service
public class PluginInstallCommand implements Action {

    @Reference
    PluginAdmin admin;

    @Option(name = "--version", description = "The feature's version (default: the newest)")
    String version;

    @Argument(index = 0, name = "source", required = true,
            description = "A feature name (studio-provider-kimi), mvn:groupId/artifactId/version, or a jar file path")
    String source;

    @Override
    public Object execute() throws IOException {
        PluginAdminTable.plugins(PluginSources.with(source, version, true,
                s -> admin.install(PluginSources.admin(), s)), System.out);
        return null;
    }
}
