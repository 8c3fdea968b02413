#!/usr/bin/env bash
# Session event fan-out through the real WebSocket transport of the built assembly (mvn -B -ntp
# install -DskipTests first): N clients on one session, presence events posted at a fixed rate;
# latency from the POST to each client's receipt, lost and reordered events.
# Usage: bench/ws-fanout.sh [clients=1000] [events=200] [per second=50] [client=raw|jdk]. Runs from bench/target/ws-fanout.
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
clients=${1:-1000}; events=${2:-200}; rate=${3:-50}; client=${4:-raw}
classes="$root/bench/target/ws-classes"
rm -rf "$classes" && javac -d "$classes" "$root"/bench/ws/*.java
unpack "$root/bench/target/ws-fanout"
trap stop_karaf EXIT
"$work/bin/start"; wait_up; login
echo "== CODITECT Studio WebSocket fan-out ($(nproc) cores, $(java -version 2>&1 | head -1)) =="
java -Xmx1g -cp "$classes" WsFanout "http://127.0.0.1:$port" "$token" "$clients" "$events" "$rate" "$client"
