package io.coditect.studio.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.registry.PluginDescriptor;

/** Prints plugins the same way in every command. */
final class PluginTable {

    private PluginTable() {
    }

    static void print(List<PluginDescriptor> plugins, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Id");
        table.column("Name");
        table.column("Status");
        table.column("Bundle");
        table.column("Message").maxSize(70);
        for (PluginDescriptor p : plugins) {
            table.addRow().addContent(p.kind(), p.id(), p.displayName(), p.health().status(),
                    p.bundleSymbolicName() + " " + p.bundleVersion() + " [" + p.bundleId() + "]", p.health().message());
        }
        table.print(out);
    }
}
