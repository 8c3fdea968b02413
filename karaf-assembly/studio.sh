#!/usr/bin/env bash
# Builds CODITECT Studio when its sources changed, starts it on the embedded defaults (H2 later,
# local storage, process sandbox, offline provider) and prints where to open it.
#   studio.sh [start|stop|status|console|logs]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dist="$here/target/assembly"
cmd=${1:-start}

# Karaf 4.4 does not start on Java 21+ (its launcher enables the Security Manager): use a 17.
pick_java() {
  local v
  v=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  if [ "${v:-0}" != 17 ]; then
    for j in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17-* /usr/lib/jvm/java-17-*; do
      if [ -x "$j/bin/java" ]; then export JAVA_HOME="$j"; return; fi
    done
    echo "CODITECT Studio needs Java 17 (found ${v:-none}); install openjdk-17-jdk or set JAVA_HOME." >&2
    exit 1
  fi
}

http_port() {
  sed -n 's/^org.osgi.service.http.port *= *\([0-9]*\).*/\1/p' "$dist/etc/org.ops4j.pax.web.cfg" 2>/dev/null | head -1
}

https_port() {
  sed -n 's/^org.osgi.service.http.port.secure *= *\([0-9]*\).*/\1/p' "$dist/etc/org.ops4j.pax.web.cfg" 2>/dev/null | head -1
}

# HTTPS comes a moment after HTTP: the studio turns it on once it can open the sealed keystore password.
wait_for_https() {
  local i
  for i in $(seq 1 30); do
    if curl -sk --max-time 2 -o /dev/null "https://127.0.0.1:$1/api/v1/health"; then return 0; fi
    sleep 1
  done
  return 1
}

# So people can compare it with what their browser shows for the self-signed certificate.
certificate_fingerprint() {
  command -v openssl >/dev/null || return 0
  echo | openssl s_client -connect "127.0.0.1:$1" -servername localhost 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256 2>/dev/null | sed 's/^.*=//' || true
}

build_if_needed() {
  local stamp="$dist/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$root/pom.xml" "$root/bundles" "$root/features" "$here/pom.xml" "$here/src" \
        -newer "$stamp" -type f -not -path '*/target/*' -print -quit)" ]; then
    return
  fi
  echo "Building the studio (first time: a few minutes while Maven downloads dependencies)…"
  (cd "$root" && mvn -q -DskipTests install -pl karaf-assembly -am)
  touch "$stamp"
}

# Karaf ships without a console user; on first start create "admin" with a random password,
# shown once (Karaf stores only its digest, see etc/org.apache.karaf.jaas.cfg).
ensure_console_user() {
  local users="$dist/etc/users.properties" pw
  grep -Eq '^[[:space:]]*[^#[:space:]][^=]*=' "$users" && return 0
  pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-20)
  printf '\nadmin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' "$pw" >> "$users"
  console_password=$pw
}

wait_for_health() {
  local url="http://127.0.0.1:$1/api/v1/health" i body
  printf 'Starting'
  for i in $(seq 1 180); do
    body=$(curl -s --max-time 2 "$url" || true)
    case "$body" in
      *'"status":"UP"'*|*'"status":"DEGRADED"'*) echo; echo "$body"; return 0 ;;
    esac
    printf '.'
    sleep 1
  done
  echo
  echo "The studio did not report healthy within 180 s. Last answer: ${body:-none}" >&2
  echo "See $dist/data/log/karaf.log" >&2
  return 1
}

case "$cmd" in
  start)
    pick_java
    build_if_needed
    port=$(http_port)
    console_password=""
    ensure_console_user
    if "$dist/bin/status" >/dev/null 2>&1; then
      echo "The studio is already running."
    else
      "$dist/bin/start"
    fi
    wait_for_health "$port"
    sport=$(https_port)
    https_line="  HTTPS:    not up yet (see $dist/data/log/karaf.log)"
    if [ -n "$sport" ] && wait_for_https "$sport"; then
      https_line="  HTTPS:    https://localhost:$sport/   (certificate SHA-256 $(certificate_fingerprint "$sport"); a generated one is self-signed: the browser asks once)"
    fi
    # the first administrator's one-time password: shown here once, then the file is removed
    admin_file="$dist/data/security/first-boot-admin.txt"
    login_line="  Log in:   as your studio user (organisation, e-mail, password); forgot it? $0 console, then studio:password-reset default admin"
    if [ -f "$admin_file" ]; then
      org=$(sed -n 's/^organisation: //p' "$admin_file")
      email=$(sed -n 's/^e-mail: //p' "$admin_file")
      pw=$(sed -n 's/^password: //p' "$admin_file")
      login_line="  Log in:   organisation '$org', e-mail $email, one-time password $pw   (shown once: change it after logging in)"
      rm -f "$admin_file"
    fi
    cat <<MSG

CODITECT Studio is running.
  Studio:   http://127.0.0.1:$port/   (status of the core, plugins and models)
$https_line
  API:      http://127.0.0.1:$port/api/v1/health   (OpenAPI: http://127.0.0.1:$port/api/v1/openapi.json)
$login_line
  Console:  $0 console   (Karaf shell over SSH on 127.0.0.1:8101, user admin)
  Logs:     $dist/data/log/karaf.log
  Stop:     $0 stop
MSG
    if [ -n "$console_password" ]; then
      echo "  Console password for admin (shown once, only its digest is kept): $console_password"
    fi
    ;;
  stop)
    pick_java
    "$dist/bin/stop"
    ;;
  status)
    pick_java
    "$dist/bin/status"
    curl -s "http://127.0.0.1:$(http_port)/api/v1/health" && echo
    ;;
  console)
    pick_java
    "$dist/bin/client" -u admin
    ;;
  logs)
    tail -f "$dist/data/log/karaf.log"
    ;;
  *)
    echo "usage: $0 [start|stop|status|console|logs]" >&2
    exit 2
    ;;
esac
