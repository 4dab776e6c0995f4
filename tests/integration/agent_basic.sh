#!/bin/bash
# tests/integration/agent_basic.sh - bondagentx end to end, INSIDE the test
# VM (tests/vm/run): the real bonding driver, a real snmpd master with
# AgentX and the shipped config, snmpwalk/snmpget/snmpset, snmptrapd, and
# the npm net-snmp package as a second, independent client.
# bond0 = active-backup, miimon 100, fail_over_mac active, primary eth0,
# over eth0/eth1 (lib.bash: bond0_setup). Ends "agent_basic: N passed, M failed".
. "$(dirname "$0")/lib.bash"

topo_lan
bond0_setup
TRAP_TIMES=1 start_trapd
start_node_trapd
start_master
start_agent

# ---- the bond table matches /proc/net/bonding/bond0
check_eq "mode" activeBackup "$(sget "bwBondMode.$B0")"
check_eq "active slave name = /proc" "$(bond_field bond0 'Currently Active Slave')" "$(sget "bwBondActiveSlaveName.$B0")"
check_eq "active slave ifIndex" "$E0" "$(sget "bwBondActiveSlaveIfIndex.$B0")"
check_eq "primary = /proc" "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)" "$(sget "bwBondPrimary.$B0")"
check_eq "miimon = /proc" "$(bond_field bond0 'MII Polling Interval (ms)')" "$(sget "bwBondMiimon.$B0")"
check_eq "fail_over_mac" active "$(sget "bwBondFailOverMac.$B0")"
check_eq "primary_reselect" always "$(sget "bwBondPrimaryReselect.$B0")"
check_eq "status" up "$(sget "bwBondStatus.$B0")"
check_eq "slave count" 2 "$(sget "bwBondSlaveCount.$B0")"
check_eq "slaves up" 2 "$(sget "bwBondSlavesUp.$B0")"
check_eq "failover count" 0 "$(sget "bwBondFailoverCount.$B0")"
check_eq "notifications dropped" 0 "$(sget bwNotificationsDropped.0)"
walk=$(swalk bwBondTable)
cols=$(grep -c "^BONDWATCH-MIB::bwBond[A-Za-z]*\.$B0 " <<<"$walk")
check_eq "walk of bwBondTable: 33 columns for bond0" 33 "$cols"
# bond0's 192.0.2.10/24 was added by `ip addr add`: permanent, so static
check_eq "address source: static (a permanent address)" static "$(sget "bwBondAddressSource.$B0")"
check_eq "bwBondIpAddress/PrefixLength = ip -4 addr show bond0" \
  "$(ip -4 -o addr show dev bond0 scope global | awk '{print $4}')" \
  "$(sget "bwBondIpAddress.$B0")/$(sget "bwBondIpPrefixLength.$B0")"
check_eq "no lease: bwBondLeaseRemaining 0" 0 "$(sget "bwBondLeaseRemaining.$B0" | sed 's/ seconds$//')"

# ---- slave rows
check_eq "slave names" "eth0 eth1" "$(swalk bwSlaveName | grep "\.$B0\." | awk '{print $2}' | xargs)"
check_eq "slave eth0 MII up" up "$(sget "bwSlaveMiiStatus.$B0.$E0")"
check_eq "slave eth0 active" active "$(sget "bwSlaveState.$B0.$E0")"
check_eq "slave eth1 backup" backup "$(sget "bwSlaveState.$B0.$E1")"
check_eq "slave eth0 is primary" true "$(sget "bwSlaveIsPrimary.$B0.$E0")"
check_eq "slave eth1 not primary" false "$(sget "bwSlaveIsPrimary.$B0.$E1")"
perm=$(awk '/^Slave Interface: eth1/{f=1} f && /^Permanent HW addr/{print $4; exit}' /proc/net/bonding/bond0)
mac=$(sget "bwSlavePermHwAddr.$B0.$E1" | tr 'A-F' 'a-f' | sed 's/\b\([0-9a-f]\)\b/0\1/g; s/ /:/g; s/:$//')
check_eq "slave eth1 permanent MAC = /proc" "$perm" "$mac"

# ---- GETNEXT order: after the last bond column (bwBondLeaseRemaining)
# comes the first slave row
next=$(snmpgetnext "${SNMPOPTS[@]}" "${V2[@]}" -Oq 127.0.0.1:$PORT "BONDWATCH-MIB::bwBondLeaseRemaining.$B0" 2>&1 | cut -d' ' -f1)
check_eq "GETNEXT crosses into bwSlaveTable" "BONDWATCH-MIB::bwSlaveName.$B0.$E0" "$next"

# ---- the second client: npm net-snmp
oid=$(snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB -On "BONDWATCH-MIB::bwBondActiveSlaveName.$B0")
check_eq "npm net-snmp GET of the active slave name" eth0 \
  "$(/usr/bin/node "$ROOT/tests/integration/snmpget.js" 127.0.0.1 $PORT public "$oid" 2>&1)"

MIBOID=.1.3.6.1.4.1.8072.9999.8023
# snmpwalk -Ox prints strings as quoted hex with a trailing blank; the view
# ends with this MIB, so the walk ends with an endOfMibView line.
MIBS= snmpwalk -v2c -c public -On -Oq -Ox -Oe 127.0.0.1:$PORT $MIBOID 2>&1 |
  grep -v 'No more variables' | sed 's/"\(.*[^ ]\) *"$/\1/' > "$d/walk-netsnmp.txt"
/usr/bin/node "$ROOT/tests/integration/snmpwalk.js" 127.0.0.1 $PORT public $MIBOID > "$d/walk-node.txt" 2>&1
if diff "$d/walk-netsnmp.txt" "$d/walk-node.txt" > "$d/walk.diff"; then
  ok "npm net-snmp walk (GETBULK) = Net-SNMP walk ($(wc -l < "$d/walk-node.txt") varbinds)"
else
  fail "npm net-snmp walk differs:"; head -n 20 "$d/walk.diff" | sed 's/^/# /'
fi

# ---- failover: pull eth0's cable. Latency = the kernel's BONDING FAILOVER
# event (ip -ts monitor) to snmptrapd's handler receiving the notification.
ip -ts monitor link > "$d/monitor.txt" 2>&1 &
MON=$!
wait_until 5 test -s /proc/$MON/fd/1 2>/dev/null || sleep 0.2   # let it subscribe
ip netns exec lan ip link set lan0 down
have_traps() { [ "$(ntraps bwBondFailover)" -ge 1 ] && [ "$(ntraps bwSlaveLinkDown)" -ge 1 ]; }
if wait_until 10 have_traps; then ok "failover + link-down notifications received"; else fail "notifications after the cable pull: $(cat "$d/traps.txt")"; fi
kill "$MON" 2>/dev/null
# Times: the kernel's event as ip monitor printed it, the agent's send (its
# debug log), receipt by snmptrapd's handler and by the npm receiver.
ev=$(grep -m1 'BONDING FAILOVER' "$d/monitor.txt" | sed -n 's/^\[\([^]]*\)\].*/\1/p')
sent=$(grep -m1 -A1 'failover eth0 -> eth1' "$d/agent.log" | sed -n 's/.*sent at \([0-9]*\).*/\1/p')
rx=$(grep -m1 bwBondFailover "$d/trap-times.txt" | cut -d' ' -f1)
wait_until 5 grep -q "$MIBOID.0.1|" "$d/node-traps.txt"
rx_node=$(grep -m1 "$MIBOID.0.1|" "$d/node-traps.txt" | sed -n 's/^TRAP @\([0-9]*\) .*/\1/p')
if [ -n "$ev" ] && [ -n "$sent" ] && [ -n "$rx" ] && [ -n "$rx_node" ]; then
  ev_ns=$(date -d "$ev" +%s%N)
  ok "failover latency: agent sent $(( (sent - ev_ns) / 1000000 )) ms after ip monitor printed the event (negative: the agent was first); npm receiver got it $(( rx_node - sent / 1000000 )) ms after the send, snmptrapd's handler $(( (rx - sent) / 1000000 )) ms"
else
  fail "failover latency: times missing: event '$ev' sent '$sent' snmptrapd '$rx' npm '$rx_node'"
fi
node_failover() { grep -q "$MIBOID.0.1|" "$d/node-traps.txt" 2>/dev/null; }
if wait_until 5 node_failover; then
  line=$(grep "$MIBOID.0.1|" "$d/node-traps.txt" | head -n1)
  case $line in
    *"$MIBOID.1.2.1.6.$B0 $(hex eth1)|$MIBOID.1.2.1.7.$B0 $(hex eth0)|"*) ok "npm net-snmp receiver: the same failover (eth1 new, eth0 previous)" ;;
    *) fail "npm net-snmp receiver failover varbinds: $line" ;;
  esac
else
  fail "npm net-snmp receiver got no failover: $(cat "$d/node-traps.txt" "$d/node-trapd.log" 2>&1 | head -n 5)"
fi
walk_moved() { [ "$(sget "bwBondActiveSlaveName.$B0")" = eth1 ] && [ "$(sget "bwSlaveLinkFailureCount.$B0.$E0")" = 1 ]; }
wait_until 5 walk_moved
check_eq "after failover: active slave" eth1 "$(sget "bwBondActiveSlaveName.$B0")"
check_eq "after failover: /proc agrees" eth1 "$(bond_field bond0 'Currently Active Slave')"
check_eq "after failover: eth0 link failure count" 1 "$(sget "bwSlaveLinkFailureCount.$B0.$E0")"
check_eq "after failover: eth0 MII down" down "$(sget "bwSlaveMiiStatus.$B0.$E0")"
check_eq "after failover: previous active" eth0 "$(sget "bwBondPrevActiveSlaveName.$B0")"
check_eq "after failover: failover count" 1 "$(sget "bwBondFailoverCount.$B0")"
check_eq "after failover: status" degraded "$(sget "bwBondStatus.$B0")"
check_eq "exactly one failover notification" 1 "$(ntraps bwBondFailover)"
check_eq "exactly one slave link-down notification" 1 "$(ntraps bwSlaveLinkDown)"
check_eq "npm net-snmp receiver: one failover, one link-down" "1 1" \
  "$(grep -c "$MIBOID.0.1|" "$d/node-traps.txt") $(grep -c "$MIBOID.0.2|" "$d/node-traps.txt")"
fo=$(grep bwBondFailover "$d/traps.txt" | head -n1)
case $fo in
  *"bwBondActiveSlaveName.$B0 eth1"*"bwBondPrevActiveSlaveName.$B0 eth0"*) ok "failover names eth1 new, eth0 previous" ;;
  *) fail "failover varbinds: $fo" ;;
esac
case $(grep bwSlaveLinkDown "$d/traps.txt" | head -n1) in
  *"bwSlaveName.$B0.$E0 eth0"*) ok "link-down names eth0 with (bond, slave) instance" ;;
  *) fail "link-down varbinds: $(grep bwSlaveLinkDown "$d/traps.txt")" ;;
esac

# ---- SET of the primary
primary_is() { [ "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)" = "$1" ]; }
out=$(sset "bwBondPrimary.$B0" s eth1)
if wait_until 3 primary_is eth1; then ok "snmpset primary eth1: kernel has it"; else fail "snmpset primary eth1: $out / $(bond_field bond0 'Primary Slave')"; fi
wait_until 3 test "$(sget "bwBondPrimary.$B0")" = eth1
check_eq "bwBondPrimary reads back eth1" eth1 "$(sget "bwBondPrimary.$B0")"
expect_err() {   # DESC ERROR TYPE VALUE
  local out
  out=$(sset "bwBondPrimary.$B0" "$3" "$4")
  if grep -q "$2" <<<"$out" && primary_is eth1; then ok "$1: $2, kernel unchanged"; else fail "$1: $out"; fi
}
expect_err "non-member name" inconsistentValue s gw
expect_err "name of no interface" inconsistentValue s nosuch0
expect_err "wrong type" wrongType i 5
expect_err "20-character name" wrongLength s abcdefghijklmnopqrst
expect_err "empty name" wrongLength s ""
expect_err "300-character name" wrongLength s "$(printf 'x%.0s' $(seq 300))"
out=$(sset bwBondPrimary.99999 s eth0)
if grep -qE 'noCreation|noSuchName|notWritable' <<<"$out"; then ok "SET on a bond that does not exist: $(grep -oE 'noCreation|noSuchName|notWritable' <<<"$out" | head -n1)"; else fail "SET on bond 99999: $out"; fi
out=$(sset_public "bwBondPrimary.$B0" s eth0)
if grep -qE 'noAccess|authorizationError|notWritable' <<<"$out" && primary_is eth1; then ok "read-only community cannot SET: $(grep -oE 'noAccess|authorizationError|notWritable' <<<"$out" | head -n1)"; else fail "SET with the read-only community: $out"; fi
out=$(sset "bwBondMiimon.$B0" u 200)
if grep -qE 'noAccess|notWritable' <<<"$out" && [ "$(bond_field bond0 'MII Polling Interval (ms)')" = 100 ]; then ok "v3 user cannot write other columns: $(grep -oE 'noAccess|notWritable' <<<"$out" | head -n1)"; else fail "SET of bwBondMiimon: $out"; fi
check_eq "agent still serving after bad SETs" eth1 "$(sget "bwBondActiveSlaveName.$B0")"

# ---- re-plug eth0 with eth0 as primary again (primary_reselect always):
# link-up for eth0, then one failover back eth1 -> eth0
out=$(sset "bwBondPrimary.$B0" s eth0)
wait_until 3 primary_is eth0 || fail "primary back to eth0: $out"
ip netns exec lan ip link set lan0 up
back() { [ "$(ntraps bwBondFailover)" -ge 2 ] && [ "$(ntraps bwSlaveLinkUp)" -ge 1 ] && [ "$(sget "bwBondActiveSlaveName.$B0")" = eth0 ]; }
if wait_until 10 back; then ok "re-plug: link-up and failover back received"; else fail "re-plug: $(cat "$d/traps.txt")"; fi
check_eq "re-plug: exactly one link-up" 1 "$(ntraps bwSlaveLinkUp)"
check_eq "re-plug: two failovers in all" 2 "$(ntraps bwBondFailover)"
case $(grep bwBondFailover "$d/traps.txt" | tail -n1) in
  *"bwBondActiveSlaveName.$B0 eth0"*"bwBondPrevActiveSlaveName.$B0 eth1"*) ok "failover back names eth0 new, eth1 previous" ;;
  *) fail "failover back varbinds: $(grep bwBondFailover "$d/traps.txt" | tail -n1)" ;;
esac
check_eq "re-plug: status up" up "$(sget "bwBondStatus.$B0")"
check_eq "re-plug: failover count 2" 2 "$(sget "bwBondFailoverCount.$B0")"

# ---- rows follow bonds created and deleted while the agent runs
ip link add bond1 type bond mode active-backup miimon 100
add_slave bond1 eth2 lan2
ip link set bond1 up
B1=$(ifindex bond1) E2=$(ifindex eth2)
bond1_rows() { [ "$(sget "bwBondName.$B1")" = bond1 ] && [ "$(sget "bwSlaveName.$B1.$E2")" = eth2 ]; }
if wait_until 5 bond1_rows; then ok "bond1 and its slave eth2 appear"; else fail "bond1 rows: $(swalk bwBondName) $(swalk bwSlaveName)"; fi
out=$(sset "bwBondPrimary.$B0" s eth2)
if grep -q inconsistentValue <<<"$out" && primary_is eth0; then ok "a slave of another bond: inconsistentValue, kernel unchanged"; else fail "SET bond0 primary to bond1's slave: $out"; fi
ip link del bond1
bond1_gone() { ! swalk bwBondName | grep -q bond1 && ! swalk bwSlaveName | grep -q "\.$B1\."; }
if wait_until 5 bond1_gone; then ok "bond1 rows gone after ip link del"; else fail "bond1 rows remain: $(swalk bwBondName)"; fi
check_eq "bond0 rows unaffected" bond0 "$(sget "bwBondName.$B0")"

# ---- clean shutdown (and, in a sanitizer build, no report)
stop_agent

finish
