package io.coditect.studio.shell.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.TaskType;
import io.coditect.studio.api.routing.TenantPolicy;

@Command(scope = "studio", name = "route", description = "Explains which provider and model the router would choose for a request, and why the others are skipped")
@Service
public class RouteCommand implements Action {

    @Reference
    LlmRouter router;

    @Option(name = "-t", aliases = "--task", description = "CHAT, CODE, LONG_CONTEXT, VISION or TOOLS")
    String task = "CHAT";

    @Option(name = "-m", aliases = "--model", description = "Preferred provider or provider/model")
    String model;

    @Option(name = "--max-tokens", description = "Answer budget in tokens")
    int maxTokens = 1024;

    @Option(name = "--images", description = "Number of images attached")
    int images;

    @Option(name = "--tool", multiValued = true, description = "Name of a tool offered to the model")
    List<String> tools;

    @Option(name = "--allow", multiValued = true, description = "Provider id allowed by the tenant policy")
    List<String> allow;

    @Option(name = "--deny", multiValued = true, description = "Provider id denied by the tenant policy")
    List<String> deny;

    @Option(name = "--max-price", description = "Price ceiling in USD per million tokens")
    BigDecimal maxPrice;

    @Option(name = "--prefer", description = "CHEAPEST or BEST")
    String preference;

    @Argument(multiValued = true, description = "The prompt (its length counts against context windows)")
    List<String> prompt;

    @Override
    public Object execute() {
        List<ContentPart> parts = new ArrayList<>();
        parts.add(new ContentPart.Text(prompt == null ? "" : String.join(" ", prompt)));
        for (int i = 0; i < images; i++) {
            parts.add(new ContentPart.Image("image/png", ""));
        }
        List<ToolDefinition> toolDefs = tools == null ? List.of()
                : tools.stream().map(t -> new ToolDefinition(t, "", null)).toList();
        TenantPolicy policy = TenantPolicy.OPEN.withAllowed(allow == null ? Set.of() : Set.copyOf(allow))
                .withDenied(deny == null ? Set.of() : Set.copyOf(deny)).withMaxPricePerMTok(maxPrice);
        if (preference != null) {
            policy = new TenantPolicy(policy.allowedProviders(), policy.deniedProviders(), policy.maxPricePerMTok(),
                    TenantPolicy.Preference.valueOf(preference.toUpperCase(Locale.ROOT)));
        }
        RoutedRequest request = RoutedRequest.of("shell-" + UUID.randomUUID(), new ChatRequest("", "",
                List.of(new ChatMessage(ChatRole.USER, parts)), toolDefs, maxTokens, null))
                .withTask(TaskType.valueOf(task.toUpperCase(Locale.ROOT))).withPolicy(policy);
        if (model != null) {
            request = request.withPreferred(ModelRef.parse(model));
        }
        RouteDecision d = router.explain(request);
        System.out.println("Needs " + d.requiredCapabilities() + ", about " + d.estimatedInputTokens()
                + " input tokens. Tried in this order:");
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Provider/model");
        table.column("Decision");
        table.column("Health");
        table.column("Circuit");
        table.column("Est. USD").alignRight();
        table.column("Why").maxSize(60);
        int n = 0;
        for (RouteDecision.Candidate c : d.candidates()) {
            table.addRow().addContent(c.eligible() ? ++n : "", c.target().providerId() + "/" + c.target().modelId(),
                    c.eligible() ? "try" : "skip: " + c.skipped(), c.health().status(), c.circuit(),
                    c.estimatedCostUsd() == null ? "" : c.estimatedCostUsd().toPlainString(), c.detail());
        }
        table.print(System.out);
        return null;
    }
}
