#!/usr/bin/env bash
# Many sessions streaming at once through the real WebSocket transport of the built assembly (mvn -B
# -ntp install -DskipTests first): N sessions in the process sandbox, each chatting with the offline
# provider turn after turn at a token delay that sets its rate, K clients on each; lost and reordered
# events, and latency from the event's publication to each client's receipt.
# Usage: bench/ws-sessions.sh [sessions=200] [clients per session=1] [seconds=30] [token delay ms=20].
# Runs from bench/target/ws-sessions.
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
sessions=${1:-200}; watchers=${2:-1}; seconds=${3:-30}; delay=${4:-20}
classes="$root/bench/target/ws-classes"
rm -rf "$classes" && javac -d "$classes" "$root"/bench/ws/*.java
unpack "$root/bench/target/ws-sessions"
echo "token.delay.ms = $delay" > "$work/etc/io.coditect.studio.provider.offline.cfg"
trap stop_karaf EXIT
"$work/bin/start"; wait_up; login
echo "== CODITECT Studio: $sessions sessions streaming over WebSocket ($(nproc) cores, $(java -version 2>&1 | head -1)) =="
java -Xmx2g -cp "$classes" WsSessions "http://127.0.0.1:$port" "$token" "$sessions" "$watchers" "$seconds"
