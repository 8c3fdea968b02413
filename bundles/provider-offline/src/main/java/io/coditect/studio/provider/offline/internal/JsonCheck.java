package io.coditect.studio.provider.offline.internal;

/**
 * A strict RFC 8259 syntax check, just enough to tell whether a {@code /tool} line carries one JSON
 * object. It builds no tree: the provider forwards the text unchanged.
 */
final class JsonCheck {

    /** Deeper nesting is refused rather than risking the stack. */
    static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private JsonCheck(String s) {
        this.s = s;
    }

    /**
     * @return null when {@code text} is exactly one JSON object (surrounding whitespace allowed),
     *         otherwise a short reason naming the 1-based character position
     */
    static String objectError(String text) {
        if (text == null) {
            return "no JSON given";
        }
        JsonCheck c = new JsonCheck(text);
        try {
            c.skipWhitespace();
            if (c.pos >= text.length() || text.charAt(c.pos) != '{') {
                throw c.invalid("expected a JSON object starting with '{'");
            }
            c.value(0);
            c.skipWhitespace();
            if (c.pos < text.length()) {
                throw c.invalid("unexpected text after the JSON object");
            }
            return null;
        } catch (Invalid e) {
            return e.getMessage();
        }
    }

    private void value(int depth) throws Invalid {
        if (depth >= MAX_DEPTH) {
            throw invalid("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipWhitespace();
        if (pos >= s.length()) {
            throw invalid("unexpected end, expected a value");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || isDigit(c)) {
                    number();
                } else {
                    throw invalid("unexpected character '" + printable(c) + "'");
                }
            }
        }
    }

    private void object(int depth) throws Invalid {
        pos++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw invalid("expected a member name in double quotes");
            }
            string();
            skipWhitespace();
            expect(':');
            value(depth + 1);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return;
            } else {
                throw invalid("expected ',' or '}'");
            }
        }
    }

    private void array(int depth) throws Invalid {
        pos++; // '['
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth + 1);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return;
            } else {
                throw invalid("expected ',' or ']'");
            }
        }
    }

    private void string() throws Invalid {
        pos++; // opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c < 0x20) {
                throw invalid("unescaped control character in a string");
            }
            if (c == '\\') {
                pos++;
                char e = peek();
                switch (e) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos++;
                    case 'u' -> {
                        pos++;
                        for (int i = 0; i < 4; i++) {
                            if (pos >= s.length() || Character.digit(s.charAt(pos), 16) < 0) {
                                throw invalid("expected four hex digits after \\u");
                            }
                            pos++;
                        }
                    }
                    default -> throw invalid("invalid escape sequence in a string");
                }
            } else {
                pos++;
            }
        }
        throw invalid("unterminated string");
    }

    private void number() throws Invalid {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw invalid("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw invalid("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw invalid("expected a digit in the exponent");
            }
            digits();
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private void literal(String word) throws Invalid {
        if (!s.startsWith(word, pos)) {
            throw invalid("unexpected character '" + printable(s.charAt(pos)) + "'");
        }
        pos += word.length();
    }

    private void expect(char c) throws Invalid {
        if (peek() != c) {
            throw invalid("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The current character, or NUL at the end (NUL is never valid where peek is used). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private Invalid invalid(String why) {
        return new Invalid(pos >= s.length() ? why + " at the end of the text" : why + " at character " + (pos + 1));
    }

    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
