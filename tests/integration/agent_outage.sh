#!/bin/bash
# tests/integration/agent_outage.sh - failovers while the master snmpd is
# down, INSIDE the test VM: stop snmpd, make bond0 fail over three times
# (eth0 -> eth1, back to the primary eth0, eth0 -> eth1 again), start
# snmpd. The agent reconnects by itself (its AgentX ping/reconnect period
# is BWA_PING_INTERVAL by default, bondagentx -p; reported with the measured time) and
# exactly three failover notifications reach snmptrapd, in order, each
# with its own new and previous slave and count.
# Ends "agent_outage: N passed, M failed".
. "$(dirname "$0")/lib.bash"

agent_bed
PING=$(sed -n 's/^#define BWA_PING_INTERVAL *\([0-9]*\).*/\1/p' "$ROOT/subagent/agent.h")

stop_master
agent_noticed() { grep -q 'AgentX master went away' "$d/agent.log"; }
if wait_until 10 agent_noticed; then ok "agent noticed the master going away"; else fail "agent did not notice the master going away"; fi
mark=$(wc -l < "$d/agent.log")

# ---- three failovers, each complete (kernel and agent) before the next:
# the notifications must not depend on how the kernel batches events.
agent_failovers() { tail -n +"$((mark + 1))" "$d/agent.log" | grep -c '^bond0: failover '; }
failover() {   # N NEW PREV CMD...: run CMD; the kernel's N-th failover, to NEW
  local n=$1 new=$2 prev=$3; shift 3
  "$@"
  active_is() { [ "$(bond_field bond0 'Currently Active Slave')" = "$new" ]; }
  agent_saw() { [ "$(agent_failovers)" -ge "$n" ]; }
  if wait_until 10 active_is && wait_until 10 agent_saw; then
    ok "failover $n while the master is down: $prev -> $new (kernel and agent)"
  else
    fail "failover $n: kernel active $(bond_field bond0 'Currently Active Slave'), agent saw $(agent_failovers)"
  fi
}
failover 1 eth1 eth0 ip netns exec lan ip link set lan0 down
failover 2 eth0 eth1 ip netns exec lan ip link set lan0 up     # primary eth0, reselect always
failover 3 eth1 eth0 ip netns exec lan ip link set lan0 down
check_eq "no notification while the master is down" 0 "$(ntraps BONDWATCH)"

# ---- the master comes back: reconnect time = snmpd started (its AgentX
# socket exists) to the agent's row served through it
t0=$(now_ns)
start_master
if wait_until 20 agent_serving; then
  ok "agent reconnected and serving $(( ($(now_ns) - t0) / 1000000 )) ms after snmpd started (agent's reconnect period: ${PING} s)"
else
  fail "agent not serving 20 s after snmpd started"; finish
fi

# three failovers, two link-downs and a link-up of eth0 were queued
delivered() { [ "$(ntraps 'BONDWATCH-MIB::bw')" -ge 6 ]; }
if wait_until 10 delivered; then ok "queued notifications delivered"; else fail "delivered: $(ntraps 'BONDWATCH-MIB::bw') of 6"; fi
check_eq "failover count in the MIB" 3 "$(sget "bwBondFailoverCount.$B0")"
check_eq "active / previous in the MIB" "eth1 eth0" "$(sget "bwBondActiveSlaveName.$B0") $(sget "bwBondPrevActiveSlaveName.$B0")"
check_eq "nothing dropped" 0 "$(sget bwNotificationsDropped.0)"
# counted after the GETs above, so a late duplicate (an AgentX retry of a
# Notify) would have had time to show up
check_eq "exactly 3 failover notifications" 3 "$(ntraps bwBondFailover)"
check_eq "link down, link up: 2 and 1" "2 1" "$(ntraps bwSlaveLinkDown) $(ntraps bwSlaveLinkUp)"
got=$(grep bwBondFailover "$d/traps.txt" |
  sed -n "s/.*bwBondActiveSlaveName\.$B0 \([^[:space:]]*\).*bwBondPrevActiveSlaveName\.$B0 \([^[:space:]]*\).*bwBondFailoverCount\.$B0 \([0-9]*\).*/\3:\2->\1/p" | xargs)
check_eq "failovers in order (count:previous->new)" "1:eth0->eth1 2:eth1->eth0 3:eth0->eth1" "$got"
# the notifications keep the kernel's order: each link event before the
# failover it caused
order=$(sed -n 's/.*snmpTrapOID\.0 BONDWATCH-MIB::bw\([A-Za-z]*\).*/\1/p' "$d/traps.txt" | xargs)
check_eq "order of all six" "SlaveLinkDown BondFailover SlaveLinkUp BondFailover SlaveLinkDown BondFailover" "$order"

stop_agent
finish
