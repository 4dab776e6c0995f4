#!/bin/bash
# The other bonding modes and their parameters on the real driver (issue
# 17): 802.3ad (lacp-rate, transmit-hash-policy, ad-select, min-links,
# all-members-active, the bond's mtu and macaddress), balance-xor with a
# hash policy, broadcast, balance-rr (packets-per-member, resend-igmp),
# balance-alb (learn-packet-interval) and active-backup (peer-notify-delay;
# arp-missed-max and ns-ip6-targets with ARP). Each: bondmgr check, apply,
# the values in /proc/net/bonding or `ip -d link`, a no-op apply (no plan,
# zero netlink writes; twice also nothing in ip monitor and the state
# unchanged); changed values, each first
# failed at every step of its plan (BONDMGR_TEST_FAIL_STEP, as
# apply_rollback.sh): the state read before comes back. One boot.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/modes.XXXXXX)
cfg=$dir/bond.yaml
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" "$@"; }
p=/proc/net/bonding/bond0 link=$dir/link

# No IPv6 duplicate address detection: the bond's link-local address after
# each rebuild would hold "kernel unchanged" comparisons for a second.
sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
topo_lan
topo_member eth0 lan0
topo_member eth1 lan1

# write_cfg MODE [LINES...]: bond0 over eth0+eth1 in MODE with these
# parameter lines; the array BOND_EXTRA holds bond-level lines (mtu: ...).
BOND_EXTRA=()
write_cfg() {
  local mode=$1; shift
  {
    printf 'network:\n  version: 2\n  bonds:\n    bond0:\n'
    printf '      interfaces: [eth0, eth1]\n      addresses: [192.0.2.10/24]\n'
    printf '      routes: [{to: default, via: 192.0.2.1}]\n'
    [ ${#BOND_EXTRA[@]} -gt 0 ] && printf '      %s\n' "${BOND_EXTRA[@]}"
    printf '      parameters:\n        mode: %s\n' "$mode"
    printf '        %s\n' "$@"
  } > "$cfg"
}
# What the file configures, without what LACP negotiates by itself (which
# slave is active, aggregator ids and port states change on re-enslave).
config_snapshot() {
  kernel_snapshot | sed -E 's/ state (ACTIVE|BACKUP)//; s/ ad_aggregator_id [0-9]+//;
    s/ ad_(actor|partner)_oper_port_state [0-9]+ ad_(actor|partner)_oper_port_state_str <[^>]*>//g;
    s/ ad_aggregator [0-9]+ ad_num_ports [0-9]+ ad_actor_key [0-9]+ ad_partner_key [0-9]+ ad_partner_mac [0-9a-f:]+//'
}
# converge LABEL: check passes, apply exits 0; its plan is in $dir/plan,
# what `ip -d link show bond0` says then in $link.
converge() {
  check "$1: bondmgr check accepts the file" "$BONDMGR" -c "$cfg" check
  apply > "$dir/plan" 2> "$dir/err"; local rc=$?
  check_eq "$1: apply exits 0" 0 "$rc"
  sed 's/^/#   /' "$dir/plan"; grep -v 'netlink writes' "$dir/err" | sed 's/^/#   stderr: /'
  ip -d link show bond0 > "$link"
}
# noop LABEL [full]: another apply prints no plan and makes zero netlink
# writes; with full, ip monitor sees nothing and the state is as it was.
# The kernel's own moves after an apply (carrier, members' MII going up)
# are over: the bond has carrier and every MII status in /proc is up.
bond_steady() {
  [ "$(cat /sys/class/net/bond0/carrier 2>/dev/null)" = 1 ] && ! grep -q '^MII Status: \(down\|going\)' $p
}
noop() {
  local before seen
  if [ "${2:-}" = full ]; then
    check "$1: bond0 has carrier and every member is up" wait_until 10 bond_steady
    before=$(config_snapshot); monitor_start
  fi
  apply > "$dir/plan2" 2> "$dir/err2"
  if [ "${2:-}" = full ]; then
    seen=$(monitor_stop)
    check_eq "$1: ip monitor sees nothing during the no-op" "" "$seen"
    check_eq "$1: kernel state unchanged by the no-op" "$before" "$(config_snapshot)"
  fi
  check_eq "$1: no-op apply prints no plan" "" "$(cat "$dir/plan2")"
  check "$1: no-op apply makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/err2"
}
# change LABEL: the file differs from the kernel; fail each step of its
# plan in turn (each time the state read before comes back), then apply it
# for real (a fail step past the plan's end never fires), as converge.
change() {
  local before n rc
  check "$1: bondmgr check accepts the file" "$BONDMGR" -c "$cfg" check
  before=$(config_snapshot)
  for n in $(seq 1 20); do
    BONDMGR_TEST_FAIL_STEP=$n apply > "$dir/plan" 2> "$dir/err"; rc=$?
    if [ $rc = 0 ]; then
      ok "$1: applied once step $n is past the end of the plan"
      sed 's/^/#   /' "$dir/plan"; ip -d link show bond0 > "$link"; return
    fi
    if ! grep -q 'state read before apply is restored' "$dir/err"; then
      fail "$1, fail at step $n: apply does not say it restored:"; sed 's/^/#   /' "$dir/err"; return
    fi
    if snapshot_settles 5 "$before" config_snapshot; then ok "$1, fail at step $n: kernel state is back"
    else fail "$1, fail at step $n: kernel state differs"; fi
  done
  fail "$1: the plan has more than 20 steps"
}
T0=$(now_ms)
stage() { note "---- $* (at $(( $(now_ms) - T0 )) ms)"; }

stage "802.3ad, every parameter of the mode, and the bond's MTU and address"
BOND_EXTRA=('mtu: 9000' 'macaddress: 02:00:5e:10:00:01')
write_cfg 802.3ad 'lacp-rate: fast' 'transmit-hash-policy: layer3+4' 'ad-select: bandwidth' \
  'min-links: 1' 'all-members-active: true' 'mii-monitor-interval: 100'
converge "802.3ad"
check "802.3ad: plan creates the bond with the mode's options" grep -q \
  '^+ bond0 create mode 802.3ad .*transmit-hash-policy layer3+4 all-members-active true min-links 1 lacp-rate fast ad-select bandwidth mtu 9000 macaddress 02:00:5e:10:00:01$' "$dir/plan"
check "802.3ad: /proc: IEEE 802.3ad" grep -qx 'Bonding Mode: IEEE 802.3ad Dynamic link aggregation' $p
check "802.3ad: /proc: Transmit Hash Policy: layer3+4 (1)" grep -qx 'Transmit Hash Policy: layer3+4 (1)' $p
check "802.3ad: /proc: LACP rate: fast" grep -qx 'LACP rate: fast' $p
check "802.3ad: /proc: Min links: 1" grep -qx 'Min links: 1' $p
check "802.3ad: /proc: ad_select bandwidth" grep -qx 'Aggregator selection policy (ad_select): bandwidth' $p
check "802.3ad: ip -d link: all_slaves_active 1" grep -q ' all_slaves_active 1 ' "$link"
check "802.3ad: ip link: bond0 mtu 9000 and the file's address" \
  grep -Pzq ' mtu 9000 .*\n *link/ether 02:00:5e:10:00:01 ' "$link"
check_eq "802.3ad: the members took the bond's MTU" "9000 9000" \
  "$(cat /sys/class/net/eth0/mtu /sys/class/net/eth1/mtu | xargs)"
noop "802.3ad" full

stage "802.3ad: lacp-rate (taken only while the bond is down), live options"
write_cfg 802.3ad 'lacp-rate: slow' 'transmit-hash-policy: layer2+3' 'ad-select: bandwidth' \
  'min-links: 2' 'all-members-active: true' 'mii-monitor-interval: 100'
change "802.3ad change"
check "plan: bond0 down for lacp-rate" grep -qx '\- bond0 down (lacp-rate and ad-select are set while it is down)' "$dir/plan"
check "plan: ~ bond0 lacp-rate fast -> slow" grep -qx '~ bond0 lacp-rate fast -> slow' "$dir/plan"
check "plan: ~ bond0 transmit-hash-policy layer3+4 -> layer2+3" grep -qx '~ bond0 transmit-hash-policy layer3+4 -> layer2+3' "$dir/plan"
check "plan: ~ bond0 min-links 1 -> 2" grep -qx '~ bond0 min-links 1 -> 2' "$dir/plan"
check "plan: no member released or enslaved (a down, not a rebuild)" bash -c "! grep -q 'member of bond0' $dir/plan"
check "802.3ad change: /proc: LACP rate: slow" grep -qx 'LACP rate: slow' $p
check "802.3ad change: /proc: Transmit Hash Policy: layer2+3 (2)" grep -qx 'Transmit Hash Policy: layer2+3 (2)' $p
check "802.3ad change: /proc: Min links: 2" grep -qx 'Min links: 2' $p
check "802.3ad change: bond0 up again" grep -q '^[0-9]*: bond0: <[^>]*[<,]UP[,>]' "$link"
check "802.3ad change: its default route back" bash -c "ip route show default | grep -q '^default via 192.0.2.1 dev bond0'"
noop "802.3ad change"

stage "balance-xor with a hash policy (a rebuild; the file's address survives it)"
write_cfg balance-xor 'transmit-hash-policy: encap3+4' 'mii-monitor-interval: 100'
converge "balance-xor"
check "balance-xor: plan rebuilds" grep -q '^~ bond0 mode 802.3ad -> balance-xor (rebuild' "$dir/plan"
check "balance-xor: /proc: load balancing (xor)" grep -qx 'Bonding Mode: load balancing (xor)' $p
check "balance-xor: /proc: Transmit Hash Policy: encap3+4 (4)" grep -qx 'Transmit Hash Policy: encap3+4 (4)' $p
check "balance-xor: the file's address after the rebuild" grep -q 'link/ether 02:00:5e:10:00:01 ' "$link"
noop "balance-xor"
# Drift by hand: `bondmgr diff` names it in the file's words; apply puts it back.
ip link set bond0 type bond xmit_hash_policy layer2
"$BONDMGR" -c "$cfg" diff --resolv-conf "$dir/resolv.conf" > "$dir/diff"; rc=$?
sed 's/^/#   /' "$dir/diff"
check_eq "balance-xor drift: bondmgr diff exits 1" 1 "$rc"
check "balance-xor drift: diff says transmit-hash-policy layer2 -> encap3+4" \
  grep -qx '~ bond0 transmit-hash-policy layer2 -> encap3+4' "$dir/diff"
apply > /dev/null 2>&1
check "balance-xor drift: apply puts encap3+4 back" grep -qx 'Transmit Hash Policy: encap3+4 (4)' $p

stage "broadcast (a parameter that means nothing there is refused first)"
BOND_EXTRA=()
write_cfg broadcast 'all-members-active: true' 'mii-monitor-interval: 100'
before=$(config_snapshot)
apply > "$dir/out" 2>&1; rc=$?
check_eq "broadcast + all-members-active: apply refuses (exit 1)" 1 "$rc"
check "broadcast + all-members-active: FILE:LINE:COL and why" grep -q \
  "^$cfg:10:29: error: all-members-active is not available in mode broadcast: it lets inactive members receive, and every member is active in this mode" "$dir/out"
check_eq "broadcast + all-members-active: kernel untouched" "$before" "$(config_snapshot)"
write_cfg broadcast 'mii-monitor-interval: 100'
converge "broadcast"
check "broadcast: /proc: fault-tolerance (broadcast)" grep -qx 'Bonding Mode: fault-tolerance (broadcast)' $p
check "broadcast: mtu 9000 stays (a file that names none leaves it)" grep -q ' mtu 9000 ' "$link"
noop "broadcast" full

stage "balance-rr: packets-per-member (netplan's -slave spelling), resend-igmp"
write_cfg balance-rr 'packets-per-slave: 3' 'resend-igmp: 5' 'mii-monitor-interval: 100'
converge "balance-rr"
check "balance-rr: ip -d link: packets_per_slave 3 resend_igmp 5" \
  grep -q 'mode balance-rr .* resend_igmp 5 .* packets_per_slave 3 ' "$link"
noop "balance-rr"
write_cfg balance-rr 'packets-per-member: 0' 'resend-igmp: 7' 'mii-monitor-interval: 100'
change "balance-rr change"
check "plan: ~ bond0 resend-igmp 5 -> 7" grep -qx '~ bond0 resend-igmp 5 -> 7' "$dir/plan"
check "plan: ~ bond0 packets-per-member 3 -> 0" grep -qx '~ bond0 packets-per-member 3 -> 0' "$dir/plan"
check "balance-rr change: ip -d link: packets_per_slave 0 resend_igmp 7" \
  grep -q ' resend_igmp 7 .* packets_per_slave 0 ' "$link"

stage "balance-alb: learn-packet-interval"
write_cfg balance-alb 'learn-packet-interval: 4s' 'all-members-active: true' 'mii-monitor-interval: 100'
converge "balance-alb"
check "balance-alb: /proc: adaptive load balancing" grep -qx 'Bonding Mode: adaptive load balancing' $p
check "balance-alb: ip -d link: all_slaves_active 1 lp_interval 4" \
  grep -q ' all_slaves_active 1 .* lp_interval 4 ' "$link"
noop "balance-alb"

stage "active-backup: peer-notify-delay; then ARP with arp-missed-max and ns-ip6-targets"
write_cfg active-backup 'primary: eth0' 'mii-monitor-interval: 100' 'gratuitous-arp: 3' 'peer-notify-delay: 200'
converge "active-backup"
check "active-backup: /proc: Peer Notification Delay (ms): 200" grep -qx 'Peer Notification Delay (ms): 200' $p
noop "active-backup"
write_cfg active-backup 'primary: eth0' 'arp-interval: 100' 'arp-ip-targets: [192.0.2.1]' \
  'ns-ip6-targets: ["2001:db8::1"]' 'arp-missed-max: 4'
change "to ARP with NS targets"
check "plan: ARP in place, no rebuild" bash -c "! grep -q rebuild $dir/plan"
check "plan: ~ bond0 ns-ip6-targets none -> 2001:db8::1" grep -qx '~ bond0 ns-ip6-targets none -> 2001:db8::1' "$dir/plan"
check "ARP: ip -d link: arp_missed_max 4 ns_ip6_target 2001:db8::1" \
  grep -q ' arp_interval 100 arp_missed_max 4 arp_ip_target 192.0.2.1 ns_ip6_target 2001:db8::1 ' "$link"
noop "ARP"   # not full: the ARP monitor fails over by itself now and then

stage "bondmgr status shows what the kernel has"
"$BONDMGR" status bond0 > "$dir/status" 2>/dev/null
sed 's/^/#   /' "$dir/status"
check "status: arp-missed-max 4" grep -qx '  arp-missed-max:   4' "$dir/status"
check "status: ns-ip6-targets 2001:db8::1" grep -qx '  ns-ip6-targets:   2001:db8::1' "$dir/status"
check "status --json: the same values" /usr/bin/python3 -c "
import json, subprocess
b = json.loads(subprocess.run(['$BONDMGR', 'status', '--json'], capture_output=True, text=True).stdout)['bonds'][0]
assert b['arp_missed_max'] == 4 and b['ns_ip6_targets'] == ['2001:db8::1'] and b['mtu'] == 9000, b"
stage "done"
finish
