#!/usr/bin/env bash
# The core's session event hub in process, as SessionEventsComponent sets it up (ring 10,000, buffer
# 2,000 per subscriber, max(4, 2 x cores) delivery threads): delivery latency publish → sink and
# lost/reordered events for 1,000 subscribers on one session, and 200 sessions x 50 events/s.
# Needs the bundles built (mvn -B -ntp install -DskipTests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cp="$root/bundles/studio-api/target/classes:$root/bundles/studio-core/target/classes"
exec java -Xmx1g -cp "$cp" "$root/bench/EventFanout.java"
