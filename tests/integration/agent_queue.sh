#!/bin/bash
# tests/integration/agent_queue.sh - the bounded notification queue, INSIDE
# the test VM: while the master snmpd is away, 40 slaves of bond1 lose and
# regain their links (more than the queue's 64 notifications). After the
# reconnect the newest 64 arrive, in order, and bwNotificationsDropped
# counts the rest. Ends "agent_queue: N passed, M failed".
. "$(dirname "$0")/lib.bash"
N=40 QMAX=64

topo_lan
bond0_setup
ip link add bond1 type bond mode active-backup miimon 100
{
  for i in $(seq 1 $N); do echo "link add q$i type veth peer name p$i netns lan"; done
  for i in $(seq 1 $N); do echo "link set q$i master bond1"; done
} > "$d/add.batch"
ip -batch "$d/add.batch"
for i in $(seq 1 $N); do echo "link set p$i master br0"; echo "link set p$i up"; done > "$d/up.batch"
for i in $(seq 1 $N); do echo "link set p$i down"; done > "$d/down.batch"
ip -n lan -batch "$d/up.batch"
ip link set bond1 up
bond1_up() { [ "$(grep -c '^MII Status: up' /proc/net/bonding/bond1)" = $((N + 1)) ]; }
if wait_until 20 bond1_up; then ok "bond1 up with $N slaves"; else fail "bond1 not up"; finish; fi
B1=$(ifindex bond1)
start_trapd
start_master
start_agent

stop_master
agent_noticed() { grep -q 'AgentX master went away' "$d/agent.log"; }
wait_until 10 agent_noticed || fail "agent did not notice the master going away"
mark=$(wc -l < "$d/agent.log")

ip -n lan -batch "$d/down.batch"
all_down() { [ "$(grep -c '^MII Status: down' /proc/net/bonding/bond1)" = $((N + 1)) ]; }
wait_until 20 all_down || fail "bond1's slaves did not all go down"
ip -n lan -batch "$d/up.batch"
wait_until 20 bond1_up || fail "bond1's slaves did not all come back"
# every notification the agent raised is logged (INFO) as "bond1: ..."
events() { tail -n +"$((mark + 1))" "$d/agent.log" | grep -cE '^bond1: (failover|slave link|bond down)'; }
# The bond ends with a new active slave (a failover from the last one);
# then the agent's count must stop moving before it is taken.
active_set() { [ "$(bond_field bond1 'Currently Active Slave')" != None ]; }
wait_until 20 active_set || fail "bond1 has no active slave again"
last_n=-1 last_t=0
quiet_for() {   # MS: the count has not moved for MS milliseconds
  local n; n=$(events)
  if [ "$n" != "$last_n" ]; then last_n=$n; last_t=$(now_ns); return 1; fi
  [ $(( ($(now_ns) - last_t) / 1000000 )) -ge "$1" ]
}
wait_until 30 quiet_for 1500
raised=$(events)
if [ "$raised" -gt "$QMAX" ]; then ok "$raised notifications raised while the master was away"; else fail "only $raised notifications raised"; fi

start_master
delivered() { [ "$(ntraps BONDWATCH-MIB::bw)" -ge "$QMAX" ]; }
if wait_until 90 delivered; then ok "queued notifications delivered after the reconnect"; else fail "delivered: $(ntraps BONDWATCH-MIB::bw)"; fi
check_eq "the queue's $QMAX delivered, no more" "$QMAX" "$(ntraps BONDWATCH-MIB::bw)"
check_eq "bwNotificationsDropped counts the rest" $((raised - QMAX)) "$(sget bwNotificationsDropped.0)"
# the newest were kept: the last one raised is the last one received
last_raised=$(tail -n +"$((mark + 1))" "$d/agent.log" | grep -E '^bond1: (failover|slave link|bond down)' | tail -n1)
last_name=${last_raised##* }
case $(grep 'BONDWATCH-MIB::bw' "$d/traps.txt" | tail -n1) in
  *"$last_name"*) ok "the newest notification was kept ($last_raised)" ;;
  *) fail "last received: $(grep 'BONDWATCH-MIB::bw' "$d/traps.txt" | tail -n1 | cut -c1-200), last raised: $last_raised" ;;
esac

stop_agent
finish
