package io.coditect.studio.rest.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.TaskType;
import io.coditect.studio.api.routing.TenantPolicy;

/** What the router would do, and the state of its circuit breakers. */
@Path("/v1/router")
@Produces(MediaType.APPLICATION_JSON)
public class RouterResource {

    /**
     * A request to explain: the same knobs a chat turn has, without sending anything.
     *
     * @param task       CHAT, CODE, LONG_CONTEXT, VISION or TOOLS (default CHAT)
     * @param prompt     the prompt text (its length drives the context-window check)
     * @param model      preferred "provider/model" or "provider", or null
     * @param maxTokens  answer budget (default 1024)
     * @param tools      names of tools offered to the model
     * @param images     number of images attached
     * @param allow      provider ids allowed (empty = all)
     * @param deny       provider ids denied
     * @param maxPricePerMTok price ceiling in USD per million tokens
     * @param preference CHEAPEST or BEST
     */
    public record ExplainRequest(String task, String prompt, String model, Integer maxTokens, List<String> tools,
            Integer images, List<String> allow, List<String> deny, BigDecimal maxPricePerMTok, String preference) {
    }

    /** One candidate as the API shows it. */
    public record CandidateView(String provider, String model, boolean tried, String skipped, String detail,
            String health, String circuit, boolean offline, String estimatedCostUsd) {
    }

    /** The explanation. */
    public record DecisionView(List<String> requiredCapabilities, long estimatedInputTokens,
            List<CandidateView> candidates) {
    }

    /** A circuit breaker as the API shows it. */
    public record StateView(String provider, String model, String circuit, int consecutiveFailures, int recentCalls,
            int recentFailures, String lastErrorKind, String lastErrorAt, String openUntil, String throttledUntil,
            int timesOpened) {
    }

    private static final int MAX_PROMPT = 2_000_000;

    private final LlmRouter router;

    public RouterResource(LlmRouter router) {
        this.router = router;
    }

    @POST
    @Path("explain")
    @Consumes(MediaType.APPLICATION_JSON)
    public DecisionView explain(ExplainRequest body) {
        RouteDecision d = router.explain(toRequest(body == null ? new ExplainRequest(null, null, null, null, null,
                null, null, null, null, null) : body));
        List<CandidateView> candidates = d.candidates().stream().map(c -> new CandidateView(c.target().providerId(),
                c.target().modelId(), c.eligible(), c.skipped() == null ? null : c.skipped().name(), c.detail(),
                c.health().status().name(), c.circuit().name(), c.offline(),
                c.estimatedCostUsd() == null ? null : c.estimatedCostUsd().toPlainString())).toList();
        return new DecisionView(d.requiredCapabilities().stream().map(Enum::name).sorted().toList(),
                d.estimatedInputTokens(), candidates);
    }

    @GET
    @Path("states")
    public List<StateView> states() {
        return router.states().stream().map(RouterResource::view).toList();
    }

    static StateView view(ProviderState s) {
        return new StateView(s.target().providerId(), s.target().modelId(), s.circuit().name(),
                s.consecutiveFailures(), s.recentCalls(), s.recentFailures(),
                s.lastErrorKind() == null ? null : s.lastErrorKind().name(), text(s.lastErrorAt()), text(s.openUntil()),
                text(s.throttledUntil()), s.timesOpened());
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    static RoutedRequest toRequest(ExplainRequest b) {
        String prompt = b.prompt() == null ? "" : b.prompt();
        if (prompt.length() > MAX_PROMPT) {
            throw new IllegalArgumentException("prompt is longer than " + MAX_PROMPT + " characters");
        }
        int images = b.images() == null ? 0 : b.images();
        if (images < 0 || images > 100) {
            throw new IllegalArgumentException("images must be between 0 and 100");
        }
        int maxTokens = b.maxTokens() == null ? 1024 : b.maxTokens();
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        List<ContentPart> parts = new ArrayList<>();
        parts.add(new ContentPart.Text(prompt));
        for (int i = 0; i < images; i++) {
            parts.add(new ContentPart.Image("image/png", ""));
        }
        List<ToolDefinition> tools = b.tools() == null ? List.of()
                : b.tools().stream().map(t -> new ToolDefinition(t, "", null)).toList();
        ChatRequest chat = new ChatRequest("", "", List.of(new ChatMessage(io.coditect.studio.api.llm.ChatRole.USER,
                parts)), tools, maxTokens, null);
        TenantPolicy policy = TenantPolicy.OPEN.withAllowed(set(b.allow())).withDenied(set(b.deny()))
                .withMaxPricePerMTok(b.maxPricePerMTok());
        if (b.preference() != null) {
            policy = new TenantPolicy(policy.allowedProviders(), policy.deniedProviders(), policy.maxPricePerMTok(),
                    QueryEnums.parse(TenantPolicy.Preference.class, "preference", b.preference()));
        }
        RoutedRequest request = RoutedRequest.of("explain-" + UUID.randomUUID(), chat)
                .withTask(b.task() == null ? TaskType.CHAT : QueryEnums.parse(TaskType.class, "task", b.task()))
                .withPolicy(policy);
        return b.model() == null || b.model().isBlank() ? request : request.withPreferred(ModelRef.parse(b.model()));
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
