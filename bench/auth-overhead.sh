#!/usr/bin/env bash
# JMH: token validation + tenant resolution + RBAC check per request (target p99 <= 50 us) and a
# password login at the production work factor (target <= 300 ms), on the real services and H2.
# Needs the bundles installed (mvn -B -ntp install -DskipTests). Usage: bench/auth-overhead.sh [jmh args]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/bench/auth-jmh"
mvn -B -q -ntp compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
cp="target/classes:$(cat target/classpath.txt)"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.openjdk.jmh.Main \
  -rf text -rff target/jmh-result.txt "${@:-AuthBenchmark}"
