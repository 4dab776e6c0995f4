#!/bin/bash
# tests/integration/agent_enobufs.sh - the kernel drops link events for
# bondagentx (ENOBUFS: a tiny receive buffer, the agent stopped while a
# failover and a burst of other events happen): the agent re-reads the
# whole state, and the transitions it missed still become exactly one
# failover and one slave link-down notification. INSIDE the test VM.
# Ends "agent_enobufs: N passed, M failed".
. "$(dirname "$0")/lib.bash"

topo_lan
bond0_setup
start_trapd
start_master
export BONDAGENTX_NL_RCVBUF=1          # the kernel's minimum, a few messages
start_agent

kill -STOP "$AGENT_PID"
# the bond's address replaced while the agent misses the events
ip addr del 192.0.2.10/24 dev bond0
ip addr add 192.0.2.20/24 dev bond0
ip netns exec lan ip link set lan0 down
failed_over() { [ "$(bond_field bond0 'Currently Active Slave')" = eth1 ]; }
wait_until 10 failed_over || fail "bond0 did not fail over to eth1"
for i in $(seq 1 20); do ip link add "noise$i" type dummy; done     # overflow
kill -CONT "$AGENT_PID"

lost() { grep -q 'ENOBUFS' "$d/agent.log"; }
if wait_until 10 lost; then ok "agent saw the overrun (ENOBUFS) and re-read the state"; else fail "no ENOBUFS in agent.log"; fi
delivered() { [ "$(ntraps bwBondFailover)" -ge 1 ] && [ "$(ntraps bwSlaveLinkDown)" -ge 1 ]; }
if wait_until 10 delivered; then ok "missed transitions notified after the re-read"; else fail "notifications: $(cat "$d/traps.txt")"; fi
settled() { [ "$(sget "bwBondActiveSlaveName.$B0")" = eth1 ] && [ "$(sget "bwSlaveLinkFailureCount.$B0.$E0")" = 1 ]; }
if wait_until 5 settled; then ok "rows current after the re-read"; else fail "rows after the re-read: $(swalk bwBondActiveSlaveName)"; fi
check_eq "exactly one failover notification" 1 "$(ntraps bwBondFailover)"
check_eq "exactly one slave link-down notification" 1 "$(ntraps bwSlaveLinkDown)"
case $(grep bwBondFailover "$d/traps.txt" | head -n1) in
  *"bwBondActiveSlaveName.$B0 eth1"*"bwBondPrevActiveSlaveName.$B0 eth0"*) ok "failover names eth1 new, eth0 previous" ;;
  *) fail "failover varbinds: $(grep bwBondFailover "$d/traps.txt")" ;;
esac
check_eq "failover count" 1 "$(sget "bwBondFailoverCount.$B0")"
# the re-read covers addresses too: the address replaced meanwhile
check_eq "bwBondIpAddress after the re-read: the new one" 192.0.2.20 "$(sget "bwBondIpAddress.$B0")"
if wait_until 5 eval '[ "$(ntraps bwBondAddressChanged)" -ge 1 ]'; then
  check_eq "exactly one address-changed notification, with the new address" \
    "1 1" "$(ntraps bwBondAddressChanged) $(grep bwBondAddressChanged "$d/traps.txt" | grep -c "bwBondIpAddress.$B0 192.0.2.20")"
else fail "no bwBondAddressChanged after the re-read: $(cat "$d/traps.txt")"; fi

# ---- with the same tiny buffer, the way back still adds up
ip netns exec lan ip link set lan0 up
for i in $(seq 1 20); do ip link del "noise$i"; done
up_again() { [ "$(ntraps bwSlaveLinkUp)" -ge 1 ]; }
if wait_until 10 up_again; then ok "link-up notified"; else fail "no link-up: $(cat "$d/traps.txt")"; fi
# primary eth0 with primary_reselect always: the bond fails back to eth0
back() { [ "$(sget "bwBondActiveSlaveName.$B0")" = eth0 ] && [ "$(ntraps bwBondFailover)" -ge 2 ]; }
if wait_until 10 back; then ok "failback to the primary notified"; else fail "failback: $(sget "bwBondActiveSlaveName.$B0") / $(cat "$d/traps.txt")"; fi
check_eq "active slave agrees with /proc" "$(bond_field bond0 'Currently Active Slave')" "$(sget "bwBondActiveSlaveName.$B0")"
check_eq "one notification per counted failover" "$(sget "bwBondFailoverCount.$B0")" "$(ntraps bwBondFailover)"

stop_agent
finish
