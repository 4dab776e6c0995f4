#!/bin/bash
# tests/integration/agent_valgrind.sh - bondagentx under valgrind, INSIDE
# the test VM: a walk of the whole tree, a failover (notifications), good
# and bad SETs of the primary, then SIGTERM: no memory errors, no leak.
# Ends "agent_valgrind: N passed, M failed".
. "$(dirname "$0")/lib.bash"
command -v valgrind >/dev/null || { fail "valgrind not installed"; finish; }

topo_lan
bond0_setup
start_trapd
# The shipped agentXTimeout (5 s) is for an agent answering from memory at
# native speed; under valgrind and TCG the master would give up on it.
MASTER_EXTRA="agentXTimeout 20"
start_master
AGENT_WRAP="valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --track-fds=no --log-file=$d/valgrind.log"
AGENT_START_S=120
start_agent

out=$(snmpwalk "${SNMPOPTS[@]}" "${V2[@]}" -OqU -t 10 127.0.0.1:$PORT .1 2>&1)
check_eq "walk of the whole tree reaches the bond MIB" 1 "$(grep -c "^BONDWATCH-MIB::bwBondName.$B0 bond0" <<<"$out")"

ip netns exec lan ip link set lan0 down
have_traps() { [ "$(ntraps bwBondFailover)" -ge 1 ] && [ "$(ntraps bwSlaveLinkDown)" -ge 1 ]; }
if wait_until 30 have_traps; then ok "notifications under valgrind"; else fail "no notifications: $(cat "$d/traps.txt")"; fi
out=$(sset "bwBondPrimary.$B0" s eth1)
grep -q 'STRING' <<<"$out" && ok "SET primary under valgrind" || fail "SET primary: $out"
out=$(sset "bwBondPrimary.$B0" s nosuch0)
grep -q inconsistentValue <<<"$out" && ok "bad SET under valgrind" || fail "bad SET: $out"
out=$(sset "bwBondPrimary.$B0" i 3)
grep -q wrongType <<<"$out" && ok "wrong type under valgrind" || fail "wrong type: $out"

stop_agent
sed -n '/HEAP SUMMARY/,$p' "$d/valgrind.log" | sed 's/^==[0-9]*== /# /'
errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$d/valgrind.log" | tail -n1)
check_eq "valgrind: no errors and no definite/indirect leak" 0 "${errs:-none}"
[ "${errs:-none}" = 0 ] || grep -B2 -A25 'Invalid\|definitely lost in\|indirectly lost in\|uninitialised' "$d/valgrind.log" | head -n 80 | sed 's/^/# /'
finish
