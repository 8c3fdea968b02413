#!/usr/bin/env bash
# Sessions through the HTTP API of the built assembly (mvn -B -ntp install -DskipTests first), with
# the process driver (bubblewrap) and the warm pool at its defaults:
#   session start → first output: POST /sessions, POST /exec ["echo","hi"], first stdout line
#   10k-file listing: GET /sessions/{id}/files?path=project&recursive=true on a tree of 10,000 files
# Usage: bench/session-start.sh [runs] (default 200). Runs the studio from bench/target/sessions.
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
runs=${1:-200}
unpack "$root/bench/target/sessions"
trap stop_karaf EXIT
"$work/bin/start"; wait_up; login
sleep 3 # the warm pool fills a few seconds after boot
echo "== CODITECT Studio sessions ($(nproc) cores, $(java -version 2>&1 | head -1)) =="
java "$root/bench/SessionStart.java" "http://127.0.0.1:$port" "$token" "$runs"
