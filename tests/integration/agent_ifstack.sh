#!/bin/bash
# tests/integration/agent_ifstack.sh - IF-MIB::ifStackTable served by
# bondagentx, INSIDE the test VM (tests/vm/run): one row
# ifStackStatus.BOND.SLAVE = active(1) per slave (subagent/stack_table.c),
# following enslave/release and a second bond, in GETNEXT order, read-only,
# the same through the npm net-snmp client, and snmpd's own IF-MIB objects
# (ifXTable) untouched. Ends "agent_ifstack: N passed, M failed".
. "$(dirname "$0")/lib.bash"

STACK=.1.3.6.1.2.1.31.1.2                 # ifStackTable
ST=$STACK.1.3                             # ifStackStatus
IFNAME=.1.3.6.1.2.1.31.1.1.1.1            # ifXTable's ifName: snmpd's, not ours
# A write community for the stack table only: without it snmpd's VACM
# refuses the SET itself and the subagent's answer is never seen.
MASTER_EXTRA="rwcommunity private 127.0.0.1 $STACK"
nget()  { MIBS= snmpget -v2c -c public -t 2 -r 1 -On -Oqv -Oe 127.0.0.1:$PORT "$1" 2>&1; }
nstr()  { nget "$1" | tr -d '"'; }   # a DisplayString, without snmpget's quotes
nnext() { MIBS= snmpgetnext -v2c -c public -t 2 -r 1 -On -Oq 127.0.0.1:$PORT "$1" 2>&1 | cut -d' ' -f1; }
nset()  { MIBS= snmpset -v2c -c private -t 2 -r 1 127.0.0.1:$PORT "$1" i "$2" 2>&1; }
# rows: the table as "HIGHER.LOWER STATUS" lines, in the order served
rows()  {
  MIBS= snmpwalk -v2c -c public -t 2 -r 1 -On -Oq -Oe 127.0.0.1:$PORT $STACK 2>&1 |
    sed -n "s|^$ST\.||p"
}
# want B.S ...: the lines rows should print, in (higher, lower) order
want()  { printf '%s 1\n' "$@" | sort -t. -k1,1n -k2,2n; }
rows_are() { [ "$(rows)" = "$(want "$@")" ]; }
expect_rows() {   # DESC B.S ...
  local desc=$1; shift
  if wait_until 5 rows_are "$@"; then ok "$desc: $(rows | cut -d' ' -f1 | xargs)"
  else fail "$desc: expected '$(want "$@" | xargs)', got '$(rows | xargs)'"; fi
}

topo_lan
bond0_setup
start_master

# ---- before the agent: snmpd serves no ifStackTable, but does serve ifXTable
check_eq "no ifStackTable rows without the agent (snmpd has none)" "" "$(rows)"
check_eq "snmpd's ifName.$B0 before the agent" bond0 "$(nstr $IFNAME.$B0)"

start_agent

# ---- bond0 over eth0/eth1: exactly its two rows, active(1)
expect_rows "bond0 -> eth0, eth1" "$B0.$E0" "$B0.$E1"
check_eq "GET ifStackStatus.$B0.$E0 = active(1)" 1 "$(nget $ST.$B0.$E0)"
out=$(nget $ST.$E0.$B0)
if grep -q "No Such Instance" <<<"$out"; then ok "GET of the reversed pair (slave, bond): noSuchInstance"; else fail "GET $ST.$E0.$B0: $out"; fi
out=$(nget $ST.0.$B0)
if grep -q "No Such Instance" <<<"$out"; then ok "no (0, bond) row (bondagentx does not know what runs over a bond)"; else fail "GET $ST.0.$B0: $out"; fi
named=$(snmpwalk "${SNMPOPTS[@]}" -m IF-MIB "${V2[@]}" -OqU 127.0.0.1:$PORT IF-MIB::ifStackStatus 2>&1 | xargs)
check_eq "by name (IF-MIB loaded)" "IF-MIB::ifStackStatus.$B0.$E0 active IF-MIB::ifStackStatus.$B0.$E1 active" "$named"

# ---- snmpd's own IF-MIB objects are still snmpd's
check_eq "snmpd's ifName.$B0 with the agent" bond0 "$(nstr $IFNAME.$B0)"
check_eq "snmpd's ifName.$E1 with the agent" eth1 "$(nstr $IFNAME.$E1)"
check_eq "snmpd's ifDescr.$E0 (ifTable)" eth0 "$(nstr .1.3.6.1.2.1.2.2.1.2.$E0)"

# ---- a slave added to bond0, then a second bond, then a slave of bond0
# whose ifIndex is above bond1's: (bond0, eth3) must still come before
# (bond1, eth2), i.e. the walk orders by higher layer first, numerically.
add_slave bond0 eth2 lan2
E2=$(ifindex eth2)
expect_rows "enslaving eth2 adds bond0 -> eth2" "$B0.$E0" "$B0.$E1" "$B0.$E2"
ip link set eth2 nomaster
expect_rows "releasing eth2 removes its row" "$B0.$E0" "$B0.$E1"

ip link add bond1 type bond mode active-backup miimon 100
add_slave bond1 eth3 lan3
ip link set bond1 up
B1=$(ifindex bond1) E3=$(ifindex eth3)
expect_rows "a second bond gets its row" "$B0.$E0" "$B0.$E1" "$B1.$E3"
add_slave bond0 eth4 lan4
E4=$(ifindex eth4)
echo "# ifIndex: bond0 $B0, eth0 $E0, eth1 $E1, bond1 $B1, eth3 $E3, eth4 $E4 (> bond1's)"
expect_rows "bond0 -> eth4 sorts before bond1's row" "$B0.$E0" "$B0.$E1" "$B0.$E4" "$B1.$E3"

# ---- GETNEXT, one step at a time, from outside and inside the table
check_eq "GETNEXT from past ifXTable enters ifStackTable" "$ST.$B0.$E0" "$(nnext .1.3.6.1.2.1.31.1.1.1.99)"
check_eq "GETNEXT from the table's OID" "$ST.$B0.$E0" "$(nnext $STACK)"
check_eq "GETNEXT from (0, 0)" "$ST.$B0.$E0" "$(nnext $ST.0.0)"
check_eq "GETNEXT from a partial index (bond0 only)" "$ST.$B0.$E0" "$(nnext $ST.$B0)"
check_eq "GETNEXT bond0.eth0 -> bond0.eth1" "$ST.$B0.$E1" "$(nnext $ST.$B0.$E0)"
check_eq "GETNEXT bond0.eth1 -> bond0.eth4" "$ST.$B0.$E4" "$(nnext $ST.$B0.$E1)"
check_eq "GETNEXT bond0.eth4 -> bond1.eth3" "$ST.$B1.$E3" "$(nnext $ST.$B0.$E4)"
after=$(nnext $ST.$B1.$E3)
case $after in
  $STACK.*) fail "GETNEXT after the last row stays in the table: $after" ;;
  .1.3.6.1.*) ok "GETNEXT after the last row leaves the table: $after" ;;
  *) fail "GETNEXT after the last row: $after" ;;
esac

# ---- the second client: npm net-snmp (GETBULK) walks the same rows
MIBS= snmpwalk -v2c -c public -On -Oq -Oe 127.0.0.1:$PORT $STACK > "$d/stack-netsnmp.txt" 2>&1
/usr/bin/node "$ROOT/tests/integration/snmpwalk.js" 127.0.0.1 $PORT public $STACK > "$d/stack-node.txt" 2>&1
if [ -s "$d/stack-node.txt" ] && diff "$d/stack-netsnmp.txt" "$d/stack-node.txt" > "$d/stack.diff"; then
  ok "npm net-snmp walk = Net-SNMP walk ($(wc -l < "$d/stack-node.txt") rows)"
else
  fail "npm net-snmp walk differs:"; cat "$d/stack.diff" "$d/stack-node.txt" | head -n 20 | sed 's/^/# /'
fi

# ---- read-only: a SET reaches the subagent (write community above) and
# is refused with notWritable, for a row that exists and for a new one
# (RFC 3416 4.2.5: no instance under this name can ever be written).
out=$(nset $ST.$B0.$E0 6)
if grep -q notWritable <<<"$out" && [ "$(cat /sys/class/net/eth0/master/ifindex 2>/dev/null)" = "$B0" ]; then
  ok "SET ifStackStatus.$B0.$E0 = destroy(6): notWritable, eth0 still in bond0"
else
  fail "SET destroy of an existing row: $out"
fi
out=$(nset $ST.$B1.$E0 4)
if grep -q notWritable <<<"$out"; then ok "SET createAndGo(4) of a new row: notWritable"; else fail "SET createAndGo of a new row: $out"; fi
out=$(MIBS= snmpset -v2c -c public -t 2 -r 1 127.0.0.1:$PORT $ST.$B0.$E0 i 2 2>&1)
if grep -qE 'noAccess|authorizationError|notWritable' <<<"$out"; then ok "read-only community: $(grep -oE 'noAccess|authorizationError|notWritable' <<<"$out" | head -n1)"; else fail "SET with the read-only community: $out"; fi
expect_rows "rows unchanged after the SETs" "$B0.$E0" "$B0.$E1" "$B0.$E4" "$B1.$E3"

# ---- a deleted bond takes its rows along
ip link del bond1
expect_rows "ip link del bond1 removes its row" "$B0.$E0" "$B0.$E1" "$B0.$E4"

# ---- the agent gone: its rows go, snmpd's ifXTable stays
stop_agent
no_rows() { [ -z "$(rows)" ]; }
if wait_until 5 no_rows; then ok "no rows once the agent stopped"; else fail "rows after the agent stopped: $(rows | xargs)"; fi
check_eq "snmpd's ifName.$B0 after the agent" bond0 "$(nstr $IFNAME.$B0)"

finish
