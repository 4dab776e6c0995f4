#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/nms_zabbix.agent.bash CTL - the VM half of nms_zabbix.sh
# (run by it through tests/vm/run --hostfwd/--guestfwd; not a test by
# itself). Sets up the agent side with the harness's helpers (lib.bash): two bonds
# (bond0: eth0 primary + eth1; bond1: eth2 primary + eth3), the master snmpd
# (shipped config) answering on the user-net NIC too, its traps sent over TCP
# to the host's snmptrapd through the guestfwd, and bondagentx. Then it
# carries out the host's orders: CTL/cmd.N holds one of the verbs below, the
# answer goes to CTL/done.N ("rc output"). CTL/ready tells the host the
# agent serves (with the ifIndexes).
CTL=$1
. "$(dirname "$0")/lib.bash"

# The user-net NIC (the only device with a driver behind it at boot) becomes
# nic0: the topology below uses eth0..eth3 itself.
nic=
for n in /sys/class/net/*; do [ -e "$n/device" ] && nic=${n##*/}; done
[ -n "$nic" ] || { fail "no user-net NIC in the VM"; echo "error no-nic" > "$CTL/ready"; finish; }
ip link set "$nic" name nic0
ip addr add 198.51.100.15/24 dev nic0
ip link set nic0 up

topo_lan
bond0_setup
ip link add bond1 type bond mode active-backup miimon 100 fail_over_mac active
for i in 2 3; do add_slave bond1 "eth$i" "lan$i"; done
ip link set bond1 type bond primary eth2
ip link set bond1 up
B1=$(ifindex bond1) E2=$(ifindex eth2) E3=$(ifindex eth3)
wait_until 10 eval '[ "$(bond_field bond1 "Currently Active Slave")" = eth2 ]' || fail "bond1: eth2 not active"

# snmpd: also on nic0's TCP port 161 (agentAddress lines add up): QEMU's
# restrict=on user-net forwards only TCP back to the host (libslirp drops
# every UDP datagram a restricted guest sends, replies to a hostfwd
# included). Traps go over TCP too, to the guestfwd address, i.e. the host's
# snmptrapd. The shipped config lets "public" read from localhost only; the
# host's requests come from QEMU's host address 198.51.100.2.
NODE_SINK=0 MASTER_EXTRA="agentAddress tcp:198.51.100.15:161
rocommunity public 198.51.100.2 -V bondwatchRead
trapsess -v 2c -c public tcp:198.51.100.100:162" start_master
start_agent
echo "ok $B0 $E0 $E1 $B1 $E2 $E3" > "$CTL/ready.tmp" && mv "$CTL/ready.tmp" "$CTL/ready"

# ---- the host's orders: pull/plug a cable (a peer in netns lan) or stop.
# Nothing else is executed.
n=1
while :; do
  f=$CTL/cmd.$n
  if [ ! -e "$f" ]; then sleep 0.1; continue; fi
  read -r verb arg < "$f"
  case "$verb:$arg" in
    pull:lan[0-3]) out=$(ip netns exec lan ip link set "$arg" down 2>&1); rc=$? ;;
    plug:lan[0-3]) out=$(ip netns exec lan ip link set "$arg" up 2>&1); rc=$? ;;
    stop:) echo "0" > "$CTL/done.$n"; break ;;
    *) out="unknown order: $verb $arg"; rc=2 ;;
  esac
  echo "$rc $out" > "$CTL/done.tmp" && mv "$CTL/done.tmp" "$CTL/done.$n"
  n=$((n + 1))
done
finish
