package io.coditect.studio.provider.offline.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.llm.Usage;

/**
 * Turns a request into the complete, deterministic list of events of its answer. Pure: the same
 * request always gives the same plan. The triggers it understands are documented in README.md.
 */
final class AnswerPlanner {

    static final String PROVIDER_ID = "offline";
    static final String MODEL_ID = "offline-echo";
    static final String TOOL_COMMAND = "/tool";
    static final String FAIL_COMMAND = "/fail";
    static final String CALL_ID_PREFIX = "offline-call-";
    static final Duration RATE_LIMIT_RETRY_AFTER = Duration.ofSeconds(1);

    static final String INTRO = "[offline] This answer comes from the offline provider of CODITECT Studio:"
            + " no LLM was contacted and the answer is simulated.";
    static final String HOW_TO = "To get real answers, configure an LLM provider plugin with its API key"
            + " (an OSGi configuration, for example a .cfg file in Karaf's etc/ directory) and choose one of"
            + " its models instead of \"" + MODEL_ID + "\".";

    /** A word with the whitespace after it, or leading whitespace: one streamed piece, one token. */
    private static final Pattern PIECE = Pattern.compile("\\S+\\s*|\\s+");
    private static final int ECHO_MAX_LINES = 12;
    private static final int ECHO_MAX_CHARS = 1000;
    private static final int RESULT_MAX_LINES = 3;
    private static final int LINE_MAX_CHARS = 160;
    private static final int CUT_PIECES = 4;
    private static final int TOKENS_PER_IMAGE = 1000;
    private static final int ARGUMENT_FRAGMENTS = 3;

    private AnswerPlanner() {
    }

    /** The events answering {@code request}, starting with onStart (except for a pre-stream /fail). */
    static List<Step> plan(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && (last.role() == ChatRole.TOOL || hasToolResults(last))) {
            return textAnswer(request, toolResultSummary(request, last));
        }
        if (last != null && last.role() == ChatRole.USER) {
            return userTurn(request, last);
        }
        return textAnswer(request, INTRO + "\n" + HOW_TO + "\n\nThere is no new user message to answer.\n");
    }

    // --- user turn: /fail, /tool or echo -------------------------------------------------------

    private static List<Step> userTurn(ChatRequest request, ChatMessage last) {
        List<String> lines = last.text().lines().collect(Collectors.toList());
        for (String line : lines) {
            String kind = commandArgument(line, FAIL_COMMAND);
            if (kind != null) {
                return failAnswer(request, kind);
            }
        }
        Set<String> offered = request.tools().stream().map(ToolDefinition::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<ToolTrigger> triggers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            String argument = commandArgument(line, TOOL_COMMAND);
            if (argument == null) {
                continue;
            }
            if (argument.isEmpty()) {
                problems.add("A " + TOOL_COMMAND + " line has no tool name.");
                continue;
            }
            int space = firstWhitespace(argument);
            String name = space < 0 ? argument : argument.substring(0, space);
            String json = space < 0 ? "" : argument.substring(space).strip();
            if (json.isEmpty()) {
                json = "{}";
            }
            boolean ok = true;
            if (!offered.isEmpty() && !offered.contains(name)) {
                problems.add("Unknown tool \"" + StudioIds.printable(name) + "\": this request does not offer it.");
                ok = false;
            }
            String jsonError = JsonCheck.objectError(json);
            if (jsonError != null) {
                problems.add("The arguments for \"" + StudioIds.printable(name) + "\" are not a valid JSON object: "
                        + jsonError + ".");
                ok = false;
            }
            if (ok) {
                triggers.add(new ToolTrigger(name, json));
            }
        }
        if (!problems.isEmpty()) {
            return textAnswer(request, triggerProblems(request, problems));
        }
        if (!triggers.isEmpty()) {
            return toolAnswer(request, triggers);
        }
        return textAnswer(request, echo(last));
    }

    /**
     * @return the text after {@code command} when {@code line} (leading and trailing whitespace
     *         ignored) is that command, "" when nothing follows it, null when it is another line
     */
    static String commandArgument(String line, String command) {
        String s = line.strip();
        if (!s.startsWith(command)) {
            return null;
        }
        if (s.length() == command.length()) {
            return "";
        }
        return Character.isWhitespace(s.charAt(command.length())) ? s.substring(command.length()).strip() : null;
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String triggerProblems(ChatRequest request, List<String> problems) {
        StringBuilder b = new StringBuilder(INTRO).append("\n\n");
        b.append("No tool call was made, because of the ").append(TOOL_COMMAND).append(" line(s) in your message:\n");
        problems.forEach(p -> b.append("- ").append(p).append('\n'));
        if (!request.tools().isEmpty()) {
            b.append("Available tools: ")
                    .append(request.tools().stream().map(ToolDefinition::name).collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        b.append("Write each call on its own line as ").append(TOOL_COMMAND)
                .append(" <name> <json-object>, for example: ").append(TOOL_COMMAND)
                .append(" run_command {\"command\":\"echo hi\"}\n");
        return b.toString();
    }

    private static String echo(ChatMessage last) {
        StringBuilder b = new StringBuilder(INTRO).append('\n').append(HOW_TO).append("\n\n");
        String text = last.text();
        if (text.isBlank()) {
            b.append("Your last message contains no text.\n");
        } else {
            List<String> lines = text.lines().collect(Collectors.toList());
            long words = Arrays.stream(text.strip().split("\\s+")).count();
            int chars = text.codePointCount(0, text.length());
            b.append("Your last message (").append(plural(lines.size(), "line")).append(", ")
                    .append(plural(words, "word")).append(", ").append(plural(chars, "character")).append("):\n");
            int shown = 0;
            int budget = ECHO_MAX_CHARS;
            for (String line : lines) {
                if (shown == ECHO_MAX_LINES || budget <= 0) {
                    b.append("> …\n(shortened)\n");
                    break;
                }
                String cut = shorten(line, Math.min(budget, LINE_MAX_CHARS * 2));
                b.append("> ").append(cut).append('\n');
                budget -= cut.length();
                shown++;
            }
        }
        long images = last.content().stream().filter(ContentPart.Image.class::isInstance).count();
        if (images > 0) {
            b.append("It also contains ").append(plural(images, "image"))
                    .append(", which the offline provider cannot look at.\n");
        }
        return b.toString();
    }

    // --- tool results ----------------------------------------------------------------------------

    private static boolean hasToolResults(ChatMessage message) {
        return message.content().stream().anyMatch(ContentPart.ToolResult.class::isInstance);
    }

    private static String toolResultSummary(ChatRequest request, ChatMessage last) {
        Map<String, String> toolNames = new HashMap<>();
        for (ChatMessage m : request.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall call) {
                    toolNames.put(call.callId(), call.toolName());
                }
            }
        }
        List<ContentPart.ToolResult> results = last.content().stream()
                .filter(ContentPart.ToolResult.class::isInstance).map(ContentPart.ToolResult.class::cast)
                .collect(Collectors.toList());
        StringBuilder b = new StringBuilder(INTRO).append("\n\n");
        if (results.isEmpty()) {
            b.append("The last message holds no tool results.\n");
            return b.toString();
        }
        b.append("Received ").append(plural(results.size(), "tool result")).append(":\n");
        for (ContentPart.ToolResult r : results) {
            List<String> lines = r.content().lines().collect(Collectors.toList());
            b.append("- ").append(StudioIds.printable(toolNames.getOrDefault(r.callId(), "unknown tool")))
                    .append(" (").append(StudioIds.printable(r.callId())).append("): ")
                    .append(r.error() ? "ERROR" : "ok").append(", ").append(plural(lines.size(), "line"));
            if (lines.isEmpty()) {
                b.append(", empty\n");
                continue;
            }
            b.append('\n');
            lines.stream().limit(RESULT_MAX_LINES)
                    .forEach(l -> b.append("  > ").append(shorten(l, LINE_MAX_CHARS)).append('\n'));
            if (lines.size() > RESULT_MAX_LINES) {
                b.append("  > … (").append(plural(lines.size() - RESULT_MAX_LINES, "more line")).append(")\n");
            }
        }
        return b.toString();
    }

    // --- /fail ---------------------------------------------------------------------------------

    private static List<Step> failAnswer(ChatRequest request, String argument) {
        ProviderException.Kind kind = parseKind(argument);
        if (kind == null) {
            String known = Arrays.stream(ProviderException.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            return textAnswer(request, INTRO + "\n\nThe " + FAIL_COMMAND + " line names "
                    + (argument.isEmpty() ? "no failure kind" : "an unknown failure kind \"" + StudioIds.printable(argument) + "\"")
                    + ". Use one of: " + known + ".\n");
        }
        ProviderException error = new ProviderException(kind, PROVIDER_ID,
                "offline provider: simulated " + kind.name().toLowerCase(Locale.ROOT) + " failure requested by "
                        + FAIL_COMMAND,
                kind == ProviderException.Kind.RATE_LIMITED ? RATE_LIMIT_RETRY_AFTER : null, null);
        List<Step> steps = new ArrayList<>();
        if (kind == ProviderException.Kind.CUT_MID_STREAM) {
            steps.add(start(request));
            pieces(INTRO + " This simulated answer breaks off in the middle").stream().limit(CUT_PIECES)
                    .forEach(p -> steps.add(new Step.Text(p)));
        }
        steps.add(new Step.Fail(error));
        return steps;
    }

    /** Kind names in any case, with '-' or '_'; null when unknown. */
    static ProviderException.Kind parseKind(String argument) {
        String name = argument.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ProviderException.Kind k : ProviderException.Kind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    // --- building streams ------------------------------------------------------------------------

    private static Step start(ChatRequest request) {
        return new Step.Start(new ResponseInfo(PROVIDER_ID, request.model(), true));
    }

    private static List<Step> textAnswer(ChatRequest request, String text) {
        List<Step> steps = new ArrayList<>();
        steps.add(start(request));
        List<String> pieces = pieces(text);
        StopReason reason = StopReason.END_TURN;
        if (pieces.size() > request.maxTokens()) {
            pieces = pieces.subList(0, request.maxTokens());
            reason = StopReason.MAX_TOKENS;
        }
        pieces.forEach(p -> steps.add(new Step.Text(p)));
        steps.add(new Step.UsageReport(Usage.of(inputTokens(request), pieces.size())));
        steps.add(new Step.Complete(reason));
        return steps;
    }

    private static List<Step> toolAnswer(ChatRequest request, List<ToolTrigger> triggers) {
        List<Step> steps = new ArrayList<>();
        steps.add(start(request));
        String names = triggers.stream().map(ToolTrigger::name).map(StudioIds::printable)
                .collect(Collectors.joining(", "));
        List<String> preface = pieces("[offline] Offline provider, no LLM contacted: calling " + names
                + (triggers.size() == 1 ? " as a " + TOOL_COMMAND + " line asks" : " as " + TOOL_COMMAND + " lines ask")
                + ".\n");
        preface.forEach(p -> steps.add(new Step.Text(p)));
        int output = preface.size();
        Set<String> usedIds = new HashSet<>();
        for (ChatMessage m : request.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall call) {
                    usedIds.add(call.callId());
                } else if (p instanceof ContentPart.ToolResult result) {
                    usedIds.add(result.callId());
                }
            }
        }
        int n = 1;
        for (int index = 0; index < triggers.size(); index++) {
            while (usedIds.contains(CALL_ID_PREFIX + n)) {
                n++;
            }
            String callId = CALL_ID_PREFIX + n;
            usedIds.add(callId);
            ToolTrigger t = triggers.get(index);
            steps.add(new Step.ToolStart(index, callId, t.name()));
            for (String fragment : fragments(t.json(), ARGUMENT_FRAGMENTS)) {
                steps.add(new Step.ToolDelta(index, fragment));
                output++;
            }
            steps.add(new Step.ToolEnd(index));
        }
        steps.add(new Step.UsageReport(Usage.of(inputTokens(request), output)));
        steps.add(new Step.Complete(StopReason.TOOL_USE));
        return steps;
    }

    /** Splits text into word-with-trailing-whitespace pieces; they concatenate to the text. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    /** Up to {@code count} non-empty fragments concatenating to {@code s}, never splitting a surrogate pair. */
    static List<String> fragments(String s, int count) {
        List<String> out = new ArrayList<>();
        int size = Math.max(1, (s.length() + count - 1) / count);
        int from = 0;
        while (from < s.length()) {
            int to = Math.min(s.length(), from + size);
            if (to < s.length() && Character.isHighSurrogate(s.charAt(to - 1))) {
                to++;
            }
            out.add(s.substring(from, to));
            from = to;
        }
        return out;
    }

    /** Deterministic estimate: about four characters per token over system, tools and messages. */
    static long inputTokens(ChatRequest request) {
        long chars = request.system().length();
        for (ToolDefinition t : request.tools()) {
            chars += t.name().length() + t.description().length() + t.parametersSchema().length();
        }
        for (ChatMessage m : request.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.Text text) {
                    chars += text.text().length();
                } else if (p instanceof ContentPart.Image) {
                    chars += 4L * TOKENS_PER_IMAGE;
                } else if (p instanceof ContentPart.ToolCall call) {
                    chars += call.toolName().length() + call.argumentsJson().length();
                } else if (p instanceof ContentPart.ToolResult result) {
                    chars += result.content().length();
                }
            }
        }
        return (chars + 3) / 4;
    }

    private static String shorten(String line, int max) {
        if (line.length() <= max) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
        return line.substring(0, end) + "…";
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** One well-formed {@code /tool} line. */
    record ToolTrigger(String name, String json) {
    }
}
