#!/usr/bin/env bash
# Process sandbox: create → first output of `echo`, median/p90/max over N runs (default 50).
# Needs the bundles built (mvn -B -ntp install -DskipTests), bubblewrap, and root for cgroups.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
cp="$root/bundles/studio-api/target/classes:$root/bundles/sandbox-process/target/classes"
cp="$cp:$m2/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar:$m2/org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar"
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$root/bench/SandboxFirstOutput.java" "${1:-50}"
