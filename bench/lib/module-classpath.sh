# Shared by the benchmarks that run a module's test classes in a plain JVM: sourced, not run.
# module_classpath <module folder, e.g. bundles/studio-core>: prints test-classes:classes:<test-scope
# dependencies from the local repository> (offline first; online if something is missing).
module_classpath() {
  local root module cpfile
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  module="$root/$1"
  if [ ! -d "$module/target/test-classes" ] || [ ! -d "$module/target/classes" ]; then
    echo "build first: (cd $root && mvn -B install -DskipTests && mvn -pl $1 test-compile)" >&2
    return 2
  fi
  cpfile=$(mktemp)
  (cd "$root" && { mvn -q -B -o -pl "$1" dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile" >/dev/null 2>&1 \
    || mvn -q -B -pl "$1" dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile" >/dev/null; })
  echo "$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"
  rm -f "$cpfile"
}
