#!/bin/bash
# bondmgr apply on the seed's topology: eth0 primary + wlan0 backup
# as veths whose peers are bridged to a gateway at 192.0.2.1.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/seed.XXXXXX)
cfg=$dir/bond.yaml resolv=$dir/resolv.conf
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" "$@"; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
ip link set eth0 up; ip link set wlan0 up
ip addr add 192.0.2.77/24 dev eth0          # a leftover DHCP-style address on a member
ip route add default via 192.0.2.1 dev eth0
seed_config "$cfg"

# ---- first apply
t0=$(now_ms)
apply > "$dir/plan1" 2> "$dir/err1"; rc=$?
t1=$(now_ms)
check_eq "first apply exits 0" 0 "$rc"
note "first apply took $((t1 - t0)) ms; plan:"; sed 's/^/#   /' "$dir/plan1"; sed 's/^/#   stderr: /' "$dir/err1"
check "plan creates bond0" grep -q '^+ bond0 create mode active-backup' "$dir/plan1"
check "plan enslaves eth0 and wlan0" grep -q '^+ wlan0 member of bond0' "$dir/plan1"
check "plan removes the member's address" grep -q '^- 192.0.2.77/24 on eth0' "$dir/plan1"
check_eq "only bond0 has an IPv4 address" "bond0 192.0.2.10/24" \
  "$(ip -4 -o addr show scope global | awk '{print $2, $4}')"
check_eq "only bond0 has the default route" "default via 192.0.2.1 dev bond0" \
  "$(ip route show default | sed 's/ *$//')"
p=/proc/net/bonding/bond0
check "mode active-backup, fail_over_mac active" grep -q '^Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)' $p
check "primary eth0, reselect always" grep -q '^Primary Slave: eth0 (primary_reselect always)' $p
check "MII polling 200" grep -q '^MII Polling Interval (ms): 200' $p
check "up delay 200" grep -q '^Up Delay (ms): 200' $p
check "down delay 0" grep -q '^Down Delay (ms): 0' $p
check "eth0 becomes active" wait_until 5 active_is bond0 eth0
check "resolv.conf written" grep -qx 'nameserver 192.0.2.53' "$resolv"
check "resolv.conf search" grep -qx 'search example.net' "$resolv"
check "gateway answers over bond0" wait_until 10 ping_gw

# ---- idempotence: no plan, no write, nothing seen by ip monitor
wait_until 5 bond_settled bond0; before=$(kernel_snapshot)
monitor_start
t0=$(now_ms)
apply > "$dir/plan2" 2> "$dir/err2"; rc=$?
t1=$(now_ms)
seen=$(monitor_stop)
check_eq "second apply exits 0" 0 "$rc"
note "no-op apply took $((t1 - t0)) ms"
check_eq "second apply prints no plan line" "" "$(cat "$dir/plan2")"
check "second apply makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/err2"
check_eq "ip monitor sees nothing during the second apply" "" "$seen"
check_eq "kernel state identical after the second apply" "$before" "$(kernel_snapshot)"

# ---- pull eth0's cable under a continuous ping
ping -i 0.05 192.0.2.1 > "$dir/ping" 2>&1 &
pp=$!
wait_until 5 bash -c "[ \$(grep -c 'bytes from' $dir/ping) -ge 10 ]"
cable_pull lan0
if wait_until 5 active_is bond0 wlan0; then ok "pull eth0: wlan0 active after ${WAITED_MS} ms"; else fail "pull eth0: active is $(bond_active bond0)"; fi
n=$(grep -c 'bytes from' "$dir/ping")
wait_until 5 bash -c "[ \$(grep -c 'bytes from' $dir/ping) -ge $((n + 20)) ]"
kill -INT $pp; wait $pp
sent=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$dir/ping")
got=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' "$dir/ping")
note "ping -i 0.05 across eth0 -> wlan0 failover: $sent sent, $got received, $((sent - got)) lost"
check "failover loses at most 10 packets at 50 ms ($((sent - got)) lost)" test $((sent - got)) -le 10
check_eq "eth0 link failure count" 1 "$(slave_field bond0 eth0 'Link Failure Count')"

# ---- re-plug: back to eth0 after the up delay
t0=$(now_ms)
cable_plug lan0
if wait_until 5 active_is bond0 eth0; then
  ok "re-plug: eth0 active again after ${WAITED_MS} ms"
  check "failback waited for the 200 ms up delay" test "$WAITED_MS" -ge 200
else
  fail "re-plug: active is $(bond_active bond0)"
fi
check "gateway answers after failback" wait_until 10 ping_gw

# ---- a changed file changes only that
seed_config "$cfg" 'mii-monitor-interval: 200' 'up-delay: 200' 'down-delay: 0'
sed -i 's/primary: eth0/primary: wlan0/' "$cfg"
apply > "$dir/plan3" 2> "$dir/err3"
check_eq "primary change: one plan line" "~ bond0 primary eth0 -> wlan0" "$(cat "$dir/plan3")"
check "primary change: one netlink write" grep -qx 'bondmgr: 1 netlink writes' "$dir/err3"
check "primary change: wlan0 becomes active (reselect always)" wait_until 5 active_is bond0 wlan0
check_eq "primary change: link failure counts untouched" 1 "$(slave_field bond0 eth0 'Link Failure Count')"

seed_config "$cfg" 'mii-monitor-interval: 100' 'up-delay: 200' 'down-delay: 0'
sed -i 's/primary: eth0/primary: wlan0/' "$cfg"
apply > "$dir/plan4" 2> "$dir/err4"
check "miimon change: plan names miimon" grep -qx '~ bond0 mii-monitor-interval 200ms -> 100ms' "$dir/plan4"
check "miimon change: nothing else but the delays it rescales" \
  bash -c "! grep -vE '^~ bond0 (mii-monitor-interval|up-delay|down-delay) ' $dir/plan4"
check "miimon change: MII polling 100" grep -q '^MII Polling Interval (ms): 100' $p
check "miimon change: up delay still 200" grep -q '^Up Delay (ms): 200' $p

sed -i 's#addresses: \[192.0.2.10/24\]#addresses: [192.0.2.10/24, 198.51.100.10/24]#' "$cfg"
apply > "$dir/plan5" 2> "$dir/err5"
check_eq "address added: one plan line" "+ 198.51.100.10/24 on bond0" "$(cat "$dir/plan5")"
check "address added: present on bond0" bash -c 'ip -o addr show dev bond0 | grep -q 198.51.100.10/24'
check "converged: a further apply is a no-op" bash -c "[ -z \"\$('$BONDMGR' -c '$cfg' apply --resolv-conf '$resolv' 2>/dev/null)\" ]"

# ---- status
"$BONDMGR" status bond0 > "$dir/status" 2>&1
check "status names the active slave" grep -q 'active slave: *wlan0' "$dir/status"
"$BONDMGR" status --json > "$dir/status.json"
check "status --json parses and agrees" /usr/bin/python3 -c "
import json,sys; d=json.load(open('$dir/status.json'))['bonds'][0]
assert d['name']=='bond0' and d['active_slave']=='wlan0' and d['primary']=='wlan0', d
assert d['miimon']==100 and d['updelay']==200 and d['fail_over_mac']=='active', d
assert {s['name'] for s in d['slaves']}=={'eth0','wlan0'}, d"
finish
