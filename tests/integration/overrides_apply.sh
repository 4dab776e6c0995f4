#!/bin/bash
# The runtime primary: an override recorded in overrides.yaml (as
# bondagentx does after an snmpset) is honoured by apply, which says so;
# --reset-overrides returns to the file's primary; a member that is not in
# the bond is ignored with a warning; kill -9 during a stream of writes
# never leaves a torn file.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/ov.XXXXXX)
cfg=$dir/bond.yaml resolv=$dir/resolv.conf
ov=$dir/state/overrides.yaml          # state/ does not exist: the writer makes it
writer=$ROOT/$BUILD/tools/bw-override-writer
export BONDMGR_LOCK=$dir/lock BONDWATCH_OVERRIDES=$ov
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" "$@"; }
primary_is() { grep -q "^Primary Slave: $1 " /proc/net/bonding/bond0; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
seed_config "$cfg"
apply > /dev/null 2>&1
check "file's primary: eth0" primary_is eth0

check "the writer records bond0: wlan0" "$writer" set "$ov" bond0 wlan0
check_eq "the file reads back" "bond0 wlan0" "$("$writer" check "$ov")"
apply > "$dir/out1" 2> "$dir/err1"
check_eq "apply honours the override and says so" \
  "~ bond0 primary eth0 -> wlan0 (runtime override from $ov)" "$(cat "$dir/out1")"
check "apply notes the override on stderr" grep -q 'bond0 primary is wlan0, a runtime override' "$dir/err1"
check "primary is wlan0" primary_is wlan0
check "wlan0 becomes active" wait_until 5 active_is bond0 wlan0
check_eq "a second apply keeps it: no plan line" "" "$(apply 2>/dev/null)"
"$BONDMGR" -c "$cfg" diff --resolv-conf "$resolv" > /dev/null 2>&1; rc=$?
check_eq "diff honours it too: no drift" 0 "$rc"

apply --reset-overrides > "$dir/out2" 2>&1
check_eq "--reset-overrides returns to the file's primary" "~ bond0 primary wlan0 -> eth0" "$(cat "$dir/out2")"
check "primary is eth0 again" primary_is eth0
check "the override is gone (empty: file removed)" test ! -e "$ov"
check_eq "then apply is a no-op" "" "$(apply 2>/dev/null)"

"$writer" set "$ov" bond0 eth9
apply > "$dir/out3" 2> "$dir/err3"
check_eq "an override naming a non-member changes nothing" "" "$(cat "$dir/out3")"
check "... and is reported as ignored" grep -q 'override primary eth9 of bond0 ignored: not a member' "$dir/err3"
"$writer" set "$ov" bond0 ""

# kill -9 at random moments during a stream of writes.
torn=0 runs=40
for i in $(seq 1 $runs); do
  "$writer" loop "$ov" bond0 eth0 wlan0 & wp=$!
  wait_until 5 test -e "$ov"
  # a random moment inside the stream (the kill is the test, not a wait)
  sleep "0.0$((RANDOM % 10))"
  kill -9 $wp; wait $wp 2>/dev/null
  got=$("$writer" check "$ov" 2>&1)
  case $got in "bond0 eth0"|"bond0 wlan0") ;; *) torn=$((torn + 1)); note "run $i: '$got'" ;; esac
done
check_eq "kill -9 during $runs write streams: never a torn file" 0 "$torn"
check "no pile of temporary files" test "$(ls "$dir/state" | wc -l)" -le 2
last=$("$writer" check "$ov" 2>/dev/null | awk '{print $2}')
apply > /dev/null 2>&1; rc=$?
check_eq "apply after the crashes exits 0" 0 "$rc"
check "apply after the crashes follows the last complete write ($last)" primary_is "$last"
finish
