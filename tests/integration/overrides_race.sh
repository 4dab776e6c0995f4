#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A SET of a primary against bondmgr, INSIDE the test VM (snmpd master,
# bondagentx, bondmgr apply and watch on the real bonding driver):
#  - the same bwBondPrimary instance twice in one PDU is refused
#    (inconsistentValue) and nothing is recorded or changed;
#  - a PDU whose other varbind fails in ACTION (the agent's test hook) is
#    undone: the kernel's primary and the overrides file are what they were,
#    byte for byte (before, the file kept the new primary and the next apply
#    brought it back);
#  - SETs raced against a stream of `bondmgr apply` and a running `bondmgr
#    watch`: every SET that SNMP reported as done is in the kernel and in the
#    file right after, no apply fails, and at the end the kernel, the file and
#    SNMP agree (before, an apply that read the file just before a SET put
#    the old primary back while SNMP said success).
# Ends "overrides_race: N passed, M failed".
. "$(dirname "$0")/lib.bash"
mkdir -p "$d/state"
export BONDWATCH_OVERRIDES=$d/state/overrides.yaml BONDMGR_LOCK=$d/bondmgr.lock
cat > "$d/bond.yaml" <<'YAML'
network:
  version: 2
  bonds:
    bond0:
      interfaces: [eth0, eth1]
      addresses: [192.0.2.10/24]
      parameters:
        mode: active-backup
        primary: eth0
        fail-over-mac-policy: active
        mii-monitor-interval: 100
YAML
apply() { "$BONDMGR" -c "$d/bond.yaml" apply --resolv-conf "$d/resolv.conf" "$@"; }
kprimary() { bond_field "$1" 'Primary Slave' | cut -d' ' -f1; }
# file_primary BOND: what the overrides file records for BOND ("" none)
file_primary() { "$ROOT/$BUILD/tools/bw-override-writer" check "$BONDWATCH_OVERRIDES" 2>/dev/null | awk -v b="$1" '$1 == b { print $2 }'; }
# set_many OID=NAME...: one SET PDU, as the v3 write user
set_many() {
  local a args=()
  for a in "$@"; do args+=("BONDWATCH-MIB::${a%%=*}" s "${a#*=}"); done
  snmpset "${SNMPOPTS[@]}" "${V3[@]}" -Ir 127.0.0.1:$PORT "${args[@]}" 2>&1
}

topo_lan
bond0_setup
ip link add bond1 type bond mode active-backup miimon 100
add_slave bond1 eth2 lan2
add_slave bond1 eth3 lan3
ip link set bond1 type bond primary eth2
ip link set bond1 up
B1=$(ifindex bond1)
check_eq "the file describes bond0 as it is: apply is a no-op" "" "$(apply 2>&1)"
start_master
export BONDAGENTX_TEST_FAIL_ACTION=bond1     # the agent's hook: bond1's ACTION fails
start_agent

# ---- one instance twice in one PDU
out=$(set_many "bwBondPrimary.$B0=eth1")
check_eq "a plain SET: the kernel's primary" eth1 "$(kprimary bond0)"
check_eq "... and the file's" eth1 "$(file_primary bond0)"
cp "$BONDWATCH_OVERRIDES" "$d/before.yaml"
out=$(set_many "bwBondPrimary.$B0=eth0" "bwBondPrimary.$B0=eth1")
check "bond0 twice in one PDU: inconsistentValue" grep -q inconsistentValue <<<"$out"
check "... the file is byte for byte what it was" cmp "$d/before.yaml" "$BONDWATCH_OVERRIDES"
check_eq "... the kernel's primary unchanged" eth1 "$(kprimary bond0)"

# ---- a varbind that fails in ACTION: the other one is undone
out=$(set_many "bwBondPrimary.$B0=eth0" "bwBondPrimary.$B1=eth3")
check "bond1 fails in ACTION: the PDU fails" grep -qiE 'commitFailed|undoFailed|Commit failed' <<<"$out"
check "... the file is byte for byte what it was" cmp "$d/before.yaml" "$BONDWATCH_OVERRIDES"
check_eq "... bond0's primary is back" eth1 "$(kprimary bond0)"
check_eq "... bond1's untouched" eth2 "$(kprimary bond1)"
check_eq "... SNMP says eth1" eth1 "$(sget "bwBondPrimary.$B0")"
check_eq "... and an apply keeps eth1 (no stray override)" "" "$(apply 2>/dev/null)"

# ---- a SET in the window between an apply's reading of the overrides and
# its writing of the primary, held open by bondmgr's test hook until the
# SET has either finished or is seen waiting for the lock (the agent's
# debug line). The apply has something to write: the kernel's primary was
# changed by hand, so it puts the recorded one back. The SET of the hand's
# choice now waits for the apply and then holds; before, it landed at once
# and the apply then wrote the primary it had read, undoing a SET that SNMP
# reported done.
for want in eth0 eth1; do
  other=$([ $want = eth0 ] && echo eth1 || echo eth0)
  check_eq "window ($want): the file and the kernel start at $other" "$other $other" \
    "$(file_primary bond0) $(kprimary bond0)"
  ip link set bond0 type bond primary $want          # by hand: apply will put $other back
  rm -f "$d/go" "$d/set.out"
  BONDMGR_TEST_PAUSE_UNTIL=$d/go apply > "$d/paused.out" 2> "$d/paused.err" & ap=$!
  wait_until 10 grep -q 'test hook: pausing' "$d/paused.err" || fail "window: the apply never paused"
  waits=$(grep -c 'waiting for the overrides lock' "$d/agent.log")
  (set_many "bwBondPrimary.$B0=$want" > "$d/set.out") & sp=$!
  set_done() { ! kill -0 $sp 2>/dev/null; }
  set_waits() { [ "$(grep -c 'waiting for the overrides lock' "$d/agent.log")" -gt "$waits" ]; }
  wait_until 15 eval 'set_done || set_waits' || fail "window ($want): the SET neither ended nor waited"
  touch "$d/go"
  wait $ap; rc=$?
  wait $sp
  check_eq "window ($want): the paused apply exits 0" 0 "$rc"
  check "window ($want): it did write the primary back" grep -q "primary $want -> $other" "$d/paused.out"
  if grep -q "= STRING: \"\?$want" "$d/set.out"; then
    check_eq "window ($want): the SET reported done holds (kernel, file)" "$want $want" \
      "$(kprimary bond0) $(file_primary bond0)"
  else
    fail "window ($want): SET refused: $(cat "$d/set.out")"
  fi
done

# ---- SETs against applies and a watch
"$BONDMGR" -c "$d/bond.yaml" watch > "$d/watch.log" 2>&1 & WATCH_PID=$!
at_exit 'kill $WATCH_PID 2>/dev/null'
wait_until 10 grep -q watching "$d/watch.log" || fail "watch did not start: $(cat "$d/watch.log")"
: > "$d/apply-rc"
( while [ ! -e "$d/stop" ]; do
    apply > /dev/null 2>> "$d/apply.err"; echo $? >> "$d/apply-rc"
  done ) & LOOP_PID=$!
at_exit 'touch "$d/stop"; kill $LOOP_PID 2>/dev/null'
rounds=${RACE_ROUNDS:-12} done_ok=0 refused=0 undone=0
for i in $(seq 1 "$rounds"); do
  want=$([ $((i % 2)) = 0 ] && echo eth1 || echo eth0)
  out=$(set_many "bwBondPrimary.$B0=$want")
  if grep -q "= STRING: \"\?$want" <<<"$out"; then
    done_ok=$((done_ok + 1))
    k=$(kprimary bond0) f=$(file_primary bond0)
    if [ "$k" != "$want" ] || [ "$f" != "$want" ]; then
      undone=$((undone + 1)); note "round $i: SET $want done, then kernel $k, file $f"
    fi
  else
    refused=$((refused + 1)); note "round $i: SET refused: $out"
  fi
done
touch "$d/stop"; wait $LOOP_PID
napply=$(wc -l < "$d/apply-rc") nfail=$(grep -vcx 0 "$d/apply-rc")
note "$rounds SETs: $done_ok done, $refused refused; $napply applies alongside"
check "most SETs went through ($done_ok of $rounds)" test "$done_ok" -ge $((rounds / 2))
check_eq "every SET reported done is in the kernel and the file right after" 0 "$undone"
check "applies ran alongside ($napply)" test "$napply" -ge 3
check_eq "no apply failed" 0 "$nfail"
[ "$nfail" = 0 ] || sed 's/^/    # /' "$d/apply.err" | tail -n 20
# the end: let watch settle (its own rounds), then all three agree
last=$(file_primary bond0)
check "the file names a primary" test -n "$last"
check "the kernel agrees with the file" wait_until 5 test "$(kprimary bond0)" = "$last"
check_eq "SNMP agrees" "$last" "$(sget "bwBondPrimary.$B0")"
check_eq "an apply now is a no-op" "" "$(apply 2>/dev/null)"
kill -TERM $WATCH_PID; wait $WATCH_PID; rc=$?
check_eq "watch stops on SIGTERM with status 0" 0 "$rc"
check "watch never failed a step" bash -c "! grep -q 'error: failed' '$d/watch.log'"
finish
