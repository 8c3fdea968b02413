package io.coditect.studio.core.internal.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.session.WorkspaceListing;
import io.coditect.studio.api.store.StoreException;

/**
 * The tools the agent offers the model, run in the session's sandbox through the session service
 * with the rights of the participant whose turn it is. Paths are relative to the project folder.
 */
final class AgentTools {

    static final String LIST = "list_files";
    static final String READ = "read_file";
    static final String WRITE = "write_file";
    static final String DELETE = "delete_file";
    static final String SEARCH = "search_files";
    static final String RUN = "run_command";
    static final String CHECKPOINT = "create_checkpoint";

    /** Tools after which the project may have changed. */
    static final Set<String> CHANGING = Set.of(WRITE, DELETE, RUN);

    static final String PROJECT = "project";
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);
    static final Duration MAX_COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final int LIST_LIMIT = 1000;
    /** Command output kept in memory before bounding (the model gets far less). */
    private static final int CAPTURE_BYTES = 4 << 20;

    static final List<ToolDefinition> DEFINITIONS = List.of(
            new ToolDefinition(LIST, "List files and folders of the project (paths relative to the project).",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":"
                            + "\"folder, empty for the project root\"},\"recursive\":{\"type\":\"boolean\"}}}"),
            new ToolDefinition(READ, "Read a text file of the project.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}"),
            new ToolDefinition(WRITE, "Create or replace a file of the project with the given content.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"content\":{\"type\":"
                            + "\"string\"}},\"required\":[\"path\",\"content\"]}"),
            new ToolDefinition(DELETE, "Delete a file or an empty folder of the project.",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}"),
            new ToolDefinition(SEARCH, "Search the project's text files for a string (or a regular expression);"
                    + " prints file:line:text of the matches.",
                    "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"path\":{\"type\":"
                            + "\"string\"},\"regex\":{\"type\":\"boolean\"}},\"required\":[\"query\"]}"),
            new ToolDefinition(RUN, "Run a shell command in the project folder of the sandbox; prints its output"
                    + " and exit code.",
                    "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},\"timeoutSeconds\":"
                            + "{\"type\":\"integer\",\"minimum\":1,\"maximum\":1800}},\"required\":[\"command\"]}"),
            new ToolDefinition(CHECKPOINT, "Save the project as a git checkpoint the user can restore.",
                    "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":"
                            + "[\"message\"]}"));

    private final SessionService sessions;
    private final ObjectMapper json = new ObjectMapper();

    AgentTools(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Why the call must wait for a person, or null. Malformed calls need none: they fail when run. */
    String approval(ContentPart.ToolCall call, AgentPolicy policy) {
        JsonNode args;
        try {
            args = arguments(call);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return switch (call.toolName()) {
            case RUN -> args.path("command").isTextual() ? policy.commandApproval(args.get("command").asText()) : null;
            case DELETE -> policy.deleteApproval(args.path("path").asText(""));
            default -> null;
        };
    }

    /** Runs the call; a failure is an error output for the model, never an exception. */
    ToolOutput run(ToolContext ctx, ContentPart.ToolCall call) throws InterruptedException {
        int max = ctx.policy().outputChars();
        try {
            JsonNode args = arguments(call);
            return switch (call.toolName()) {
                case LIST -> ToolOutput.ok(list(ctx, args), max);
                case READ -> ToolOutput.ok(read(ctx, args), max);
                case WRITE -> ToolOutput.ok(write(ctx, args), max);
                case DELETE -> ToolOutput.ok(delete(ctx, args), max);
                case SEARCH -> search(ctx, args, max);
                case RUN -> command(ctx, args, max);
                case CHECKPOINT -> ToolOutput.ok(checkpoint(ctx, args), max);
                default -> ToolOutput.failed("there is no tool '" + call.toolName() + "'; the tools are "
                        + DEFINITIONS.stream().map(ToolDefinition::name).toList());
            };
        } catch (IllegalArgumentException | StoreException e) {
            return ToolOutput.bounded(e.getMessage(), max, true);
        }
    }

    private JsonNode arguments(ContentPart.ToolCall call) {
        try {
            JsonNode n = json.readTree(call.argumentsJson());
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("the arguments of " + call.toolName() + " must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the arguments of " + call.toolName() + " are not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode args, String name) {
        JsonNode n = args.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is required and must be a string");
        }
        return n.asText();
    }

    /** A project path as a workspace path; absolute paths must lie in the project. */
    static String inProject(String path) {
        String p = path == null ? "" : path.strip();
        String root = "/home/dev/" + PROJECT;
        if (p.startsWith("/")) {
            if (!(p.equals(root) || p.startsWith(root + "/"))) {
                throw new IllegalArgumentException("'" + path + "' is outside the project: use a path relative to "
                        + root);
            }
            p = p.substring(root.length());
        }
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.substring(p.startsWith("/") ? 1 : 2);
        }
        if (p.equals(".")) {
            p = "";
        }
        return p.isEmpty() ? PROJECT : PROJECT + "/" + p;
    }

    private String list(ToolContext ctx, JsonNode args) {
        String path = inProject(args.path("path").asText(""));
        WorkspaceListing l = sessions.files(ctx.caller(), ctx.orgId(), ctx.sessionId(), path,
                args.path("recursive").asBoolean(false), LIST_LIMIT);
        StringBuilder b = new StringBuilder();
        for (WorkspaceEntry e : l.entries()) {
            String rel = e.path().startsWith(PROJECT + "/") ? e.path().substring(PROJECT.length() + 1) : e.path();
            b.append(e.directory() ? rel + "/" : rel + "  (" + e.size() + " bytes)").append('\n');
        }
        if (l.entries().isEmpty()) {
            b.append("(empty)\n");
        }
        if (l.truncated()) {
            b.append("[listing cut at ").append(LIST_LIMIT).append(" entries]\n");
        }
        return b.toString();
    }

    private String read(ToolContext ctx, JsonNode args) {
        String path = inProject(text(args, "path"));
        try (InputStream in = sessions.readFile(ctx.caller(), ctx.orgId(), ctx.sessionId(), path)) {
            byte[] head = in.readNBytes(CAPTURE_BYTES + 1);
            for (byte x : head) {
                if (x == 0) {
                    return path + " is a binary file; read it with a command (od, file, …) instead";
                }
            }
            String s = new String(head, StandardCharsets.UTF_8);
            return head.length > CAPTURE_BYTES ? s + "\n[the file continues beyond " + CAPTURE_BYTES
                    + " bytes: read the rest with a command such as tail]" : s;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private String write(ToolContext ctx, JsonNode args) {
        String path = inProject(text(args, "path"));
        byte[] content = text(args, "content").getBytes(StandardCharsets.UTF_8);
        WorkspaceEntry e = sessions.writeFile(ctx.caller(), ctx.orgId(), ctx.sessionId(), path,
                new java.io.ByteArrayInputStream(content));
        return "wrote " + e.size() + " bytes to " + e.path().substring(PROJECT.length() + 1);
    }

    private String delete(ToolContext ctx, JsonNode args) {
        String path = inProject(text(args, "path"));
        if (path.equals(PROJECT)) {
            throw new IllegalArgumentException("the project folder itself cannot be deleted");
        }
        return sessions.deleteFile(ctx.caller(), ctx.orgId(), ctx.sessionId(), path) ? "deleted " + path
                : "nothing to delete at " + path;
    }

    private String checkpoint(ToolContext ctx, JsonNode args) {
        CheckpointRecord cp = sessions.checkpoint(ctx.caller(), ctx.orgId(), ctx.sessionId(), text(args, "message"),
                false);
        if (cp == null) {
            return "nothing changed since the last checkpoint: none created";
        }
        ctx.checkpointed().accept(cp);
        return "checkpoint " + cp.id() + " created (commit " + cp.commitId() + ")";
    }

    private ToolOutput search(ToolContext ctx, JsonNode args, int max) throws InterruptedException {
        String query = text(args, "query");
        if (query.isEmpty()) {
            throw new IllegalArgumentException("'query' must not be empty");
        }
        String folder = inProject(args.path("path").asText(""));
        String where = folder.equals(PROJECT) ? "." : folder.substring(PROJECT.length() + 1);
        ExecRequest r = new ExecRequest(List.of("grep", "-rIn", args.path("regex").asBoolean(false) ? "-E" : "-F",
                "--exclude-dir=.git", "--exclude-dir=node_modules", "-m", "50", "-e", query, "--", where), PROJECT,
                null, Duration.ofSeconds(60));
        Captured c = exec(ctx, r);
        if (c.result().termination() == ExecResult.Termination.EXITED && c.result().exitCode() == 1) {
            return ToolOutput.ok("no matches for '" + query + "'", max);
        }
        return ToolOutput.bounded(c.output(), max, !c.result().succeeded());
    }

    private ToolOutput command(ToolContext ctx, JsonNode args, int max) throws InterruptedException {
        String command = text(args, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("'command' must not be empty");
        }
        Duration timeout = DEFAULT_COMMAND_TIMEOUT;
        if (args.has("timeoutSeconds")) {
            long s = args.get("timeoutSeconds").asLong(-1);
            if (s < 1 || s > MAX_COMMAND_TIMEOUT.toSeconds()) {
                throw new IllegalArgumentException("'timeoutSeconds' must be between 1 and "
                        + MAX_COMMAND_TIMEOUT.toSeconds());
            }
            timeout = Duration.ofSeconds(s);
        }
        Captured c = exec(ctx, new ExecRequest(List.of("sh", "-c", command), PROJECT, null, timeout));
        ExecResult r = c.result();
        String status = switch (r.termination()) {
            case EXITED -> "exit code " + r.exitCode();
            case TIMED_OUT -> "stopped after the timeout of " + timeout.toSeconds() + " s";
            case OUT_OF_MEMORY -> "killed: out of memory";
            case CANCELLED -> "cancelled";
            case KILLED -> "killed" + (r.message().isEmpty() ? "" : ": " + r.message());
        };
        String out = c.output();
        ToolOutput bounded = ToolOutput.bounded(out, max - 100, !r.succeeded());
        return new ToolOutput(bounded.text() + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[" + status + "]",
                bounded.error(), bounded.truncated(), bounded.originalChars());
    }

    private record Captured(String output, ExecResult result) {
    }

    /** Runs a command to its end, stdout and stderr interleaved as they come. */
    private Captured exec(ToolContext ctx, ExecRequest request) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<ExecResult> done = new CompletableFuture<>();
        ExecHandle h = sessions.exec(ctx.caller(), ctx.orgId(), ctx.sessionId(), request, new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                synchronized (out) {
                    int room = CAPTURE_BYTES - out.size();
                    out.write(chunk, 0, Math.max(0, Math.min(room, chunk.length)));
                }
            }

            @Override
            public void onExit(ExecResult result) {
                done.complete(result);
            }
        });
        ctx.running().accept(h::cancel);
        try {
            ExecResult r = done.get();
            synchronized (out) {
                return new Captured(out.toString(StandardCharsets.UTF_8), r);
            }
        } catch (InterruptedException e) {
            h.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("the command failed: " + e.getCause().getMessage());
        } finally {
            ctx.running().accept(null);
        }
    }
}
