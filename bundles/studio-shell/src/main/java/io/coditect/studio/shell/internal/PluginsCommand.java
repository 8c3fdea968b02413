package io.coditect.studio.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;

@Command(scope = "studio", name = "plugins", description = "Lists the registered plugins: LLM providers, storage backends and sandbox drivers, with their health")
@Service
public class PluginsCommand implements Action {

    @Reference
    ProviderRegistry providers;

    @Reference
    StorageRegistry storage;

    @Reference
    SandboxRegistry sandboxes;

    @Option(name = "-k", aliases = "--kind", description = "Only this kind: provider, storage or sandbox")
    String kind;

    @Override
    public Object execute() {
        List<PluginDescriptor> all = new ArrayList<>();
        all.addAll(providers.describe());
        all.addAll(storage.describe());
        all.addAll(sandboxes.describe());
        if (kind != null && !List.of("provider", "storage", "sandbox").contains(kind)) {
            throw new IllegalArgumentException("unknown kind '" + kind + "': use provider, storage or sandbox");
        }
        PluginTable.print(all.stream().filter(p -> kind == null || p.kind().equals(kind)).toList(), System.out);
        return null;
    }
}
