package io.coditect.studio.core.internal.agent;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.ChatTurn;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.core.internal.chat.SessionEventsComponent;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;

/** The chat service in OSGi: the agent with its threads, the sessions' streams and the router. */
@Component(service = ChatService.class)
public final class ChatComponent implements ChatService {

    private final ChatAgent agent;

    @Activate
    public ChatComponent(@Reference(name = "sessions") SessionService sessions,
            @Reference(name = "events") SessionEventsComponent events, @Reference(name = "router") LlmRouter router,
            @Reference(name = "conversations") ConversationStore conversations,
            @Reference(name = "providers") ProviderRegistry providers,
            @Reference(name = "policies") AgentPolicies policies, @Reference(name = "tenancy") TenancyStore tenancy,
            @Reference(name = "audit") AuditLog audit, @Reference(name = "transactions") Transactions transactions,
            @Reference(name = "policy") AccessPolicy policy) {
        AuditTrail trail = new AuditTrail(audit);
        AtomicInteger n = new AtomicInteger();
        // turns wait on models, commands and people: a thread each, never a shared bounded pool
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "studio-agent-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.agent = new ChatAgent(new ChatAgent.Services(sessions, events.hub(), router, conversations,
                info -> model(providers, info), policies::forOrg, new Access(tenancy, trail, transactions, policy),
                trail), threads, Clock.systemUTC());
    }

    static ModelInfo model(ProviderRegistry providers, ResponseInfo info) {
        return providers.get(info.providerId()).flatMap(p -> p.models().stream()
                .filter(m -> m.id().equals(info.model())).findFirst()).orElse(null);
    }

    @Deactivate
    void deactivate() {
        agent.close();
    }

    @Override
    public ChatTurn send(Caller caller, String orgId, String sessionId, ChatInput input) {
        return agent.send(caller, orgId, sessionId, input);
    }

    @Override
    public boolean cancel(Caller caller, String orgId, String sessionId, String turnId) {
        return agent.cancel(caller, orgId, sessionId, turnId);
    }

    @Override
    public void decide(Caller caller, String orgId, String sessionId, String approvalId, boolean approve,
            String reason) {
        agent.decide(caller, orgId, sessionId, approvalId, approve, reason);
    }

    @Override
    public Page<ConversationMessage> conversation(Caller caller, String orgId, String sessionId, PageRequest page) {
        return agent.conversation(caller, orgId, sessionId, page);
    }

    @Override
    public Page<ConversationSummary> conversations(Caller caller, String orgId, String projectId, PageRequest page) {
        return agent.conversations(caller, orgId, projectId, page);
    }

    @Override
    public Page<ConversationMessage> search(Caller caller, String orgId, String projectId, String text,
            PageRequest page) {
        return agent.search(caller, orgId, projectId, text, page);
    }
}
