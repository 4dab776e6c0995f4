#!/bin/bash
# tests/integration/nms_snmptrapd.sh - config/snmptrapd/snmptrapd.conf and
# bondwatch-traphandle with the real snmptrapd, INSIDE the test VM: the
# shipped file (only the handler's path and a log file filled in) in two
# receivers, one without any MIB (numeric OIDs) and one with BONDWATCH-MIB
# loaded (names); real failovers from the kernel through bondagentx and
# snmpd; each notification becomes exactly one readable line in both.
# Ends "nms_snmptrapd: N passed, M failed".
. "$(dirname "$0")/lib.bash"
HANDLER=$ROOT/config/snmptrapd/bondwatch-traphandle

# start_receiver NAME PORT [snmptrapd MIB options]: the shipped config, the
# handler writing to $d/NAME.log
start_receiver() {
  local name=$1 port=$2; shift 2
  sed "s|/usr/lib/bondwatch/bondwatch-traphandle|$HANDLER $d/$name.log|" \
    "$ROOT/config/snmptrapd/snmptrapd.conf" > "$d/$name.conf"
  : > "$d/$name.log"
  snmptrapd -C -c "$d/$name.conf" "$@" -Lf "$d/$name-trapd.log" -p "$d/$name.pid" udp:127.0.0.1:$port
  wait_until 5 test -s "$d/$name.pid" || fail "snmptrapd $name did not start"
}
stop_receivers() { for n in numeric named; do kill "$(cat "$d/$n.pid")" 2>/dev/null; done; }
at_exit stop_receivers

topo_lan
bond0_setup
start_receiver numeric $TRAPPORT                      # MIBS= (the harness): numbers
start_receiver named $NODETRAPPORT -M "$MIBDIRS_ARG" -m BONDWATCH-MIB
start_master                                            # trap2sink to both ports
start_agent

TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z 127\.0\.0\.1'
# expect_line DESCRIPTION TEXT: TEXT appears as a whole line after the time
# stamp and the agent's address, in both receivers' logs. (That each
# notification received gives exactly one line is checked at the end.)
expect_line() {
  local re="^$TS $(sed 's/[][().*+?^$|\\]/\\&/g' <<<"$2")\$" n
  for n in numeric named; do
    # 30 s: snmptrapd runs one handler at a time, each a few processes,
    # which under TCG emulation of a loaded host can take a second each.
    if wait_until 30 grep -Eq "$re" "$d/$n.log"; then
      ok "$1 ($n OIDs): \"$2\""
    else
      fail "$1 ($n OIDs): no line \"$2\""; sed 's/^/    # /' "$d/$n.log"
    fi
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
# One line per bondwatch notification snmptrapd received (its own log names
# each one's snmpTrapOID; snmpd's coldStart is not ours), and every line is
# one of ours: nothing unreadable, nothing partial.
received() {
  grep -oE '(snmpTrapOID\.0|\.6\.3\.1\.1\.4\.1\.0) = OID: [^ ]*(8023\.0\.[1-4]|::bw(BondFailover|SlaveLinkDown|SlaveLinkUp|BondDown))\b' \
    "$d/$1-trapd.log" | wc -l
}
lines_match() { [ "$(received "$1")" = "$(wc -l < "$d/$1.log")" ]; }
for n in numeric named; do
  wait_until 15 lines_match "$n"    # a handler may still be running
  got=$(received "$n")
  if [ "$got" -ge 8 ]; then ok "$n: snmptrapd logged $got bondwatch notifications"
  else fail "$n: snmptrapd logged $got bondwatch notifications, expected 8 (or more)"; head -c 1500 "$d/$n-trapd.log" | sed 's/^/    # /'; fi
  check_eq "$n: one line per notification received" "$got" "$(wc -l < "$d/$n.log")"
  check_eq "$n: every line is a readable bond0 line" 0 "$(grep -Evc "^$TS bond0 " "$d/$n.log")"
  dup=$(sed -E "s/^$TS //" "$d/$n.log" | sort | uniq -d)
  [ -z "$dup" ] || echo "# note: received more than once (sent twice by the master): $dup"
done
finish
