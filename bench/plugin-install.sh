#!/usr/bin/env bash
# Issue 8's targets on the built assembly (run `mvn -B -ntp install -DskipTests` first):
#   upload -> routable: POST of the SDK's example plugin jar to /api/v1/admin/plugins until the
#     router would pick the provider (/api/v1/router/explain), median over N runs; once with its
#     configuration already present, once with the configuration created after the upload
#   cycles under load: 20 install/uninstall cycles of that plugin while 50 concurrent streams run
#     on another provider (openai-compatible against a local fake answering in ~1 s), failed requests
# Usage: bench/plugin-install.sh [runs=10] [cycles=20] [streams=50]. Changes nothing outside target/.
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
jar=$(ls "$root"/sdk/example-provider/target/example-provider-*.jar | head -1)
unpack "$root/bench/target/plugins"
trap stop_karaf EXIT
"$work/bin/start"; wait_up; login
echo "== CODITECT Studio plugin install ($(nproc) cores, $(java -version 2>&1 | head -1)) =="
java -Xmx512m "$root/bench/PluginInstall.java" "$port" "$token" "$jar" "${1:-10}" "${2:-20}" "${3:-50}"
