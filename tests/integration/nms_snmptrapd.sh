#!/bin/bash
# tests/integration/nms_snmptrapd.sh - config/snmptrapd/ with Debian's own
# snmptrapd, INSIDE the test VM (its root is the host's Debian, in an
# overlay): real failovers from the kernel through bondagentx and snmpd.
# 1. stock Debian: the shipped snmptrapd.conf as /etc/snmp/snmptrapd.conf
#    and the handler as /usr/lib/bondwatch/bondwatch-trap.pl (where `make
#    install` puts them), the SNMPv3 user created as the conf says,
#    snmptrapd started as Debian's unit starts it (-LOw -f, user
#    Debian-snmp, a clean environment, Debian's /etc/snmp/snmp.conf, no MIB
#    directory added): it logs no MIB error, and the handler writes one
#    right line per notification to syslog (busybox syslogd stands in for
#    the journal), from numeric OIDs. snmpd sends each notification twice:
#    as the SNMPv3 inform the conf authorises, and as a v2c trap with
#    community public, which must give no line;
# 2. named mode as the conf's comment describes it: the IETF base MIBs
#    (here the npm net-snmp package's copies) in /usr/share/snmp/mibs/ietf,
#    BONDWATCH-MIB in /usr/share/snmp/mibs, MIBS=BONDWATCH-MIB (no "+"),
#    the handler writing to a log file (the conf's commented line): no MIB
#    error either, the same lines;
# 3. a control: the set-up the docs used to give (MIBS=+BONDWATCH-MIB with
#    no base MIBs) does log MIB errors, so the check above can see them.
# Each snmptrapd is ready when its UDP port is bound (ss).
# Ends "nms_snmptrapd: N passed, M failed".
. "$(dirname "$0")/lib.bash"
CONF=$ROOT/config/snmptrapd/snmptrapd.conf
HANDLER=$ROOT/config/snmptrapd/bondwatch-trap.pl
V3USER=(-v3 -l authPriv -u bwtrap -a SHA-512 -A bwtrap-auth-pass -x AES -X bwtrap-priv-pass)
MIBERR='Cannot find module|Did not find|Unlinked OID|Undefined identifier|Cannot adopt OID|Bad operator|Expected|Unknown module'
CLEAN_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
AS_SNMP=(setpriv --reuid=Debian-snmp --regid=Debian-snmp --init-groups)
PIDS=()
at_exit 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done'
mib_errors() { grep -cE "$MIBERR" "$1"; }
bound() { ss -Hlun "sport = :$1" | grep -q .; }   # a receiver is listening on UDP port $1

# ---- 3. the control first (nothing installed yet): the old documented way
install -m 0644 "$ROOT/mibs/BONDWATCH-MIB.txt" /usr/share/snmp/mibs/
"${CLEAN_ENV[@]}" MIBS=+BONDWATCH-MIB "${AS_SNMP[@]}" snmptrapd -LOw -f udp:127.0.0.1:10170 > "$d/control.log" 2>&1 &
PIDS+=($!)
wait_until 60 bound 10170 || fail "control snmptrapd did not start: $(head -c 300 "$d/control.log")"
n=$(mib_errors "$d/control.log")
if [ "$n" -gt 0 ]; then ok "control: MIBS=+BONDWATCH-MIB without the IETF MIBs logs $n MIB errors, e.g. $(grep -m1 -E "$MIBERR" "$d/control.log")"
else fail "control: no MIB error seen: $(head -c 600 "$d/control.log")"; fi
kill "${PIDS[-1]}"

# ---- 1. stock Debian with the shipped files
cp /etc/snmp/snmptrapd.conf "$d/debian-snmptrapd.conf"
install -m 0644 "$CONF" /etc/snmp/snmptrapd.conf
install -D -m 0644 "$HANDLER" /usr/lib/bondwatch/bondwatch-trap.pl
# the user, as the conf's comment says (snmptrapd stopped, persistent file)
echo "createUser bwtrap SHA-512 'bwtrap-auth-pass' AES 'bwtrap-priv-pass'" >> /var/lib/snmp/snmptrapd.conf
chown Debian-snmp /var/lib/snmp/snmptrapd.conf
busybox syslogd -n -O "$d/syslog" &
PIDS+=($!)
wait_until 5 test -S /dev/log || fail "no syslogd socket"
"${CLEAN_ENV[@]}" "${AS_SNMP[@]}" snmptrapd -LOw -f udp:127.0.0.1:$TRAPPORT > "$d/stock.log" 2>&1 &
PIDS+=($!)
wait_until 60 bound $TRAPPORT || fail "stock snmptrapd did not start: $(cat "$d/stock.log")"

# ---- 2. named mode: base MIBs where net-snmp looks by default, the
# receiver's own conf (Debian's /etc/snmp/snmptrapd.conf back in place), the
# handler writing to a file so that its lines are told apart.
cp "$d/debian-snmptrapd.conf" /etc/snmp/snmptrapd.conf
mkdir -p /usr/share/snmp/mibs/ietf
for m in SNMPv2-SMI SNMPv2-TC SNMPv2-CONF SNMPv2-MIB IF-MIB IANAifType-MIB; do
  cp "$ROOT/node_modules/net-snmp/lib/mibs/$m.mib" /usr/share/snmp/mibs/ietf/
done
# the handler's file argument, as the conf's comment says to set it up
NAMED_LOG=/var/log/bondwatch-traps.log
install -o Debian-snmp -m 0640 /dev/null $NAMED_LOG
sed "s|^#perl \$BondwatchTrap::log = .*|perl \$BondwatchTrap::log = \"$NAMED_LOG\";|" \
  "$CONF" > /etc/snmp/bondwatch-named.conf
grep -q "^perl .*$NAMED_LOG" /etc/snmp/bondwatch-named.conf || fail "named conf: the handler's file line was not found"
# Its own log to a file (all priorities: each trap too, to show the names).
install -o Debian-snmp -m 0640 /dev/null /var/log/bondwatch-snmptrapd.log
# its own persistent folder (the user again, as for the stock one)
install -d -o Debian-snmp /var/lib/snmp-named
echo "createUser bwtrap SHA-512 'bwtrap-auth-pass' AES 'bwtrap-priv-pass'" > /var/lib/snmp-named/snmptrapd.conf
chown Debian-snmp /var/lib/snmp-named/snmptrapd.conf
"${CLEAN_ENV[@]}" SNMP_PERSISTENT_DIR=/var/lib/snmp-named MIBS=BONDWATCH-MIB "${AS_SNMP[@]}" snmptrapd -Lf /var/log/bondwatch-snmptrapd.log -f \
  -c /etc/snmp/bondwatch-named.conf udp:127.0.0.1:$NODETRAPPORT > "$d/named-trapd.out" 2>&1 &
PIDS+=($!)
wait_until 60 bound $NODETRAPPORT || fail "named snmptrapd did not start: $(cat "$d/named-trapd.out" /var/log/bondwatch-snmptrapd.log)"

topo_lan
bond0_setup
# snmpd: an SNMPv3 inform to each receiver, as config/snmpd.conf.d says,
# and the harness's v2c trap with community public to the stock one.
NODE_SINK=0 MASTER_EXTRA="trapsess -Ci ${V3USER[*]} 127.0.0.1:$TRAPPORT
trapsess -Ci ${V3USER[*]} 127.0.0.1:$NODETRAPPORT" start_master
start_agent

# the handler's lines: syslog's "... bondwatch: LINE" for stock, the file for named
lines() { if [ "$1" = stock ]; then sed -n 's/^.* bondwatch: //p' "$d/syslog"; else cat "$NAMED_LOG"; fi; }
TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z 127\.0\.0\.1'
expect_line() {
  local re="^$TS $(sed 's/[][().*+?^$|\\]/\\&/g' <<<"$2") \\[v3 bwtrap\\]\$" n
  for n in stock named; do
    if wait_until 30 eval 'lines $n | grep -Eq "$re"'; then ok "$1 ($n): \"$2\""
    else fail "$1 ($n): no line \"$2\""; lines $n | sed 's/^/    # /'; fi
  done
}
ip netns exec lan ip link set lan0 down
expect_line "eth0's cable pulled" "bond0 failover: eth0 -> eth1 (failovers: 1)"
expect_line "eth0's cable pulled" "bond0 slave eth0 link down (mii down, link failures: 1)"
ip netns exec lan ip link set lan0 up
expect_line "eth0's cable back" "bond0 failover: eth1 -> eth0 (failovers: 2)"
expect_line "eth0's cable back" "bond0 slave eth0 link up (mii up, link failures: 1)"
ip netns exec lan ip link set lan0 down
ip netns exec lan ip link set lan1 down
expect_line "both cables pulled" "bond0 DOWN: 0 of 2 slaves up"
# every notification gives exactly one line: 8 sent (2 per cable event,
# then link down + bond down); a duplicate sent by the master is noted
for n in stock named; do
  wait_until 15 eval '[ "$(lines $n | wc -l)" -ge 8 ]'
  check_eq "$n: every line is a readable bond0 line from the v3 user (none from public)" 0 \
    "$(lines $n | grep -Evc "^$TS bond0 .* \\[v3 bwtrap\\]\$")"
  got=$(lines $n | wc -l)
  [ "$got" -ge 8 ] && ok "$n: $got lines for the 8 notifications" || fail "$n: $got lines, expected 8"
  dup=$(lines $n | sed -E "s/^$TS //" | sort | uniq -d)
  [ -z "$dup" ] || echo "# note ($n): received more than once (sent twice by the master): $dup"
done
check_eq "stock Debian: snmptrapd logged no MIB error" 0 "$(mib_errors "$d/stock.log")"
check_eq "named mode with the IETF MIBs installed: no MIB error" 0 \
  "$(cat "$d/named-trapd.out" /var/log/bondwatch-snmptrapd.log | grep -cE "$MIBERR")"
if grep -q 'BONDWATCH-MIB::bwBondFailover' /var/log/bondwatch-snmptrapd.log; then
  ok "named mode: snmptrapd names the trap BONDWATCH-MIB::bwBondFailover"
else fail "named mode: no BONDWATCH-MIB::bwBondFailover in snmptrapd's log"; fi
# ---- the 802.3ad and speed/duplex notifications (bondagentx sends them on
# a real LACP bond: agent_lacp.sh), here sent by snmpinform as the v3 user
# with the varbinds the MIB gives them: one right line each, in both modes.
B=.1.3.6.1.4.1.8072.9999.8023 BI=7 SI=9
inform() {   # inform NOTIFICATION-NUMBER VARBIND...: to both receivers
  local port
  for port in $TRAPPORT $NODETRAPPORT; do
    snmpinform -m '' "${V3USER[@]}" -t 5 -r 1 127.0.0.1:$port '' "$B.0.$1" \
      "$B.1.2.1.2.$BI" s bond0 "${@:2}" > /dev/null 2>&1 || fail "snmpinform of notification $1 to port $port failed"
  done
}
inform 5 $B.1.2.1.24.$BI u 2 $B.1.2.1.29.$BI u 1 $B.1.2.1.25.$BI u 1 $B.1.2.1.28.$BI x 82054E66D7A2 $B.1.2.1.27.$BI u 9
expect_line "aggregator changed" "bond0 LACP aggregator 1 -> 2 (ports: 1, partner 82:05:4e:66:d7:a2 key 9)"
inform 6 $B.1.3.1.3.$BI.$SI s eth1 $B.1.3.1.11.$BI.$SI u 1 $B.1.3.1.12.$BI.$SI u 15 $B.1.3.1.13.$BI.$SI u 55 \
  $B.1.2.1.24.$BI u 1 $B.1.2.1.25.$BI u 1
expect_line "member left the aggregator" "bond0 slave eth1 left active aggregator 1 (ports: 1, actor state 15, partner state 55)"
inform 7 $B.1.2.1.30.$BI i 1 $B.1.2.1.17.$BI u 2
expect_line "speed/duplex differ" "bond0 slaves differ in speed or duplex (slaves up: 2)"
inform 8 $B.1.2.1.30.$BI i 2 $B.1.2.1.17.$BI u 2
expect_line "speed/duplex agree" "bond0 slaves agree in speed and duplex (slaves up: 2)"
# bwBondAddressChanged (apply_dhcp.sh has bondagentx send it on a new lease)
inform 13 $B.1.2.1.32.$BI a 198.51.100.77 $B.1.2.1.33.$BI u 24 $B.1.2.1.31.$BI i 3
expect_line "address changed" "bond0 address 198.51.100.77/24 (dhcp)"
inform 13 $B.1.2.1.32.$BI a 0.0.0.0 $B.1.2.1.33.$BI u 0 $B.1.2.1.31.$BI i 1
expect_line "address lost" "bond0 address none"
[ "$T_FAILED" = 0 ] || for f in "$d/stock.log" "$d/named-trapd.out" /var/log/bondwatch-snmptrapd.log "$d/syslog"; do
  echo "# ---- $f"; tail -n 20 "$f" | sed 's/^/# /'; done
finish
