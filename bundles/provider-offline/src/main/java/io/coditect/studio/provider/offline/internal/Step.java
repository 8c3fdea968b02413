package io.coditect.studio.provider.offline.internal;

import java.util.Objects;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;

/** One event of a planned answer; an {@link OfflineStream} delivers them in order. */
interface Step {

    void deliverTo(ChatListener listener);

    /** Whether this step is an output token; the configured delay precedes every token. */
    default boolean token() {
        return false;
    }

    /** Whether this step ends the stream (onComplete or onError). */
    default boolean terminal() {
        return false;
    }

    record Start(ResponseInfo info) implements Step {
        public Start {
            Objects.requireNonNull(info, "info");
        }

        @Override
        public void deliverTo(ChatListener listener) {
            listener.onStart(info);
        }
    }

    record Text(String text) implements Step {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public void deliverTo(ChatListener listener) {
            listener.onTextDelta(text);
        }

        @Override
        public boolean token() {
            return true;
        }
    }

    record ToolStart(int index, String callId, String toolName) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onToolCallStart(index, callId, toolName);
        }
    }

    record ToolDelta(int index, String fragment) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onToolCallDelta(index, fragment);
        }

        @Override
        public boolean token() {
            return true;
        }
    }

    record ToolEnd(int index) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onToolCallEnd(index);
        }
    }

    record UsageReport(Usage usage) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onUsage(usage);
        }
    }

    record Complete(StopReason reason) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onComplete(reason);
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    record Fail(ProviderException error) implements Step {
        @Override
        public void deliverTo(ChatListener listener) {
            listener.onError(error);
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }
}
