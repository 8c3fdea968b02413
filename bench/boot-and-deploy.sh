#!/usr/bin/env bash
# Measures, on the built assembly (run `mvn -B -ntp install -DskipTests` first):
#   cold boot  – fresh unpack of the distribution → /api/v1/health says UP
#   warm boot  – restart of an already booted distribution → UP
#   hot deploy – provider jar copied into deploy/ → listed by /api/v1/providers, and removal → gone
#   idle RSS   – resident memory of the Karaf JVM 20 s after the last boot
# Usage: bench/boot-and-deploy.sh [runs]   (default 10). Prints figures; changes nothing outside target/.
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
runs=${1:-10}
jar=$(ls "$root"/itests/test-provider/target/test-provider-*.jar | head -1)
boot_dir="$root/bench/target/boot"
listed() { curl -s --max-time 1 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/providers" | grep -q '"itest-echo"'; }

cold=() warm=() deploy=() undeploy=()
for i in $(seq 1 "$runs"); do
  unpack "$boot_dir"
  t0=$(now_ms); "$work/bin/start"; wait_up; cold+=($(( $(now_ms) - t0 )))
  stop_karaf
  t0=$(now_ms); "$work/bin/start"; wait_up; warm+=($(( $(now_ms) - t0 )))
  stop_karaf
  echo "run $i: cold ${cold[-1]} ms, warm ${warm[-1]} ms" >&2
done

"$work/bin/start"; wait_up; login
for i in $(seq 1 "$runs"); do
  t0=$(now_ms); cp "$jar" "$work/deploy/bench-provider.jar"
  until listed; do sleep 0.01; done; deploy+=($(( $(now_ms) - t0 )))
  t0=$(now_ms); rm "$work/deploy/bench-provider.jar"
  while listed; do sleep 0.01; done; undeploy+=($(( $(now_ms) - t0 )))
  echo "run $i: deploy ${deploy[-1]} ms, undeploy ${undeploy[-1]} ms" >&2
done
sleep 20
pid=$(pgrep -f "karaf.base=$work" | head -1)
rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
stop_karaf

echo "== CODITECT Studio boot and hot deploy ($(nproc) cores, $(java -version 2>&1 | head -1)) =="
stats "cold boot → UP" "${cold[@]}"
stats "warm boot → UP" "${warm[@]}"
stats "hot deploy → listed" "${deploy[@]}"
stats "undeploy → gone" "${undeploy[@]}"
echo "idle RSS               $(( rss_kb / 1024 )) MB"
