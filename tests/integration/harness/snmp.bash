# SPDX-License-Identifier: GPL-2.0-or-later
# harness/snmp.bash - the NOC's side inside the VM: the master snmpd (with
# the shipped config), bondagentx, snmptrapd, the npm receiver, and the
# SNMP clients (the MIB loaded, so values print by name). Everything lives
# in $d; harness_stop (at exit) stops what was started and, when a check
# failed, shows the tail of each log.
PORT=10161 TRAPPORT=10162 NODETRAPPORT=10163
MIBDIRS_ARG="+$ROOT/node_modules/net-snmp/lib/mibs:$ROOT/mibs"
export SNMP_PERSISTENT_DIR=$d/persist MIBS=
AGENT_PID= NODE_TRAPD_PID=
harness_stop() {
  [ -z "$AGENT_PID" ] || kill "$AGENT_PID" 2>/dev/null
  [ -z "$NODE_TRAPD_PID" ] || kill "$NODE_TRAPD_PID" 2>/dev/null
  for f in trapd master; do [ -f "$d/$f.pid" ] && kill "$(cat "$d/$f.pid")" 2>/dev/null; done
  if [ "$T_FAILED" -ne 0 ]; then
    for f in agent.log master.log traps.txt; do
      [ -s "$d/$f" ] || continue
      echo "# ---- $f"; sed 's/^/# /' "$d/$f" | tail -n 40
    done
  fi
}

# ---- SNMP clients (MIB loaded, so values print by name)
SNMPOPTS=(-M "$MIBDIRS_ARG" -m BONDWATCH-MIB -t 2 -r 1)
V2=(-v2c -c public)
V3=(-v3 -l authPriv -u bwadmin -a SHA-512 -A bondwatch-auth -x AES -X bondwatch-priv)
sget()  { snmpget "${SNMPOPTS[@]}" "${V2[@]}" -OqvU 127.0.0.1:$PORT "BONDWATCH-MIB::$1" 2>&1; }
swalk() { snmpwalk "${SNMPOPTS[@]}" "${V2[@]}" -OqU 127.0.0.1:$PORT "BONDWATCH-MIB::$1" 2>&1; }
# sset OBJ TYPE VALUE, as the SNMPv3 write user; -Ir: no client-side type or
# size check (the agent must do it).
sset()  { snmpset "${SNMPOPTS[@]}" "${V3[@]}" -Ir 127.0.0.1:$PORT "BONDWATCH-MIB::$1" "$2" "$3" 2>&1; }
sset_public() { snmpset "${SNMPOPTS[@]}" "${V2[@]}" -Ir 127.0.0.1:$PORT "BONDWATCH-MIB::$1" "$2" "$3" 2>&1; }
ntraps() { grep -c "$1" "$d/traps.txt"; }

# ---- snmptrapd: each notification becomes one line of $d/traps.txt (its
# log, format2: "TRAP oid value<TAB>oid value..."); no process per trap, so
# a burst is received as fast as it comes even under TCG. With
# TRAP_TIMES=1 a traphandle also records "RECEIVED_NS TRAPOID" lines in
# $d/trap-times.txt (one sh + date per trap: for latency, not for bursts).
start_trapd() {
  printf 'disableAuthorization yes\nformat2 TRAP %%v\\n\n' > "$d/trapd.conf"
  if [ "${TRAP_TIMES:-0}" = 1 ]; then
    cat > "$d/trap.sh" <<EOT
#!/bin/sh
read -r host; read -r addr; read -r uptime; read -r trapoid
echo "\$(date +%s%N) \$trapoid" >> "$d/trap-times.txt"
EOT
    chmod +x "$d/trap.sh"
    printf 'traphandle default %s\n' "$d/trap.sh" >> "$d/trapd.conf"
  fi
  touch "$d/traps.txt"
  snmptrapd -C -c "$d/trapd.conf" -M "$MIBDIRS_ARG" -m BONDWATCH-MIB -Oq -Lf "$d/traps.txt" \
    -p "$d/trapd.pid" udp:127.0.0.1:$TRAPPORT
  wait_until 5 test -s "$d/trapd.pid" || fail "snmptrapd did not start"
}

# ---- the second receiver (npm net-snmp): one line per notification in
# $d/node-traps.txt, ".OID VALUE|..." with strings in hex (trapd.js)
start_node_trapd() {
  /usr/bin/node "$ROOT/tests/integration/trapd.js" $NODETRAPPORT "$d/node-traps.txt" > "$d/node-trapd.log" 2>&1 &
  NODE_TRAPD_PID=$!
  wait_until 30 grep -q listening "$d/node-trapd.log" || fail "trapd.js did not start: $(cat "$d/node-trapd.log")"
}
# hex STRING: the bytes of STRING as trapd.js/snmpwalk.js print them
hex() { printf '%s' "$1" | od -An -tx1 | tr 'a-f' 'A-F' | xargs; }

# ---- master snmpd: the shipped config/snmpd.conf.d/bondwatch.conf (views,
# read-only community, the v3 user's write access to bwBondPrimary only),
# then this test's own port, socket, user and trap sinks, and MASTER_EXTRA.
# NODE_SINK=0 leaves out the npm receiver's sink (one sink, as a host
# usually has: the benchmarks).
start_master() {
  cat > "$d/test.conf" <<EOT
agentAddress udp:127.0.0.1:$PORT
agentXSocket $d/agentx.sock
createUser bwadmin SHA-512 "bondwatch-auth" AES "bondwatch-priv"
trap2sink 127.0.0.1:$TRAPPORT public
$([ "${NODE_SINK:-1}" = 1 ] && echo "trap2sink 127.0.0.1:$NODETRAPPORT public")
${MASTER_EXTRA:-}
EOT
  rm -f "$d/master.pid"
  snmpd -C -c "$ROOT/config/snmpd.conf.d/bondwatch.conf,$d/test.conf" -Lf "$d/master.log" \
    -p "$d/master.pid" -u root
  wait_until 5 test -S "$d/agentx.sock" || { fail "master snmpd did not open $d/agentx.sock"; finish; }
}
stop_master() {
  local pid
  pid=$(cat "$d/master.pid")
  kill "$pid"
  wait_until 5 eval "! kill -0 $pid 2>/dev/null" || fail "master snmpd did not stop"
  rm -f "$d/master.pid"
}

# ---- the agent, in the foreground with debug messages in $d/agent.log;
# ready when bond0's row is served through the master. AGENT_WRAP (e.g.
# valgrind), AGENT_ARGS (more options) and AGENT_START_S (the deadline)
# may be set by a test.
start_agent() {
  launch_agent
  if wait_until "${AGENT_START_S:-10}" agent_serving; then ok "agent registered: bwBondName.$B0 = bond0"
  else fail "agent not serving bwBondName.$B0: $(sget "bwBondName.$B0")"; finish; fi
}
launch_agent() {
  [ -x "$AGENT" ] || { fail "no $AGENT (make first)"; finish; }
  echo "# agent: ${AGENT_WRAP:+${AGENT_WRAP%% *} }$AGENT"
  # shellcheck disable=SC2086  # AGENT_ARGS: extra options, word-split
  ${AGENT_WRAP:-} "$AGENT" -d -x "$d/agentx.sock" ${AGENT_ARGS:-} 2>> "$d/agent.log" &
  AGENT_PID=$!
}
agent_serving() { [ "$(sget "bwBondName.$B0")" = bond0 ]; }
# stop_agent: SIGTERM, exit status 0, and no sanitizer report.
stop_agent() {
  local rc
  kill -TERM "$AGENT_PID"
  wait "$AGENT_PID"; rc=$?
  AGENT_PID=
  check_eq "agent exits 0 on SIGTERM" 0 "$rc"
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$d/agent.log"; then
    fail "sanitizer report in agent.log"
    grep -E -A5 'Sanitizer|runtime error:' "$d/agent.log" | head -n 40 | sed 's/^/# /'
  else
    ok "no sanitizer report"
  fi
}

# agent_bed: the usual bed of an agent test: the lan, bond0 by hand
# (bond0_setup), snmptrapd, the master and the agent, serving.
agent_bed() {
  topo_lan
  bond0_setup
  start_trapd
  start_master
  start_agent
}
