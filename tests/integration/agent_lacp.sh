#!/bin/bash
# tests/integration/agent_lacp.sh - what BONDWATCH-MIB says of the other
# bonding modes and of the wire, INSIDE the test VM (tests/vm/run), on the
# real bonding driver, read by Net-SNMP's tools and by the npm client:
#  - bond0: 802.3ad (lacp_rate fast, xmit_hash_policy layer3+4, min_links 1)
#    over eth0/eth1 whose peers are in an 802.3ad bond "lacpA" in the lan
#    namespace, and eth2 whose peer is in a second one, "lacpB": two LACP
#    partners, so bond0 has two aggregators and the first is active. Both
#    ends are configured with `ip link` (the LACP partner is the kernel's
#    own 802.3ad on the other end of veth pairs).
#    Pull eth1's peer: the member leaves the active aggregator
#    (bwAggregatorMemberLeft). Pull eth0's peer too: the aggregator has no
#    port left and the bond moves to eth2's aggregator, whose partner is
#    lacpB (bwBondAggregatorChanged, the new partner MAC).
#  - bond1: balance-xor (ad_select count, to see a non-default value) over
#    eth3 (veth, 10000 Mb/s full, fixed by the driver) and tap0 (tun's tap,
#    whose speed and duplex ethtool can set; veth refuses: "netlink error:
#    Operation not supported" on this kernel). `ethtool -s tap0 speed 1000`
#    makes the members differ (bwBondSpeedDuplexMismatch), setting 10000
#    back makes them agree (bwBondSpeedDuplexMatch): the kernel announces
#    such a change only on ethtool netlink's monitor group, not rtnetlink.
#  - bond2: broadcast over eth4/eth5, walked.
# vm-modules: tun
. "$(dirname "$0")/lib.bash"

# ---- the topology
ip netns add lan
lan ip link set lo up
ip link add bond0 type bond mode 802.3ad miimon 100 lacp_rate fast xmit_hash_policy layer3+4 min_links 1
for p in lacpA lacpB; do lan ip link add $p type bond mode 802.3ad miimon 100 lacp_rate fast; done
for i in 0 1 2; do
  ip link add "eth$i" type veth peer name "lan$i" netns lan
done
ip link set eth0 master bond0; ip link set eth1 master bond0
lan ip link set lan0 master lacpA; lan ip link set lan1 master lacpA
lan ip link set lan2 master lacpB
ip link set bond0 up
lan ip link set lacpA up; lan ip link set lacpB up
agg_ports() { sed -n '/^Active Aggregator Info:/,/^$/s/^\tNumber of ports: //p' /proc/net/bonding/bond0; }
agg_field() { sed -n "/^Active Aggregator Info:/,/^\$/s/^\t$1: //p" /proc/net/bonding/bond0; }
partner_a() { lan cat /sys/class/net/lacpA/address; }
partner_b() { lan cat /sys/class/net/lacpB/address; }
negotiated() { [ "$(agg_ports)" = 2 ] && [ "$(agg_field 'Partner Mac Address')" = "$(partner_a)" ]; }
if wait_until 15 negotiated; then ok "bond0 negotiated LACP with lacpA: 2 ports (${WAITED_MS} ms)"
else fail "bond0 did not negotiate: $(cat /proc/net/bonding/bond0)"; finish; fi
# eth2 joins after the first aggregator is active (ad_select stable keeps it)
ip link set eth2 master bond0
lan ip link set lan2 up
# The actor/partner port state and system MAC /proc shows under "details
# actor|partner lacp pdu"
pdu_field() {  # pdu_field BOND SLAVE actor|partner FIELD
  awk -v s="$2" -v w="details $3 lacp pdu:" -v f="$4:" '
    /^Slave Interface: / { cur = substr($0, 18); sect = "" }
    cur == s && $0 == w { sect = 1 }
    cur == s && sect && index($0, f) { sub(/^ *[a-z ]*: /, ""); print; exit }' "/proc/net/bonding/$1"
}
port_state() { pdu_field "$1" "$2" "$3" 'port state'; }
# eth2 has its own aggregator, whose partner is lacpB (not active: stable)
eth2_own_agg() { [ "$(pdu_field bond0 eth2 partner 'system mac address')" = "$(partner_b)" ]; }
wait_until 15 eth2_own_agg || fail "eth2 has no partner: $(pdu_field bond0 eth2 partner 'system mac address')"

# bond1: balance-xor, eth3 (veth) + tap0 (held open, so it has carrier)
mkdir -p /dev/net; [ -c /dev/net/tun ] || mknod /dev/net/tun c 10 200
ip tuntap add dev tap0 mode tap
ethtool -s tap0 speed 10000 duplex full
cat > "$d/hold_tap.py" <<'PY'
import fcntl, os, struct, sys, time
fd = os.open('/dev/net/tun', os.O_RDWR)
# TUNSETIFF, IFF_TAP | IFF_NO_PI: attach to the existing tap0 (carrier on)
fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', b'tap0', 0x0002 | 0x1000))
print('attached', flush=True)
time.sleep(600)
PY
/usr/bin/python3 "$d/hold_tap.py" > "$d/hold_tap.log" 2>&1 &
HOLD=$!
at_exit "kill $HOLD 2>/dev/null"
wait_until 5 grep -q attached "$d/hold_tap.log" || fail "tap0 not attached: $(cat "$d/hold_tap.log")"
ip link add bond1 type bond mode balance-xor miimon 100 ad_select count
ip link add eth3 type veth peer name lan3 netns lan
lan ip link set lan3 up
ip link set eth3 master bond1; ip link set tap0 master bond1
ip link set bond1 up
# bond2: broadcast
ip link add bond2 type bond mode broadcast miimon 100
for i in 4 5; do ip link add "eth$i" type veth peer name "lan$i" netns lan; lan ip link set "lan$i" up; ip link set "eth$i" master bond2; done
ip link set bond2 up
bonds_up() { grep -q '^MII Status: up' /proc/net/bonding/bond1 && [ "$(grep -c '^MII Status: up' /proc/net/bonding/bond2)" = 3 ] &&
  [ "$(slave_field bond1 tap0 'MII Status')" = up ]; }
wait_until 10 bonds_up || fail "bond1/bond2 not up: $(cat /proc/net/bonding/bond1 /proc/net/bonding/bond2)"
B0=$(ifindex bond0) B1=$(ifindex bond1) B2=$(ifindex bond2)
E0=$(ifindex eth0) E1=$(ifindex eth1) E2=$(ifindex eth2) E3=$(ifindex eth3) T0=$(ifindex tap0)

start_trapd
start_node_trapd
start_master
start_agent

# ---- one walk (snmpget per value would cost ~0.3 s each under TCG)
declare -A W
walk_all() {
  W=()
  swalk bondwatchMIB | grep -v 'No more variables' > "$d/walk.txt"
  while read -r key val; do W[${key#BONDWATCH-MIB::}]=$val; done < "$d/walk.txt"
}
walk_all
# ---- bond0's options and active aggregator = /proc/net/bonding/bond0
check_eq "bond0 mode" ieee8023ad "${W[bwBondMode.$B0]-}"
check_eq "bond0 lacp rate = /proc" "$(bond_field bond0 'LACP rate')" "${W[bwBondLacpRate.$B0]-}"
check_eq "bond0 transmit hash policy layer3+4" layer34 "${W[bwBondXmitHashPolicy.$B0]-}"
check_eq "bond0 ad_select = /proc (stable)" "$(bond_field bond0 'Aggregator selection policy (ad_select)')" "${W[bwBondAdSelect.$B0]-}"
check_eq "bond0 min links = /proc" "$(bond_field bond0 'Min links')" "${W[bwBondMinLinks.$B0]-}"
check_eq "bond0 active aggregator = /proc" "$(agg_field 'Aggregator ID')" "${W[bwBondAdAggregatorId.$B0]-}"
check_eq "bond0 ports in it = /proc (2)" "$(agg_ports)" "${W[bwBondAdNumPorts.$B0]-}"
check_eq "bond0 actor key = /proc" "$(agg_field 'Actor Key')" "${W[bwBondAdActorKey.$B0]-}"
check_eq "bond0 partner key = /proc" "$(agg_field 'Partner Key')" "${W[bwBondAdPartnerKey.$B0]-}"
# MacAddress prints as hex octets ("BA 24 84 ..."): to aa:bb:.. lower case
mac_of() { tr 'A-F' 'a-f' <<<"$1" | sed 's/\b\([0-9a-f]\)\b/0\1/g; s/ \+/:/g; s/:$//'; }
check_eq "bond0 partner MAC = lacpA's MAC" "$(partner_a)" "$(mac_of "${W[bwBondAdPartnerMac.$B0]-}")"
AGG1=${W[bwBondAdAggregatorId.$B0]-}
for s in 0 1 2; do
  si=$(ifindex "eth$s")
  check_eq "eth$s aggregator = /proc" "$(slave_field bond0 "eth$s" 'Aggregator ID')" "${W[bwSlaveAdAggregatorId.$B0.$si]-}"
  check_eq "eth$s actor port state = /proc" "$(port_state bond0 "eth$s" actor)" "${W[bwSlaveAdActorOperState.$B0.$si]-}"
  check_eq "eth$s partner port state = /proc" "$(port_state bond0 "eth$s" partner)" "${W[bwSlaveAdPartnerOperState.$B0.$si]-}"
done
# churn moves without an event: the agent re-reads 802.3ad bonds every second
churn_word() { local c; c=$(slave_field bond0 "$1" "$2 Churn State"); [ "$c" = none ] && c=noChurn; echo "$c"; }
churn_same() {
  walk_all
  for s in 0 1 2; do
    si=$(ifindex "eth$s")
    [ "${W[bwSlaveAdActorChurnState.$B0.$si]-} ${W[bwSlaveAdPartnerChurnState.$B0.$si]-}" = "$(churn_word "eth$s" Actor) $(churn_word "eth$s" Partner)" ] || return 1
  done
}
if wait_until 10 churn_same; then ok "actor/partner churn of eth0-2 = /proc: $(for s in 0 1 2; do printf '%s/%s ' "$(churn_word "eth$s" Actor)" "$(churn_word "eth$s" Partner)"; done)"
else fail "churn: MIB $(for s in 0 1 2; do si=$(ifindex "eth$s"); printf '%s/%s ' "${W[bwSlaveAdActorChurnState.$B0.$si]-}" "${W[bwSlaveAdPartnerChurnState.$B0.$si]-}"; done), /proc $(for s in 0 1 2; do printf '%s/%s ' "$(churn_word "eth$s" Actor)" "$(churn_word "eth$s" Partner)"; done)"; fi
check_eq "eth0 in the active aggregator" true "${W[bwSlaveAdInActiveAggregator.$B0.$E0]-}"
check_eq "eth2 (other partner) not in it" false "${W[bwSlaveAdInActiveAggregator.$B0.$E2]-}"
check_eq "eth0 speed (veth) = /proc" "$(slave_field bond0 eth0 Speed | cut -d' ' -f1)" "${W[bwSlaveSpeed.$B0.$E0]-}"
check_eq "eth0 duplex = /proc" "$(slave_field bond0 eth0 Duplex)" "${W[bwSlaveDuplex.$B0.$E0]-}"

# ---- the other modes, walked
check_eq "bond1 mode" balanceXor "${W[bwBondMode.$B1]-}"
check_eq "bond1 ad_select count (kept in any mode)" count "${W[bwBondAdSelect.$B1]-}"
check_eq "bond1 no aggregator" 0 "${W[bwBondAdAggregatorId.$B1]-}"
check_eq "bond1 slaves (walk, ifIndex order)" "$( (echo "$T0 tap0"; echo "$E3 eth3") | sort -n | cut -d' ' -f2 | xargs)" "${W[bwSlaveName.$B1.$(printf '%s\n' "$T0" "$E3" | sort -n | head -n1)]-} ${W[bwSlaveName.$B1.$(printf '%s\n' "$T0" "$E3" | sort -n | tail -n1)]-}"
check_eq "bond1 tap0 speed 10000 = /proc" "$(slave_field bond1 tap0 Speed | cut -d' ' -f1)" "${W[bwSlaveSpeed.$B1.$T0]-}"
check_eq "bond1 tap0 churn not applicable" notApplicable "${W[bwSlaveAdActorChurnState.$B1.$T0]-}"
check_eq "bond1 members agree" false "${W[bwBondSpeedDuplexDiffer.$B1]-}"
check_eq "bond2 mode" broadcast "${W[bwBondMode.$B2]-}"
check_eq "bond2 slaves" "eth4 eth5" "${W[bwSlaveName.$B2.$(ifindex eth4)]-} ${W[bwSlaveName.$B2.$(ifindex eth5)]-}"
check_eq "bond1 transmit hash policy = /proc" "$(bond_field bond1 'Transmit Hash Policy' | cut -d' ' -f1 | sed 's/layer3+4/layer34/; s/layer2+3/layer23/')" "${W[bwBondXmitHashPolicy.$B1]-}"
check_eq "the walk: 33 columns for each of 3 bonds" 99 "$(printf '%s\n' "${!W[@]}" | grep -c "^bwBond[A-Za-z]*\.[0-9]*$")"
check_eq "the walk: 14 columns for each of 7 slaves" 98 "$(printf '%s\n' "${!W[@]}" | grep -c "^bwSlave[A-Za-z]*\.[0-9]*\.[0-9]*$")"

# ---- bondmgr status --json: the same values
"$BONDMGR" status --json > "$d/status.json" 2> "$d/status.err"
/usr/bin/node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const b = s.bonds.find((x) => x.name === "bond0");
  const e0 = b.slaves.find((x) => x.name === "eth0");
  console.log([b.lacp_rate, b.xmit_hash_policy, b.min_links, b.ad_info.aggregator, b.ad_info.num_ports,
    b.ad_info.partner_mac, b.ad_info.partner_key, e0.speed, e0.duplex, e0.ad.aggregator,
    e0.ad.actor_oper_state, e0.ad.in_active_aggregator, e0.ad.churn_actor].join(" "));
' "$d/status.json" > "$d/status.txt" 2>&1
want="fast layer3+4 1 $AGG1 2 $(partner_a) $(agg_field 'Partner Key') 10000 full $AGG1 $(port_state bond0 eth0 actor) true $(slave_field bond0 eth0 'Actor Churn State')"
check_eq "bondmgr status --json: bond0 as the MIB and /proc" "$want" "$(cat "$d/status.txt")"
"$BONDMGR" status bond0 > "$d/status-text.txt" 2>&1
if grep -q "aggregator:       $AGG1, 2 ports, actor key .*, partner $(partner_a) key" "$d/status-text.txt"; then ok "bondmgr status: the aggregator line"
else fail "bondmgr status text: $(cat "$d/status-text.txt")"; fi

# ---- the npm client reads the new columns too (GET by OID)
oid() { snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB -On "BONDWATCH-MIB::$1"; }
check_eq "npm net-snmp GET: aggregator id, ports, eth0 actor state, tap0 speed" \
  "$AGG1 2 $(port_state bond0 eth0 actor) 10000" \
  "$(/usr/bin/node "$ROOT/tests/integration/snmpget.js" 127.0.0.1 $PORT public "$(oid "bwBondAdAggregatorId.$B0")" \
     "$(oid "bwBondAdNumPorts.$B0")" "$(oid "bwSlaveAdActorOperState.$B0.$E0")" "$(oid "bwSlaveSpeed.$B1.$T0")" 2>&1 | xargs)"
MIBOID=.1.3.6.1.4.1.8072.9999.8023
# Two walks a moment apart: a port's churn state may move from
# monitoring(1) to noChurn(3) between them (the kernel's churn timer runs
# on its own). A pair that differs is taken again, up to three times; a
# difference that stays is a real one.
walk_pair() {
  MIBS= snmpwalk -v2c -c public -On -Oq -Ox -Oe 127.0.0.1:$PORT $MIBOID 2>&1 |
    grep -v 'No more variables' | sed 's/"\(.*[^ ]\) *"$/\1/' > "$d/walk-netsnmp.txt"
  /usr/bin/node "$ROOT/tests/integration/snmpwalk.js" 127.0.0.1 $PORT public $MIBOID > "$d/walk-node.txt" 2>&1
  diff "$d/walk-netsnmp.txt" "$d/walk-node.txt" > "$d/walk.diff"
}
for try in 1 2 3; do walk_pair && break; done
if [ -s "$d/walk-node.txt" ] && [ ! -s "$d/walk.diff" ]; then
  ok "npm net-snmp walk (GETBULK) = Net-SNMP walk ($(wc -l < "$d/walk-node.txt") varbinds)"
else
  fail "npm net-snmp walk differs:"; head -n 20 "$d/walk.diff" | sed 's/^/# /'
fi

# ---- pull eth1's cable: it leaves the active aggregator
cable_pull lan1
left() { [ "$(ntraps bwAggregatorMemberLeft)" -ge 1 ]; }
if wait_until 10 left; then ok "eth1 pulled: bwAggregatorMemberLeft received"
else fail "no member-left notification: $(cat "$d/traps.txt")"; fi
case $(grep bwAggregatorMemberLeft "$d/traps.txt" | head -n1) in
  *"bwSlaveName.$B0.$E1 eth1"*"bwBondAdAggregatorId.$B0 $AGG1"*) ok "member-left names eth1 and aggregator $AGG1" ;;
  *) fail "member-left varbinds: $(grep bwAggregatorMemberLeft "$d/traps.txt" | head -n1)" ;;
esac
note "snmptrapd: $(grep bwAggregatorMemberLeft "$d/traps.txt" | head -n1 | cut -f2-)"
check_eq "exactly one member-left so far" 1 "$(ntraps bwAggregatorMemberLeft)"
ports_1() { [ "$(sget "bwBondAdNumPorts.$B0")" = "$(agg_ports)" ] && [ "$(agg_ports)" = 1 ]; }
if wait_until 5 ports_1; then ok "bwBondAdNumPorts follows /proc: 1"; else fail "ports: MIB $(sget "bwBondAdNumPorts.$B0"), /proc $(agg_ports)"; fi
check_eq "eth1 no longer in the active aggregator" false "$(sget "bwSlaveAdInActiveAggregator.$B0.$E1")"
npm_left() { grep -q "$MIBOID.0.6|" "$d/node-traps.txt"; }
if wait_until 5 npm_left; then ok "npm receiver: member-left ($MIBOID.0.6)"; else fail "npm receiver: no member-left: $(cat "$d/node-traps.txt")"; fi

# ---- pull eth0's cable too: the bond moves to eth2's aggregator (lacpB)
cable_pull lan0
moved() { [ "$(ntraps bwBondAggregatorChanged)" -ge 1 ]; }
if wait_until 15 moved; then ok "eth0 pulled too: bwBondAggregatorChanged received"
else fail "no aggregator-changed notification: $(cat "$d/traps.txt"); /proc: $(cat /proc/net/bonding/bond0)"; fi
AGG2=$(agg_field 'Aggregator ID')
case $(grep bwBondAggregatorChanged "$d/traps.txt" | head -n1) in
  *"bwBondAdAggregatorId.$B0 $AGG2"*"bwBondAdPrevAggregatorId.$B0 $AGG1"*) ok "aggregator changed $AGG1 -> $AGG2" ;;
  *) fail "aggregator-changed varbinds (want $AGG1 -> $AGG2): $(grep bwBondAggregatorChanged "$d/traps.txt" | head -n1)" ;;
esac
note "snmptrapd: $(grep bwBondAggregatorChanged "$d/traps.txt" | head -n1 | cut -f2-)"
check_eq "the new partner is lacpB (MIB)" "$(partner_b)" "$(mac_of "$(sget "bwBondAdPartnerMac.$B0")")"
check_eq "the new partner is lacpB (/proc)" "$(partner_b)" "$(agg_field 'Partner Mac Address')"
check_eq "one aggregator change" 1 "$(ntraps bwBondAggregatorChanged)"
check_eq "member-left not raised again for the aggregator change" 1 "$(ntraps bwAggregatorMemberLeft)"
npm_moved() { grep -q "$MIBOID.0.5|" "$d/node-traps.txt"; }
if wait_until 5 npm_moved; then ok "npm receiver: aggregator-changed ($MIBOID.0.5)"; else fail "npm receiver: no aggregator-changed"; fi

# ---- speed/duplex: tap0 to 1000 Mb/s, eth3 stays at 10000
ethtool -s tap0 speed 1000 duplex full
check_eq "ethtool: tap0 at 1000Mb/s" "1000Mb/s" "$(ethtool tap0 | sed -n 's/^\tSpeed: //p')"
differ() { [ "$(ntraps bwBondSpeedDuplexMismatch)" -ge 1 ]; }
if wait_until 5 differ; then ok "bwBondSpeedDuplexMismatch received (${WAITED_MS} ms)"
else fail "no mismatch notification: $(cat "$d/traps.txt")"; fi
check_eq "tap0 speed now 1000" 1000 "$(sget "bwSlaveSpeed.$B1.$T0")"
check_eq "bond1 members differ" true "$(sget "bwBondSpeedDuplexDiffer.$B1")"
check_eq "bondmgr status --json says so too" true \
  "$("$BONDMGR" status --json 2>/dev/null | /usr/bin/node -e 'let t="";process.stdin.on("data",(c)=>t+=c).on("end",()=>{console.log(JSON.parse(t).bonds.find((b)=>b.name==="bond1").speed_duplex_differ)})')"
ethtool -s tap0 speed 10000 duplex full
agree() { [ "$(ntraps bwBondSpeedDuplexMatch)" -ge 1 ]; }
if wait_until 5 agree; then ok "bwBondSpeedDuplexMatch received"; else fail "no match notification: $(cat "$d/traps.txt")"; fi
check_eq "bond1 members agree again" false "$(sget "bwBondSpeedDuplexDiffer.$B1")"
ethtool -s tap0 duplex half speed 10000
if wait_until 5 test "$(ntraps bwBondSpeedDuplexMismatch)" -ge 2; then ok "half duplex: mismatch again"; else fail "duplex half: no mismatch"; fi
check_eq "tap0 duplex half" half "$(sget "bwSlaveDuplex.$B1.$T0")"
npm_speed() { grep -q "$MIBOID.0.7|" "$d/node-traps.txt" && grep -q "$MIBOID.0.8|" "$d/node-traps.txt"; }
if wait_until 5 npm_speed; then ok "npm receiver: mismatch and match"; else fail "npm receiver: speed notifications missing"; fi

stop_agent
finish
