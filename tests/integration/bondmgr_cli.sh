#!/bin/bash
# tests/integration/bondmgr_cli.sh - what a user sees from bondmgr beyond
# the plan, INSIDE the test VM (a real bond): --help / --version on every
# command, -q, colour only on a terminal (a pty from script(1)) and never
# with NO_COLOR, and `bondmgr status` warnings: active slave not the
# primary, a member down, dhcpcd (dhcpcd.conf patterns) or NetworkManager
# (a stand-in nmcli) managing the bond's interfaces.
# Ends "bondmgr_cli: N passed, M failed".
. "$(dirname "$0")/lib.bash"
t=$(mktemp -d /tmp/bw-cli.XXXXXX)
export BONDMGR_LOCK=$t/lock BONDMGR_NMCLI=$t/no-nmcli BONDMGR_DHCPCD_CONF=$t/no-dhcpcd.conf
B() { "$BONDMGR" "$@"; }

# ---- --help and --version, before the command and after it; the version
# is debian/changelog's, its one place
ver=$(head -n1 "$ROOT/debian/changelog" | cut -d' ' -f2 | tr -d '()')
check_eq "bondmgr --version" "bondmgr $ver" "$(B --version)"
check_eq "bondagentx --version" "bondagentx $ver" "$("$ROOT/$BUILD/bondagentx" --version)"
for c in check apply status; do
  check_eq "bondmgr $c --version" "bondmgr $ver" "$(B $c --version)"
  check_eq "bondmgr $c -V" "bondmgr $ver" "$(B $c -V)"
  out=$(B $c --help); rc=$?
  if [ $rc = 0 ] && [[ $out == "usage: bondmgr $c"* ]] && grep -q -- '--quiet' <<<"$out"; then
    ok "bondmgr $c --help: usage on stdout, lists --quiet, exit 0"
  else fail "bondmgr $c --help: exit $rc: $out"; fi
  B $c --no-such-option >/dev/null 2>&1
  check_eq "bondmgr $c --no-such-option exits 2" 2 $?
done

# ---- a bond: eth0 primary, wlan0 backup (veths)
topo_lan; topo_member eth0 lan0; topo_member wlan0 lan1
seed_config "$t/bond.yaml"
B -c "$t/bond.yaml" apply --resolv-conf "$t/resolv.conf" >/dev/null || fail "apply the seed"
wait_until 10 bond_settled bond0 || fail "bond0 did not settle"

# status_err [ARGS]: what `bondmgr status` prints on stderr
status_err() { B status "$@" 2>&1 >/dev/null; }
W="bondmgr: warning: bond0:"

check_eq "healthy, no dhcpcd.conf, no nmcli: no warning" "" "$(status_err)"
printf '# after the recipe\nhostname\ndenyinterfaces eth0 wlan0 bond0\n' > "$t/deny-all.conf"
check_eq "dhcpcd.conf denies all three: no warning" "" "$(BONDMGR_DHCPCD_CONF=$t/deny-all.conf status_err)"

printf 'hostname\nclientid\noption rapid_commit\n' > "$t/stock.conf"
check_eq "stock dhcpcd.conf: dhcpcd would manage all three, and the fix is named" \
  "$W dhcpcd would manage eth0 wlan0 bond0: add \"denyinterfaces eth0 wlan0 bond0\" to $t/stock.conf" \
  "$(BONDMGR_DHCPCD_CONF=$t/stock.conf status_err)"
printf 'denyinterfaces eth* wlan?\n' > "$t/globs.conf"
check_eq "globs deny the members, not the bond" \
  "$W dhcpcd would manage bond0: add \"denyinterfaces bond0\" to $t/globs.conf" \
  "$(BONDMGR_DHCPCD_CONF=$t/globs.conf status_err)"
printf 'allowinterfaces usb0\n' > "$t/allow.conf"
check_eq "allowinterfaces excludes them: no warning" "" "$(BONDMGR_DHCPCD_CONF=$t/allow.conf status_err)"
printf 'interface eth0\ndenyinterfaces eth0 wlan0 bond0\n' > "$t/inblock.conf"
check_eq "denyinterfaces inside an interface block does not count (as in dhcpcd)" \
  "$W dhcpcd would manage eth0 wlan0 bond0: add \"denyinterfaces eth0 wlan0 bond0\" to $t/inblock.conf" \
  "$(BONDMGR_DHCPCD_CONF=$t/inblock.conf status_err)"

# NetworkManager, through a stand-in nmcli printing what nmcli -t prints
printf '#!/bin/sh\nprintf "eth0:connected\\nwlan0:unmanaged\\nbond0:unmanaged\\nlo:unmanaged\\n"\n' > "$t/nmcli"
printf '#!/bin/sh\necho "Error: NetworkManager is not running." >&2; exit 8\n' > "$t/nmcli-down"
chmod +x "$t/nmcli" "$t/nmcli-down"
check_eq "NetworkManager manages eth0: warned, with the fix" \
  "$W NetworkManager manages eth0: \"nmcli device set eth0 managed no\"" \
  "$(BONDMGR_NMCLI=$t/nmcli status_err)"
check_eq "NetworkManager not running: no warning" "" "$(BONDMGR_NMCLI=$t/nmcli-down status_err)"

# ---- pull eth0's cable: wlan0 carries the traffic
cable_pull lan0
wait_until 10 active_is bond0 wlan0 || fail "wlan0 did not take over"
err=$(status_err)
check_eq "cable out: two warnings" 2 "$(grep -c "^$W" <<<"$err")"
grep -qx "$W the active slave is wlan0, not the primary eth0" <<<"$err" &&
  ok "warns: the active slave is wlan0, not the primary eth0" || fail "no active-slave warning: $err"
grep -qx "$W member eth0's link is down (MII status)" <<<"$err" &&
  ok "warns: member eth0's link is down" || fail "no member-down warning: $err"
check_eq "status -q: no warnings" "" "$(B -q status 2>&1 >/dev/null)"
check_eq "status --quiet after the command: no warnings" "" "$(B status --quiet 2>&1 >/dev/null)"
B status >/dev/null 2>&1; check_eq "warnings do not change the exit status" 0 $?
json=$(B status --json 2>/dev/null)
if /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$json" 2>/dev/null; then
  ok "status --json: stdout is still pure JSON"
else fail "status --json: not JSON: $json"; fi
check_eq "status --json: the warnings go to stderr" 2 "$(B status --json 2>&1 >/dev/null | grep -c "^$W")"
cable_plug lan0
wait_until 10 bond_settled bond0 && wait_until 10 active_is bond0 eth0
check_eq "cable back: no warning" "" "$(status_err)"

# ---- colour: a terminal (script(1) gives a pty) and nothing else
ESC=$'\033'
seed_config "$t/changed.yaml" 'mii-monitor-interval: 100' 'up-delay: 0' 'down-delay: 0'
tty_run() { script -qec "$1" /dev/null 2>&1; }
if [ -c /dev/ptmx ] && tty_run true >/dev/null; then
  out=$(tty_run "$BONDMGR -c $t/changed.yaml apply --dry-run --resolv-conf $t/resolv.conf")
  if grep -q "^${ESC}\[33m~ bond0" <<<"$out"; then ok "terminal: changed plan lines (~) are yellow"
  else fail "terminal: no yellow ~ line: $(cat -v <<<"$out")"; fi
  out=$(tty_run "$BONDMGR -c $t/nonexistent.yaml check")
  if grep -q "^${ESC}\[31m.*error:" <<<"$out"; then ok "terminal: errors are red"
  else fail "terminal: error not red: $(cat -v <<<"$out")"; fi
  out=$(NO_COLOR=1 tty_run "$BONDMGR -c $t/changed.yaml apply --dry-run --resolv-conf $t/resolv.conf")
  if grep -q '~ bond0' <<<"$out" && ! grep -q "$ESC" <<<"$out"; then ok "terminal with NO_COLOR=1: no escape sequence"
  else fail "NO_COLOR ignored: $(cat -v <<<"$out")"; fi
else
  fail "no pty in this VM (script(1) failed): colour untested"
fi
out=$(B -c "$t/changed.yaml" apply --dry-run --resolv-conf "$t/resolv.conf" 2>&1)
if grep -q '^~ bond0' <<<"$out" && ! grep -q "$ESC" <<<"$out"; then ok "pipe: plain plan, no escape sequence"
else fail "pipe: $(cat -v <<<"$out")"; fi
check_eq "apply -q --dry-run: no plan printed" "" "$(B -q -c "$t/changed.yaml" apply --dry-run --resolv-conf "$t/resolv.conf" 2>&1)"
check_eq "apply --dry-run -q (after the command): no plan printed" "" \
  "$(B -c "$t/changed.yaml" apply --dry-run -q --resolv-conf "$t/resolv.conf" 2>&1)"
finish
