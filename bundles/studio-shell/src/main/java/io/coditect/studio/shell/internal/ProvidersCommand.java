package io.coditect.studio.shell.internal;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.registry.ProviderRegistry;

@Command(scope = "studio", name = "providers", description = "Lists the LLM providers with their models, capabilities and prices")
@Service
public class ProvidersCommand implements Action {

    @Reference
    ProviderRegistry providers;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Provider");
        table.column("Status");
        table.column("Model");
        table.column("Capabilities");
        table.column("Context").alignRight();
        table.column("USD/MTok in").alignRight();
        table.column("USD/MTok out").alignRight();
        for (LlmProvider p : providers.all()) {
            String status = p.health().status() + (p.offline() ? " (offline)" : "");
            for (ModelInfo m : p.models()) {
                table.addRow().addContent(p.id(), status, m.id(),
                        m.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        m.contextWindow(), m.inputPricePerMTok().toPlainString(), m.outputPricePerMTok().toPlainString());
            }
        }
        table.print(System.out);
        return null;
    }
}
