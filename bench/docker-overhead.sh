#!/usr/bin/env bash
# Docker sandbox driver overhead over `podman run` of the same image, for "start a sandbox and get
# the first command's output" (issue target: overhead <= 10 %).
#
#   A  podman --remote --url unix://<socket> run --rm <the driver's flags> <image> echo hi
#      measured from the process's start to the line "hi" read from its stdout;
#   B  the driver: create(spec) -> exec(echo hi) -> first stdout chunk at the listener
#      (the command's end and stop() are timed apart).
#
# Both use the same Podman service (podman --runtime runc system service, the tests' TestPodman: its
# own storage under bundles/sandbox-docker/target/podman-bench, the busybox image imported there)
# and the same container configuration: network none, read-only root, no-new-privileges, all
# capabilities dropped, 1 CPU (CFS 100000/100000), 128 MiB memory = memory+swap, 64 pids, a 64 MiB
# tmpfs /tmp, the workspace bind at /home/dev, user 1000:1000, the same ulimits and env. The benchmark
# prints both containers' inspect to show it.
#
# Why A is the podman CLI as a *remote client of the same service*: the driver is itself a client of
# that service, so A and B then differ only in the client side and the API path (libpod vs Docker
# compatible API, one container running `echo` vs a keep-alive container plus an exec). The same
# engine process, with the same warm caches, storage, runtime and locks, does the work in both. The
# podman CLI on its own (local, against the same storage) also has to open the storage and database
# and set up the runtime in every run, which makes A slower and the driver look better than it is;
# `--local` adds it as A2 for reference.
#
# Needs root, and the Debian packages podman, runc and busybox-static (as the driver's tests), and a
# build: mvn -B install (or -DskipTests) at the top. Run it on an otherwise idle machine.
# Usage: bench/docker-overhead.sh [runs=50] [warm-up=10] [profile runs=20] [--local]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
module="$root/bundles/sandbox-docker"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
. "$root/bench/lib/module-classpath.sh"
cp=$(module_classpath bundles/sandbox-docker)
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dpodman.dir="$module/target/podman-bench" \
    -cp "$cp" io.coditect.studio.sandbox.docker.internal.DockerOverheadBench "$@"
