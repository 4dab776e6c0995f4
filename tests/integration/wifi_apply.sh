#!/bin/bash
# tests/integration/wifi_apply.sh - the seed's Wi-Fi member from the one
# file: a wifis: entry makes bondmgr apply run wpa_supplicant on wlan0
# (a real mac80211_hwsim station) before enslaving it. Runs INSIDE the test
# VM (tests/vm/run), which loads the modules named on the next line:
# vm-modules: mac80211_hwsim ctr ccm cmac
# (see tests/wifi/README.md: ccm/ctr for CCMP keys, cmac for SAE's
# management frame protection). Shows, as a user
# sees it: from nothing one apply associates and enslaves wlan0 (timed);
# pulling eth0 fails over to the radio (ping loss printed); a no-op apply
# makes zero netlink writes and keeps the supplicant's pid; a new password
# (the AP's too) reaches the same process (RECONFIGURE) and eth0 is not
# touched; a wrong password leaves the bond on eth0 and says so in the
# supplicant's log; a failed apply puts the previous configuration back;
# a world-readable file with a password is refused with the chmod to run
# and the kernel is untouched; bondmgr watch starts a supplicant that
# died; removing wifis: stops it; a WPA3-SAE access point is joined the
# same way.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../wifi/wifi.bash"
dir=$(mktemp -d /tmp/wifiapply.XXXXXX)
cfg=$dir/bond.yaml resolv=$dir/resolv.conf
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1 BONDMGR_RUN_DIR=$dir/run \
  BONDMGR_STATE_DIR=$dir/state BONDMGR_NO_SYSTEMD=1
unset BONDMGR_SYSFS          # wireless detection must read the real /sys
unset BONDMGR_NM_DIR BONDMGR_DHCPCD_CONF   # the Pi: NetworkManager and dhcpcd kept off for real
GW=192.0.2.1 PASS1=bondwatch-not-a-real-network PASS2='new "pass" \with\ quotes'
T_START=$(now_ms)

wifi_preflight

apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" "$@"; }
wpa_pid() { cat "$dir/run/wpa-wlan0.pid" 2>/dev/null; }
wpa_alive() { local p; p=$(wpa_pid); [ -n "$p" ] && [ "$(cat /proc/"$p"/comm 2>/dev/null)" = wpa_supplicant ]; }
mii_is() { [ "$(slave_field bond0 "$1" 'MII Status')" = "$2" ]; }
joined() { associated && mii_is wlan0 up && ap_authorized "$WMAC"; }
# write_cfg PASSWORD [wifis|nowifis]: the seed's file with wlan0's entry
write_cfg() {
  seed_config "$cfg"
  if [ "${2:-wifis}" = wifis ]; then
    local q=${1//\\/\\\\}; q=${q//\"/\\\"}
    cat >> "$cfg" <<YAML
  wifis:
    wlan0:
      regulatory-domain: GB
      access-points:
        bondwatch-test:
          password: "$q"
          band: 2.4GHz
YAML
  fi
  chmod 600 "$cfg"
}
# eth0's identity and counters: a change of wlan0's password must not touch it
eth0_state() { echo "$(ifindex eth0) $(cat /sys/class/net/eth0/flags) $(cat /sys/class/net/eth0/carrier_changes) $(mii_is eth0 up && echo mii-up)"; }
ap_pass() {   # ap_pass PASSWORD: the access point's passphrase, re-read (SIGHUP)
  { grep -v '^wpa_passphrase=' "$dir/hostapd.conf"; printf 'wpa_passphrase=%s\n' "$1"; } > "$dir/hostapd.new"
  mv "$dir/hostapd.new" "$dir/hostapd.conf"
  kill -HUP "$(cat "$dir/hostapd.pid")"
}
replies() { grep -c 'bytes from' "$dir/ping"; }
replies_ge() { [ "$(replies)" -ge "$1" ]; }

# ---- the access point (in lan, bridged with the gateway)
topo_lan
cp "$WIFI_CONF/hostapd.conf" "$dir/hostapd.conf"
if wifi_ap_start "$dir" "$dir/hostapd.conf"; then ok "hostapd: AP enabled on wlan1 in lan"
else fail "hostapd did not start"; sed 's/^/    # /' "$dir/hostapd.log"; finish; fi
WMAC=$(mac_of wlan0)
topo_member eth0 lan0
ip link set eth0 up

# ---- the regulatory database (wireless-regdb). A real boot loads cfg80211
# with / mounted and reads /lib/firmware/regulatory.db then; this VM loads
# it from its initramfs (tests/vm/run), where the kernel's firmware loader
# keeps looking, so point the loader at a copy under the host tree as init
# sees it (/root) and have cfg80211 read it again.
mkdir -p "$dir/fw"
if cp -L /lib/firmware/regulatory.db /lib/firmware/regulatory.db.p7s "$dir/fw/" &&
   printf '/root%s' "$dir/fw" > /sys/module/firmware_class/parameters/path && iw reg reload; then
  ok "regulatory.db loaded (iw reg reload)"
else fail "no regulatory.db (install wireless-regdb: tools/deps)"; fi

# ---- from nothing: one apply associates and enslaves wlan0
REG0=$(iw reg get | sed -n 's/^country \([0-9A-Z][0-9A-Z]\):.*/\1/p' | head -n1)
note "regulatory domain before: $REG0"
write_cfg "$PASS1"
t0=$(now_ms)
apply > "$dir/plan1" 2> "$dir/err1"; rc=$?
check_eq "bondmgr apply with wifis: exits 0" 0 "$rc"
[ "$rc" = 0 ] || { sed 's/^/    # /' "$dir/plan1" "$dir/err1"; finish; }
check "the plan starts wlan0's wpa_supplicant" grep -q '^+ wlan0 wpa_supplicant' "$dir/plan1"
check "the supplicant was started before wlan0 was enslaved (plan order)" \
  bash -c "[ \$(grep -n 'wlan0 wpa_supplicant' $dir/plan1 | cut -d: -f1) -lt \$(grep -n '^+ wlan0 member of bond0' $dir/plan1 | head -1 | cut -d: -f1) ]"
if wait_until 40 joined; then
  ok "wlan0 associated (wpa_state=COMPLETED, AP: AUTHORIZED) and enslaved (MII up)"
  note "time from apply start to wlan0 associated and enslaved: $(( $(now_ms) - t0 )) ms"
else
  fail "wlan0 after apply: wpa_state=$(wpa_field wpa_state), MII $(slave_field bond0 wlan0 'MII Status')"
  sed 's/^/    # /' "$dir/plan1" "$dir/run/wpa-wlan0.log" 2>/dev/null | tail -30
fi
check_eq "wlan0 is a slave of bond0" bond0 "$(basename "$(readlink /sys/class/net/wlan0/master)")"
check "eth0 active" wait_until 10 active_is bond0 eth0
PID1=$(wpa_pid)
check "wpa_supplicant runs (pid $PID1)" wpa_alive
check_eq "its configuration is mode 600" 600 "$(stat -c %a "$dir/run/wpa-wlan0.conf")"
check "the password is in no plan output, log, nor command line" \
  bash -c "! grep -rqF -- '$PASS1' $dir/plan1 $dir/err1 $dir/run/wpa-wlan0.log /proc/$PID1/cmdline"
# (after the other managers' files and the radio's rfkill switch, which come
# first of all: keepoff.sh)
regline=$(grep -nx "~ wireless regulatory domain $REG0 -> GB (wlan0.s regulatory-domain)" "$dir/plan1" | cut -d: -f1)
check "the plan sets the regulatory domain ($REG0 -> GB) before it starts the supplicant" \
  bash -c "[ -n '$regline' ] && [ '$regline' -lt \$(grep -n '^+ wlan0 wpa_supplicant' $dir/plan1 | head -1 | cut -d: -f1) ]"
check "the kernel's regulatory domain is GB (iw reg get)" bash -c "iw reg get | grep -q '^country GB:'"

# ---- pull eth0: the radio carries the traffic
ping -D -i 0.05 "$GW" > "$dir/ping" 2>&1 &
PING=$!
wait_until 10 replies_ge 10
cable_pull lan0
check "pull eth0: wlan0 active" wait_until 10 active_is bond0 wlan0
n=$(replies); wait_until 10 replies_ge $((n + 20))
kill -INT $PING; wait $PING
SENT=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$dir/ping")
GOT=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' "$dir/ping")
ERRS=$(grep -c -e sendmsg -e 'No buffer space' -e unreachable "$dir/ping")
LOST=$((SENT - GOT + ERRS))
note "ping -i 0.05 across eth0 -> wlan0: $SENT sent, $GOT received, $ERRS send errors: $LOST lost"
check "wired -> wireless failover loses at most 20 packets at 50 ms ($LOST lost)" test "$LOST" -le 20
cable_plug lan0
check "re-plug: eth0 active again" wait_until 10 active_is bond0 eth0

# ---- no-op: zero netlink writes, the same supplicant
apply > "$dir/plan2" 2> "$dir/err2"; rc=$?
check_eq "no-op apply: exit 0, no plan" "0:" "$rc:$(cat "$dir/plan2")"
check "no-op apply makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/err2"
check_eq "no-op apply: the same wpa_supplicant pid" "$PID1" "$(wpa_pid)"

# ---- a new password: the AP's and the file's; the same process re-reads it
E0=$(eth0_state)
ap_pass "$PASS2"
write_cfg "$PASS2"
"$BONDMGR" -c "$cfg" diff > "$dir/diff3" 2>&1; rc=$?
check_eq "bondmgr diff sees the new password as drift (exit 1)" 1 "$rc"
check "diff names the step, not the password" \
  bash -c "grep -q 'wlan0 wpa_supplicant re-reads' $dir/diff3 && ! grep -qF quotes $dir/diff3"
apply > "$dir/plan3" 2> "$dir/err3"; rc=$?
check_eq "apply of a new password exits 0" 0 "$rc"
check "the plan says wlan0's supplicant re-reads its configuration" \
  grep -q '^~ wlan0 wpa_supplicant re-reads its configuration' "$dir/plan3"
check "the new password is in no plan output nor log" \
  bash -c "! grep -rqF -- 'quotes' $dir/plan3 $dir/err3 $dir/run/wpa-wlan0.log"
check_eq "the same wpa_supplicant pid" "$PID1" "$(wpa_pid)"
if wait_until 30 joined; then ok "re-associated with the new password in $WAITED_MS ms"
else fail "after the new password: wpa_state=$(wpa_field wpa_state)"; fi
check_eq "eth0 untouched (ifindex, flags, carrier changes, MII)" "$E0" "$(eth0_state)"
check "eth0 still active" active_is bond0 eth0

# ---- a world-readable file with a password: refused, nothing touched
chmod 644 "$cfg"
before=$(kernel_snapshot)
apply > "$dir/plan6" 2> "$dir/err6"; rc=$?
check "apply refuses a world-readable file with a password (exit $rc)" test "$rc" != 0
check "the message gives the command: chmod 600 $cfg" grep -qF "run: chmod 600 $cfg" "$dir/err6"
check "the message does not show the password" bash -c "! grep -qF 'quotes' $dir/err6"
note "bondmgr says: $(head -n1 "$dir/err6")"
check_eq "the kernel is untouched" "$before" "$(kernel_snapshot)"
check_eq "the same wpa_supplicant pid" "$PID1" "$(wpa_pid)"
chmod 600 "$cfg"

# ---- a wrong password: the bond stays on eth0, the log says why (checked
# after the rollback, which needs no association: the supplicant's
# attempts run meanwhile)
write_cfg "wrong-password-123"
t_wrong=$(now_ms)
apply > "$dir/plan4" 2> "$dir/err4"; rc=$?
check_eq "apply of a wrong password exits 0 (the kernel side is converged)" 0 "$rc"
# ---- a failed apply puts the previous configuration back (the wrong one)
cp "$dir/run/wpa-wlan0.conf" "$dir/conf.before"
write_cfg "another-password-456"
sed -i 's|addresses: \[192.0.2.10/24\]|addresses: [192.0.2.10/24, 192.0.2.11/24]|' "$cfg"
BONDMGR_TEST_FAIL_STEP=2 apply > "$dir/plan5" 2> "$dir/err5"; rc=$?
check "apply failing at step 2 (after the RECONFIGURE) exits non-zero ($rc)" test "$rc" != 0
check "it says it rolled back" grep -qi 'roll\|restor\|put back' "$dir/err5"
check "the supplicant's previous configuration is back (same bytes)" cmp -s "$dir/conf.before" "$dir/run/wpa-wlan0.conf"
check_eq "rollback: the same wpa_supplicant pid" "$PID1" "$(wpa_pid)"
check "rollback: 192.0.2.11 not on bond0" bash -c "! ip -o addr show dev bond0 | grep -q 192.0.2.11"

# ---- the wrong password, seen
if wait_until 20 grep -q -e 'pre-shared key may be incorrect' -e 'reason=WRONG_KEY' "$dir/run/wpa-wlan0.log"; then
  ok "wpa_supplicant's log says the key is wrong, $(( $(now_ms) - t_wrong )) ms after the apply: $(grep -m1 -o -e 'pre-shared key may be incorrect' -e 'reason=WRONG_KEY' "$dir/run/wpa-wlan0.log")"
else fail "no wrong-key message in $dir/run/wpa-wlan0.log"; fi
check "wlan0 not associated (wpa_state is not COMPLETED)" bash -c "! wpa_cli -p /run/wpa_supplicant -i wlan0 status | grep -qx wpa_state=COMPLETED"
# bondmgr status says why, in words, and --json gives the reason's word
wrong_seen() { "$BONDMGR" status bond0 > "$dir/status.wrong" 2>&1 &&
  grep -q '^    wlan0 wifi: not associated (wpa_supplicant [A-Z0-9_]*, last failure WRONG_KEY: the password is probably wrong)$' "$dir/status.wrong"; }
if wait_until 10 wrong_seen; then ok "bondmgr status: $(grep 'wlan0 wifi:' "$dir/status.wrong" | sed 's/^ *//')"
else fail "bondmgr status does not say the password is wrong:"; sed 's/^/    # /' "$dir/status.wrong"; fi
check "bondmgr status --json: the wifi object's last_failure is WRONG_KEY" \
  bash -c "'$BONDMGR' status --json bond0 | python3 -c 'import json,sys; d=json.load(sys.stdin); s=[s for s in d[\"bonds\"][0][\"slaves\"] if s[\"name\"]==\"wlan0\"][0]; sys.exit(0 if s[\"wifi\"][\"last_failure\"]==\"WRONG_KEY\" and not s[\"wifi\"][\"associated\"] else 1)'"
check "wlan0 MII down" wait_until 10 mii_is wlan0 down
check "the bond stays on eth0" active_is bond0 eth0
check "gateway answers over eth0" wait_until 10 ping_gw

# ---- bondmgr watch starts a supplicant that died
"$BONDMGR" -c "$cfg" watch > "$dir/watch.log" 2>&1 &
WATCH=$!
wait_until 10 grep -q . "$dir/watch.log"
kill -KILL "$PID1"
if wait_until 15 bash -c "p=\$(cat $dir/run/wpa-wlan0.pid 2>/dev/null); [ -n \"\$p\" ] && [ \"\$p\" != $PID1 ] && [ \"\$(cat /proc/\$p/comm 2>/dev/null)\" = wpa_supplicant ]"; then
  ok "bondmgr watch started wpa_supplicant again after $WAITED_MS ms (pid $(wpa_pid))"
else fail "no new wpa_supplicant: $(tail -3 "$dir/watch.log")"; fi
# Why, in its log: the periodic look ("not running"), or the round that a
# link event of the killed supplicant's started first, whose plan line
# is logged once the step ran (so it may come just after the new pid)
check "bondmgr watch logged why" wait_until 5 grep -Eq \
  'wlan0: its wpa_supplicant is not running|\+ wlan0 wpa_supplicant \(wifis:\)' "$dir/watch.log"
sed 's/^/#   watch: /' "$dir/watch.log"
kill -TERM $WATCH; wait $WATCH 2>/dev/null

# ---- removing wifis: stops it
PID2=$(wpa_pid)
write_cfg "" nowifis
apply > "$dir/plan7" 2> "$dir/err7"; rc=$?
check_eq "apply without wifis: exits 0" 0 "$rc"
check "the plan stops wlan0's supplicant" grep -q '^- wlan0 wpa_supplicant' "$dir/plan7"
check "wpa_supplicant $PID2 is gone" wait_until 10 bash -c "[ \"\$(cat /proc/$PID2/comm 2>/dev/null)\" != wpa_supplicant ]"
check "its configuration is removed" test ! -e "$dir/run/wpa-wlan0.conf"

# ---- WPA3-SAE: the same one apply against an SAE access point
AP=$(cat "$dir/hostapd.pid")
kill "$AP"
wait_until 10 bash -c "! kill -0 $AP 2>/dev/null"
if lan hostapd -B -P "$dir/hostapd.pid" -f "$dir/hostapd-sae.log" "$WIFI_CONF/hostapd-sae.conf" &&
   wait_until 20 grep -q AP-ENABLED "$dir/hostapd-sae.log"; then ok "hostapd: SAE AP enabled"
else fail "SAE hostapd did not start"; sed 's/^/    # /' "$dir/hostapd-sae.log"; fi
seed_config "$cfg"
cat >> "$cfg" <<'YAML'
  wifis:
    wlan0:
      access-points:
        bondwatch-sae:
          auth: {key-management: sae, password: "bondwatch sae: not a real network"}
          band: 2.4GHz
YAML
chmod 600 "$cfg"
t0=$(now_ms)
apply > "$dir/plan8" 2> "$dir/err8"; rc=$?
check_eq "apply with key-management: sae exits 0" 0 "$rc"
if wait_until 40 joined; then
  ok "SAE: wlan0 associated (AP: AUTHORIZED) and enslaved"
  note "SAE: time from apply start to wlan0 associated and enslaved: $(( $(now_ms) - t0 )) ms"
else fail "SAE: wpa_state=$(wpa_field wpa_state)"; tail -20 "$dir/run/wpa-wlan0.log" "$dir/hostapd-sae.log" | sed 's/^/    # /'; fi
check_eq "SAE: wpa_supplicant's key_mgmt" SAE "$(wpa_field key_mgmt)"

note "test time in the VM: $(( ($(now_ms) - T_START) / 1000 )) s"
wifi_stop "$dir"
finish
