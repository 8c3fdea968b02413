package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;

/**
 * {@link ConversationStore} on JPA: messages are appended and read, never changed. Appends to one
 * session take turns on the session's row lock, so that each gets the next position; the unique
 * (session, position) constraint stands behind that.
 */
final class JpaConversationStore implements ConversationStore {

    static final int TITLE_MAX = 120;
    static final int SEARCH_MIN = 2;
    private static final String CONVERSATIONS = "conversations";
    /** The last message of its session: one row per conversation. */
    private static final String LAST = "e.idx = (SELECT MAX(l.idx) FROM ConversationMessageEntity l"
            + " WHERE l.sessionId = e.sessionId)";

    private final Tx tx;
    private final Clock clock;

    JpaConversationStore(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public ConversationMessage append(ConversationMessage message) {
        ConversationMessage m = checked(message);
        String toolCalls = ToolCallsJson.write(m.toolCalls());
        return tx.apply(em -> {
            SessionEntity session = JpaSessionStore.locked(em, m.orgId(), m.sessionId());
            if (m.projectId() != null && !m.projectId().equals(session.projectId)) {
                throw StoreException.invalid("the message names project '" + m.projectId() + "', but session '"
                        + session.id + "' belongs to " + (session.projectId == null ? "no project"
                                : "project '" + session.projectId + "'") + ": leave the project out");
            }
            Object[] last = em.createQuery("SELECT MAX(e.idx), MAX(e.createdAt) FROM ConversationMessageEntity e"
                    + " WHERE e.sessionId = :session", Object[].class).setParameter("session", session.id)
                    .getSingleResult();
            long idx = last[0] == null ? 1 : ((Number) last[0]).longValue() + 1;
            // never before the previous message, so that position and time order agree
            long at = last[1] == null ? clock.millis() : Math.max(clock.millis(), ((Number) last[1]).longValue());
            ConversationMessageEntity e = new ConversationMessageEntity(Ids.next(clock.millis()), m, session.projectId,
                    idx, toolCalls, at);
            em.persist(e);
            return e.toRecord();
        });
    }

    /** The message with its fields checked and normalised. */
    private static ConversationMessage checked(ConversationMessage m) {
        Check.required("message", m, "pass the message to append");
        String orgId = Check.id("organisation", m.orgId());
        String sessionId = Check.id("session", m.sessionId());
        String projectId = Check.optionalId("project", m.projectId());
        String turnId = Check.optionalText("turn id", m.turnId(), 100, false);
        String authorId = Check.optionalId("user (authorId)", m.authorId());
        storable("message text", m.text());
        for (ContentPart.ToolCall c : m.toolCalls()) {
            Check.name("tool call id", c.callId(), 200);
            Check.name("tool name", c.toolName(), 200);
        }
        String toolCallId = Check.optionalText("tool call id", m.toolCallId(), 200, false);
        String provider = Check.optionalText("provider", m.provider(), 63, false);
        String model = Check.optionalText("model", m.model(), 200, false);
        return new ConversationMessage(null, orgId, sessionId, projectId, 0, turnId, m.role(), authorId, m.text(),
                m.toolCalls(), toolCallId, m.error(), provider, model, m.inputTokens(), m.outputTokens(), null);
    }

    /** Any text but NUL, which PostgreSQL cannot keep in a text column; the text is kept as it is. */
    private static void storable(String what, String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw StoreException.invalid(what + " contains the NUL character (\\u0000) at position " + nul
                    + ", which the database cannot store: remove or replace it");
        }
    }

    @Override
    public Page<ConversationMessage> messages(String orgId, String sessionId, PageRequest page) {
        if (!StudioIds.isValid(orgId) || !StudioIds.isValid(sessionId)) {
            return new Page<>(List.of(), 0, null);
        }
        return tx.apply(em -> new Jpql<>(ConversationMessageEntity.class).where("e.orgId = :org", "org", orgId)
                .where("e.sessionId = :session", "session", sessionId)
                .page(em, Jpql.byNumber("conversation-messages", "e.idx", m -> m.idx), page,
                        ConversationMessageEntity::toRecord));
    }

    @Override
    public Page<ConversationSummary> conversations(String orgId, String projectId, PageRequest page) {
        PageRequest p = page == null ? PageRequest.first() : page;
        if (!StudioIds.isValid(orgId) || projectId != null && !StudioIds.isValid(projectId)) {
            return new Page<>(List.of(), 0, null);
        }
        return tx.apply(em -> {
            // a page of last messages (session, project, time), newest first, then the rest per session
            Jpql<ConversationMessageEntity> q = lastMessages(orgId, projectId);
            if (p.cursor() != null) {
                String[] c = Cursors.decode(CONVERSATIONS, p.cursor(), 2);
                q.where("(e.createdAt < :c0 OR (e.createdAt = :c0 AND e.sessionId < :c1))", "c0", Cursors.number(c[0]))
                        .param("c1", c[1]);
            }
            List<Object[]> rows = q.select(em, "SELECT e.sessionId, e.projectId, e.createdAt",
                    " ORDER BY e.createdAt DESC, e.sessionId DESC", Object[].class).setMaxResults(p.limit() + 1)
                    .getResultList();
            boolean more = rows.size() > p.limit();
            List<Object[]> items = more ? rows.subList(0, p.limit()) : rows;
            List<ConversationSummary> summaries = summaries(em, orgId, items);
            Object[] lastRow = items.isEmpty() ? null : items.get(items.size() - 1);
            String next = more ? Cursors.encode(CONVERSATIONS, String.valueOf(lastRow[2]), (String) lastRow[0]) : null;
            return new Page<>(summaries, lastMessages(orgId, projectId).count(em, "e.id"), next);
        });
    }

    private static Jpql<ConversationMessageEntity> lastMessages(String orgId, String projectId) {
        return new Jpql<>(ConversationMessageEntity.class).where("e.orgId = :org", "org", orgId)
                .eq("e.projectId", "project", projectId).where(LAST, null, null);
    }

    /** Counts, first message and title of the conversations of {@code rows}, in their order. */
    private static List<ConversationSummary> summaries(EntityManager em, String orgId, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
        Map<String, Object[]> totals = new HashMap<>();
        for (Object[] t : em.createQuery("SELECT e.sessionId, COUNT(e.id), MIN(e.createdAt)"
                + " FROM ConversationMessageEntity e WHERE e.orgId = :org AND e.sessionId IN :ids"
                + " GROUP BY e.sessionId", Object[].class).setParameter("org", orgId).setParameter("ids", ids)
                .getResultList()) {
            totals.put((String) t[0], t);
        }
        // the first message (who started) and the first user message (the title): often one row.
        // Only the start of the text is read: enough for a title once its spaces are collapsed.
        Map<String, Long> firstIdx = new HashMap<>();
        Map<String, String> startedBy = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        for (Object[] f : em.createQuery("SELECT e.sessionId, e.idx, e.role, e.authorId, SUBSTRING(e.text, 1, "
                + TITLE_MAX * 4 + ") FROM ConversationMessageEntity e WHERE e.orgId = :org AND e.sessionId IN :ids"
                + " AND (e.idx = (SELECT MIN(a.idx) FROM ConversationMessageEntity a WHERE a.sessionId = e.sessionId)"
                + " OR e.idx = (SELECT MIN(u.idx) FROM ConversationMessageEntity u WHERE u.sessionId = e.sessionId"
                + " AND u.role = :user))", Object[].class).setParameter("org", orgId).setParameter("ids", ids)
                .setParameter("user", ChatRole.USER).getResultList()) {
            String session = (String) f[0];
            long idx = ((Number) f[1]).longValue();
            if (idx < firstIdx.getOrDefault(session, Long.MAX_VALUE)) {
                firstIdx.put(session, idx);
                startedBy.put(session, (String) f[3]);
            }
            if (f[2] == ChatRole.USER) {
                titles.put(session, title(f[4] == null ? "" : f[4].toString()));
            }
        }
        return rows.stream().map(r -> {
            String session = (String) r[0];
            Object[] t = totals.get(session);
            long count = t == null ? 0 : ((Number) t[1]).longValue();
            long first = t == null ? ((Number) r[2]).longValue() : ((Number) t[2]).longValue();
            return new ConversationSummary(session, (String) r[1], startedBy.get(session), titles.get(session), count,
                    Check.instant(first), Check.instant(((Number) r[2]).longValue()));
        }).toList();
    }

    /** One line of at most {@link #TITLE_MAX} characters, not ending inside a surrogate pair. */
    static String title(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= TITLE_MAX) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(TITLE_MAX - 1)) ? TITLE_MAX - 1 : TITLE_MAX;
        return line.substring(0, end);
    }

    @Override
    public Page<ConversationMessage> search(String orgId, String projectId, String text, PageRequest page) {
        String wanted = text == null ? "" : text.strip();
        if (wanted.codePointCount(0, wanted.length()) < SEARCH_MIN) {
            throw StoreException.invalid(text == null || wanted.isEmpty() ? "the search text is missing: give at least "
                    + SEARCH_MIN + " characters" : "the search text '" + StudioIds.printable(wanted)
                            + "' is too short: give at least " + SEARCH_MIN + " characters");
        }
        if (!StudioIds.isValid(orgId)) {
            return new Page<>(List.of(), 0, null);
        }
        // LOWER on both sides: the database folds case the same way for the text and the pattern
        Jpql<ConversationMessageEntity> q = new Jpql<>(ConversationMessageEntity.class)
                .where("e.orgId = :org", "org", orgId).eq("e.projectId", "project", projectId)
                .where("LOWER(e.text) LIKE LOWER(:text) ESCAPE '!'", "text", "%" + Jpql.escapeLike(wanted) + "%");
        return tx.apply(em -> q.page(em, Jpql.newestFirst("conversation-search", "e.createdAt", m -> m.createdAt,
                "e.id", m -> m.id), page, ConversationMessageEntity::toRecord));
    }
}
