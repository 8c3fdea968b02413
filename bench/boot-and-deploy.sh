#!/usr/bin/env bash
# Measures, on the built assembly (run `mvn -B -ntp install -DskipTests` first):
#   cold boot  – fresh unpack of the distribution → /api/v1/health says UP
#   warm boot  – restart of an already booted distribution → UP
#   hot deploy – provider jar copied into deploy/ → listed by /api/v1/providers, and removal → gone
#   idle RSS   – resident memory of the Karaf JVM 20 s after the last boot
# Usage: bench/boot-and-deploy.sh [runs]   (default 10). Prints figures; changes nothing outside target/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
tarball=$(ls "$root"/karaf-assembly/target/studio-assembly-*.tar.gz | head -1)
jar=$(ls "$root"/itests/test-provider/target/test-provider-*.jar | head -1)
work="$root/bench/target/boot"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
https_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
ssh_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
rmi_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
rmi_server_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if ! java -version 2>&1 | grep -q 'version "17'; then
  for j in /usr/lib/jvm/java-17-openjdk-*; do [ -x "$j/bin/java" ] && export JAVA_HOME="$j" && break; done
fi

now_ms() { date +%s%3N; }

unpack() {
  rm -rf "$work" && mkdir -p "$work"
  tar -xzf "$tarball" -C "$work" --strip-components=1
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/; s/^org.osgi.service.http.port.secure *=.*/org.osgi.service.http.port.secure = $https_port/" "$work/etc/org.ops4j.pax.web.cfg"
  sed -i "s/^sshPort *=.*/sshPort = $ssh_port/" "$work/etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $rmi_port/; s/^rmiServerPort *=.*/rmiServerPort = $rmi_server_port/" \
    "$work/etc/org.apache.karaf.management.cfg"
  # the deploy loop polls every 10 ms, far above the default per-user rate limit
  echo "user.requests.per.minute = 0" > "$work/etc/io.coditect.studio.core.ratelimit.cfg"
}

wait_up() {
  local deadline=$(( $(now_ms) + 180000 ))
  until curl -s --max-time 1 "http://127.0.0.1:$port/api/v1/health" | grep -q '"status":"UP"'; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "no UP within 180 s" >&2; return 1; }
    sleep 0.05
  done
}

stop_karaf() {
  local pid
  pid=$(cat "$work/karaf.pid" 2>/dev/null || true)
  "$work/bin/stop" >/dev/null 2>&1 || true
  # wait for the JVM itself to be gone, not only for its shutdown port to close
  for _ in $(seq 1 150); do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
}

stats() { # name, values (ms)
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v n="$name" '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%-22s runs=%d median=%.0f ms min=%d ms max=%d ms\n", n, NR, m, a[1], a[NR]}'
}

# the first-boot administrator gets this password instead of a generated one
export STUDIO_ADMIN_PASSWORD=bench-admin-password
login() {
  token=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d '{"org":"default","email":"admin@localhost","password":"bench-admin-password"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "login failed" >&2; return 1; }
}
listed() { curl -s --max-time 1 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/providers" | grep -q '"itest-echo"'; }

cold=() warm=() deploy=() undeploy=()
for i in $(seq 1 "$runs"); do
  unpack
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
