#!/bin/bash
# "Link up but no data" (a 4G modem, a dead switch uplink): the peer keeps
# carrier but drops everything. ARP monitoring fails over; MII cannot see it.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/arp.XXXXXX)
export BONDMGR_LOCK=$dir/lock
apply() { "$BONDMGR" -c "$1" apply --resolv-conf "$dir/resolv.conf"; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1

# ---- MII: the blackholed primary stays active (the failure MII cannot see)
seed_config "$dir/mii.yaml"
check "apply (MII monitoring)" apply "$dir/mii.yaml"
check "MII: eth0 active" wait_until 5 active_is bond0 eth0
check "MII: gateway answers" wait_until 10 ping_gw
blackhole_on lan0
check "blackhole: eth0's carrier is still up" bash -c "ip link show eth0 | grep -q LOWER_UP"
check "blackhole: the gateway no longer answers" bash -c '! ping -c 2 -W 1 192.0.2.1'
if wait_until 3 bash -c '! grep -q "^Currently Active Slave: eth0" /proc/net/bonding/bond0'; then
  fail "MII: active slave changed to $(bond_active bond0) although carrier never dropped"
else
  ok "MII: no failover in 3 s: MII cannot see a link that is up but passes nothing"
fi
blackhole_off lan0

# ---- ARP: same fault, failover
seed_config "$dir/arp.yaml" 'arp-interval: 100' 'arp-ip-targets: [192.0.2.1]' 'arp-validate: active'
apply "$dir/arp.yaml" > "$dir/plan" 2>&1; rc=$?
check_eq "apply switches MII -> ARP in place" 0 "$rc"
sed 's/^/#   /' "$dir/plan"
check "plan: arp-interval" grep -q '^~ bond0 arp-interval 0ms -> 100ms' "$dir/plan"
check "plan: no rebuild for a monitor change" bash -c "! grep -q rebuild $dir/plan"
check "kernel: ARP polling interval 100" grep -q '^ARP Polling Interval (ms): 100' /proc/net/bonding/bond0
check "kernel: MII polling off" grep -q '^MII Polling Interval (ms): 0' /proc/net/bonding/bond0
check "kernel: ARP target 192.0.2.1" grep -q '^ARP IP target/s (n.n.n.n form): 192.0.2.1' /proc/net/bonding/bond0
check "ARP: eth0 active and validated" wait_until 10 bash -c 'grep -q "^Currently Active Slave: eth0" /proc/net/bonding/bond0 && ping -c1 -W1 192.0.2.1'
blackhole_on lan0
if wait_until 10 active_is bond0 wlan0; then
  ok "ARP: failover to wlan0 ${WAITED_MS} ms after eth0 went silent"
else
  fail "ARP: active slave still $(bond_active bond0)"
fi
check "ARP: gateway answers over wlan0" wait_until 10 ping_gw
check "converged: re-apply of the ARP file is a no-op" bash -c "[ -z \"\$('$BONDMGR' -c '$dir/arp.yaml' apply --resolv-conf '$dir/resolv.conf' 2>&1)\" ]"
blackhole_off lan0

# ---- and back to MII
apply "$dir/mii.yaml" > "$dir/plan2" 2>&1; rc=$?
check_eq "apply switches ARP -> MII in place" 0 "$rc"
sed 's/^/#   /' "$dir/plan2"
check "kernel: MII polling 200 again" grep -q '^MII Polling Interval (ms): 200' /proc/net/bonding/bond0
check "kernel: up delay 200 again" grep -q '^Up Delay (ms): 200' /proc/net/bonding/bond0
check "converged: re-apply of the MII file is a no-op" bash -c "[ -z \"\$('$BONDMGR' -c '$dir/mii.yaml' apply --resolv-conf '$dir/resolv.conf' 2>&1)\" ]"
finish
