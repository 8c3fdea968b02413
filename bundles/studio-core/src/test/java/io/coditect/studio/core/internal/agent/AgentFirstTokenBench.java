package io.coditect.studio.core.internal.agent;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatTurn;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.core.internal.chat.EventHub;
import io.coditect.studio.core.internal.session.SessionFixture;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;
import io.coditect.studio.git.internal.GitWorkspaceHistory;
import io.coditect.studio.git.internal.OrgRemotes;
import io.coditect.studio.security.internal.rbac.RbacPolicy;

/**
 * Issue 6's "orchestrator overhead on the first token of a turn": the time from sending a message
 * to its first TEXT_DELTA at a subscriber of the session's stream, less the provider's own time
 * from its stream() call to its first delta. The provider answers on a thread of its own at once,
 * as an HTTP provider's reader would, so what remains is the agent's: validation and access
 * checks, storing the message, publishing, loading the conversation, the hand-over to the turn
 * thread and the hub's delivery. Real H2 database, real hub; run by bench/chat-first-token.sh.
 */
public final class AgentFirstTokenBench extends SessionFixture {

    /** Answers at once from its own thread and records when it was called and when it answered. */
    static final class InstantRouter implements LlmRouter {
        final ExecutorService provider = Executors.newSingleThreadExecutor();
        final Map<String, long[]> times = new ConcurrentHashMap<>();

        @Override
        public StreamHandle stream(RoutedRequest request, RouteListener listener) {
            long called = System.nanoTime();
            provider.execute(() -> {
                listener.onStart(new ResponseInfo("instant", "instant-1", false));
                long first = System.nanoTime();
                times.put(request.requestId(), new long[] {called, first});
                listener.onTextDelta("hi");
                listener.onUsage(Usage.of(10, 1));
                listener.onComplete(StopReason.END_TURN);
            });
            return () -> { };
        }

        @Override
        public RouteDecision explain(RoutedRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ProviderState> states() {
            return List.of();
        }

        @Override
        public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        AgentFirstTokenBench b = new AgentFirstTokenBench();
        b.openDatabase();
        b.openSessions();
        int status = 0;
        try {
            b.run(turns);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        } finally {
            b.closeSessions();
            b.closeDatabase();
        }
        System.exit(status);
    }

    private void run(int turns) throws Exception {
        history = new GitWorkspaceHistory(Files.createTempDirectory("git-cache"), new OrgRemotes());
        InstantRouter router = new InstantRouter();
        EventHub hub = new EventHub(Clock.systemUTC(), Executors.newFixedThreadPool(4), 10_000, 2_000);
        AuditTrail trail = new AuditTrail(db.audit());
        ChatAgent agent = new ChatAgent(new ChatAgent.Services(sessions, hub, router, db.conversations(),
                info -> null, org -> AgentPolicy.DEFAULT, new Access(store, trail, db.transactions(),
                        new RbacPolicy()), trail), Executors.newCachedThreadPool(), Clock.systemUTC());
        System.out.printf("orchestrator overhead on the first token (%d turns per row; times in ms)%n", turns);
        System.out.printf("%-28s %8s %8s %8s %8s   %s%n", "conversation before a turn", "p50", "p90", "p99", "max",
                "provider's own p50");
        // warm-up: JIT, connection pool, JPA metamodel
        measure(agent, hub, router, 200, 0);
        for (int history : new int[] {0, 50, 400}) {
            double[] own = new double[1];
            double[] overhead = measure(agent, hub, router, turns, history, own);
            System.out.printf("%-28s %8.3f %8.3f %8.3f %8.3f   %.3f%n", history + " messages",
                    pct(overhead, 50), pct(overhead, 90), pct(overhead, 99), overhead[overhead.length - 1], own[0]);
        }
        agent.close();
        router.provider.shutdownNow();
    }

    private double[] measure(ChatAgent agent, EventHub hub, InstantRouter router, int turns, int history)
            throws Exception {
        return measure(agent, hub, router, turns, history, new double[1]);
    }

    /** Each turn in a fresh session whose conversation already holds {@code history} messages. */
    private double[] measure(ChatAgent agent, EventHub hub, InstantRouter router, int turns, int history,
            double[] ownP50) throws Exception {
        double[] overhead = new double[turns];
        double[] own = new double[turns];
        SessionRecord s = null;
        for (int i = 0; i < turns; i++) {
            if (i % 50 == 0) {
                if (s != null) {
                    sessions.stop(caller("acme", "dev"), "acme", s.id());
                }
                s = sessions.open(caller("acme", "dev"), "acme", "site", SessionKind.INTERACTIVE, "bench");
                for (int h = 0; h < history; h += 2) {
                    db.conversations().append(ConversationMessage.user("acme", s.id(),
                            "site", "old", "dev", "an earlier question number " + h + " about the project"));
                    db.conversations().append(new ConversationMessage(null, "acme",
                            s.id(), "site", 0, "old", ChatRole.ASSISTANT, "dev",
                            "an earlier answer with some length to it ".repeat(10), List.of(), null, false,
                            "instant", "instant-1", 10, 100, null));
                }
            }
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            long[] firstAt = new long[1];
            var sub = hub.subscribe(s.id(), hub.lastSeq(s.id()), e -> {
                if (e.type() == EventType.TEXT_DELTA && firstAt[0] == 0) {
                    firstAt[0] = System.nanoTime();
                    first.countDown();
                } else if (e.type() == EventType.DONE) {
                    done.countDown();
                }
            });
            long sent = System.nanoTime();
            ChatTurn t = agent.send(caller("acme", "dev"), "acme", s.id(), new ChatInput("hello " + i, null));
            if (!first.await(10, TimeUnit.SECONDS) || !done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("turn " + t.turnId() + " did not answer");
            }
            sub.close();
            long[] p = router.times.get(t.turnId() + "-1");
            double providerOwn = (p[1] - p[0]) / 1e6;
            own[i] = providerOwn;
            overhead[i] = (firstAt[0] - sent) / 1e6 - providerOwn;
        }
        if (s != null) {
            sessions.stop(caller("acme", "dev"), "acme", s.id());
        }
        Arrays.sort(overhead);
        Arrays.sort(own);
        ownP50[0] = pct(own, 50);
        return overhead;
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
