#!/bin/bash
# The test bed itself: the real bonding driver fails over. No
# bondwatch code is involved: the bond is built with iproute2, so a failure
# here means the VM or the kernel, not us.
. "$(dirname "$0")/lib.bash"

topo_lan
topo_member eth0 lan0
topo_member eth1 lan1
ip link add bond0 type bond mode active-backup miimon 100 fail_over_mac active
ip link set eth0 master bond0
ip link set eth1 master bond0
ip addr add 192.0.2.10/24 dev bond0
ip link set bond0 up

check "bonding driver is the stock kernel's" grep -q '^bonding ' /proc/modules
check "bond0 comes up with an active slave" wait_until 10 bash -c '[ -n "$(sed -n "s/^Currently Active Slave: //p" /proc/net/bonding/bond0 | grep -v None)" ]'
check "gateway answers through bond0" wait_until 10 ping_gw
active=$(bond_active bond0)
case $active in eth0) other=eth1 ;; *) other=eth0 ;; esac
fails_before=$(slave_field bond0 "$active" 'Link Failure Count')
note "active slave $active, link failure count $fails_before"

cable_pull "lan${active#eth}"
if wait_until 10 active_is bond0 "$other"; then
  ok "active slave moved $active -> $other after ${WAITED_MS} ms"
else
  fail "active slave still $(bond_active bond0) 10 s after pulling $active's cable"
fi
fails_after=$(slave_field bond0 "$active" 'Link Failure Count')
check "link failure count of $active rose ($fails_before -> $fails_after)" \
  test "$fails_after" -gt "$fails_before"
check_eq "MII status of $active" down "$(slave_field bond0 "$active" 'MII Status')"
check "gateway still answers after failover" wait_until 5 ping_gw
finish
