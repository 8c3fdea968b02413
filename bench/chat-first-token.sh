#!/usr/bin/env bash
# Orchestrator overhead on the first token of a chat turn (issue 6 target: <= 5 ms over the
# provider's own): ChatAgent.send -> first TEXT_DELTA at a subscriber of the session's stream, less
# the provider's own stream() -> first delta. Real H2 database, session manager, event hub and
# agent; a provider that answers at once from its own thread. Rows: conversations of 0, 50 and 400
# earlier messages (the agent loads the conversation for every turn).
# Needs a build: mvn -B install -DskipTests at the top.
# Usage: bench/chat-first-token.sh [turns per row=300]
set -euo pipefail
. "$(dirname "$0")/lib/module-classpath.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
cp=$(module_classpath bundles/studio-core)
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Xmx1g -cp "$cp" \
    io.coditect.studio.core.internal.agent.AgentFirstTokenBench "$@"
