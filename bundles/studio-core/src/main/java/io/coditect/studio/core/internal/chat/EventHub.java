package io.coditect.studio.core.internal.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvent;
import io.coditect.studio.api.chat.Subscription;

/**
 * One ordered stream per session: events get the next sequence number under the session's lock,
 * go into a ring of the last {@code keep} events (for reconnects and late joiners) and into each
 * subscriber's own bounded queue. Subscribers are drained on the executor, so publishing never
 * waits for a slow one; a subscriber whose queue overflows gets a RESYNC and is dropped. Sinks must
 * not block: a few threads drain every subscriber with something queued, one after the other.
 */
public final class EventHub {

    private final Clock clock;
    private final ReadyQueue delivery;
    private final int keep;
    private final int buffer;
    private final LongSupplier streamStart;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Delivers on up to 4 tasks of {@code delivery} at once; every stream is numbered from 1. */
    public EventHub(Clock clock, Executor delivery, int keep, int buffer) {
        this(clock, delivery, 4, keep, buffer, () -> 0);
    }

    /**
     * @param parallelism how many of the executor's threads deliver at once
     * @param keep        events kept per session for replay
     * @param buffer      events a subscriber may be behind before it must resync
     * @param streamStart the number before the first event of a stream made now
     */
    public EventHub(Clock clock, Executor delivery, int parallelism, int keep, int buffer, LongSupplier streamStart) {
        this.clock = clock;
        this.delivery = new ReadyQueue(delivery, parallelism);
        this.keep = keep;
        this.buffer = buffer;
        this.streamStart = streamStart;
    }

    /**
     * Streams made later number above streams made earlier: the stream's start time in milliseconds
     * times 1,000 (an earlier stream would have needed 1,000 events per millisecond of its life to
     * reach it). A client that comes back after a restart or an eviction with a number of the old
     * stream is then told to resync, instead of being handed the new stream's later events as if
     * they followed its own. Safe as a JavaScript number until the year 2255.
     */
    public static LongSupplier timeOrderedStreams(Clock clock) {
        return () -> clock.millis() * 1_000;
    }

    /** Appends an event to the session's stream and hands it to every subscriber. */
    public SessionEvent publish(String sessionId, EventType type, String actor, String turnId,
            Map<String, Object> data) {
        return channel(sessionId).publish(type, actor, turnId, data);
    }

    /** Replays what is kept after {@code afterSeq}, then delivers live events. */
    public Subscription subscribe(String sessionId, long afterSeq, EventSink sink) {
        return channel(sessionId).subscribe(afterSeq, sink);
    }

    /** The last sequence number given in the session (the stream's start before its first event, 0 without a stream). */
    public long lastSeq(String sessionId) {
        Channel c = channels.get(sessionId);
        return c == null ? 0 : c.lastSeq();
    }

    /** Ends every subscription of the session and forgets its events. */
    public void close(String sessionId) {
        Channel c = channels.remove(sessionId);
        if (c != null) {
            c.closeAll();
        }
    }

    /**
     * Forgets the streams nobody watches and nothing was published to for {@code idle}, so ended
     * sessions do not hold their events forever; the conversation stays in the store, and a client
     * that comes back later with an old sequence number is told to resync.
     *
     * @return how many streams were forgotten
     */
    public int evictIdle(Duration idle) {
        Instant cutoff = clock.instant().minus(idle);
        int evicted = 0;
        for (Map.Entry<String, Channel> e : channels.entrySet()) {
            Channel c = e.getValue();
            synchronized (c) {
                if (c.subscribers.isEmpty() && c.lastAt.isBefore(cutoff) && channels.remove(e.getKey(), c)) {
                    evicted++;
                }
            }
        }
        return evicted;
    }

    /** Sessions with a stream in memory. */
    public int streams() {
        return channels.size();
    }

    private Channel channel(String sessionId) {
        return channels.computeIfAbsent(sessionId, Channel::new);
    }

    private final class Channel {
        private final String sessionId;
        private final ArrayDeque<SessionEvent> ring = new ArrayDeque<>();
        private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        private long seq = streamStart.getAsLong();
        private Instant lastAt = clock.instant();

        Channel(String sessionId) {
            this.sessionId = sessionId;
        }

        synchronized long lastSeq() {
            return seq;
        }

        synchronized SessionEvent publish(EventType type, String actor, String turnId, Map<String, Object> data) {
            SessionEvent e = new SessionEvent(++seq, sessionId, type, clock.instant(), actor, turnId, data);
            lastAt = e.at();
            ring.addLast(e);
            if (ring.size() > keep) {
                ring.removeFirst();
            }
            for (Subscriber s : subscribers) {
                s.offer(e);
            }
            return e;
        }

        synchronized Subscription subscribe(long afterSeq, EventSink sink) {
            Subscriber s = new Subscriber(this, sink, afterSeq);
            long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq();
            if (afterSeq > seq) {
                s.resync("event " + afterSeq + " was never sent in this session's stream (it restarted at "
                        + (seq + 1) + " or earlier)");
            } else if (afterSeq > 0 && afterSeq + 1 < oldest) {
                s.resync("events " + (afterSeq + 1) + " to " + (oldest - 1) + " are no longer kept");
            } else {
                for (SessionEvent e : ring) {
                    if (e.seq() > afterSeq) {
                        s.replay(e);
                    }
                }
                subscribers.add(s);
            }
            return s;
        }

        void remove(Subscriber s) {
            subscribers.remove(s);
        }

        void closeAll() {
            for (Subscriber s : subscribers) {
                s.close();
            }
        }
    }

    private final class Subscriber implements Subscription, Runnable {
        private final Channel channel;
        private final EventSink sink;
        private final ArrayDeque<SessionEvent> queue = new ArrayDeque<>();
        private volatile long last;
        private boolean scheduled;
        private volatile boolean open = true;
        private boolean ending;
        private int capacity = buffer;

        Subscriber(Channel channel, EventSink sink, long afterSeq) {
            this.channel = channel;
            this.sink = sink;
            this.last = afterSeq;
        }

        /** Called under the channel's lock. */
        void offer(SessionEvent e) {
            synchronized (this) {
                if (!open || ending) {
                    return;
                }
                if (queue.size() >= capacity) {
                    queue.clear();
                    channel.remove(this);
                    ending = true;
                    queue.add(resyncEvent("the subscriber fell more than " + buffer + " events behind"));
                } else {
                    queue.add(e);
                }
                schedule();
            }
        }

        /** A kept event for a new subscriber: the replay does not count against its buffer. */
        void replay(SessionEvent e) {
            synchronized (this) {
                queue.add(e);
                capacity++;
                schedule();
            }
        }

        void resync(String reason) {
            synchronized (this) {
                ending = true;
                queue.add(resyncEvent(reason));
                schedule();
            }
        }

        private SessionEvent resyncEvent(String reason) {
            return new SessionEvent(0, channel.sessionId, EventType.RESYNC, clock.instant(), null, null,
                    Map.of("lastSeq", last, "reason", reason));
        }

        private void schedule() {
            if (!scheduled) {
                scheduled = true;
                delivery.execute(this);
            }
        }

        /** Drains the queue on a delivery thread; one drain at a time per subscriber keeps the order. */
        @Override
        public void run() {
            while (true) {
                SessionEvent e;
                synchronized (this) {
                    e = open ? queue.pollFirst() : null;
                    if (e == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    sink.onEvent(e);
                } catch (RuntimeException x) {
                    close(); // a sink that fails is gone (its connection closed)
                    return;
                }
                if (e.type() == EventType.RESYNC) {
                    close();
                    return;
                }
                last = e.seq();
            }
        }

        @Override
        public long lastSeq() {
            return last;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            synchronized (this) {
                open = false;
                queue.clear();
            }
            channel.remove(this);
        }
    }
}
