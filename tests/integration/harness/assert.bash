# SPDX-License-Identifier: GPL-2.0-or-later
# harness/assert.bash - assertions, deadlines, the test's work folder.
T_PASSED=0 T_FAILED=0
T_NAME=$(basename "$0" .sh)

ok()   { T_PASSED=$((T_PASSED + 1)); echo "ok - $*"; }
fail() { T_FAILED=$((T_FAILED + 1)); echo "not ok - $*"; }
note() { echo "# $*"; }
# check DESC CMD...: ok when CMD succeeds; its output is shown on failure.
check() {
  local desc=$1 out; shift
  if out=$("$@" 2>&1); then ok "$desc"; else fail "$desc"; printf '%s\n' "$out" | sed 's/^/    # /' | head -n 30; fi
}
# check_eq DESC EXPECTED ACTUAL (returns 1 when they differ)
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; return 1; fi
}
# check_fails DESC PATTERN CMD...: CMD must fail with PATTERN in its output.
check_fails() {
  local desc=$1 pat=$2 out; shift 2
  if out=$("$@" 2>&1); then fail "$desc (it succeeded)"
  elif grep -q -- "$pat" <<<"$out"; then ok "$desc"
  else fail "$desc: no '$pat' in: $out"; fi
}
# finish: the summary line tests/check reads; exit status for the VM runner.
finish() {
  echo "$T_NAME: $T_PASSED passed, $T_FAILED failed"
  [ "$T_FAILED" = 0 ]
  exit $?
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
now_ns() { date +%s%N; }
# wait_until SECONDS CMD...: poll CMD every 50 ms until it succeeds or the
# deadline passes. Returns CMD's last status; sets WAITED_MS.
wait_until() {
  local limit=$1 start; shift
  start=$(now_ms)
  while :; do
    if "$@" >/dev/null 2>&1; then WAITED_MS=$(( $(now_ms) - start )); return 0; fi
    if [ $(( $(now_ms) - start )) -ge $((limit * 1000)) ]; then
      WAITED_MS=$(( $(now_ms) - start )); return 1
    fi
    sleep 0.05
  done
}

# ---- the work folder and the end of the test: $d holds the test's files
# (logs of the daemons it starts); at_exit CMD queues CMD for the exit,
# before the daemons are stopped (harness_stop, snmp.bash), whose logs are
# shown when a check failed.
d=$(mktemp -d /tmp/bw-test.XXXXXX)
AT_EXIT=()
at_exit() { AT_EXIT+=("$1"); }
harness_exit() {
  local c
  for c in "${AT_EXIT[@]+"${AT_EXIT[@]}"}"; do eval "$c"; done
  harness_stop
}
trap harness_exit EXIT
