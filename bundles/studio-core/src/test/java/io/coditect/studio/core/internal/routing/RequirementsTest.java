package io.coditect.studio.core.internal.routing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.llm.ToolDefinition;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.routing.TaskType;
import org.junit.Test;

public class RequirementsTest {

    private static RoutedRequest request(TaskType task, List<ChatMessage> messages, List<ToolDefinition> tools) {
        return RoutedRequest.of("r", new ChatRequest("", "", messages, tools, 1000, null)).withTask(task);
    }

    @Test
    public void taskTypeRequiresItsCapability() {
        for (TaskType t : TaskType.values()) {
            assertEquals(EnumSet.of(t.capability()),
                    Requirements.of(request(t, List.of(ChatMessage.user("hi")), List.of())).capabilities());
        }
    }

    @Test
    public void imagesNeedVisionAndToolsNeedTools() {
        ChatMessage withImage = new ChatMessage(ChatRole.USER,
                List.of(new ContentPart.Text("what is this?"), new ContentPart.Image("image/png", "AAAA")));
        Requirements r = Requirements.of(request(TaskType.CODE, List.of(withImage),
                List.of(new ToolDefinition("read_file", "reads", null))));
        assertEquals(EnumSet.of(Capability.CODE, Capability.VISION, Capability.TOOLS), r.capabilities());
        assertTrue(r.estimatedInputTokens() >= Requirements.TOKENS_PER_IMAGE);
    }

    @Test
    public void toolCallsInTheHistoryNeedTools() {
        ChatMessage call = new ChatMessage(ChatRole.ASSISTANT, List.of(new ContentPart.ToolCall("c1", "ls", "{}")));
        ChatMessage result = new ChatMessage(ChatRole.TOOL, List.of(new ContentPart.ToolResult("c1", "a b", false)));
        assertTrue(Requirements.of(request(TaskType.CHAT, List.of(call, result), List.of())).capabilities()
                .contains(Capability.TOOLS));
    }

    @Test
    public void longPromptNeedsAWindowThatHoldsPromptAndAnswer() {
        String prompt = "x".repeat(30_000);
        Requirements r = Requirements.of(request(TaskType.CHAT, List.of(ChatMessage.user(prompt)), List.of()));
        assertEquals(10_000 + Requirements.TOKENS_PER_MESSAGE, r.estimatedInputTokens());
        assertFalse(r.fits(ScriptedProvider.model("small", 8_192, "0", "0")));
        assertFalse(r.fits(ScriptedProvider.model("edge", 11_000, "0", "0")));
        assertTrue(r.fits(ScriptedProvider.model("big", 11_004, "0", "0")));
    }
}
