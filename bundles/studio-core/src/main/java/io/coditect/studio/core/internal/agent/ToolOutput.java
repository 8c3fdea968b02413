package io.coditect.studio.core.internal.agent;

/**
 * A tool's output as the model and the participants get it: bounded (the start and the end kept,
 * since errors are usually at the end) and, for the model, fenced as untrusted data so text from
 * files or commands cannot pass for instructions.
 *
 * @param text          the bounded output
 * @param error         whether the tool failed or was refused
 * @param truncated     whether characters were cut
 * @param originalChars length before bounding
 */
record ToolOutput(String text, boolean error, boolean truncated, int originalChars) {

    private static final java.util.regex.Pattern CLOSE = java.util.regex.Pattern.compile("(?i)<\\s*/\\s*tool_output");

    static ToolOutput ok(String raw, int max) {
        return bounded(raw, max, false);
    }

    static ToolOutput failed(String message) {
        return new ToolOutput(message, true, false, message.length());
    }

    static ToolOutput bounded(String raw, int max, boolean error) {
        String s = raw == null ? "" : raw;
        if (s.length() <= max) {
            return new ToolOutput(s, error, false, s.length());
        }
        int tail = max / 4;
        int head = max - tail;
        String cut = s.substring(0, head) + "\n[… " + (s.length() - max) + " characters cut …]\n"
                + s.substring(s.length() - tail);
        return new ToolOutput(cut, error, true, s.length());
    }

    /** The text the model gets: fenced, with any closing fence inside the data defused. */
    String forModel(String tool) {
        String data = CLOSE.matcher(text).replaceAll("</tool_output\u200b");
        return "<tool_output tool=\"" + tool + "\" trust=\"untrusted\"" + (error ? " error=\"true\"" : "")
                + (truncated ? " truncated=\"true\"" : "") + ">\n" + data + "\n</tool_output>";
    }
}
