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
cp "$ROOT/config/demo.yaml" "$dir/bond.yaml"

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

h "The NOC's view: snmpd (master) + bondagentx (AgentX) + snmptrapd"
export SNMP_PERSISTENT_DIR=$dir/persist MIBS=
MIBS_OPT=(-M "+$ROOT/node_modules/net-snmp/lib/mibs:$ROOT/mibs" -m BONDWATCH-MIB)
# The shipped snmptrapd.conf with its handler: one readable line per trap,
# for the SNMPv3 user it authorises (created as the conf says).
sed "s|^#perl \$BondwatchTrap::log = .*|perl \$BondwatchTrap::log = \"$dir/traps.log\";|; s|/usr/lib/bondwatch/bondwatch-trap.pl|$ROOT/config/snmptrapd/bondwatch-trap.pl|" \
  "$ROOT/config/snmptrapd/snmptrapd.conf" > "$dir/trapd.conf"
echo "createUser bwtrap SHA-512 'demo-auth-pass' AES 'demo-priv-pass'" >> "$dir/trapd.conf"
: > "$dir/traps.log"
snmptrapd -C -c "$dir/trapd.conf" "${MIBS_OPT[@]}" -Lf "$dir/trapd.log" -p "$dir/trapd.pid" udp:127.0.0.1:10162
# The shipped snmpd snippet, plus where this demo listens and sends informs.
printf 'agentAddress udp:127.0.0.1:10161\nagentXSocket %s\ntrapsess -Ci -v3 -l authPriv -u bwtrap -a SHA-512 -A demo-auth-pass -x AES -X demo-priv-pass 127.0.0.1:10162\n' \
  "$dir/agentx.sock" > "$dir/local.conf"
snmpd -C -c "$ROOT/config/snmpd.conf.d/bondwatch.conf,$dir/local.conf" -Lf "$dir/snmpd.log" -p "$dir/snmpd.pid" -u root
wait_until 5 test -S "$dir/agentx.sock"
"$ROOT/$BUILD/bondagentx" -f -x "$dir/agentx.sock" 2> "$dir/agent.log" &
agent=$!
trap 'kill $agent $(cat $dir/snmpd.pid $dir/trapd.pid 2>/dev/null) 2>/dev/null' EXIT
walk() { snmpwalk -v2c -c public "${MIBS_OPT[@]}" -Oq 127.0.0.1:10161 "BONDWATCH-MIB::$1"; }
wait_until 15 bash -c "snmpwalk -v2c -c public ${MIBS_OPT[*]} -Oq 127.0.0.1:10161 BONDWATCH-MIB::bwBondName | grep -q bond0"
printf '$ snmpwalk -v2c -c public localhost BONDWATCH-MIB::bwBondTable (excerpt)\n'
walk bwBondTable | grep -E 'bwBond(Name|Mode|ActiveSlaveName|Primary|Status|SlavesUp|FailoverCount)\.'
printf '$ snmpwalk ... BONDWATCH-MIB::bwSlaveTable (excerpt)\n'
walk bwSlaveTable | grep -E 'bwSlave(Name|MiiStatus|State|LinkFailures)\.'

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
wait_until 15 grep -q failover "$dir/traps.log"
printf '\nTraps the NOC received (snmptrapd + bondwatch-trap.pl):\n'; cat "$dir/traps.log"
printf '$ snmpwalk ... (excerpt)\n'
walk bwBondTable | grep -E 'bwBond(ActiveSlaveName|Status|FailoverCount)\.'

h "Plug it back: eth0 is primary and takes over after the 200 ms up delay"
run ip netns exec lan ip link set lan0 up
wait_until 5 active_is bond0 eth0 && echo "eth0 active again after ${WAITED_MS} ms"
run grep -E 'Currently Active|Slave Interface|MII Status|Link Failure' /proc/net/bonding/bond0
wait_until 15 bash -c "[ \$(grep -c failover '$dir/traps.log') -ge 2 ]"
printf '\nTraps the NOC received:\n'; cat "$dir/traps.log"
