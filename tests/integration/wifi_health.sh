#!/bin/bash
# tests/integration/wifi_health.sh - the radio's health where the NOC sees
# it (issue 14 item 5), INSIDE the test VM: bond0 over eth0 (a veth) and
# wlan0 (mac80211_hwsim station, hostapd AP in the lan netns: tests/wifi/),
# snmpd master + bondagentx + snmptrapd. bwWifiTable walked by net-snmp's
# snmpwalk and by the npm client, against what iw says; bondmgr status and
# --json; the AP stopped and started again (bwWifiDisassociated,
# bwWifiAssociated); the AP's transmit power lowered below the agent's
# threshold and restored (bwWifiSignalWeak not before the hold time,
# bwWifiSignalRecovered), each notification exactly once. The network's
# SSID holds an escape sequence (ESC [7m): raw octets over SNMP, escaped
# by bondmgr status and by bondwatch-trap.pl (run by a second snmptrapd).
# vm-modules: mac80211_hwsim ctr ccm
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../wifi/wifi.bash"
export BONDMGR_LOCK=$d/lock
wifi_preflight
[ -x "$AGENT" ] || { fail "no $AGENT (make first)"; finish; }
HOLD=3 THOLD=-40                 # the agent's -W and -w
# the SSID: "bw-" ESC "[7m-test" (a terminal would switch to reverse video)
SSID_HEX=62772d1b5b376d2d74657374
SSID='bw-\x1b[7m-test'             # escaped, as iw and bw_text_escape write it
SSID_OCTETS=$(echo "$SSID_HEX" | sed 's/../& /g' | tr 'a-f' 'A-F' | xargs)

# tests/wifi's AP and station with this SSID (hex in both files)
sed "s/^ssid=.*/ssid2=$SSID_HEX/" "$WIFI_CONF/hostapd.conf" > "$d/hostapd.conf"
sed "s/^\([[:space:]]*\)ssid=.*/\1ssid=$SSID_HEX/" "$WIFI_CONF/wpa_supplicant.conf" > "$d/wpa.conf"
ap_start() { lan hostapd -B -P "$d/hostapd.pid" -f "$d/hostapd.log" "$d/hostapd.conf"; }
topo_lan
iw phy "$(cat /sys/class/net/wlan1/phy80211/name)" set netns name lan
if ap_start && wait_until 20 grep -q AP-ENABLED "$d/hostapd.log"; then ok "hostapd up"
else fail "hostapd did not start: $(tail -n 5 "$d/hostapd.log")"; finish; fi
WMAC=$(mac_of wlan0)
wpa_supplicant -B -i wlan0 -c "$d/wpa.conf" -P "$d/wpa.pid" -f "$d/wpa.log"
topo_member eth0 lan0
ip link set eth0 up
seed_config "$d/bond.yaml"
"$BONDMGR" -c "$d/bond.yaml" apply --resolv-conf "$d/resolv.conf" > "$d/plan" 2>&1 ||
  { fail "bondmgr apply: $(cat "$d/plan")"; finish; }
if wait_until 30 associated_as "$WMAC"; then ok "wlan0 associated"; else fail "wlan0: $(wpa_field wpa_state)"; finish; fi
B0=$(ifindex bond0) E0=$(ifindex eth0) W0=$(ifindex wlan0)

TRAP_TIMES=1 start_trapd
# a second receiver running the shipped handler, its lines in handler.log
HANDLERPORT=10164
printf '%s\n' 'disableAuthorization yes' "perl \$BondwatchTrap::log = \"$d/handler.log\";" \
  "perl do \"$ROOT/config/snmptrapd/bondwatch-trap.pl\";" > "$d/handler.conf"
snmptrapd -C -c "$d/handler.conf" -M "$MIBDIRS_ARG" -Lf "$d/handler-trapd.log" -p "$d/handler.pid" \
  udp:127.0.0.1:$HANDLERPORT
at_exit 'kill "$(cat "$d/handler.pid" 2>/dev/null)" 2>/dev/null'
# The agent as agent_privdrop.sh runs it (-u: CAP_NET_ADMIN only, raised
# just for the writes): its nl80211 sockets are opened after the switch,
# and setting the signal threshold (SET_CQM) needs CAP_NET_ADMIN.
groupadd -f bondwatch
id bwagent >/dev/null 2>&1 ||
  useradd --system --no-create-home --user-group --groups bondwatch --shell /usr/sbin/nologin bwagent
chmod 0711 "$d"
MASTER_EXTRA="trap2sink 127.0.0.1:$HANDLERPORT public
agentXPerms 0660 0711 root bondwatch"
start_master
AGENT_ARGS="-u bwagent -w $THOLD -W $HOLD" start_agent
check_eq "the agent runs as bwagent" bwagent "$(ps -o user= -p "$AGENT_PID" | xargs)"

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
# ---- the walk (net-snmp, one walk of the table): exactly wlan0's row,
# and its values against iw's
swalk bwWifiTable | grep -v 'No more variables' > "$d/walk.txt"   # the MIB view's last table
col() { sed -n "s/^BONDWATCH-MIB::$1\.$B0\.$W0 //p" "$d/walk.txt"; }
check_eq "bwWifiTable: one row (bond0.wlan0), 6 columns" "6 6" \
  "$(wc -l < "$d/walk.txt") $(grep -c "\.$B0\.$W0 " "$d/walk.txt")"
check_eq "bwWifiIsAssociated true" true "$(col bwWifiIsAssociated)"
# raw octets: snmpwalk shows them in hex, since ESC does not print
check_eq "bwWifiSsid = the SSID's octets" "$SSID_OCTETS" "$(col bwWifiSsid | tr -d '"' | xargs)"
check_eq "bwWifiBssid = iw's BSSID" "$BSSID" "$(col bwWifiBssid | mac_norm)"
s=$(col bwWifiSignal | sed 's/ .*//')
if near "$s" "$SIG"; then ok "bwWifiSignal $s dBm, iw $SIG dBm"; else fail "bwWifiSignal $s vs iw $SIG"; fi
r=$(col bwWifiTxBitrate | sed 's/ .*//')
iwr=$(iw dev wlan0 station dump | sed -n 's/^[[:space:]]*tx bitrate:[[:space:]]*\([0-9.]*\) MBit.*/\1/p')
if [ -n "$r" ] && [ -n "$iwr" ] && [ "$(awk -v a="$r" -v b="$iwr" 'BEGIN{print (a == b * 1000)}')" = 1 ]; then
  ok "bwWifiTxBitrate $r kbit/s = iw's $iwr MBit/s"
else fail "bwWifiTxBitrate $r vs iw $iwr MBit/s"; fi
check_eq "bwWifiSignalIsWeak false" false "$(col bwWifiSignalIsWeak)"
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
check_eq "npm: bwWifiSsid, the octets" "$WIFI_OID.1.2.$B0.$W0 $SSID_OCTETS" "$(grep "^$WIFI_OID\.1\.2\." "$d/walk.npm")"

# ---- bondmgr status, text and JSON
st=$("$BONDMGR" status bond0 2>/dev/null)
case $st in
  *"wlan0 wifi: associated to \"$SSID\" bssid $BSSID, signal "*" dBm, tx bitrate "*" Mbit/s"*)
    ok "bondmgr status: $(echo "$st" | grep 'wlan0 wifi:' | sed 's/^ *//')" ;;
  *) fail "bondmgr status: $st" ;;
esac
"$BONDMGR" status --json bond0 > "$d/status.json" 2>/dev/null
j=$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["bonds"][0]
w = [s for s in b["slaves"] if s["name"] == "wlan0"][0]["wifi"]
e = [s for s in b["slaves"] if s["name"] == "eth0"][0]
print(w["associated"], w["ssid"], w["ssid_hex"], w["bssid"], w["signal_dbm"], "wifi" in e)
' "$d/status.json" 2>&1)
read -r ja jssid jhex jbssid jsig jeth <<< "$j"
check_eq "status --json: associated, ssid, ssid_hex, bssid; eth0 without wifi" \
  "True $SSID $SSID_HEX $BSSID False" "$ja $jssid $jhex $jbssid $jeth"
if near "$jsig" "$SIG"; then ok "status --json signal $jsig dBm"; else fail "status --json signal $jsig vs iw $SIG ($j)"; fi

note "at ${SECONDS} s"
# ---- the AP goes away: disassociation. `iw event` is the kernel's own
# account of wlan0's connects and disconnects, which the notifications
# must match one for one (a restarted hostapd may make the station
# reconnect more than once).
iw event > "$d/iw-events.txt" 2>&1 &
IW_PID=$!
at_exit 'kill $IW_PID 2>/dev/null'
ntrap() { grep -cE "::$1([[:space:]]|\$)" "$d/traps.txt"; }
has() { [ "$(ntrap "$1")" -ge "$2" ]; }
# trap_time NAME: when snmptrapd received the first NAME (ns), from
# trap-times.txt, which a handler process of its own writes, so it may come
# a moment after traps.txt has the trap; empty if it never does.
trap_time_of() { awk -v n="$1" '$NF ~ (n "$") {print $1; exit}' "$d/trap-times.txt"; }
trap_time() { TT_NAME=$1 wait_until 10 have_trap_time; trap_time_of "$1"; }
have_trap_time() { [ -n "$(trap_time_of "$TT_NAME")" ]; }
t0=$(now_ms)
kill "$(cat "$d/hostapd.pid")"
if wait_until 20 has bwWifiDisassociated 1; then ok "AP stopped: bwWifiDisassociated after $(( $(now_ms) - t0 )) ms"
else fail "no bwWifiDisassociated: $(cat "$d/traps.txt")"; fi
case $(grep -E "::bwWifiDisassociated[[:space:]]" "$d/traps.txt" | head -n1) in
  *"bwSlaveName.$B0.$W0 wlan0"*"bwWifiIsAssociated.$B0.$W0 false"*"bwWifiSsid.$B0.$W0 \"$SSID_OCTETS \""*) ok "it names wlan0, false, the SSID it left" ;;
  *) fail "bwWifiDisassociated varbinds: $(grep bwWifiDisassociated "$d/traps.txt")" ;;
esac
check_eq "bwWifiIsAssociated false" false "$(sget "bwWifiIsAssociated.$B0.$W0")"
check_eq "bwWifiSsid empty" '""' "$(sget "bwWifiSsid.$B0.$W0")"

note "at ${SECONDS} s"
# ---- the AP comes back: wpa_supplicant re-associates
rm -f "$d/hostapd.log"
t0=$(now_ms)
ap_start || fail "hostapd did not start again"
if wait_until 40 has bwWifiAssociated 1; then ok "AP back: bwWifiAssociated, reassociation took $(( $(now_ms) - t0 )) ms"
else fail "no bwWifiAssociated: $(cat "$d/traps.txt"); wpa $(wpa_field wpa_state)"; fi
case $(grep -E "::bwWifiAssociated[[:space:]]" "$d/traps.txt" | head -n1) in
  *"bwWifiIsAssociated.$B0.$W0 true"*"bwWifiSsid.$B0.$W0 \"$SSID_OCTETS \""*) ok "it says true and the SSID" ;;
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
  t1=$(trap_time bwWifiSignalWeak)
  el=$(( (${t1:-0} - t0) / 1000000 ))
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
  t1=$(trap_time bwWifiSignalRecovered)
  el=$(( (${t1:-0} - t0) / 1000000 ))
  if [ "$el" -ge $((HOLD * 1000)) ]; then ok "bwWifiSignalRecovered $el ms after the restore (not before the hold)"
  else fail "bwWifiSignalRecovered after $el ms, before the hold time"; fi
else fail "no bwWifiSignalRecovered: $(cat "$d/traps.txt")"; fi
check_eq "bwWifiSignalIsWeak false again" false "$(sget "bwWifiSignalIsWeak.$B0.$W0")"

note "at ${SECONDS} s"
if grep -q 'signal threshold (CQM)' "$d/agent.log"; then fail "$(grep 'CQM' "$d/agent.log")"
else ok "the threshold was set (no CQM warning in agent.log)"; fi

# ---- one notification per kernel transition, and one weak/recovered pair
kill $IW_PID 2>/dev/null
kconn=$(grep -c '^wlan0 .*: connected to' "$d/iw-events.txt")
kdisc=$(grep -c '^wlan0 .*: disconnected' "$d/iw-events.txt")
note "iw event: wlan0 connected $kconn, disconnected $kdisc times"
counts=$(for n in bwWifiDisassociated bwWifiAssociated bwWifiSignalWeak bwWifiSignalRecovered; do
  printf '%s=%s ' "$n" "$(ntrap "$n")"; done)
check_eq "no duplicates: as many as the kernel's events" \
  "bwWifiDisassociated=$kdisc bwWifiAssociated=$kconn bwWifiSignalWeak=1 bwWifiSignalRecovered=1 " "$counts"

# ---- the shipped handler's lines: one each, the SSID escaped, the BSSID in hex
h=$(cut -d' ' -f3- "$d/handler.log" 2>/dev/null)
dl=$(echo "$h" | grep -cFx "bond ifIndex $B0 slave wlan0 wifi disassociated from \"$SSID\" (bssid $BSSID) [v2c]")
al=$(echo "$h" | grep -cFx "bond ifIndex $B0 slave wlan0 wifi associated to \"$SSID\" (bssid $BSSID) [v2c]")
check_eq "bondwatch-trap.pl: a line per (dis)association, SSID escaped" \
  "$(ntrap bwWifiDisassociated) $(ntrap bwWifiAssociated) 1" "$dl $al $(echo "$h" | grep ' wifi ' | head -n1 | grep -c 'wifi disassociated')"
w=$(echo "$h" | grep -c "^bond ifIndex $B0 slave wlan0 wifi signal weak: -[0-9]* dBm (\"bw-\\\\x1b\[7m-test\") \[v2c\]\$")
r=$(echo "$h" | grep -c "^bond ifIndex $B0 slave wlan0 wifi signal recovered: -[0-9]* dBm (\"bw-\\\\x1b\[7m-test\") \[v2c\]\$")
check_eq "bondwatch-trap.pl: signal weak and recovered lines" "1 1" "$w $r"
if grep -q $'\x1b' "$d/handler.log"; then fail "an ESC byte reached handler.log"; else ok "no ESC byte in handler.log"; fi

stop_agent
wifi_stop "$d"
finish
