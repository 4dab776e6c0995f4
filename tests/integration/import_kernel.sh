#!/bin/bash
# bondmgr import and a netplan user's file, on the real bonding driver:
#   1. a bond built by hand with ip link -> import --from kernel -> check
#      passes -> apply makes zero netlink writes (ip monitor sees nothing);
#      the same for an 802.3ad bond with lacp_rate fast, xmit_hash_policy
#      layer3+4, min_links 1, MTU 9000 and an address set by hand; an
#      address with a lifetime on it is imported as dhcp4: true;
#   2. the classic Raspberry Pi ifenslave recipe (tests/import/ifupdown/
#      rpi-classic: eth0 primary, wlan0 backup, miimon 200, updelay 200,
#      downdelay 0, fail_over_mac active, primary_reselect always, static
#      address, gateway, DNS) -> import --from ifupdown -> check -> apply ->
#      /proc/net/bonding/bond0 says what the recipe meant;
#   3. the same bond as a netplan file as netplan users write it (renderer:,
#      ethernets: entries, an optional member that is absent): check notes
#      both and passes, apply changes nothing; once the optional member
#      exists, apply enslaves it.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/import.XXXXXX)
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1
resolv=$dir/resolv.conf
apply() { "$BONDMGR" -c "$1" apply --resolv-conf "$resolv"; }

# ---- 1. a hand-built bond, imported, is what apply finds
topo_lan
ip link add bond0 type bond mode active-backup miimon 200 updelay 400 \
  fail_over_mac active num_grat_arp 2 xmit_hash_policy layer3+4
add_slave bond0 eth0 lan0
add_slave bond0 eth1 lan1
ip link set bond0 type bond primary eth1
ip link set bond0 up
ip addr add 192.0.2.10/24 dev bond0
ip route add default via 192.0.2.1 dev bond0 metric 50
ip link add bond5 type bond            # no member: cannot be carried over
wait_until 10 bond_settled bond0

"$BONDMGR" import --from kernel --resolv-conf "$resolv" > "$dir/k.yaml" 2> "$dir/k.err"; rc=$?
check_eq "import --from kernel exits 0" 0 "$rc"
note "imported:"; sed 's/^/#   /' "$dir/k.yaml"; sed 's/^/#   stderr: /' "$dir/k.err"
check "the file names eth0 and eth1, primary eth1" \
  grep -qx '      interfaces: \[eth0, eth1\]' "$dir/k.yaml"
check "primary eth1 carried" grep -qx '        primary: eth1' "$dir/k.yaml"
check "up-delay 400 carried" grep -qx '        up-delay: 400' "$dir/k.yaml"
check "route metric 50 carried" grep -qx '          metric: 50' "$dir/k.yaml"
check "xmit_hash_policy (kept by the kernel, meaningless in active-backup) listed, not written" \
  grep -q '^kernel: bond0: transmit-hash-policy layer3+4 is not carried over: transmit-hash-policy is not available in mode active-backup' "$dir/k.err"
check "the memberless bond5 named as not carried over" \
  grep -q '^kernel: bond5: not carried over: it has no members' "$dir/k.err"
"$BONDMGR" -c "$dir/k.yaml" check > "$dir/kc.out" 2>&1; rc=$?
check_eq "bondmgr check passes the imported file, silently" "0|" "$rc|$(cat "$dir/kc.out")"
before=$(kernel_snapshot)
monitor_start
apply "$dir/k.yaml" > "$dir/k.plan" 2> "$dir/k.aerr"; rc=$?
seen=$(monitor_stop)
check_eq "apply of the imported file exits 0" 0 "$rc"
check_eq "apply prints no plan line" "" "$(cat "$dir/k.plan")"
check "apply makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/k.aerr"
check_eq "ip monitor sees nothing during that apply" "" "$seen"
check_eq "kernel state identical" "$before" "$(kernel_snapshot)"

# ---- 1b. an 802.3ad bond built by hand with LACP options, jumbo frames
# and an address set by hand: imported, apply is a no-op
ip link del bond0; ip link del bond5
ip link add bond1 type bond mode 802.3ad miimon 100 lacp_rate fast \
  xmit_hash_policy layer3+4 min_links 1
ip link set bond1 mtu 9000 address 02:00:5e:10:00:07
ip link set eth0 master bond1; ip link set eth1 master bond1
ip link set bond1 up
# carrier, every member up, and the link-local address the kernel adds
# once carrier comes (IPv6 addrconf) there and past DAD: otherwise it can
# land during the no-op apply below, which ip monitor would report
steady() { [ "$(cat /sys/class/net/bond1/carrier)" = 1 ] &&
  ! grep -q '^MII Status: \(down\|going\)' /proc/net/bonding/bond1 &&
  ip -6 -o addr show dev bond1 scope link | grep -v tentative | grep -q 'inet6 fe80::'; }
"$BONDMGR" import --from kernel --resolv-conf "$resolv" > "$dir/l.yaml" 2> "$dir/l.err"; rc=$?
check_eq "import of the 802.3ad bond exits 0" 0 "$rc"
note "imported:"; sed 's/^/#   /' "$dir/l.yaml"; sed 's/^/#   stderr: /' "$dir/l.err"
check_eq "its options, MTU and address carried" \
  "mtu: 9000|macaddress: \"02:00:5e:10:00:07\"|mode: 802.3ad|transmit-hash-policy: layer3+4|min-links: 1|lacp-rate: fast" \
  "$(grep -E '^ +(mtu|macaddress|mode|transmit-hash-policy|min-links|lacp-rate):' "$dir/l.yaml" | sed 's/^ *//' | paste -sd'|')"
check "bond1 has carrier and every member is up" wait_until 10 steady
monitor_start
apply "$dir/l.yaml" > "$dir/l.plan" 2> "$dir/l.aerr"; rc=$?
seen=$(monitor_stop)
check_eq "apply of the imported 802.3ad file exits 0 and prints no plan" "0|" "$rc|$(cat "$dir/l.plan")"
check "and makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/l.aerr"
check_eq "ip monitor sees nothing during that apply" "" "$seen"
# an address with a lifetime (as a DHCP client adds it) is a lease
ip addr add 192.0.2.11/24 dev bond1 valid_lft 3600 preferred_lft 3600
"$BONDMGR" import --from kernel --resolv-conf "$resolv" > "$dir/d.yaml" 2> "$dir/d.err"; rc=$?
check_eq "a leased address: dhcp4: true instead, exit 0" "0|      dhcp4: true|" \
  "$rc|$(grep -x '      dhcp4: true' "$dir/d.yaml")|$(grep -c 192.0.2.11 "$dir/d.yaml" | grep -v '^0$')"
check "stderr says the lease was seen" \
  grep -q '^kernel: bond1: address 192.0.2.11/24 is a lease (valid [0-9]* s more): not carried over; dhcp4: true instead' "$dir/d.err"
ip link del bond1

# ---- 2. the classic Raspberry Pi recipe
ip route flush default 2>/dev/null
topo_member wlan0 lan2
recipe=$ROOT/tests/import/ifupdown/rpi-classic
"$BONDMGR" import --from ifupdown --modprobe-dir "$recipe/modprobe.d" "$recipe/interfaces" \
  > "$dir/rpi.yaml" 2> "$dir/rpi.err"; rc=$?
check_eq "import --from ifupdown exits 0" 0 "$rc"
note "imported:"; sed 's/^/#   /' "$dir/rpi.yaml"; sed 's/^/#   stderr: /' "$dir/rpi.err"
check "wpa-conf named as not carried over, with its file and line" \
  grep -q "^$recipe/interfaces.d/wlan0:5: wpa-conf /etc/wpa_supplicant/wpa_supplicant.conf is not carried over" "$dir/rpi.err"
"$BONDMGR" -c "$dir/rpi.yaml" check > "$dir/rc.out" 2>&1; rc=$?
check_eq "bondmgr check passes the imported recipe" "0|" "$rc|$(cat "$dir/rc.out")"
apply "$dir/rpi.yaml" > "$dir/rpi.plan" 2> "$dir/rpi.aerr"; rc=$?
check_eq "apply of the imported recipe exits 0" 0 "$rc"
sed 's/^/#   plan: /' "$dir/rpi.plan"
p=/proc/net/bonding/bond0
check "active-backup with fail_over_mac active" \
  grep -q '^Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)' $p
check "primary eth0, primary_reselect always" grep -q '^Primary Slave: eth0 (primary_reselect always)' $p
check "MII polling 200 ms" grep -q '^MII Polling Interval (ms): 200' $p
check "up delay 200 ms" grep -q '^Up Delay (ms): 200' $p
check "down delay 0 ms" grep -q '^Down Delay (ms): 0' $p
check_eq "members eth0 and wlan0" "eth0 wlan0" \
  "$(sed -n 's/^Slave Interface: //p' $p | xargs)"
check "eth0 becomes the active member" wait_until 10 active_is bond0 eth0
check_eq "bond0 has 192.0.2.10/24" "bond0 192.0.2.10/24" \
  "$(ip -4 -o addr show scope global | awk '{print $2, $4}')"
check_eq "default route via 192.0.2.1 on bond0" "default via 192.0.2.1 dev bond0" \
  "$(ip route show default | sed 's/ *$//')"
check_eq "resolv.conf has the recipe's two nameservers" "192.0.2.53 198.51.100.53" \
  "$(sed -n 's/^nameserver //p' "$resolv" | xargs)"
check "the gateway answers over bond0" wait_until 10 ping_gw

# ---- 3. the same bond as a netplan user writes it
cat > "$dir/netplan.yaml" <<YAML
network:
  version: 2
  renderer: networkd
  ethernets:
    eth0:
      dhcp4: no
    wlan0: {}
    eth9:
      dhcp4: false
      optional: true
  bonds:
    bond0:
      interfaces: [eth0, wlan0, eth9]
      addresses: [192.0.2.10/24]
      routes:
        - to: default
          via: 192.0.2.1
      nameservers:
        addresses: [192.0.2.53, 198.51.100.53]
      parameters:
        mode: active-backup
        primary: eth0
        primary-reselect-policy: always
        fail-over-mac-policy: active
        mii-monitor-interval: 200
        up-delay: 200
        down-delay: 0
YAML
"$BONDMGR" -c "$dir/netplan.yaml" check > "$dir/np.out" 2>&1; rc=$?
sed 's/^/#   /' "$dir/np.out"
check_eq "check passes a netplan file with renderer and ethernets" 0 "$rc"
check "check notes that bondwatch renders the bond itself" \
  grep -q "netplan.yaml:3:13: note: renderer networkd is not used: bondwatch renders the bonds itself" "$dir/np.out"
check "check notes the absent optional member" \
  grep -q "netplan.yaml:13:33: note: eth9 is optional and absent" "$dir/np.out"
wait_until 10 bond_settled bond0; before=$(kernel_snapshot)
apply "$dir/netplan.yaml" > "$dir/np.plan" 2> "$dir/np.aerr"; rc=$?
check_eq "apply with the optional member absent exits 0" 0 "$rc"
check "and makes zero netlink writes (the recipe's bond is this one)" \
  grep -qx 'bondmgr: 0 netlink writes' "$dir/np.aerr"
topo_member eth9 lan9
apply "$dir/netplan.yaml" > "$dir/np.plan2" 2> "$dir/np.aerr2"; rc=$?
check_eq "apply once eth9 exists exits 0" 0 "$rc"
check "the plan enslaves eth9" grep -q '^+ eth9 member of bond0' "$dir/np.plan2"
check_eq "bond0's members are eth0, wlan0, eth9" "eth0 wlan0 eth9" \
  "$(sed -n 's/^Slave Interface: //p' $p | xargs)"
finish
