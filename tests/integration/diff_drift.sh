#!/bin/bash
# bondmgr diff: what apply would change, as a Nagios check. One
# summary line first, then the plan lines; exit 0 none, 1 drift, 2 error.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/diff.XXXXXX)
cfg=$dir/bond.yaml resolv=$dir/resolv.conf
export BONDMGR_LOCK=$dir/lock BONDWATCH_OVERRIDES=$dir/overrides.yaml
diff_() { "$BONDMGR" -c "$cfg" diff --resolv-conf "$resolv" "$@"; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
seed_config "$cfg"

diff_ > "$dir/d0" 2>&1; rc=$?
check_eq "before apply: drift (exit 1)" 1 "$rc"
check "before apply: first line is the summary" bash -c "head -n1 $dir/d0 | grep -Eq '^DRIFT: [0-9]+ changes to converge to $cfg \| changes=[0-9]+$'"
check "before apply: plan lines follow" grep -q '^+ bond0 create mode active-backup' "$dir/d0"
check "diff wrote nothing: no bond0 yet" bash -c '! ip link show bond0'

"$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" > /dev/null 2>&1
check "apply converges" wait_until 5 active_is bond0 eth0
diff_ > "$dir/d1" 2>&1; rc=$?
check_eq "after apply: no drift (exit 0)" 0 "$rc"
check_eq "after apply: one line, OK" "OK: kernel matches $cfg | changes=0" "$(cat "$dir/d1")"

# A hand-made change.
ip link set bond0 type bond miimon 300
diff_ > "$dir/d2" 2>/dev/null; rc=$?
check_eq "miimon 300 by hand: exit 1" 1 "$rc"
note "diff output:"; sed 's/^/#   /' "$dir/d2"
check "miimon by hand: summary first, counting lines" bash -c "head -n1 $dir/d2 | grep -q '^DRIFT: 2 changes'"
check "miimon by hand: names the change" grep -qx '~ bond0 mii-monitor-interval 300ms -> 200ms' "$dir/d2"
ip addr add 198.51.100.99/24 dev bond0
diff_ > "$dir/d3" 2>/dev/null
check "address by hand: named" grep -qx -- '- 198.51.100.99/24 on bond0' "$dir/d3"
"$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" > /dev/null 2>&1
diff_ > /dev/null 2>&1; rc=$?
check_eq "apply again: no drift" 0 "$rc"

# A released member is drift too.
ip link set wlan0 nomaster
diff_ > "$dir/d4" 2>/dev/null; rc=$?
check_eq "member released by hand: exit 1" 1 "$rc"
check "member released: named" grep -qx '+ wlan0 member of bond0' "$dir/d4"

# An error is exit 2, and still one summary line on stdout.
echo "network: {version: 2, bonds: {bond0: {interfaces: [eth9]}}}" > "$dir/bad.yaml"
"$BONDMGR" -c "$dir/bad.yaml" diff > "$dir/d5" 2>/dev/null; rc=$?
check_eq "invalid file: exit 2" 2 "$rc"
check "invalid file: ERROR line" grep -q '^ERROR: ' "$dir/d5"
finish
