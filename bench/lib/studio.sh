# Shared by the benchmarks that run the built assembly: sourced, not run.
# Sets: root tarball port https_port; defines unpack WORK, start_karaf, wait_up, stop_karaf, login, stats, now_ms.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tarball=$(ls "$root"/karaf-assembly/target/studio-assembly-*.tar.gz | head -1)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port); https_port=$(free_port); ssh_port=$(free_port); rmi_port=$(free_port); rmi_server_port=$(free_port)
if ! java -version 2>&1 | grep -q 'version "17'; then
  for j in /usr/lib/jvm/java-17-openjdk-*; do [ -x "$j/bin/java" ] && export JAVA_HOME="$j" && export PATH="$j/bin:$PATH" && break; done
fi
# the first-boot administrator gets this password instead of a generated one
export STUDIO_ADMIN_PASSWORD=bench-admin-password

now_ms() { date +%s%3N; }

unpack() { # folder
  work=$1
  rm -rf "$work" && mkdir -p "$work"
  tar -xzf "$tarball" -C "$work" --strip-components=1
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/; s/^org.osgi.service.http.port.secure *=.*/org.osgi.service.http.port.secure = $https_port/" "$work/etc/org.ops4j.pax.web.cfg"
  sed -i "s/^sshPort *=.*/sshPort = $ssh_port/" "$work/etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $rmi_port/; s/^rmiServerPort *=.*/rmiServerPort = $rmi_server_port/" \
    "$work/etc/org.apache.karaf.management.cfg"
  # benchmarks poll and loop far above the default per-user rate limit
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

login() {
  token=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d '{"org":"default","email":"admin@localhost","password":"bench-admin-password"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "login failed" >&2; return 1; }
}
