#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The NOC's trap log under attack, INSIDE the test VM: Debian's snmptrapd
# with the shipped snmptrapd.conf and bondwatch-trap.pl (writing to a file,
# the conf's commented line), its SNMPv3 user created as the conf says, and
# for the flood a v2c community an admin might add (bwnoc).
#  - forged content from a sender it accepts: a carriage return, a line
#    feed, ESC sequences, a C1 control and bytes that are not UTF-8 inside
#    string varbinds give one line each, every such byte written \xNN: no
#    fake timestamp at the start of a line, no second line, nothing a
#    terminal would obey (before: the shell handler passed them through,
#    and a line feed turned a failover into a "DOWN" line);
#  - senders it must not accept (community public, a wrong v3 passphrase)
#    give no line;
#  - a flood of forged notifications (public and bwnoc) while the bond
#    really fails over: snmptrapd starts no process for any of them, keeps
#    answering, and every real failover (snmpd's v3 informs) is logged.
# Ends "nms_trap_hostile: N passed, M failed".
. "$(dirname "$0")/lib.bash"
CONF=$ROOT/config/snmptrapd/snmptrapd.conf
# snmptrapd runs as Debian-snmp, which cannot enter root's $d: its
# persistent folder and the handler's file live in a folder of its own.
td=$(mktemp -d /tmp/bw-trapd.XXXXXX) && chown Debian-snmp "$td"
at_exit 'rm -rf "$td"'
LOG=$td/traps.log
V3=(-v3 -l authPriv -u bwtrap -a SHA-512 -A bwtrap-auth-pass -x AES -X bwtrap-priv-pass)
B=.1.3.6.1.4.1.8072.9999.8023
FLOOD=${FLOOD:-1500}

install -D -m 0644 "$ROOT/config/snmptrapd/bondwatch-trap.pl" /usr/lib/bondwatch/bondwatch-trap.pl
sed "s|^#perl \$BondwatchTrap::log = .*|perl \$BondwatchTrap::log = \"$LOG\";|" "$CONF" > "$td/trapd.conf"
echo 'authCommunity log,execute bwnoc' >> "$td/trapd.conf"
install -d -o Debian-snmp "$td/persist"
echo "createUser bwtrap SHA-512 'bwtrap-auth-pass' AES 'bwtrap-priv-pass'" > "$td/persist/snmptrapd.conf"
chown Debian-snmp "$td/persist/snmptrapd.conf"
install -o Debian-snmp -m 0640 /dev/null "$LOG"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin SNMP_PERSISTENT_DIR="$td/persist" \
  setpriv --reuid=Debian-snmp --regid=Debian-snmp --init-groups \
  snmptrapd -LOw -f -c "$td/trapd.conf" udp:127.0.0.1:$TRAPPORT > "$d/trapd.out" 2>&1 &
TRAPD=$!
at_exit 'kill $TRAPD 2>/dev/null'
bound() { ss -Hlun "sport = :$1" | grep -q .; }
wait_until 60 bound $TRAPPORT || { fail "snmptrapd did not start: $(cat "$d/trapd.out")"; finish; }
nlines() { wc -l < "$LOG"; }
# inform ARGS...: one notification as the v3 user (an inform: acknowledged)
inform() { snmpinform "${V3[@]}" -t 5 -r 2 127.0.0.1:$TRAPPORT '' "$@"; }
# terminal_safe FILE: no C0 but newline, no DEL, no C1, nothing but valid UTF-8
terminal_safe() {
  ! LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$1" &&
    ! LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$1" && iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

# ---- forged content from an accepted sender
inform $B.0.1 $B.1.2.1.2.5 s bond0 $B.1.2.1.6.5 s eth1 \
  $B.1.2.1.7.5 s $'eth0\r2031-01-01T00:00:00Z 10.9.9.9 core1' $B.1.2.1.18.5 c 1
inform $B.0.2 $B.1.2.1.2.5 s bond0 $B.1.3.1.3.5.3 s $'eth0\n.1.3.6.1.4.1.8072.9999.8023.1.2.1.17.5 0' \
  $B.1.3.1.4.5.3 i 3 $B.1.3.1.6.5.3 c 4
inform $B.0.3 $B.1.2.1.2.5 x 62310B5B324A1B5D303B70776E656407C29BFF $B.1.3.1.3.5.3 s eth0 \
  $B.1.3.1.4.5.3 i 1 $B.1.3.1.6.5.3 c 4
check "three forged notifications: three lines" wait_until 10 test "$(nlines)" = 3
check "the log holds nothing a terminal would obey" terminal_safe "$LOG"
check_eq "no line starts with the forged timestamp" 0 "$(grep -c '^2031' "$LOG")"
check "the carriage return is written \\x0d, in its line" \
  grep -q 'bond0 failover: eth0\\x0d2031-01-01T00:00:00Z 10.9.9.9 core1 -> eth1 (failovers: 1) \[v3 bwtrap\]$' "$LOG"
check "the line feed is written \\x0a: a link-down line, not a DOWN line" \
  grep -q 'bond0 slave eth0\\x0a.1.3.6.1.4.1.8072.9999.8023.1.2.1.17.5 0 link down (mii down, link failures: 4)' "$LOG"
check_eq "no DOWN line" 0 "$(grep -c ' DOWN: ' "$LOG")"
check "ESC, BEL, C1 and a stray byte written \\xNN" \
  grep -q 'b1\\x0b\[2J\\x1b\]0;pwned\\x07\\xc2\\x9b\\xff slave eth0 link up' "$LOG"
sed 's/^/#   /' "$LOG"

# ---- senders it must not accept
snmptrap -v2c -c public 127.0.0.1:$TRAPPORT '' $B.0.4 $B.1.2.1.2.5 s forged-public
snmpinform -v3 -l authPriv -u bwtrap -a SHA-512 -A wrong-passphrase -x AES -X wrong-passphrase \
  -t 1 -r 0 127.0.0.1:$TRAPPORT '' $B.0.4 $B.1.2.1.2.5 s forged-v3 > /dev/null 2>&1
inform $B.0.4 $B.1.2.1.2.5 s marker $B.1.2.1.16.5 u 2 $B.1.2.1.17.5 u 0    # comes after them
check "community public and a wrong v3 passphrase: no line" \
  wait_until 10 eval '[ "$(nlines)" = 4 ] && grep -q "marker DOWN" "$LOG" && ! grep -q forged "$LOG"'

# ---- a flood of forged notifications during real failovers
topo_lan
bond0_setup
# informs as the snippet's example sends them (resent for about a minute)
NODE_SINK=0 MASTER_EXTRA="trapsess -Ci -t 3 -r 20 ${V3[*]} 127.0.0.1:$TRAPPORT" start_master
start_agent
: > "$LOG"
/usr/bin/node "$ROOT/tests/integration/trapflood.js" 127.0.0.1 $TRAPPORT public "$FLOOD" pub > "$d/flood1.out" 2>&1 &
F1=$!
/usr/bin/node "$ROOT/tests/integration/trapflood.js" 127.0.0.1 $TRAPPORT bwnoc "$FLOOD" noc > "$d/flood2.out" 2>&1 &
F2=$!
children=0
for i in 1 2 3; do                                  # three round trips eth0 -> eth1 -> eth0
  cable_pull lan0; wait_until 10 active_is bond0 eth1
  n=$(pgrep -c -P $TRAPD); [ "$n" -gt "$children" ] && children=$n
  cable_plug lan0; wait_until 10 active_is bond0 eth0
done
wait $F1 $F2
note "flood: $(cat "$d/flood1.out") (public), $(cat "$d/flood2.out") (bwnoc)"
check_eq "snmptrapd started no process during the flood" 0 "$children"
t0=$(now_ms)
if inform $B.0.4 $B.1.2.1.2.5 s after-flood $B.1.2.1.16.5 u 2 $B.1.2.1.17.5 u 0 > /dev/null 2>&1; then
  ok "snmptrapd still answers an inform ($(( $(now_ms) - t0 )) ms)"
else fail "snmptrapd does not answer after the flood"; fi
check_eq "6 real failovers during the flood (bwBondFailoverCount)" 6 "$(sget "bwBondFailoverCount.$B0")"
failovers() { grep -c '^[0-9TZ:-]* 127\.0\.0\.1 bond0 failover: .* \[v3 bwtrap\]$' "$LOG"; }
if wait_until 90 eval '[ "$(failovers)" -ge 6 ]'; then ok "every real failover is logged ($(failovers) lines)"
else fail "$(failovers) of 6 real failovers logged"; fi
check_eq "no forged notification with community public is logged" 0 "$(grep -c 'pub-flood' "$LOG")"
flooded=$(grep -c 'noc-flood\\x0d2031.* \[v2c\]$' "$LOG")
note "forged bwnoc notifications logged: $flooded of $FLOOD (UDP may drop some: they are not acknowledged)"
check "forged bwnoc notifications are logged one line each, made safe" test "$flooded" -gt 0
check "the log still holds nothing a terminal would obey" terminal_safe "$LOG"
check_eq "nor any line starting with the forged timestamp" 0 "$(grep -c '^2031' "$LOG")"
finish
