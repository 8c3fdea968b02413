#!/usr/bin/env bash
# Router + adapter overhead on time to first token versus the adapter alone, against a local
# chat-completions fake, at 100 and 1,000 concurrent streams; and streamed completions per second.
# Needs the bundles built (mvn -B -ntp install -DskipTests). Usage: bench/router-overhead.sh [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
jackson=$(ls -d "$m2"/com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar)
cp="$root/bundles/studio-api/target/classes:$root/bundles/studio-core/target/classes"
cp="$cp:$root/bundles/provider-support/target/classes"
cp="$cp:$jackson:$m2/com/fasterxml/jackson/core/jackson-core/2.17.2/jackson-core-2.17.2.jar"
cp="$cp:$m2/com/fasterxml/jackson/core/jackson-annotations/2.17.2/jackson-annotations-2.17.2.jar"
cp="$cp:$m2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar:$m2/org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$root/bench/RouterOverhead.java" "${1:-20}"
