package io.coditect.studio.core.internal.agent;

import java.util.function.Consumer;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.CheckpointRecord;

/**
 * Where and for whom a tool runs: the session, the participant whose turn it is (tools act with
 * that person's rights), the organisation's policy, and the turn's hooks.
 *
 * @param running      told the handle of a started command, so a cancel can stop it; null when it ends
 * @param checkpointed told of a checkpoint the tool created
 */
record ToolContext(Caller caller, String orgId, String sessionId, AgentPolicy policy,
        Consumer<Runnable> running, Consumer<CheckpointRecord> checkpointed) {
}
