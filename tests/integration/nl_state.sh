#!/bin/bash
# tests/integration/nl_state.sh - libbondwatch's netlink layer against the
# real bonding driver. Runs INSIDE the test VM as root:
#   make && tests/vm/run --timeout 300 -- tests/integration/nl_state.sh
# Oracles: `ip -j -d link` (iproute2's own parser), /proc/net/bonding and
# sysfs. Members are veths whose peers sit in netns "lan": "pull the
# cable" = take the peer down.
. "$(dirname "$0")/lib.bash"
TOOL=${BW_NLTOOL:-$ROOT/$BUILD/tools/bw-nltool}
TMP=$d

# Our view: the dump line "KIND NAME ..." (bond/slave), and KEY=VAL in it.
nl_line()  { "$TOOL" dump | awk -v k="$1" -v n="$2" '$1 == k && $2 == n'; }
kv()       { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
nl_field() { kv "$(nl_line "$1" "$2")" "$3"; }
# iproute2's view: one field of info_data / info_slave_data of `ip -j -d`
# output, arrays joined; JSON null (ip's "none"/unset) is "".
jv() {
  jq -r --arg k "$3" \
    ".[0].linkinfo.$2[\$k] // \"\" | if type == \"array\" then join(\",\") else tostring end" <<<"$1"
}
ip_field() { jv "$(ip -j -d link show dev "$2")" "$1" "$3"; }
norm() { tr 'A-Z_' 'a-z-'; }
sys_field() { cat "/sys/class/net/$1/bonding/$2"; }
field_is() { [ "$("$@" | tail -n1)" = "$WANT" ]; }

# Every bond option bw-nltool prints, against ip -d (ours:ip's key).
# ip prints JSON null for arp_validate none and for no active/primary slave.
compare_bond() {
  local b=$1 pair ours theirs line js
  line=$(nl_line bond "$b"); js=$(ip -j -d link show dev "$b")
  for pair in mode miimon updelay downdelay arp_interval arp_ip_target arp_validate \
              arp_all_targets primary_reselect fail_over_mac num_grat_arp:num_peer_notif \
              active_slave primary; do
    ours=$(kv "$line" "${pair%%:*}" | norm)
    theirs=$(jv "$js" info_data "${pair##*:}" | norm)
    case $pair in arp_validate|active_slave|primary) theirs=${theirs:-none} ;; esac
    check_eq "$b: ${pair%%:*} as ip -d shows it" "$theirs" "$ours"
  done
}
compare_slave() {
  local s=$1 k line js
  line=$(nl_line slave "$s"); js=$(ip -j -d link show dev "$s")
  for k in state mii_status link_failure_count perm_hwaddr queue_id; do
    check_eq "$s: $k as ip -d shows it" "$(jv "$js" info_slave_data "$k" | norm)" \
      "$(kv "$line" "$k" | norm)"
  done
  check_eq "$s: master as ip shows it" "$(jq -r '.[0].master' <<<"$js")" "$(kv "$line" master)"
}

# ---- topology: eth0..eth3 here, their peers lan0..lan3 up in netns lan.
setup() {
  ip netns add lan
  for i in 0 1 2 3; do
    ip link add "eth$i" type veth peer name "lan$i" netns lan
    ip -n lan link set "lan$i" up
  done
}
[ -x "$TOOL" ] || { fail "$TOOL not built"; finish; }
setup

echo "# A. a bond made by ip, read by bw-nltool"
ip link add bondA type bond mode active-backup miimon 100 updelay 200 downdelay 100 \
  fail_over_mac active primary_reselect better num_grat_arp 3
for s in eth0 eth1; do ip link set "$s" down; ip link set "$s" master bondA; ip link set "$s" up; done
ip link set bondA type bond primary eth1
ip link set bondA up
WANT=eth1 check "bondA: eth1 (the primary) becomes active" wait_until 5 field_is bond_field bondA "Currently Active Slave"
compare_bond bondA
compare_slave eth0
compare_slave eth1
check_eq "bondA: primary_reselect as /proc shows it" "eth1 (primary_reselect better)" "$(bond_field bondA 'Primary Slave')"
check_eq "bondA: delays reported in ms" "200 100" "$(nl_field bond bondA updelay) $(nl_field bond bondA downdelay)"
check_eq "eth0: backup while eth1 is active" "backup" "$(nl_field slave eth0 state)"
check "lo's IPv6 address is read" sh -c "'$TOOL' dump | grep -qx 'addr lo ::1/128 scope=254'"

echo "# B. a bond made by bw-nltool"
check "create bondB (active-backup, fail_over_mac active, miimon 200, updelay 200, primary eth2)" \
  "$TOOL" create bondB mode=active-backup fail_over_mac=active miimon=200 updelay=200 \
  downdelay=0 primary_reselect=always num_grat_arp=2 primary=eth2
check_eq "bondB: one create = one write" "writes=1" \
  "$("$TOOL" create bondX mode=active-backup 2>&1 >/dev/null | tail -n1)"
ip link del bondX 2>/dev/null
compare_bond bondB
check_eq "bondB: mode/fail_over_mac/miimon/updelay by ip -d" "active-backup active 200 200" \
  "$(ip_field info_data bondB mode) $(ip_field info_data bondB fail_over_mac) $(ip_field info_data bondB miimon) $(ip_field info_data bondB updelay)"
# A primary recorded by name but not enslaved is invisible: netlink, sysfs
# and /proc all show only an enslaved primary. It shows when eth2 joins.
check_eq "bondB: a primary not yet enslaved: not in netlink" "none" "$(nl_field bond bondB primary)"
check_eq "bondB: ... nor in sysfs" "" "$(sys_field bondB primary)"
check_fails "create an existing bond: the kernel's errno" "create bond bondB: .*File exists" \
  "$TOOL" create bondB mode=active-backup
check "enslave eth3 (down) to bondB" "$TOOL" enslave eth3 bondB
check "up eth3" "$TOOL" up eth3
check "bondB up" "$TOOL" up bondB
WANT=eth3 check "bondB: eth3 (alone) active" wait_until 5 field_is nl_field bond bondB active_slave
check "up eth2" "$TOOL" up eth2
check_fails "enslave while up: refused with the kernel's message" \
  "enslave eth2 to bondB: Device can not be enslaved while up" "$TOOL" enslave eth2 bondB
check "down eth2" "$TOOL" down eth2
check "enslave eth2 to bondB" "$TOOL" enslave eth2 bondB
check "up eth2" "$TOOL" up eth2
WANT=eth2 check "bondB: eth2, the recorded primary, takes over when enslaved" wait_until 5 field_is nl_field bond bondB active_slave
check_eq "bondB: the enslaved primary is reported and resolved" "eth2" "$(nl_field bond bondB primary)"
compare_bond bondB
compare_slave eth2
compare_slave eth3
check "release eth3" "$TOOL" release eth3
check_eq "eth3: no master (ip)" "null" "$(ip -j link show dev eth3 | jq -r '.[0].master')"
check_eq "eth3: no longer a slave in the dump" "" "$(nl_line slave eth3)"
check "re-enslave eth3: down, master, up" \
  sh -c "'$TOOL' down eth3 && '$TOOL' enslave eth3 bondB && '$TOOL' up eth3"
check_fails "fail_over_mac with slaves: refused" "change bond bondB: .*slaves" \
  "$TOOL" change bondB fail_over_mac=none
check_fails "mode while up with slaves: refused" "change bond bondB: " \
  "$TOOL" change bondB mode=balance-rr
check "updelay 250 with miimon 200" "$TOOL" change bondB updelay=250
check_eq "bondB: updelay rounded down to a multiple of miimon" "200" "$(nl_field bond bondB updelay)"
check "miimon 100 alone" "$TOOL" change bondB miimon=100
check_eq "bondB: a miimon change rescales the delay (stored in miimon units)" "100" \
  "$(nl_field bond bondB updelay)"
check "miimon 200 and updelay 200 in one message" "$TOOL" change bondB miimon=200 updelay=200
check_eq "bondB: updelay 200 again" "200" "$(nl_field bond bondB updelay)"
check "primary= (ifindex 0)" "$TOOL" change bondB primary=
check_eq "bondB: primary cleared (sysfs)" "" "$(sys_field bondB primary)"
check "primary=eth3" "$TOOL" change bondB primary=eth3
check_eq "bondB: primary eth3" "eth3" "$(nl_field bond bondB primary)"
WANT=eth3 check "bondB: primary_reselect always makes eth3 active" wait_until 5 field_is nl_field bond bondB active_slave
check "primary=eth2 again" "$TOOL" change bondB primary=eth2
WANT=eth2 check "bondB: eth2 active again" wait_until 5 field_is nl_field bond bondB active_slave

echo "# C. ARP monitoring, and switching monitors"
check "create bondC with ARP monitoring" "$TOOL" create bondC mode=active-backup miimon=0 \
  updelay=0 downdelay=0 arp_interval=100 arp_ip_target=192.0.2.1,198.51.100.1 \
  arp_validate=all arp_all_targets=all
compare_bond bondC
check_eq "bondC: ARP settings by ip -d" "100 192.0.2.1,198.51.100.1 all all 0" \
  "$(ip_field info_data bondC arp_interval) $(ip_field info_data bondC arp_ip_target) $(ip_field info_data bondC arp_validate) $(ip_field info_data bondC arp_all_targets) $(ip_field info_data bondC miimon)"
check_fails "miimon>0 and arp_interval>0 in one message: refused" \
  "ARP monitoring cannot be used with MII monitoring" "$TOOL" change bondC miimon=100 arp_interval=100
check_eq "bondC: ...but MIIMON (applied first) stayed applied: not atomic" "100 0" \
  "$(nl_field bond bondC miimon) $(nl_field bond bondC arp_interval)"
check "mii -> arp: miimon=0 (delays left out) arp_interval=200 arp_validate=active" \
  "$TOOL" change bondC miimon=0 updelay=0 downdelay=0 arp_interval=200 arp_validate=active
check_eq "bondC: arp 200, validate active, miimon 0" "200 active 0" \
  "$(ip_field info_data bondC arp_interval) $(ip_field info_data bondC arp_validate) $(ip_field info_data bondC miimon)"
check "arp -> mii: arp_interval=0 miimon=100" "$TOOL" change bondC arp_interval=0 miimon=100
check_eq "bondC: miimon 100, arp 0, validate reset to none (null)" "100 0 " \
  "$(ip_field info_data bondC miimon) $(ip_field info_data bondC arp_interval) $(ip_field info_data bondC arp_validate)"
check_eq "bondC: dump agrees" "100 0 none" \
  "$(nl_field bond bondC miimon) $(nl_field bond bondC arp_interval) $(nl_field bond bondC arp_validate)"
check "updelay 200 under miimon 100" "$TOOL" change bondC updelay=200
check "mii -> arp with arp_interval alone" "$TOOL" change bondC arp_interval=300
check_eq "bondC: arp_interval alone zeroes miimon; updelay reads 0" "300 0 0" \
  "$(ip_field info_data bondC arp_interval) $(ip_field info_data bondC miimon) $(nl_field bond bondC updelay)"
check "arp -> mii with miimon alone" "$TOOL" change bondC miimon=100
check_eq "bondC: miimon alone stops ARP monitoring" "100 0" \
  "$(ip_field info_data bondC miimon) $(ip_field info_data bondC arp_interval)"
check_eq "bondC: the old updelay comes back (kept in miimon units)" "200" \
  "$(nl_field bond bondC updelay)"
check "arp_ip_target= (an empty nest)" "$TOOL" change bondC arp_ip_target=
check_eq "bondC: targets cleared" "" "$(ip_field info_data bondC arp_ip_target)"
check_eq "bondC: dump agrees" "" "$(nl_field bond bondC arp_ip_target)"
check_fails "updelay while miimon is 0: refused" "change bond bondC: " \
  sh -c "'$TOOL' change bondC arp_interval=100 && '$TOOL' change bondC updelay=0"
check "arp -> mii with delays in the same message" \
  "$TOOL" change bondC arp_interval=0 miimon=50 updelay=100 downdelay=50
check_eq "bondC: miimon 50, updelay 100, downdelay 50, arp 0" "50 100 50 0" \
  "$(nl_field bond bondC miimon) $(nl_field bond bondC updelay) $(nl_field bond bondC downdelay) $(nl_field bond bondC arp_interval)"
check_fails "primary in a mode without one: refused" "option not supported in mode" \
  "$TOOL" create bondD mode=balance-rr primary=eth0
check "delete bondC" "$TOOL" del bondC
check_eq "bondC: gone" "" "$(ip -br link show dev bondC 2>/dev/null)"

echo "# D. addresses and default routes"
check "add 192.0.2.10/24 to bondB" "$TOOL" addr add bondB 192.0.2.10/24
check "add 198.51.100.10/24 to bondB" "$TOOL" addr add bondB 198.51.100.10/24
check "dump shows both addresses" sh -c "'$TOOL' dump | grep -qx 'addr bondB 192.0.2.10/24 scope=0' && '$TOOL' dump | grep -qx 'addr bondB 198.51.100.10/24 scope=0'"
check_eq "ip shows them" "192.0.2.10/24 198.51.100.10/24" \
  "$(ip -j addr show dev bondB | jq -r '[.[0].addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen)"] | join(" ")')"
check_fails "add it twice: EEXIST" "File exists" "$TOOL" addr add bondB 192.0.2.10/24
check "default route via 192.0.2.1 metric 100" "$TOOL" route add bondB 192.0.2.1 100
check_eq "dump shows the default route" "route default via 192.0.2.1 dev bondB metric=100 proto=3" \
  "$("$TOOL" dump | grep '^route default via 192.0.2.1')"
check_eq "ip shows it" "192.0.2.1 bondB 100" \
  "$(ip -j route show default | jq -r '.[] | select(.dev=="bondB") | "\(.gateway) \(.dev) \(.metric)"')"
check "delete 198.51.100.10/24" "$TOOL" addr del bondB 198.51.100.10/24
check_fails "a gateway on no subnet of the link: the kernel's message" "Nexthop has invalid gateway" \
  "$TOOL" route add bondB 198.51.100.1
check "delete the default route" "$TOOL" route del bondB 192.0.2.1 100
check_eq "route gone" "" "$("$TOOL" dump | grep '^route default via 192.0.2.1')"
check "delete 192.0.2.10/24" "$TOOL" addr del bondB 192.0.2.10/24
check_eq "address gone" "" "$("$TOOL" dump | grep '^addr bondB 192.0.2.10')"

echo "# E. events: failover seen on the monitor socket"
"$TOOL" monitor 1000 --timeout 30 --until "event=bonding_failover" > "$TMP/mon" 2>&1 &
mon=$!
check "monitor ready" wait_until 10 grep -q '^ready' "$TMP/mon"
ip -n lan link set lan2 down           # eth2 (active, primary) loses carrier
if wait "$mon"; then ok "monitor saw IFLA_EVENT_BONDING_FAILOVER"; else fail "monitor saw IFLA_EVENT_BONDING_FAILOVER"; sed 's/^/    # /' "$TMP/mon" | tail -n 20; fi
check_eq "the failover event names the new active slave" "eth3" \
  "$(grep 'event=bonding_failover' "$TMP/mon" | head -n1 | tr ' ' '\n' | sed -n 's/^active_slave=//p')"
check "eth2's slave event: carrier lost" grep -q '^NEWLINK event=none slave eth2 .*carrier=0' "$TMP/mon"
check_eq "dump agrees: eth3 active, eth2 down and counted" "eth3 down 1" \
  "$(nl_field bond bondB active_slave) $(nl_field slave eth2 mii_status) $(nl_field slave eth2 link_failure_count)"
compare_slave eth2
ip -n lan link set lan2 up
WANT=eth2 check "eth2 back: primary_reselect always makes it active again" wait_until 10 field_is nl_field bond bondB active_slave

echo "# F. a tiny receive buffer under a flood reports ENOBUFS"
"$TOOL" overrun 1 "$TMP/go" > "$TMP/ovr" 2>&1 &
ovr=$!
check "overrun monitor ready" wait_until 10 grep -q '^ready' "$TMP/ovr"
for i in $(seq 1 40); do echo "link add dm$i type dummy"; done > "$TMP/flood"
for i in $(seq 1 40); do echo "link del dm$i"; done >> "$TMP/flood"
ip -batch "$TMP/flood"
touch "$TMP/go"
if wait "$ovr"; then ok "bw_nlmon_read returned -ENOBUFS"; else fail "bw_nlmon_read returned -ENOBUFS"; fi
sed 's/^/    # /' "$TMP/ovr"

echo "# G. cleanup through the library"
check "delete bondB" "$TOOL" del bondB
check "delete bondA" "$TOOL" del bondA
check_eq "no bonds left" "" "$("$TOOL" dump | grep '^bond ')"

finish
