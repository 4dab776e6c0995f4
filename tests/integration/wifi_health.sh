#!/bin/bash
# tests/integration/wifi_health.sh - the radio's health where the NOC sees
# it (issue 14 item 5), INSIDE the test VM: bond0 over eth0 (a veth) and
# wlan0 (mac80211_hwsim station, hostapd AP in the lan netns: tests/wifi/),
# snmpd master + bondagentx + snmptrapd. bwWifiTable walked by net-snmp's
# snmpwalk and by the npm client, against what iw says; bondmgr status and
# --json; the AP stopped and started again (bwWifiDisassociated,
# bwWifiAssociated); the AP's transmit power lowered below the agent's
# threshold and restored (bwWifiSignalWeak not before the hold time,
# bwWifiSignalRecovered), each notification exactly once.
# vm-modules: mac80211_hwsim ctr ccm
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../wifi/wifi.bash"
export BONDMGR_LOCK=$d/lock
wifi_preflight
[ -x "$AGENT" ] || { fail "no $AGENT (make first)"; finish; }
HOLD=3 THOLD=-40                 # the agent's -W and -w
SSID=bondwatch-test

topo_lan
wifi_ap_start "$d" || { fail "hostapd did not start: $(tail -n 5 "$d/hostapd.log")"; finish; }
WMAC=$(mac_of wlan0)
wifi_sta_start "$d"
topo_member eth0 lan0
ip link set eth0 up
seed_config "$d/bond.yaml"
"$BONDMGR" -c "$d/bond.yaml" apply --resolv-conf "$d/resolv.conf" > "$d/plan" 2>&1 ||
  { fail "bondmgr apply: $(cat "$d/plan")"; finish; }
if wait_until 30 associated_as "$WMAC"; then ok "wlan0 associated"; else fail "wlan0: $(wpa_field wpa_state)"; finish; fi
B0=$(ifindex bond0) E0=$(ifindex eth0) W0=$(ifindex wlan0)

TRAP_TIMES=1 start_trapd
start_master
AGENT_ARGS="-w $THOLD -W $HOLD" start_agent

# ---- what the kernel says (iw), and the station's signal
iw_bssid() { iw dev wlan0 link | sed -n 's/^Connected to \([0-9a-f:]*\).*/\1/p'; }
iw_signal() { iw dev wlan0 station dump | sed -n 's/^[[:space:]]*signal:[[:space:]]*\(-\?[0-9]*\).*/\1/p' | head -n1; }
BSSID=$(iw_bssid) SIG=$(iw_signal)
check_eq "iw: wlan0 linked to $SSID" "$SSID" "$(iw dev wlan0 link | sed -n 's/^[[:space:]]*SSID: //p')"
note "iw: bssid $BSSID signal $SIG dBm"
near() { [ -n "$1" ] && [ -n "$2" ] && [ $(( $1 - $2 )) -le 3 ] && [ $(( $2 - $1 )) -le 3 ]; }
# MacAddress as snmpget -Oq prints it (2:0:0:0:1:0) -> 02:00:00:00:01:00
mac_norm() { tr 'A-F' 'a-f' | sed 's/\b\([0-9a-f]\)\b/0\1/g; s/ /:/g; s/:$//'; }

note "at ${SECONDS} s"
# ---- the walk (net-snmp): exactly wlan0's row, and its values
rows=$(swalk bwWifiIsAssociated)
check_eq "bwWifiTable: one row, bond0.wlan0, associated" "BONDWATCH-MIB::bwWifiIsAssociated.$B0.$W0 true" "$rows"
# an OCTET STRING without a DISPLAY-HINT: snmpget quotes it when it prints
check_eq "bwWifiSsid = iw's SSID" "\"$SSID\"" "$(sget "bwWifiSsid.$B0.$W0")"
check_eq "bwWifiBssid = iw's BSSID" "$BSSID" "$(sget "bwWifiBssid.$B0.$W0" | mac_norm)"
s=$(sget "bwWifiSignal.$B0.$W0" | sed 's/ .*//')
if near "$s" "$SIG"; then ok "bwWifiSignal $s dBm, iw $SIG dBm"; else fail "bwWifiSignal $s vs iw $SIG"; fi
r=$(sget "bwWifiTxBitrate.$B0.$W0" | sed 's/ .*//')
iwr=$(iw dev wlan0 station dump | sed -n 's/^[[:space:]]*tx bitrate:[[:space:]]*\([0-9.]*\) MBit.*/\1/p')
if [ -n "$r" ] && [ -n "$iwr" ] && [ "$(awk -v a="$r" -v b="$iwr" 'BEGIN{print (a == b * 1000)}')" = 1 ]; then
  ok "bwWifiTxBitrate $r kbit/s = iw's $iwr MBit/s"
else fail "bwWifiTxBitrate $r vs iw $iwr MBit/s"; fi
check_eq "bwWifiSignalIsWeak false" false "$(sget "bwWifiSignalIsWeak.$B0.$W0")"
check_eq "eth0 has no wifi row" "No Such Instance currently exists at this OID" "$(sget "bwWifiIsAssociated.$B0.$E0")"

# ---- the same walk by the npm client: the same OIDs and values (columns
# 1-3 and 6 exactly; the signal and bitrate are measured, compared above)
WIFI_OID=.1.3.6.1.4.1.8072.9999.8023.1.4
MIBS= snmpwalk "${V2[@]}" -On -Oq -Ox -Oe 127.0.0.1:$PORT $WIFI_OID 2>&1 |
  grep -v 'No more variables' | sed 's/"\(.*[^ ]\) *"$/\1/' | grep -Ev "^$WIFI_OID\.1\.[45]\." > "$d/walk.netsnmp"
/usr/bin/node "$ROOT/tests/integration/snmpwalk.js" 127.0.0.1 $PORT public $WIFI_OID 2> "$d/walk.err" |
  grep -Ev "^$WIFI_OID\.1\.[45]\." > "$d/walk.npm"
if [ -s "$d/walk.npm" ] && diff "$d/walk.netsnmp" "$d/walk.npm" > "$d/walk.diff"; then
  ok "npm net-snmp walk = snmpwalk ($(wc -l < "$d/walk.npm") varbinds)"
else fail "walks differ: $(cat "$d/walk.diff" "$d/walk.err")"; fi
check_eq "npm: bwWifiSsid in hex" "$WIFI_OID.1.2.$B0.$W0 $(hex "$SSID")" "$(grep "^$WIFI_OID\.1\.2\." "$d/walk.npm")"

# ---- bondmgr status, text and JSON
st=$("$BONDMGR" status bond0 2>/dev/null)
case $st in
  *"wlan0 wifi: associated to \"$SSID\" bssid $BSSID, signal "*" dBm, tx bitrate "*" Mbit/s"*)
    ok "bondmgr status: $(echo "$st" | grep 'wlan0 wifi:' | xargs)" ;;
  *) fail "bondmgr status: $st" ;;
esac
"$BONDMGR" status --json bond0 > "$d/status.json" 2>/dev/null
j=$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["bonds"][0]
w = [s for s in b["slaves"] if s["name"] == "wlan0"][0]["wifi"]
e = [s for s in b["slaves"] if s["name"] == "eth0"][0]
print(w["associated"], w["ssid"], bytes.fromhex(w["ssid_hex"]).decode(), w["bssid"], w["signal_dbm"], "wifi" in e)
' "$d/status.json" 2>&1)
read -r ja jssid jhex jbssid jsig jeth <<< "$j"
check_eq "status --json: associated, ssid, ssid_hex, bssid; eth0 without wifi" \
  "True $SSID $SSID $BSSID False" "$ja $jssid $jhex $jbssid $jeth"
if near "$jsig" "$SIG"; then ok "status --json signal $jsig dBm"; else fail "status --json signal $jsig vs iw $SIG ($j)"; fi

note "at ${SECONDS} s"
# ---- the AP goes away: disassociation
ntrap() { grep -cE "::$1([[:space:]]|\$)" "$d/traps.txt"; }
has() { [ "$(ntrap "$1")" -ge "$2" ]; }
t0=$(now_ms)
kill "$(cat "$d/hostapd.pid")"
if wait_until 20 has bwWifiDisassociated 1; then ok "AP stopped: bwWifiDisassociated after $(( $(now_ms) - t0 )) ms"
else fail "no bwWifiDisassociated: $(cat "$d/traps.txt")"; fi
case $(grep -E "::bwWifiDisassociated[[:space:]]" "$d/traps.txt" | head -n1) in
  *"bwSlaveName.$B0.$W0 wlan0"*"bwWifiIsAssociated.$B0.$W0 false"*"bwWifiSsid.$B0.$W0 \"$SSID\""*) ok "it names wlan0, false, the SSID it left" ;;
  *) fail "bwWifiDisassociated varbinds: $(grep bwWifiDisassociated "$d/traps.txt")" ;;
esac
check_eq "bwWifiIsAssociated false" false "$(sget "bwWifiIsAssociated.$B0.$W0")"
check_eq "bwWifiSsid empty" '""' "$(sget "bwWifiSsid.$B0.$W0")"

note "at ${SECONDS} s"
# ---- the AP comes back: wpa_supplicant re-associates
rm -f "$d/hostapd.log"
t0=$(now_ms)
ip netns exec lan hostapd -B -P "$d/hostapd.pid" -f "$d/hostapd.log" "$WIFI_CONF/hostapd.conf" ||
  fail "hostapd did not start again"
if wait_until 40 has bwWifiAssociated 1; then ok "AP back: bwWifiAssociated, reassociation took $(( $(now_ms) - t0 )) ms"
else fail "no bwWifiAssociated: $(cat "$d/traps.txt"); wpa $(wpa_field wpa_state)"; fi
case $(grep -E "::bwWifiAssociated[[:space:]]" "$d/traps.txt" | head -n1) in
  *"bwWifiIsAssociated.$B0.$W0 true"*"bwWifiSsid.$B0.$W0 \"$SSID\""*) ok "it says true and the SSID" ;;
  *) fail "bwWifiAssociated varbinds: $(grep -E '::bwWifiAssociated[[:space:]]' "$d/traps.txt")" ;;
esac
check_eq "bwWifiIsAssociated true again" true "$(sget "bwWifiIsAssociated.$B0.$W0")"

note "at ${SECONDS} s"
# ---- weak signal: with hwsim the station's signal follows the AP's
# transmit power (mac80211_hwsim: received signal = sender's power - 50)
sig_below() { s=$(iw_signal); [ -n "$s" ] && [ "$s" -lt "$THOLD" ]; }
sig_above() { s=$(iw_signal); [ -n "$s" ] && [ "$s" -gt $((THOLD + 2)) ]; }
wait_until 10 sig_above || fail "signal $(iw_signal) dBm not above $THOLD before the test"
t0=$(date +%s%N)
lan iw dev wlan1 set txpower fixed 0 || fail "iw set txpower fixed 0"
if wait_until 10 sig_below; then ok "AP at 0 dBm: station's signal $(iw_signal) dBm < $THOLD"
else fail "signal stays $(iw_signal) dBm"; fi
if wait_until $((HOLD + 15)) has bwWifiSignalWeak 1; then
  t1=$(awk '$NF ~ /bwWifiSignalWeak$/ {print $1; exit}' "$d/trap-times.txt")
  el=$(( (t1 - t0) / 1000000 ))
  if [ "$el" -ge $((HOLD * 1000)) ]; then ok "bwWifiSignalWeak $el ms after the change (hold ${HOLD} s: not before)"
  else fail "bwWifiSignalWeak after $el ms, before the hold time ${HOLD} s"; fi
else fail "no bwWifiSignalWeak: $(cat "$d/traps.txt")"; fi
check_eq "bwWifiSignalIsWeak true" true "$(sget "bwWifiSignalIsWeak.$B0.$W0")"
case $(grep -E "::bwWifiSignalWeak[[:space:]]" "$d/traps.txt" | head -n1) in
  *"bwWifiSignal.$B0.$W0 -"*"bwWifiSignalIsWeak.$B0.$W0 true"*) ok "it carries the signal and true" ;;
  *) fail "bwWifiSignalWeak varbinds: $(grep -E '::bwWifiSignalWeak[[:space:]]' "$d/traps.txt")" ;;
esac
t0=$(date +%s%N)
lan iw dev wlan1 set txpower fixed 2000 || fail "iw set txpower fixed 2000"
if wait_until $((HOLD + 15)) has bwWifiSignalRecovered 1; then
  t1=$(awk '$NF ~ /bwWifiSignalRecovered$/ {print $1; exit}' "$d/trap-times.txt")
  el=$(( (t1 - t0) / 1000000 ))
  if [ "$el" -ge $((HOLD * 1000)) ]; then ok "bwWifiSignalRecovered $el ms after the restore (not before the hold)"
  else fail "bwWifiSignalRecovered after $el ms, before the hold time"; fi
else fail "no bwWifiSignalRecovered: $(cat "$d/traps.txt")"; fi
check_eq "bwWifiSignalIsWeak false again" false "$(sget "bwWifiSignalIsWeak.$B0.$W0")"

note "at ${SECONDS} s"
# ---- each exactly once
counts=$(for n in bwWifiDisassociated bwWifiAssociated bwWifiSignalWeak bwWifiSignalRecovered; do
  printf '%s=%s ' "$n" "$(ntrap "$n")"; done)
check_eq "no duplicates" "bwWifiDisassociated=1 bwWifiAssociated=1 bwWifiSignalWeak=1 bwWifiSignalRecovered=1 " "$counts"

stop_agent
wifi_stop "$d"
finish
