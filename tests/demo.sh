#!/bin/bash
# make demo: runs INSIDE the test VM. Two veth "cables" (eth0, wlan0) into a
# switch with a gateway at 192.0.2.1; bondmgr applies config/demo.yaml; we
# pull the primary cable and put it back.
. "$(dirname "$0")/integration/lib.bash"
set +u
h() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
dir=$(mktemp -d /tmp/demo.XXXXXX)
export BONDMGR_LOCK=$dir/lock
cp "$BW_ROOT/config/demo.yaml" "$dir/bond.yaml"

h "Two cables: eth0 and wlan0 (veth), a switch and a gateway at 192.0.2.1"
topo_lan; topo_member eth0 lan0; topo_member wlan0 lan1
ip -br link show eth0; ip -br link show wlan0

h "The file"
cat "$dir/bond.yaml"

h "bondmgr check, then apply"
run "$BONDMGR" -c "$dir/bond.yaml" check && echo "(no problems)"
run "$BONDMGR" -c "$dir/bond.yaml" apply --resolv-conf "$dir/resolv.conf"
wait_until 5 bond_settled bond0

h "bondmgr status"
run "$BONDMGR" status
run ping -c 2 -W 1 192.0.2.1 | tail -n 2

h "Applying the same file again changes nothing"
run "$BONDMGR" -c "$dir/bond.yaml" apply --resolv-conf "$dir/resolv.conf" && echo "(no plan: nothing to do)"

h "Pull eth0's cable, under a ping every 50 ms"
ping -i 0.05 192.0.2.1 > "$dir/ping" 2>&1 &
pp=$!
wait_until 5 bash -c "[ \$(grep -c 'bytes from' $dir/ping) -ge 10 ]"
run ip netns exec lan ip link set lan0 down
wait_until 5 active_is bond0 wlan0 && echo "wlan0 took over after ${WAITED_MS} ms"
n=$(grep -c 'bytes from' "$dir/ping")
wait_until 5 bash -c "[ \$(grep -c 'bytes from' $dir/ping) -ge $((n + 10)) ]"
kill -INT $pp; wait $pp; grep 'packets transmitted' "$dir/ping"
run "$BONDMGR" status

h "Plug it back: eth0 is primary and takes over after the 200 ms up delay"
run ip netns exec lan ip link set lan0 up
wait_until 5 active_is bond0 eth0 && echo "eth0 active again after ${WAITED_MS} ms"
run grep -E 'Currently Active|Slave Interface|MII Status|Link Failure' /proc/net/bonding/bond0
