#!/usr/bin/env bash
# The browser studio under load, in Debian's Chromium through playwright-core (issue 7 targets:
# initial JavaScript <= 250 KB gzip, first load to an interactive chat <= 1 s, a 2,000-message
# conversation scrolls without jank). Runs the built assembly from bench/target/webui-load (see
# lib/studio.sh) with the offline provider streaming without pauses, so the long conversation is
# made quickly through the API; then bench/webui-load.mjs measures.
# Needs a build (mvn -B -ntp install -DskipTests), Debian's chromium and node.
# Usage: bench/webui-load.sh [loads=15] [messages=2000] [scroll px per frame=120]
set -euo pipefail
. "$(dirname "$0")/lib/studio.sh"
loads=${1:-15}
messages=${2:-2000}
speed=${3:-120}
e2e="$root/itests/webui-e2e"
[ -x /usr/bin/chromium ] || { echo "needs Debian's chromium: apt-get install chromium" >&2; exit 2; }
# playwright-core: the end-to-end tests' pinned copy
if [ ! -f "$e2e/node_modules/.package-lock.json" ] || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
  (cd "$e2e" && npm ci --no-audit --no-fund)
fi
unpack "$root/bench/target/webui-load"
# answers stream without the default 15 ms between pieces: 1,000 turns take a minute, not fifteen
echo "token.delay.ms = 0" > "$work/etc/io.coditect.studio.provider.offline.cfg"
trap stop_karaf EXIT
"$work/bin/start"; wait_up
sleep 3 # the warm pool fills a few seconds after boot
out="$work/webui-load.out"
node "$root/bench/webui-load.mjs" "http://127.0.0.1:$port" default admin@localhost bench-admin-password "$loads" "$messages" "$speed" | tee "$out"
# the page's event stream of a conversation made just now starts with the backlog of all its
# turns; after a restart the studio keeps the conversation but not that backlog: scroll it again
session=$(sed -n 's/^long conversation: session //p' "$out")
stop_karaf
"$work/bin/start"; wait_up
sleep 3
LONG_SESSION=$session SCROLL_LABEL="after a restart (no event backlog)" \
  node "$root/bench/webui-load.mjs" "http://127.0.0.1:$port" default admin@localhost bench-admin-password "$loads" "$messages" "$speed" \
  | grep -v '^== Browser studio load\|^Chromium '
