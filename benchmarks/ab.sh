#!/usr/bin/env bash
# Alternates Nexmark runs of two builds of Sluice, so that a change is compared with the build
# before it in the same minutes: this machine's speed drifts by 20 % within an hour, which a run
# of one build and then the other would read as the change's effect.
#
# Usage: benchmarks/ab.sh BASE_CHECKOUT CHANGED_CHECKOUT ROUNDS [bench nexmark options...]
#   e.g. git worktree add --detach ../base HEAD~1
#        (cd ../base && mvn -B -q install -DskipTests -Dmaven.install.skip=true)
#        benchmarks/ab.sh ../base . 3 --events 4000000 --queries q9,q19 --runs 3
# Prints, per round and build, each query's events/s per core, events/s and cores used.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n 6,9p "$0" >&2
  exit 2
fi
base=$1 changed=$2 rounds=$3
shift 3
for round in $(seq 1 "$rounds"); do
  for build in "$base" "$changed"; do
    (cd "$build" && JAVA_OPTS="${JAVA_OPTS:--Xms2g -Xmx2g}" bin/sluice bench nexmark --no-json "$@") 2>&1 \
      | awk -F'|' -v round="$round" -v build="$build" \
        '/^\| q[0-9]/ { printf "round %s  %-12s %-4s per core %12s  events/s %12s  cores %s\n", round, build, $2, $7, $5, $6 }'
  done
done
