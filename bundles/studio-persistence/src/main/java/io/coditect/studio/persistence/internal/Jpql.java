package io.coditect.studio.persistence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;

/**
 * A filtered listing of one entity ({@code e}) with keyset paging: the filter is counted once for the
 * total and read once, after the cursor, for the page.
 */
final class Jpql<E> {

    private final Class<E> type;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    Jpql(Class<E> type) {
        this.type = type;
    }

    /** Adds {@code condition} with its one parameter. */
    Jpql<E> where(String condition, String param, Object value) {
        conditions.add(condition);
        if (param != null) {
            params.put(param, value);
        }
        return this;
    }

    /** A further parameter of the last condition. */
    Jpql<E> param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /** Adds {@code condition} unless {@code value} is null. */
    Jpql<E> whereIf(String condition, String param, Object value) {
        return value == null ? this : where(condition, param, value);
    }

    /** {@code field = value}, unless {@code value} is null. */
    Jpql<E> eq(String field, String param, Object value) {
        return value == null ? this : where(field + " = :" + param, param, value);
    }

    /** Any of {@code fields} contains {@code text}, ignoring case; nothing when text is null or blank. */
    Jpql<E> contains(String param, String text, String... fields) {
        if (text == null || text.isBlank()) {
            return this;
        }
        List<String> ors = new ArrayList<>();
        for (String f : fields) {
            ors.add("LOWER(" + f + ") LIKE :" + param + " ESCAPE '!'");
        }
        return where("(" + String.join(" OR ", ors) + ")", param,
                "%" + escapeLike(text.strip().toLowerCase(Locale.ROOT)) + "%");
    }

    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private String whereClause(List<String> extra) {
        List<String> all = new ArrayList<>(conditions);
        all.addAll(extra);
        return all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
    }

    /**
     * True when a parameter holds NUL, which no stored text contains (the stores refuse control
     * characters) and PostgreSQL refuses even to compare with.
     */
    boolean matchesNothing() {
        return params.values().stream().anyMatch(v -> v instanceof String s && s.indexOf('\0') >= 0);
    }

    long count(EntityManager em, String countedField) {
        if (matchesNothing()) {
            return 0;
        }
        TypedQuery<Long> q = em.createQuery("SELECT COUNT(" + countedField + ") FROM " + type.getSimpleName() + " e"
                + whereClause(List.of()), Long.class);
        params.forEach(q::setParameter);
        return q.getSingleResult();
    }

    /** {@code select} over the filtered entities, then {@code suffix} (GROUP BY …). */
    <R> TypedQuery<R> select(EntityManager em, String select, String suffix, Class<R> resultType) {
        TypedQuery<R> q = em.createQuery(select + " FROM " + type.getSimpleName() + " e" + whereClause(List.of())
                + suffix, resultType);
        params.forEach(q::setParameter);
        return q;
    }

    <R> Page<R> page(EntityManager em, Keyset<E> keyset, PageRequest request, Function<E, R> map) {
        PageRequest page = request == null ? PageRequest.first() : request;
        if (matchesNothing()) {
            return new Page<>(List.of(), 0, null);
        }
        List<String> extra = new ArrayList<>();
        Map<String, Object> all = new LinkedHashMap<>(params);
        if (page.cursor() != null) {
            extra.add(keyset.after());
            all.putAll(keyset.params(Cursors.decode(keyset.listing(), page.cursor(), keyset.parts())));
        }
        TypedQuery<E> q = em.createQuery("SELECT e FROM " + type.getSimpleName() + " e" + whereClause(extra)
                + " ORDER BY " + keyset.orderBy(), type);
        all.forEach(q::setParameter);
        q.setMaxResults(page.limit() + 1);
        List<E> rows = q.getResultList();
        boolean more = rows.size() > page.limit();
        List<E> items = more ? rows.subList(0, page.limit()) : rows;
        String next = more ? Cursors.encode(keyset.listing(), keyset.cursorOf(items.get(items.size() - 1))) : null;
        long total = count(em, keyset.countedField());
        return new Page<>(items.stream().map(map).toList(), total, next);
    }

    /** How one listing is ordered and continued after a cursor. */
    interface Keyset<E> {
        String listing();

        String orderBy();

        /** The condition for rows after the cursor, on parameters {@code c0}, {@code c1}… */
        String after();

        int parts();

        Map<String, Object> params(String[] parts);

        String[] cursorOf(E last);

        /** A non-null field to count. */
        String countedField();
    }

    /** Ascending by one string field. */
    static <E> Keyset<E> byString(String listing, String field, Function<E, String> value) {
        return ascending(listing, field, part -> part, value);
    }

    /** Ascending by one unique number, such as a position. */
    static <E> Keyset<E> byNumber(String listing, String field, Function<E, Long> value) {
        return ascending(listing, field, Cursors::number, e -> String.valueOf(value.apply(e)));
    }

    /** Ascending by one field whose cursor part {@code parse} turns back into a query value. */
    private static <E> Keyset<E> ascending(String listing, String field, Function<String, Object> parse,
            Function<E, String> cursor) {
        return new Keyset<>() {
            @Override
            public String listing() {
                return listing;
            }

            @Override
            public String orderBy() {
                return field + " ASC";
            }

            @Override
            public String after() {
                return field + " > :c0";
            }

            @Override
            public int parts() {
                return 1;
            }

            @Override
            public Map<String, Object> params(String[] parts) {
                return Map.of("c0", parse.apply(parts[0]));
            }

            @Override
            public String[] cursorOf(E last) {
                return new String[] {cursor.apply(last)};
            }

            @Override
            public String countedField() {
                return field;
            }
        };
    }

    /** Ascending by two string fields. */
    static <E> Keyset<E> byStrings(String listing, String first, Function<E, String> firstValue, String second,
            Function<E, String> secondValue) {
        return new Keyset<>() {
            @Override
            public String listing() {
                return listing;
            }

            @Override
            public String orderBy() {
                return first + " ASC, " + second + " ASC";
            }

            @Override
            public String after() {
                return "(" + first + " > :c0 OR (" + first + " = :c0 AND " + second + " > :c1))";
            }

            @Override
            public int parts() {
                return 2;
            }

            @Override
            public Map<String, Object> params(String[] parts) {
                return Map.of("c0", parts[0], "c1", parts[1]);
            }

            @Override
            public String[] cursorOf(E last) {
                return new String[] {firstValue.apply(last), secondValue.apply(last)};
            }

            @Override
            public String countedField() {
                return first;
            }
        };
    }

    /** Newest first: descending by a millisecond time, then by id. */
    static <E> Keyset<E> newestFirst(String listing, String timeField, Function<E, Long> time, String idField,
            Function<E, String> id) {
        return new Keyset<>() {
            @Override
            public String listing() {
                return listing;
            }

            @Override
            public String orderBy() {
                return timeField + " DESC, " + idField + " DESC";
            }

            @Override
            public String after() {
                return "(" + timeField + " < :c0 OR (" + timeField + " = :c0 AND " + idField + " < :c1))";
            }

            @Override
            public int parts() {
                return 2;
            }

            @Override
            public Map<String, Object> params(String[] parts) {
                return Map.of("c0", Cursors.number(parts[0]), "c1", parts[1]);
            }

            @Override
            public String[] cursorOf(E last) {
                return new String[] {String.valueOf(time.apply(last)), id.apply(last)};
            }

            @Override
            public String countedField() {
                return idField;
            }
        };
    }
}
