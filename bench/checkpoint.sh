#!/usr/bin/env bash
# Checkpoint (commit + storage write) of a 1,000-file and a 100,000-file project with 10 changed
# files, on local storage in /tmp: p50/p99/max over N runs each (targets ≤ 200 ms and ≤ 3 s).
# Needs the bundles built (mvn -B -ntp install -DskipTests). Usage: bench/checkpoint.sh [runs 1k] [runs 100k]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! java -version 2>&1 | grep -q 'version "17'; then
  for j in /usr/lib/jvm/java-17-openjdk-*; do [ -x "$j/bin/java" ] && export JAVA_HOME="$j" && export PATH="$j/bin:$PATH" && break; done
fi
out="$root/bundles/studio-git/target/bench-classpath.txt"
(cd "$root" && mvn -B -q -ntp -Dstyle.color=never dependency:build-classpath -pl bundles/studio-git -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out" >/dev/null)
cp="$root/bundles/studio-git/target/classes:$(cat "$out")"
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$root/bench/Checkpoint.java" "${1:-20}" "${2:-5}"
