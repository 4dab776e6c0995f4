#!/bin/bash
# tests/integration/agent_restart.sh - bondagentx and the master snmpd
# coming and going, INSIDE the test VM: the agent may start first; it
# survives a restart of the master (net-snmp's AgentX code reconnects, ping
# interval 5 s); a failover that happens while the master is away is
# queued by the agent and delivered once the session is back; -p sets how
# soon it tries again.
# Ends "agent_restart: N passed, M failed".
. "$(dirname "$0")/lib.bash"

topo_lan
bond0_setup
start_trapd

# ---- the agent first, the master later
launch_agent
agent_up() { grep -q 'bondagentx started' "$d/agent.log"; }
wait_until 10 agent_up || fail "agent did not start without a master"
t0=$(now_ns)
start_master
if wait_until 20 agent_serving; then ok "agent started before the master: connected $(( ($(now_ns) - t0) / 1000000 )) ms after the master came up"
else fail "agent started before the master never connected"; finish; fi

# ---- the master goes away; the agent notices at once (the socket closes)
stop_master
agent_noticed() { grep -q 'AgentX master went away' "$d/agent.log"; }
if wait_until 10 agent_noticed; then ok "agent noticed the master going away"; else fail "agent did not notice the master going away"; fi

# ---- a failover while nobody listens
ip netns exec lan ip link set lan0 down
failed_over() { [ "$(bond_field bond0 'Currently Active Slave')" = eth1 ]; }
wait_until 10 failed_over || fail "bond0 did not fail over to eth1"
queued() { grep -q 'bond0: failover eth0 -> eth1' "$d/agent.log"; }
if wait_until 5 queued; then ok "agent saw the failover while the master was away"; else fail "agent did not log the failover"; fi
check_eq "no notification while the master is away" 0 "$(ntraps BONDWATCH)"

# ---- the master comes back: the agent reconnects, rows are current and
# the queued notifications arrive, each exactly once
t0=$(now_ns)
start_master
serving_eth1() { [ "$(sget "bwBondActiveSlaveName.$B0")" = eth1 ]; }
if wait_until 20 serving_eth1; then
  ok "agent re-registered after $(( ($(now_ns) - t0) / 1000000 )) ms and serves the current state"
else
  fail "agent not serving after the master restart: $(sget "bwBondActiveSlaveName.$B0")"
fi
delivered() { [ "$(ntraps bwBondFailover)" -ge 1 ] && [ "$(ntraps bwSlaveLinkDown)" -ge 1 ]; }
if wait_until 10 delivered; then ok "queued notifications delivered after the reconnect"; else fail "queued notifications: $(cat "$d/traps.txt")"; fi
check_eq "exactly one failover notification" 1 "$(ntraps bwBondFailover)"
check_eq "exactly one slave link-down notification" 1 "$(ntraps bwSlaveLinkDown)"
case $(grep bwBondFailover "$d/traps.txt" | head -n1) in
  *"bwBondActiveSlaveName.$B0 eth1"*"bwBondPrevActiveSlaveName.$B0 eth0"*) ok "queued failover names eth1 new, eth0 previous" ;;
  *) fail "queued failover varbinds: $(grep bwBondFailover "$d/traps.txt")" ;;
esac
check_eq "nothing dropped" 0 "$(sget bwNotificationsDropped.0)"

# ---- and live notifications flow again
ip netns exec lan ip link set lan0 up
link_up() { [ "$(ntraps bwSlaveLinkUp)" -ge 1 ]; }
if wait_until 10 link_up; then ok "live notification after the reconnect (link up eth0)"; else fail "no link-up after the reconnect"; fi

stop_agent

# ---- -p: the ping and reconnect interval. With -p 1 a master restart is
# noticed and the session back within about a second (the default 5 s
# would make that 0-5 s); bad values are refused before anything starts.
AGENT_ARGS="-p 1" start_agent
stop_master
t0=$(now_ns)
start_master
if wait_until 3 agent_serving; then ok "-p 1: re-registered $(( ($(now_ns) - t0) / 1000000 )) ms after the master came back"
else fail "-p 1: not serving 3 s after the master came back"; fi
stop_agent
for bad in 0 3601 5x; do
  out=$("$AGENT" -f -p "$bad" 2>&1); rc=$?
  check_eq "-p $bad refused (exit status 2)" 2 "$rc"
  check_eq "-p $bad: the message" "bondagentx: -p $bad: not a number of seconds from 1 to 3600" "$out"
done
finish
