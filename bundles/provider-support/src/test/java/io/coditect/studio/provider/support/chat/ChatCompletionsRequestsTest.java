package io.coditect.studio.provider.support.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.provider.support.Json;
import org.junit.Test;

/** The request mapping and the dialect's request hooks. */
public class ChatCompletionsRequestsTest {

    private static final ModelInfo ALL = new ModelInfo("gpt-x", "X", Set.of(Capability.CHAT, Capability.TOOLS,
            Capability.VISION), 128000, null, null);
    private static final ModelInfo TEXT = new ModelInfo("text", "Text", Set.of(Capability.CHAT), 8000, null, null);

    private static JsonNode json(ChatRequest request, ModelInfo model, ChatCompletionsDialect dialect) {
        try {
            return Json.MAPPER.readTree(ChatCompletionsRequests.toJson("p", request, model, dialect));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void minimalRequest() {
        assertEquals("{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":1024,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                json(ChatRequest.of("gpt-x", List.of(ChatMessage.user("Hello"))), ALL, ChatCompletionsDialect.STANDARD)
                        .toString());
    }

    @Test
    public void everyPartIsMapped() {
        ChatRequest request = new ChatRequest("gpt-x", "Be brief.", List.of(
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.Text("What is this? "),
                        new ContentPart.Image("image/PNG", "iVBORw0KGgo="), new ContentPart.Text("Thanks."))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("call_1", "look", "{\"x\": 1}"),
                        new ContentPart.ToolCall("call_2", "now", null))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("call_1", "a cat", false),
                        new ContentPart.ToolResult("call_2", "no clock", true), new ContentPart.Text("see also"),
                        new ContentPart.Image("image/jpeg", "/9j/4AAQ"))),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("A cat."))),
                new ChatMessage(ChatRole.USER, List.of(new ContentPart.ToolResult("call_3", "", false),
                        new ContentPart.Text("")))),
                List.of(new ToolDefinition("look", "Looks", "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}"),
                        new ToolDefinition("now", "", null)),
                300, 0.5);
        JsonNode expected = parse("{\"model\":\"gpt-x\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this? \"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
                + "{\"type\":\"text\",\"text\":\"Thanks.\"}]},"
                + "{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"x\\\": 1}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"a cat\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"Error: no clock\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see also\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/4AAQ\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"A cat.\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_3\",\"content\":\"\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\",\"description\":\"Looks\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"now\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"max_tokens\":300,\"temperature\":0.5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertEquals(expected, json(request, ALL, ChatCompletionsDialect.STANDARD));
    }

    @Test
    public void dialectHooksShapeTheRequest() {
        ChatCompletionsDialect dialect = new ChatCompletionsDialect() {
            @Override
            public String maxTokensField(ModelInfo model) {
                return MAX_COMPLETION_TOKENS;
            }

            @Override
            public Double temperature(ModelInfo model, Double requested) {
                return requested == null ? null : Math.min(requested, 1.0);
            }

            @Override
            public boolean requestUsage() {
                return false;
            }

            @Override
            public void customizeAssistantMessage(ObjectNode message, ChatMessage source, ModelInfo model) {
                if (message.has("tool_calls")) {
                    message.put("reasoning_content", ".");
                }
            }

            @Override
            public void customizeRequest(ObjectNode body, ChatRequest request, ModelInfo model) {
                body.put("n", 1);
            }
        };
        ChatRequest request = new ChatRequest("gpt-x", "", List.of(ChatMessage.user("hi"),
                new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.Text("Let me see."),
                        new ContentPart.ToolCall("c1", "t", "{}"))),
                new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("c1", "ok", false)))),
                List.of(), 50, 1.7);
        assertEquals(parse("{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Let me see.\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"t\",\"arguments\":\"{}\"}}],\"reasoning_content\":\".\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}],"
                + "\"max_completion_tokens\":50,\"temperature\":1.0,\"stream\":true,\"n\":1}"), json(request, ALL, dialect));
    }

    @Test
    public void requestsInvalidOnTheirFaceAreRefused() {
        assertBad("model 'text' does not accept images (it lacks the VISION capability)", TEXT, ChatRequest.of("text",
                List.of(new ChatMessage(ChatRole.USER, List.of(new ContentPart.Image("image/png", "AAAA"))))));
        assertBad("model 'text' does not support tools", TEXT, new ChatRequest("text", "", List.of(ChatMessage.user("x")),
                List.of(new ToolDefinition("t", "", null)), 10, null));
        assertBad("tool 't': parametersSchema is not valid JSON", ALL, new ChatRequest("gpt-x", "",
                List.of(ChatMessage.user("x")), List.of(new ToolDefinition("t", "", "{")), 10, null));
        assertBad("tool 't': parametersSchema must be a JSON object", ALL, new ChatRequest("gpt-x", "",
                List.of(ChatMessage.user("x")), List.of(new ToolDefinition("t", "", "[1]")), 10, null));
        assertBad("an image of type 'text/plain'", ALL, ChatRequest.of("gpt-x", List.of(new ChatMessage(ChatRole.USER,
                List.of(new ContentPart.Image("text/plain", "AAAA"))))));
        assertBad("an image without data", ALL, ChatRequest.of("gpt-x", List.of(new ChatMessage(ChatRole.USER,
                List.of(new ContentPart.Image("image/png", " "))))));
        assertBad("message 1 (USER) has a tool call", ALL, ChatRequest.of("gpt-x", List.of(new ChatMessage(
                ChatRole.USER, List.of(new ContentPart.ToolCall("c", "t", "{}"))))));
        assertBad("message 1 (ASSISTANT) has an image", ALL, ChatRequest.of("gpt-x", List.of(new ChatMessage(
                ChatRole.ASSISTANT, List.of(new ContentPart.Image("image/png", "AAAA"))))));
        assertBad("message 1 (ASSISTANT) has a tool result", ALL, ChatRequest.of("gpt-x", List.of(new ChatMessage(
                ChatRole.ASSISTANT, List.of(new ContentPart.ToolResult("c", "x", false))))));
        assertBad("message 1 (ASSISTANT): the arguments of tool call 'c' is not valid JSON", ALL, ChatRequest.of("gpt-x",
                List.of(new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("c", "t", "{\"a\""))))));
        assertBad("the request has no message with content", ALL, new ChatRequest("gpt-x", "system only",
                List.of(ChatMessage.user(""), ChatMessage.assistant("")), List.of(), 10, null));
    }

    private static void assertBad(String part, ModelInfo model, ChatRequest request) {
        ProviderException e = assertThrows(ProviderException.class,
                () -> ChatCompletionsRequests.toJson("p", request, model, ChatCompletionsDialect.STANDARD));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertEquals("p", e.providerId());
        assertTrue(e.getMessage(), e.getMessage().startsWith("p: "));
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }
}
