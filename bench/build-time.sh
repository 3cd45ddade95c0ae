#!/usr/bin/env bash
# The test command's wall time, as CI sees it: a clean clone of HEAD, `.ci/run` (exactly `./mvnw -B verify`, with CI
# set), on a warm Maven repository. Prints the whole build's time and each module's from Maven's reactor summary (the
# modules build in parallel, one thread per core, so their times add up to more than the wall time).
# Usage: bench/build-time.sh   (about 12 minutes on the 2-core development machine). Leaves the clone's log in
# target/bench-build/verify.log.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(pwd)/target/bench-build"
rm -rf "$work" && mkdir -p "$work"
git clone -q . "$work/clone"
start=$(date +%s)
status=0
(cd "$work/clone" && bash .ci/run) >"$work/verify.log" 2>&1 || status=$?
wall=$(( $(date +%s) - start ))
rm -rf "$work/clone"

echo "| module | time |"
echo "|---|---|"
sed -n '/Reactor Summary/,/BUILD/p' "$work/verify.log" \
  | sed -nE 's/^\[INFO\] (ringvault[^.]*[^ .]) \.+ ([A-Z]+) \[ *([^]]+)\]$/| \1 | \3 (\2) |/p'
printf '| **whole build, wall** | **%d min %02d s** (exit %d) |\n' $((wall / 60)) $((wall % 60)) "$status"
exit "$status"
