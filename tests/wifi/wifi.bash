# tests/wifi/wifi.bash - sourced by tests/integration/wifi_*.sh, INSIDE the
# test VM, after tests/integration/lib.bash (it uses its ok/fail/finish and
# wait_until). mac80211_hwsim's two simulated radios: wlan1 becomes the
# access point in netns "lan" (hostapd, WPA2-PSK, bridge=br0, so it shares
# the LAN with the gateway), wlan0 the station (wpa_supplicant). The test
# script needs a line "# vm-modules: mac80211_hwsim ctr ccm" (tests/vm/run).
WIFI_CONF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# wifi_preflight: the tools and both radios are there, else fail and finish.
wifi_preflight() {
  local c
  for c in hostapd hostapd_cli wpa_supplicant wpa_cli iw; do
    command -v $c >/dev/null || { fail "$c missing: install hostapd wpasupplicant iw (tools/deps)"; finish; }
  done
  if [ ! -e /sys/class/net/wlan0 ] || [ ! -e /sys/class/net/wlan1 ]; then
    fail "no wlan0/wlan1: mac80211_hwsim not loaded (tests/vm/run reads '# vm-modules:')"; finish
  fi
}
# wifi_ap_start DIR [CONF]: move wlan1's phy into lan (which must hold br0)
# and run hostapd there (CONF: tests/wifi/hostapd.conf unless given);
# succeeds once the AP is enabled. Log and pid file in DIR.
wifi_ap_start() {
  iw phy "$(cat /sys/class/net/wlan1/phy80211/name)" set netns name lan &&
    ip netns exec lan hostapd -B -P "$1/hostapd.pid" -f "$1/hostapd.log" "${2:-$WIFI_CONF/hostapd.conf}" &&
    wait_until 20 grep -q AP-ENABLED "$1/hostapd.log"
}
# wifi_sta_start DIR: wpa_supplicant on wlan0 (returns at once; see associated).
wifi_sta_start() {
  wpa_supplicant -B -i wlan0 -c "$WIFI_CONF/wpa_supplicant.conf" -P "$1/wpa.pid" -f "$1/wpa.log"
}
wifi_stop() {   # wifi_stop DIR
  kill "$(cat "$1/wpa.pid" 2>/dev/null)" "$(cat "$1/hostapd.pid" 2>/dev/null)" 2>/dev/null
  true
}

wpa() { wpa_cli -p /run/wpa_supplicant -i wlan0 "$@"; }
wpa_field() { wpa status | sed -n "s/^$1=//p"; }
associated() { [ "$(wpa_field wpa_state)" = COMPLETED ]; }
# associated_as MAC: wpa_supplicant is associated as MAC and the AP has MAC
# associated and authorized (4-way handshake done).
associated_as() { associated && [ "$(wpa_field address)" = "$1" ] && ap_authorized "$1"; }
ap_stations() { hostapd_cli -p /run/hostapd -i wlan1 all_sta | grep -E '^([0-9a-f]{2}:){5}[0-9a-f]{2}$'; }
ap_authorized() { hostapd_cli -p /run/hostapd -i wlan1 sta "$1" | grep -q '^flags=.*\[AUTHORIZED\]'; }
mac_of() { cat "/sys/class/net/$1/address"; }
