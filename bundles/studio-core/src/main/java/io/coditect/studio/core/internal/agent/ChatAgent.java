package io.coditect.studio.core.internal.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.ChatTurn;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.core.internal.chat.EventHub;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;

/**
 * Chat with the agent of a session: one turn at a time per session, run on the agent's threads,
 * every step published to the session's stream. Reading needs read access to the session; sending,
 * cancelling and approving need the right to change it (SDD §5.2: its owner, Team and Org Admins).
 */
public final class ChatAgent implements ChatService, AutoCloseable {

    /** Longest message a participant may send. */
    public static final int MAX_TEXT = 100_000;
    /** Conversations kept in memory for the next turn. */
    static final int KEPT_CONTEXTS = 256;

    /** What the agent works with. */
    public record Services(SessionService sessions, EventHub hub, LlmRouter router, ConversationStore store,
            Function<ResponseInfo, ModelInfo> models, Function<String, AgentPolicy> policies, Access access,
            AuditTrail audit) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChatAgent.class);

    private final Services services;
    private final Turn.Services turnServices;
    private final ExecutorService threads;
    private final Clock clock;
    private final Map<String, Turn> running = new ConcurrentHashMap<>();
    /** Conversations of the sessions that chatted last, as the model saw them at the end of a turn. */
    private final Map<String, List<ChatMessage>> contexts = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<ChatMessage>> eldest) {
                    return size() > KEPT_CONTEXTS;
                }
            });

    public ChatAgent(Services services, ExecutorService threads, Clock clock) {
        this.services = services;
        this.threads = threads;
        this.clock = clock;
        this.turnServices = new Turn.Services(services.router(), new AgentTools(services.sessions()),
                services.store(), services.sessions(), services.models(), clock);
    }

    @Override
    public ChatTurn send(Caller caller, String orgId, String sessionId, ChatInput input) {
        Caller c = services.access().in(caller, orgId, "chat.send");
        String text = input == null ? null : input.text();
        if (text == null || text.isBlank()) {
            throw StoreException.invalid("the message is empty: write what the agent should do");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > MAX_TEXT) {
            throw StoreException.invalid("the message has " + chars + " characters; at most " + MAX_TEXT
                    + " are allowed: attach long text as a file of the project instead");
        }
        SessionRecord s = changeable(c, sessionId, "chat.send");
        if (s.state().isFinal()) {
            throw StoreException.conflict("session " + s.id() + " is " + s.state().name().toLowerCase()
                    + ": resume it to chat again (its conversation is kept)");
        }
        String turnId = UUID.randomUUID().toString();
        Turn[] self = new Turn[1];
        Turn turn = new Turn(turnId, c, s, text, input.model(), services.policies().apply(c.orgId()), turnServices,
                (type, data) -> services.hub().publish(s.id(), type, null, turnId, data),
                () -> context(c.orgId(), s.id(), text), (reason, context) -> {
                    if (Turn.CLEAN_ENDS.contains(reason)) {
                        contexts.put(s.id(), context);
                    }
                    running.remove(s.id(), self[0]);
                });
        self[0] = turn;
        Turn busy = running.putIfAbsent(s.id(), turn);
        if (busy != null && busy.ending()) {
            // its DONE is out, so a participant may already answer: wait the moments until it lets go
            try {
                busy.finished().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("turn {} of session {} is slow to end: {}", busy.id(), s.id(), e.toString());
            }
            busy = running.putIfAbsent(s.id(), turn);
        }
        if (busy != null) {
            throw StoreException.conflict("the agent is still working on turn " + busy.id()
                    + " of this session: wait for it to finish or cancel it");
        }
        SessionEvent said;
        try {
            services.store().append(ConversationMessage.user(c.orgId(), s.id(), s.projectId(), turnId, c.userId(),
                    text));
            said = services.hub().publish(s.id(), EventType.USER_MESSAGE, c.userId(), turnId, Map.of("text", text));
        } catch (RuntimeException e) {
            running.remove(s.id(), turn);
            throw e;
        }
        try {
            threads.execute(turn);
        } catch (RuntimeException e) {
            running.remove(s.id(), turn);
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the agent cannot start a turn now: "
                    + e.getMessage(), e);
        }
        return new ChatTurn(turnId, s.id(), c.userId(), said.seq(), said.at());
    }

    @Override
    public boolean cancel(Caller caller, String orgId, String sessionId, String turnId) {
        Caller c = services.access().in(caller, orgId, "chat.cancel");
        SessionRecord s = services.sessions().session(c, c.orgId(), sessionId);
        Target owned = Target.owned(c.orgId(), s.teamId(), s.userId());
        // as for stopping a session: its owner, and the admins who may stop it
        if (!services.access().allows(c, Resource.SESSION, Operation.UPDATE, owned)) {
            services.access().require(c, "chat.cancel", "session/" + s.id(), Resource.SESSION, Operation.DELETE,
                    owned);
        }
        Turn t = running.get(s.id());
        if (t == null || (turnId != null && !t.id().equals(turnId))) {
            return false;
        }
        boolean done = t.cancel(c.userId());
        if (done) {
            services.audit().success(c, "chat.cancel", "session/" + s.id(), Map.of("turn", t.id()));
        }
        return done;
    }

    @Override
    public void decide(Caller caller, String orgId, String sessionId, String approvalId, boolean approve,
            String reason) {
        Caller c = services.access().in(caller, orgId, "chat.approve");
        SessionRecord s = changeable(c, sessionId, "chat.approve");
        Turn t = running.get(s.id());
        if (t == null || approvalId == null || !t.decide(approvalId, new Turn.Decision(approve, c.userId(), reason))) {
            throw StoreException.notFound("approval '" + approvalId + "' is not pending in session " + s.id()
                    + ": it was decided already, its turn ended, or it never existed");
        }
        services.audit().success(c, approve ? "chat.approve" : "chat.deny", "session/" + s.id(),
                Map.of("approval", approvalId, "turn", t.id()));
    }

    @Override
    public Page<ConversationMessage> conversation(Caller caller, String orgId, String sessionId, PageRequest page) {
        SessionRecord s = services.sessions().session(caller, orgId, sessionId);
        return services.store().messages(s.orgId(), s.id(), page);
    }

    @Override
    public Page<ConversationSummary> conversations(Caller caller, String orgId, String projectId, PageRequest page) {
        Caller c = services.access().in(caller, orgId, "chat.conversations");
        services.access().require(c, "chat.conversations", "organisation/" + c.orgId(), Resource.SESSION,
                Operation.READ, Target.organisation(c.orgId()));
        return services.store().conversations(c.orgId(), project(projectId), page);
    }

    @Override
    public Page<ConversationMessage> search(Caller caller, String orgId, String projectId, String text,
            PageRequest page) {
        Caller c = services.access().in(caller, orgId, "chat.search");
        services.access().require(c, "chat.search", "organisation/" + c.orgId(), Resource.SESSION, Operation.READ,
                Target.organisation(c.orgId()));
        return services.store().search(c.orgId(), project(projectId), text, page);
    }

    private static String project(String projectId) {
        try {
            return projectId == null || projectId.isBlank() ? null : StudioIds.require("project", projectId);
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid(e.getMessage());
        }
    }

    /**
     * The conversation for the model: kept from the session's last turn when it ended cleanly,
     * so a turn reads nothing from the database before its first token; loaded otherwise.
     */
    private List<ChatMessage> context(String orgId, String sessionId, String userText) {
        List<ChatMessage> kept = contexts.remove(sessionId);
        if (kept != null) {
            List<ChatMessage> context = new ArrayList<>(kept);
            context.add(ChatMessage.user(userText));
            return context;
        }
        return Conversations.forModel(Conversations.load(services.store(), orgId, sessionId));
    }

    /** The turn running in a session, if any (for tests and the shell). */
    Turn running(String sessionId) {
        return running.get(sessionId);
    }

    private SessionRecord changeable(Caller c, String sessionId, String action) {
        SessionRecord s = services.sessions().session(c, c.orgId(), sessionId);
        services.access().require(c, action, "session/" + s.id(), Resource.SESSION, Operation.UPDATE,
                Target.owned(c.orgId(), s.teamId(), s.userId()));
        return s;
    }

    /** Cancels every running turn (the studio stops). */
    @Override
    public void close() {
        running.values().forEach(t -> t.cancel(null));
        threads.shutdown();
    }
}
