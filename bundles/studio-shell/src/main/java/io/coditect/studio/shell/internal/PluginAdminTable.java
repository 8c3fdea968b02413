package io.coditect.studio.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.admin.PluginInfo;

/** Prints plugin bundles and their configurations the same way in every plugin command. */
final class PluginAdminTable {

    private PluginAdminTable() {
    }

    static void plugins(List<PluginInfo> plugins, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Bundle");
        table.column("State");
        table.column("Status");
        table.column("Instances");
        table.column("SPI").maxSize(60);
        table.column("Started / modified");
        table.column("Message").maxSize(60);
        for (PluginInfo p : plugins) {
            table.addRow().addContent(p.bundleId(), p.kind(), p.symbolicName() + " " + p.version(), p.state(),
                    p.health().status(), p.instances().stream().map(i -> i.id()).collect(Collectors.joining(", ")),
                    p.spi().stream().map(s -> s.packageName().replace("io.coditect.studio.", "") + " "
                            + s.versionRange()).collect(Collectors.joining(", ")),
                    p.startedAt() != null ? "started " + p.startedAt() : "modified " + p.lastModified(),
                    p.health().message());
        }
        table.print(out);
    }

    static void configurations(List<PluginConfiguration> configurations, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("PID");
        table.column("Properties").maxSize(100);
        for (PluginConfiguration c : configurations) {
            table.addRow().addContent(c.pid(), c.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        table.print(out);
    }
}
