package io.coditect.studio.persistence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON objects whose values are strings, and arrays of them, for the details of audit events and the
 * tool calls of conversation messages: readable with any SQL client or JSON tool, and no JSON library
 * needed in the bundle.
 */
final class FlatJson {

    private FlatJson() {
    }

    /** Keys in sorted order. */
    static String write(Map<String, String> map) {
        StringBuilder b = new StringBuilder();
        object(b, map);
        return b.toString();
    }

    /** An array of flat objects, in the list's order. */
    static String writeArray(List<Map<String, String>> maps) {
        StringBuilder b = new StringBuilder("[");
        for (Map<String, String> m : maps) {
            if (b.length() > 1) {
                b.append(',');
            }
            object(b, m);
        }
        return b.append(']').toString();
    }

    private static void object(StringBuilder b, Map<String, String> map) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            quote(b, e.getKey());
            b.append(':');
            quote(b, e.getValue());
        }
        b.append('}');
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** @throws IllegalArgumentException when {@code json} is not a flat object of strings */
    static Map<String, String> parse(String json) {
        Parser p = new Parser(json);
        p.skip();
        Map<String, String> map = p.object();
        p.end();
        return map;
    }

    /** @throws IllegalArgumentException when {@code json} is not an array of flat objects of strings */
    static List<Map<String, String>> parseArray(String json) {
        Parser p = new Parser(json);
        List<Map<String, String>> list = new ArrayList<>();
        p.skip();
        p.expect('[');
        p.skip();
        if (p.peek() == ']') {
            p.pos++;
        } else {
            while (true) {
                p.skip();
                list.add(p.object());
                p.skip();
                char c = p.next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw p.error();
                }
            }
        }
        p.end();
        return list;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, String> object() {
            Map<String, String> map = new LinkedHashMap<>();
            expect('{');
            skip();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skip();
                String k = string();
                skip();
                expect(':');
                skip();
                map.put(k, string());
                skip();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error();
                }
            }
        }

        void end() {
            skip();
            if (pos != s.length()) {
                throw error();
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw error();
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                throw error();
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error();
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error();
                        }
                        pos += 4;
                    }
                    default -> throw error();
                }
            }
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("not flat JSON of strings at character " + pos);
        }
    }
}
