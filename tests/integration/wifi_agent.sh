#!/bin/bash
# tests/integration/wifi_agent.sh - bondagentx on the seed's real topology,
# INSIDE the test VM: bondmgr applies the seed file over eth0 (a
# veth) and wlan0 (a real Wi-Fi station: mac80211_hwsim + wpa_supplicant,
# the AP is hostapd bridged into the LAN; see wifi_bond.sh and tests/wifi/),
# then the master snmpd + the agent: the walk shows the wireless member, a
# cable pull and a Wi-Fi disassociation each raise their notifications.
# vm-modules: mac80211_hwsim ctr ccm
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../wifi/wifi.bash"
export BONDMGR_LOCK=$d/lock
wifi_preflight
[ -x "$AGENT" ] || { fail "no $AGENT (make first)"; finish; }

topo_lan
wifi_ap_start "$d" || { fail "hostapd did not start: $(tail -n 5 "$d/hostapd.log")"; finish; }
WMAC=$(mac_of wlan0)
wifi_sta_start "$d"
topo_member eth0 lan0
ip link set eth0 up
seed_config "$d/bond.yaml"
"$BONDMGR" -c "$d/bond.yaml" apply --resolv-conf "$d/resolv.conf" > "$d/plan" 2>&1 ||
  { fail "bondmgr apply: $(cat "$d/plan")"; finish; }
joined() { associated_as "$WMAC" && [ "$(slave_field bond0 wlan0 'MII Status')" = up ]; }
if wait_until 30 joined && wait_until 10 active_is bond0 eth0; then
  ok "bond0 applied: eth0 active, wlan0 associated and MII up"
else
  fail "bond0: active $(bond_active bond0), wlan0 $(wpa_field wpa_state)"; finish
fi
B0=$(ifindex bond0) E0=$(ifindex eth0) W0=$(ifindex wlan0)

start_trapd
start_master
start_agent

# ---- the walk: both members, wlan0 with its own MAC
check_eq "slave rows of bond0" "eth0 wlan0" "$(swalk bwSlaveName | grep "\.$B0\." | awk '{print $2}' | sort | xargs)"
check_eq "active slave eth0" eth0 "$(sget "bwBondActiveSlaveName.$B0")"
check_eq "fail_over_mac active" active "$(sget "bwBondFailOverMac.$B0")"
check_eq "wlan0 MII up" up "$(sget "bwSlaveMiiStatus.$B0.$W0")"
check_eq "wlan0 backup" backup "$(sget "bwSlaveState.$B0.$W0")"
check_eq "wlan0 not primary" false "$(sget "bwSlaveIsPrimary.$B0.$W0")"
mac=$(sget "bwSlavePermHwAddr.$B0.$W0" | tr 'A-F' 'a-f' | sed 's/\b\([0-9a-f]\)\b/0\1/g; s/ /:/g; s/:$//')
check_eq "wlan0 permanent MAC = its own" "$WMAC" "$mac"
check_eq "status up" up "$(sget "bwBondStatus.$B0")"

# ---- pull eth0: failover to the radio
cable_pull lan0
have() { [ "$(ntraps bwBondFailover)" -ge "$1" ] && [ "$(ntraps "$2")" -ge "$3" ]; }
if wait_until 10 have 1 bwSlaveLinkDown 1; then ok "pull eth0: failover + link-down notifications"
else fail "pull eth0: traps $(cat "$d/traps.txt")"; fi
case $(grep bwBondFailover "$d/traps.txt" | head -n1) in
  *"bwBondActiveSlaveName.$B0 wlan0"*"bwBondPrevActiveSlaveName.$B0 eth0"*) ok "failover names wlan0 new, eth0 previous" ;;
  *) fail "failover varbinds: $(grep bwBondFailover "$d/traps.txt" | head -n1)" ;;
esac
case $(grep bwSlaveLinkDown "$d/traps.txt" | head -n1) in
  *"bwSlaveName.$B0.$E0 eth0"*) ok "link-down names eth0" ;;
  *) fail "link-down varbinds: $(grep bwSlaveLinkDown "$d/traps.txt")" ;;
esac
check_eq "active slave wlan0" wlan0 "$(sget "bwBondActiveSlaveName.$B0")"
if wait_until 10 ping_gw >/dev/null 2>&1; then ok "gateway answers over wlan0"; else fail "gateway does not answer over wlan0"; fi

# ---- re-plug: back to eth0
cable_plug lan0
if wait_until 10 have 2 bwSlaveLinkUp 1; then ok "re-plug: link-up + failover back"
else fail "re-plug: traps $(cat "$d/traps.txt")"; fi
case $(grep bwBondFailover "$d/traps.txt" | tail -n1) in
  *"bwBondActiveSlaveName.$B0 eth0"*"bwBondPrevActiveSlaveName.$B0 wlan0"*) ok "failover back names eth0 new, wlan0 previous" ;;
  *) fail "failover back varbinds: $(grep bwBondFailover "$d/traps.txt" | tail -n1)" ;;
esac

# ---- the radio loses its association: the NOC hears that the backup is gone.
# Wi-Fi specific: between the carrier change and the bond's MII change,
# cfg80211 sends its own RTM_NEWLINK for wlan0 (wireless extensions event:
# IFLA_IFNAME + IFLA_WIRELESS only, no IFLA_MASTER, no IFLA_LINKINFO; `ip -d
# monitor link` prints it as a bare "wlan0: <NO-CARRIER,...SLAVE,UP>
# link/ether"). The agent must not take that partial message as wlan0's
# state (it is not a release from the bond), or the slave row vanishes for
# a moment and the MII transition is never seen.
wpa disconnect > /dev/null
if wait_until 10 have 2 bwSlaveLinkDown 2; then ok "wpa_cli disconnect: a second link-down"
else fail "disconnect: traps $(cat "$d/traps.txt")"; fi
case $(grep bwSlaveLinkDown "$d/traps.txt" | tail -n1) in
  *"bwSlaveName.$B0.$W0 wlan0"*) ok "link-down names wlan0" ;;
  *) fail "link-down varbinds: $(grep bwSlaveLinkDown "$d/traps.txt" | tail -n1)" ;;
esac
check_eq "wlan0 MII down" down "$(sget "bwSlaveMiiStatus.$B0.$W0")"
check_eq "status degraded" degraded "$(sget "bwBondStatus.$B0")"
wpa reconnect > /dev/null
if wait_until 30 have 2 bwSlaveLinkUp 2; then ok "wpa_cli reconnect: link-up for wlan0"
else fail "reconnect: traps $(cat "$d/traps.txt")"; fi
case $(grep bwSlaveLinkUp "$d/traps.txt" | tail -n1) in
  *"bwSlaveName.$B0.$W0 wlan0"*) ok "link-up names wlan0" ;;
  *) fail "link-up varbinds: $(grep bwSlaveLinkUp "$d/traps.txt" | tail -n1)" ;;
esac
check_eq "status up again" up "$(sget "bwBondStatus.$B0")"
check_eq "no failover for a backup's loss: failover count still 2" 2 "$(sget "bwBondFailoverCount.$B0")"

stop_agent
wifi_stop "$d"
finish
