# SPDX-License-Identifier: GPL-2.0-or-later
# harness/topology.bash - the test topology: a "lan" network namespace
# holding a bridge br0 and a gateway (192.0.2.1/24 on gw); each bond member
# is a veth whose peer is a port of br0, so "pull the cable" = take the
# peer down, and "link up but no traffic" = drop everything on the peer
# with tc while its carrier stays up.
lan() { ip netns exec lan "$@"; }
topo_lan() {
  ip netns add lan
  lan ip link set lo up
  lan ip link add br0 type bridge
  lan ip link add gw type veth peer name gwport
  lan ip link set gwport master br0
  lan ip link set gwport up
  lan ip link set br0 up
  lan ip addr add 192.0.2.1/24 dev gw
  lan ip link set gw up
}
# topo_member NAME PEER: veth NAME here, PEER in lan on br0, both up.
topo_member() {
  ip link add "$1" type veth peer name "$2" netns lan
  lan ip link set "$2" master br0
  lan ip link set "$2" up
}
# add_slave BOND IFACE PEER: topo_member IFACE PEER, enslaved to BOND.
add_slave() {
  topo_member "$2" "$3"
  ip link set "$2" master "$1"
}
cable_pull() { lan ip link set "$1" down; }
cable_plug() { lan ip link set "$1" up; }
# Link up, no traffic: drop everything PEER sends and receives, carrier stays.
blackhole_on() {
  lan tc qdisc add dev "$1" root netem loss 100%
  lan tc qdisc add dev "$1" ingress
  lan tc filter add dev "$1" ingress matchall action drop
}
blackhole_off() {
  lan tc qdisc del dev "$1" root 2>/dev/null
  lan tc qdisc del dev "$1" ingress 2>/dev/null
  true
}
ifindex() { cat "/sys/class/net/$1/ifindex"; }

# ---- what the kernel says (/proc/net/bonding, as a user would read it)
bond_field() { sed -n "s/^$2: //p" "/proc/net/bonding/$1" | head -n1; }
bond_active() { bond_field "$1" 'Currently Active Slave'; }
# slave_field BOND SLAVE FIELD: a field of one "Slave Interface:" block.
slave_field() {
  awk -v s="$2" -v f="$3" '
    /^Slave Interface: / { cur = substr($0, 18) }
    cur == s && index($0, f ": ") == 1 { print substr($0, length(f) + 3); exit }
  ' "/proc/net/bonding/$1"
}
active_is() { [ "$(bond_active "$1")" = "$2" ]; }
ping_gw() { ping -c 1 -W 1 "${1:-192.0.2.1}"; }

# bond0_setup: by hand (ip, no bondmgr): active-backup, miimon 100,
# fail_over_mac active, eth0 + eth1 (peers lan0, lan1), primary eth0,
# 192.0.2.10/24; waits until eth0 is active and all is up. Sets B0, E0, E1
# (their ifindexes).
bond0_setup() {
  ip link add bond0 type bond mode active-backup miimon 100 fail_over_mac active
  for i in 0 1; do add_slave bond0 "eth$i" "lan$i"; done
  ip link set bond0 type bond primary eth0
  ip addr add 192.0.2.10/24 dev bond0
  ip link set bond0 up
  if wait_until 10 bond0_ready; then ok "bond0 up with eth0 active"
  else fail "bond0 not ready"; cat /proc/net/bonding/bond0; finish; fi
  B0=$(ifindex bond0) E0=$(ifindex eth0) E1=$(ifindex eth1)
}
bond0_ready() {
  [ "$(bond_active bond0)" = eth0 ] &&
    [ "$(grep -c '^MII Status: up' /proc/net/bonding/bond0)" = 3 ]
}
