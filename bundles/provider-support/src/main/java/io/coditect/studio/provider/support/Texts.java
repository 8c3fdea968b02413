package io.coditect.studio.provider.support;

/** Renders untrusted text (configuration values, vendor messages) for messages and logs. */
final class Texts {

    private Texts() {
    }

    /**
     * {@code s} with control and format characters escaped as {@code \\uXXXX} and cut after
     * {@code max} code points (marked with {@code …}); {@code null} gives {@code "null"}.
     */
    static String printable(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int[] count = { 0 };
        s.codePoints().limit(max).forEach(cp -> {
            count[0]++;
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return s.codePointCount(0, s.length()) > max ? b + "…" : b.toString();
    }
}
