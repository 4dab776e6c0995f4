#!/bin/bash
# tests/integration/wifi_bond.sh - the seed's real topology: eth0
# (a veth) primary and wlan0, a real Wi-Fi station, backup, in one
# active-backup bond applied by bondmgr. Runs INSIDE the test VM
# (tests/vm/run), which loads the modules named on the next line:
# vm-modules: mac80211_hwsim ctr ccm
# mac80211_hwsim (which pulls mac80211, cfg80211, rfkill, libarc4) creates
# two simulated radios, wlan0 and wlan1. The guest cannot auto-load modules,
# and WPA2-PSK/CCMP needs ccm(aes) for the keys: ccm and ctr (aes is built
# in); without them hostapd fails with "key addition failed". gcm, cmac and
# ecb are not needed (GCMP, PMF's BIP: not configured).
#
# Topology (lib.bash + tests/wifi/wifi.bash): netns "lan" holds br0 and the gateway
# 192.0.2.1; wlan1's phy is moved into "lan" and runs hostapd (WPA2-PSK,
# bridge=br0); wlan0 stays here, driven by wpa_supplicant; eth0 is a veth
# whose peer lan0 is a port of br0. Packages: hostapd, wpasupplicant, iw.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../wifi/wifi.bash"
dir=$(mktemp -d /tmp/wifi.XXXXXX)
cfg=$dir/bond.yaml resolv=$dir/resolv.conf
export BONDMGR_LOCK=$dir/lock
unset BONDMGR_SYSFS          # wireless detection must read the real /sys
GW=192.0.2.1
T_START=$(now_ms)

wifi_preflight

# ---- helpers
mii_is() { [ "$(slave_field bond0 "$1" 'MII Status')" = "$2" ]; }
# joined: associated and enslaved wlan0 with its carrier, hence MII, up
joined() { associated && mii_is wlan0 up; }
gw_neigh() { lan ip neigh show 192.0.2.10 dev gw | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'; }
gw_neigh_is() { [ "$(gw_neigh)" = "$1" ]; }
fdb_port() { lan bridge fdb show br br0 | awk -v m="$1" '$1 == m && !/permanent/ { print $3; exit }'; }
fdb_port_is() { [ "$(fdb_port "$1")" = "$2" ]; }
# A continuous ping -i 0.05 to the gateway across an event. A probe that
# the kernel refuses to send (ENOBUFS while the dead member's carrier is off
# and its qdisc is noop) is not counted in ping's "transmitted", so
# LOST = (sent - received) + send errors; GAP = the longest time between
# two replies (ms), i.e. the outage seen by the host.
replies() { grep -c 'bytes from' "$dir/ping"; }
replies_ge() { [ "$(replies)" -ge "$1" ]; }
ping_start() {
  ping -D -i 0.05 "$GW" > "$dir/ping" 2>&1 &
  PING_PID=$!
  wait_until 10 replies_ge 10 || fail "ping stream to the gateway did not start"
}
ping_stop() {   # ping_stop: after 20 more replies (or 10 s), stop and count
  local n; n=$(replies)
  wait_until 10 replies_ge $((n + 20))
  kill -INT "$PING_PID"; wait "$PING_PID"
  SENT=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$dir/ping")
  GOT=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' "$dir/ping")
  ERRS=$(grep -c -e sendmsg -e 'No buffer space' -e unreachable "$dir/ping")
  LOST=$((SENT - GOT + ERRS))
  GAP=$(awk -F'[][]' '/bytes from/ { t = $2 * 1000; if (p && t - p > g) g = t - p; p = t }
                      END { printf "%d", g }' "$dir/ping")
}

# ---- the access point (in lan, bridged with the gateway) and the station
topo_lan
if wifi_ap_start "$dir"; then ok "hostapd: AP enabled on wlan1 in lan, bridged to br0"
else fail "hostapd did not start"; sed 's/^/    # /' "$dir/hostapd.log"; finish; fi
WMAC=$(mac_of wlan0)
wifi_sta_start "$dir"
if wait_until 30 associated_as "$WMAC"; then ok "wlan0 associated (WPA2-PSK) as $WMAC after $WAITED_MS ms"
else fail "wlan0 not associated: $(wpa_field wpa_state)"; sed 's/^/    # /' "$dir/wpa.log" "$dir/hostapd.log"; finish; fi
note "sysfs says wlan0 is wireless: $(for f in wireless phy80211; do [ -e /sys/class/net/wlan0/$f ] && printf '%s ' "$f"; done)"

topo_member eth0 lan0
ip link set eth0 up
EMAC=$(mac_of eth0)
seed_config "$cfg"

# ---- bondmgr: check and apply the seed's file on the real wireless wlan0
check "bondmgr check accepts the seed file (fail-over-mac-policy active)" "$BONDMGR" -c "$cfg" check
"$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" > "$dir/plan" 2>&1; rc=$?
check_eq "bondmgr apply exits 0" 0 "$rc"
[ "$rc" = 0 ] || { sed 's/^/    # /' "$dir/plan"; finish; }
p=/proc/net/bonding/bond0
check "fail_over_mac active" grep -q '^Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)' $p
check "primary eth0, reselect always" grep -q '^Primary Slave: eth0 (primary_reselect always)' $p
check "eth0 active" wait_until 10 active_is bond0 eth0
# Enslaving needs wlan0 down, which deauthenticates it; wpa_supplicant
# associates again when bondmgr brings it up, under the same MAC.
if wait_until 30 joined; then ok "wlan0 associated again after enslavement (wpa_state=COMPLETED, MII up) in $WAITED_MS ms"
else fail "wlan0 after enslavement: wpa_state=$(wpa_field wpa_state), MII $(slave_field bond0 wlan0 'MII Status')"; fi
check_eq "wlan0 keeps its own MAC" "$WMAC" "$(mac_of wlan0)"
check_eq "wpa_supplicant's address is wlan0's own MAC" "$WMAC" "$(wpa_field address)"
check "the AP has wlan0's own MAC associated and authorized" ap_authorized "$WMAC"
check_eq "bond0 has eth0's MAC while eth0 is active" "$EMAC" "$(mac_of bond0)"
check_eq "bond's permanent HW addr of wlan0" "$WMAC" "$(slave_field bond0 wlan0 'Permanent HW addr')"

"$BONDMGR" status bond0 > "$dir/status" 2>&1
check "status marks wlan0 wireless" grep -qE '^  slave wlan0 .* wireless$' "$dir/status"
check "status does not mark eth0 wireless" bash -c "grep -E '^  slave eth0 ' $dir/status | grep -vq wireless"
"$BONDMGR" status --json > "$dir/status.json" 2>&1
check 'status --json: wlan0 "wireless":true' bash -c "grep -o '{\"name\":\"wlan0\"[^}]*}' $dir/status.json | grep -q '\"wireless\":true'"
check 'status --json: eth0 "wireless":false' bash -c "grep -o '{\"name\":\"eth0\"[^}]*}' $dir/status.json | grep -q '\"wireless\":false'"
check "gateway answers over bond0 (eth0)" wait_until 10 ping_gw

# ---- pull eth0: traffic moves to the radio
ping_start
cable_pull lan0
if wait_until 10 active_is bond0 wlan0; then ok "pull eth0: wlan0 active after $WAITED_MS ms"
else fail "pull eth0: active is $(bond_active bond0)"; fi
ping_stop
LOSS_TO_WIFI="$LOST lost (gap $GAP ms)"
note "ping -i 0.05 across eth0 -> wlan0 failover: $SENT sent, $GOT received, $ERRS send errors: $LOST lost, longest gap $GAP ms"
check "wired -> wireless failover loses at most 20 packets at 50 ms ($LOST lost)" test "$LOST" -le 20
check "wlan0 still associated (wpa_state=COMPLETED)" associated
check_eq "bond0 takes wlan0's MAC (fail_over_mac active)" "$WMAC" "$(mac_of bond0)"
# The bond sends a gratuitous ARP from its new MAC through the AP: the
# gateway's neighbour entry and the LAN bridge follow it to the radio port.
check "gateway's ARP entry for 192.0.2.10 is wlan0's MAC" wait_until 5 gw_neigh_is "$WMAC"
check "LAN bridge learned wlan0's MAC on the AP port (wlan1)" wait_until 5 fdb_port_is "$WMAC" wlan1
check "gateway answers over wlan0" wait_until 10 ping_gw

# ---- re-plug: back to eth0 after the 200 ms up delay
ping_start
cable_plug lan0
if wait_until 10 active_is bond0 eth0; then ok "re-plug: eth0 active again after $WAITED_MS ms"
else fail "re-plug: active is $(bond_active bond0)"; fi
ping_stop
LOSS_TO_WIRED="$LOST lost (gap $GAP ms)"
note "ping -i 0.05 across wlan0 -> eth0 failback: $SENT sent, $GOT received, $ERRS send errors: $LOST lost, longest gap $GAP ms"
check "wireless -> wired failback loses at most 20 packets at 50 ms ($LOST lost)" test "$LOST" -le 20
check_eq "bond0 has eth0's MAC again" "$EMAC" "$(mac_of bond0)"
check "gateway's ARP entry for 192.0.2.10 is eth0's MAC again" wait_until 5 gw_neigh_is "$EMAC"
check "gateway answers over eth0" wait_until 10 ping_gw
check "wlan0 stays associated as a backup" associated_as "$WMAC"

# ---- a station that is not associated has no carrier: MII sees it
wpa disconnect > /dev/null
check "wpa_cli disconnect: wlan0 MII down" wait_until 10 mii_is wlan0 down
wpa reconnect > /dev/null
check "wpa_cli reconnect: associated, MII up again" wait_until 30 joined

# ---- fail-over-mac-policy none on a wireless member
sed 's/fail-over-mac-policy: active/fail-over-mac-policy: none/' "$cfg" > "$dir/none.yaml"
sed 's/fail-over-mac-policy: active/fail-over-mac-policy: follow/' "$cfg" > "$dir/follow.yaml"
"$BONDMGR" -c "$dir/none.yaml" check > "$dir/check-none" 2>&1; rc=$?
check "bondmgr check refuses none for the real wireless wlan0 (exit $rc)" test "$rc" != 0
check "the message says wlan0 is wireless and why" \
  grep -q 'wlan0 is a wireless interface: .*MAC.*associated.*fail-over-mac-policy: active' "$dir/check-none"
note "bondmgr check says:"; sed 's/^/#   /' "$dir/check-none"
"$BONDMGR" -c "$dir/follow.yaml" check > "$dir/check-follow" 2>&1; rc=$?
check "bondmgr check refuses follow too (exit $rc)" \
  bash -c "[ $rc != 0 ] && grep -q 'wlan0 is a wireless interface' '$dir/check-follow'"
check "bondmgr apply refuses none" bash -c "! '$BONDMGR' -c '$dir/none.yaml' apply --resolv-conf '$resolv' >/dev/null 2>&1"
check "the bond still has fail_over_mac active" grep -q '(fail_over_mac active)' $p

# What bondmgr refuses, done by hand with iproute2, as the ifenslave recipe
# does: start again from wlan0 up and associated under its own MAC.
ip link del bond0
ip link set eth0 up; ip link set wlan0 up
check "without the bond: wlan0 associated again as $WMAC" wait_until 30 associated_as "$WMAC"
ip link add bond0 type bond mode active-backup miimon 200 updelay 200 downdelay 0 \
  fail_over_mac none primary_reselect always
# The kernel enslaves only interfaces that are down ("Device can not be
# enslaved while up"), so down first; eth0 first: bond0 takes eth0's MAC.
ip link set eth0 down; ip link set eth0 master bond0
ip link set wlan0 down; ip link set wlan0 master bond0
ip link set bond0 type bond primary eth0
ip link set eth0 up; ip link set wlan0 up; ip link set bond0 up
ip addr add 192.0.2.10/24 dev bond0
check "iproute2 built bond0 with fail_over_mac none" bash -c "grep -q '^Bonding Mode: fault-tolerance (active-backup)\$' $p"
# What really happens (Debian 12: kernel 6.1, wpa_supplicant 2.10): with
# fail_over_mac none the bond writes its own MAC (eth0's) into every slave.
# mac80211 accepts a new MAC only while the interface is down, which is
# exactly when the bond sets it, so nothing fails there. The association
# made under wlan0's own MAC is gone (the down deauthenticated it); when
# wlan0 comes up, wpa_supplicant sees the new address and associates again
# as eth0's MAC. So the Wi-Fi link works, but it is no longer wlan0's: the
# AP (and anything keyed on the station's MAC: MAC filters, DHCP
# reservations, 802.1X/PSK-per-station identities) sees another station,
# and one MAC now lives on two LAN ports (the wired port and, after a
# failover, the AP). A driver or supplicant that keeps the MAC it associated
# with (e.g. firmware-managed MACs, netctl#137 on a Raspberry Pi: "wrong
# key") loses the link instead. bondmgr therefore requires active, which
# leaves every slave's MAC alone.
check_eq "none: wlan0's MAC rewritten to eth0's" "$EMAC" "$(mac_of wlan0)"
check_eq "none: the bond still records wlan0's permanent MAC" "$WMAC" "$(slave_field bond0 wlan0 'Permanent HW addr')"
if wait_until 30 associated_as "$EMAC"; then
  ok "none: wpa_supplicant re-associated under eth0's MAC $EMAC ($WAITED_MS ms)"
else
  fail "none: wlan0 state $(wpa_field wpa_state) address $(wpa_field address)"
fi
check_eq "none: the AP no longer has wlan0's own MAC; it has eth0's" "$EMAC" "$(ap_stations | xargs)"
check "none: eth0 active, gateway answers" wait_until 10 ping_gw
cable_pull lan0
check "none: pull eth0: wlan0 active" wait_until 10 active_is bond0 wlan0
check "none: gateway answers over the radio (as eth0's MAC)" wait_until 10 ping_gw
check "none: LAN bridge now has eth0's MAC on the AP port (wlan1)" wait_until 5 fdb_port_is "$EMAC" wlan1
check_eq "none: bond0 keeps eth0's MAC after failover" "$EMAC" "$(mac_of bond0)"

note "ping loss at 50 ms intervals: eth0 -> wlan0 $LOSS_TO_WIFI, wlan0 -> eth0 $LOSS_TO_WIRED"
note "test time in the VM: $(( ($(now_ms) - T_START) / 1000 )) s"
wifi_stop "$dir"
finish
