package io.coditect.studio.itests.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.llm.Usage;

/** Answers with the last user message; exists to be hot-deployed by the itests. */
@Component(service = LlmProvider.class, immediate = true, property = {"studio.plugin.id=itest-echo",
        "studio.plugin.kind=provider", "studio.plugin.name=Itest echo (hot-deployed)"})
public class EchoProvider implements LlmProvider {

    @Override
    public String id() {
        return "itest-echo";
    }

    @Override
    public String displayName() {
        return "Itest echo (hot-deployed)";
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("echo-1", "Echo 1", Set.of(Capability.CHAT), 4096, BigDecimal.ZERO,
                BigDecimal.ZERO));
    }

    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        listener.onStart(new ResponseInfo(id(), request.model(), true));
        String text = request.messages().isEmpty() ? "" : request.messages().get(request.messages().size() - 1).text();
        listener.onTextDelta(text);
        listener.onUsage(Usage.of(text.length(), text.length()));
        listener.onComplete(StopReason.END_TURN);
        return () -> {
        };
    }
}
