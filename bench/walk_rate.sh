#!/bin/bash
# bench/walk_rate.sh - walk throughput, INSIDE the test VM: 64
# bonds x 4 slaves; snmpbulkwalk of BONDWATCH-MIB's bwObjects (the bond
# table, the slave table and the one scalar) through snmpd + bondagentx,
# against snmpbulkwalk of IF-MIB::ifTable for the same interfaces served by
# snmpd itself, and against the floor of the AgentX path: the same walk of
# a minimal AgentX subagent (bench/floor_agent.c: net-snmp's agent library,
# a static table of the same shape, nothing else) through the same snmpd;
# interleaved (ours, floor, ifTable, ours, ...) in the same VM. Then the
# all-columns request (snmptable -CB: one GETNEXT per row, one varbind per
# column) of our tables against ifTable's.
# Same client, same options, numeric OIDs and no MIB files for both, so
# the client's work per varbind is the same on both sides.
# vm-timeout: 600
. "$(dirname "$0")/lib.bash"
. "$BENCH_ROOT/tests/integration/lib.bash"

NB=64 NS=4
REPS=7                       # walks of each, interleaved
[ "$BENCH_QUICK" = 1 ] && REPS=3
CR=25                        # -Cr, max-repetitions, for both walks
BW_OBJECTS=.1.3.6.1.4.1.8072.9999.8023.1
BW_BOND_NAME=$BW_OBJECTS.2.1.2            # bwBondName: one varbind per bond row
BW_SLAVE_NAME=$BW_OBJECTS.3.1.3           # bwSlaveName: one per slave row
IF_TABLE=.1.3.6.1.2.1.2.2
IF_INDEX=$IF_TABLE.1.1                    # ifIndex: one per interface row

# ---- the bonds (bench/bonds.bash)
. "$BENCH_ROOT/bench/bonds.bash"
t_setup=$(now_ns)
add_bonds 0 "$NB" || { fail "ip -batch for $NB bonds"; finish; }
all_up() { bonds_up "$NB"; }
if wait_until 60 all_up; then ok "$NB bonds x $NS slaves up"; else fail "bonds not up"; finish; fi
setup_ms=$(ms_since "$t_setup")
N_IF=$(ip -o link show | wc -l)            # ifTable's rows: lo + bonds + slaves

# ---- snmpd (shipped config; its view bondwatchRead already holds
# .1.3.6.1.2.1.2, so ifTable needs no MASTER_EXTRA) and the agent, without
# -d (no debug logging while measured).
FLOOR=.1.3.6.1.4.1.8072.9999.8024
FLOOR_OBJECTS=$FLOOR.1
FLOOR_AGENT=$BENCH_ROOT/$BUILD/bench/floor_agent
[ -x "$FLOOR_AGENT" ] || { fail "no $FLOOR_AGENT (make bench builds it)"; finish; }
MASTER_EXTRA="view systemonly included $FLOOR
view bondwatchRead included $FLOOR" start_master
LAST=$(ifindex "bond$((NB - 1))")
last_served() {
  [ "$(snmpget -v2c -c public -On -Oqv -t 2 -r 1 127.0.0.1:$PORT "$BW_BOND_NAME.$LAST" 2>&1)" = "\"bond$((NB - 1))\"" ]
}
"$AGENT" -f -x "$d/agentx.sock" 2>> "$d/agent.log" &
AGENT_PID=$!
if wait_until 30 last_served; then ok "agent serves bond$((NB - 1))"; else fail "agent not serving"; finish; fi
"$FLOOR_AGENT" -x "$d/agentx.sock" -b "$NB" -s "$NS" 2>> "$d/floor.log" &
FLOOR_PID=$!
at_exit "kill $FLOOR_PID 2>/dev/null"
floor_served() {
  [ "$(snmpget -v2c -c public -On -Oqv -t 2 -r 1 127.0.0.1:$PORT "$FLOOR_OBJECTS.3.1.3.$NB.$NS" 2>&1)" = "\"e$((NB - 1))s$((NS - 1))\"" ]
}
if wait_until 30 floor_served; then ok "floor agent serves its last row"; else fail "floor agent not serving: $(cat "$d/floor.log")"; finish; fi

# walk TAG OID OUT: one timed snmpbulkwalk; appends its wall time and the
# CPU time snmpd and bondagentx spent meanwhile to $d/TAG.{ms,snmpd,agent}
# and prints the wall time (ms).
# The CPU of the subagent that serves TAG (the floor's for "floor").
walk() {
  local t0 a0 m0 ms sub=$AGENT_PID
  [ "$1" = floor ] && sub=$FLOOR_PID
  a0=$(cpu_ms "$sub") m0=$(cpu_ms "$MASTER_PID") t0=$(now_ns)
  snmpbulkwalk -v2c -c public -m '' -On -Oq -Cr$CR -t 10 -r 0 127.0.0.1:$PORT "$2" > "$3" 2>&1
  ms=$(ms_since "$t0")
  echo "$ms" >> "$d/$1.ms"
  echo $(( $(cpu_ms "$MASTER_PID") - m0 )) >> "$d/$1.snmpd"
  echo $(( $(cpu_ms "$sub") - a0 )) >> "$d/$1.agent"
  echo "$ms"
}
# lines OUT PREFIX: varbinds of OUT under PREFIX (the view ends with our
# MIB, so a walk of it ends with an endOfMibView line: not a varbind).
lines() { grep "^$2\." "$1" | grep -vc 'No more variables'; }
# columns OUT: "count OID-prefix" per column of a table walk (to show a
# wrong count), the index part cut off.
columns() { cut -d' ' -f1 "$1" | awk -F. '{ NF -= ($0 ~ /^.1.3.6.1.2.1/) ? 1 : 2; print }' OFS=. | uniq -c | sed 's/^/# /'; }
# rate N MS: N per second in MS milliseconds, "-" when MS is not a number.
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms + 0 > 0) printf "%.0f\n", n * 1000 / ms; else print "-" }'; }

MASTER_PID=$(cat "$d/master.pid")
OURS_ROWS=$((NB + NB * NS)) OURS_VBS=$((1 + NB * BOND_COLS + NB * NS * SLAVE_COLS))
bad=
# One unmeasured walk of each first: snmpd's ifTable cache and the
# client's first run are then warm for both sides alike.
walk warm "$BW_OBJECTS" "$d/walk.txt" > /dev/null
walk warm "$IF_TABLE" "$d/walk.txt" > /dev/null
walk floor-warm "$FLOOR_OBJECTS" "$d/walk.txt" > /dev/null
for i in $(seq 1 "$REPS"); do
  ms=$(walk ours "$BW_OBJECTS" "$d/walk.txt")
  vbs=$(lines "$d/walk.txt" "$BW_OBJECTS")
  rows=$(( $(lines "$d/walk.txt" "$BW_BOND_NAME") + $(lines "$d/walk.txt" "$BW_SLAVE_NAME") ))
  [ "$rows" = $OURS_ROWS ] && [ "$vbs" = $OURS_VBS ] ||
    { bad="$bad ours#$i:$rows rows/$vbs varbinds"; columns "$d/walk.txt"; }
  echo "# ours #$i: $rows rows, $vbs varbinds in $ms ms; CPU: snmpd $(tail -n1 "$d/ours.snmpd") ms, bondagentx $(tail -n1 "$d/ours.agent") ms"

  ms=$(walk floor "$FLOOR_OBJECTS" "$d/walk.txt")
  vbs=$(lines "$d/walk.txt" "$FLOOR_OBJECTS")
  [ "$vbs" = $OURS_VBS ] || { bad="$bad floor#$i:$vbs varbinds"; columns "$d/walk.txt"; }
  echo "# floor #$i: $vbs varbinds in $ms ms; CPU: snmpd $(tail -n1 "$d/floor.snmpd") ms, floor agent $(tail -n1 "$d/floor.agent") ms"

  ms=$(walk if "$IF_TABLE" "$d/walk.txt")
  vbs=$(lines "$d/walk.txt" "$IF_TABLE")
  rows=$(lines "$d/walk.txt" "$IF_INDEX")
  [ "$rows" = "$N_IF" ] && [ $((vbs % rows)) = 0 ] ||
    { bad="$bad ifTable#$i:$rows rows/$vbs varbinds"; columns "$d/walk.txt"; }
  IF_COLS=$((vbs / (rows > 0 ? rows : 1))) IF_VBS=$vbs
  echo "# ifTable #$i: $rows rows, $vbs varbinds in $ms ms; CPU: snmpd $(tail -n1 "$d/if.snmpd") ms"
done
# ---- the all-columns request: snmptable -CB (GETNEXT only: one request per
# row, one varbind per column), ours (bond then slave table) against ifTable
TBLOPTS=(-v2c -c public -M "$MIBDIRS_ARG" -CB -CH -Cf , -t 10 -r 0)
tbl() {   # tbl TAG MIB TABLE...: one timed run per table, summed
  local t0 m0 a0 n=0 tb
  a0=$(cpu_ms "$AGENT_PID") m0=$(cpu_ms "$MASTER_PID") t0=$(now_ns)
  for tb in "${@:3}"; do
    n=$(( n + $(snmptable "${TBLOPTS[@]}" -m "$2" 127.0.0.1:$PORT "$2::$tb" 2>&1 | grep -c ,) ))
  done
  echo "$(ms_since "$t0")" >> "$d/tbl-$1.ms"
  echo $(( $(cpu_ms "$MASTER_PID") - m0 )) >> "$d/tbl-$1.snmpd"
  echo $(( $(cpu_ms "$AGENT_PID") - a0 )) >> "$d/tbl-$1.agent"
  echo "$n"
}
tbl warm BONDWATCH-MIB bwBondTable bwSlaveTable > /dev/null
tbl warm IF-MIB ifTable > /dev/null
for i in $(seq 1 "$REPS"); do
  n=$(tbl ours BONDWATCH-MIB bwBondTable bwSlaveTable)
  [ "$n" = $OURS_ROWS ] || bad="$bad snmptable-ours#$i:$n rows"
  n=$(tbl if IF-MIB ifTable)
  [ "$n" = "$N_IF" ] || bad="$bad snmptable-if#$i:$n rows"
  echo "# snmptable #$i: ours $(tail -n1 "$d/tbl-ours.ms") ms, ifTable $(tail -n1 "$d/tbl-if.ms") ms"
done
if [ -z "$bad" ]; then ok "every walk returned the expected rows"
else fail "wrong row counts:$bad (want $OURS_ROWS rows/$OURS_VBS varbinds and $N_IF ifTable rows)"; fi

# ---- the section
part_begin "Walk rate: bond + slave tables against IF-MIB::ifTable"
part <<EOT
$NB bonds x $NS slaves (active-backup, miimon 100, veth slaves). Each repetition is
one \`snmpbulkwalk -v2c -Cr$CR -On -Oq -m ''\` to snmpd on 127.0.0.1 (a new process, as an
NMS poller would make one request stream): ours walks BONDWATCH-MIB::bwObjects
(\`$BW_OBJECTS\`: $OURS_ROWS rows = $NB bond rows x $BOND_COLS columns + $((NB * NS)) slave rows x $SLAVE_COLS
columns, + 1 scalar = $OURS_VBS varbinds), served by bondagentx over AgentX; the baseline
walks IF-MIB::ifTable (\`$IF_TABLE\`) for the same interfaces, served by snmpd
itself: $N_IF rows (lo + $NB bonds + $((NB * NS)) slaves) x $IF_COLS columns. $REPS walks of each,
interleaved (ours, ifTable, ours, ...) after one unmeasured walk of each; rows/s =
rows / wall time of the walk, process start included for both. Every walk's row and
varbind counts were checked.

EOT
table_begin
# Rates from the walk times: the median rate is the rate of the median
# walk, and the p95 column is the rate of the p95 (slow) walk, the tail a
# poller sees, not the fastest walks.
om=$(median "$d/ours.ms") op=$(p95 "$d/ours.ms") im=$(median "$d/if.ms") ip=$(p95 "$d/if.ms")
orm=$(rate $OURS_ROWS "$om") irm=$(rate "$N_IF" "$im")
row "Rows/s (higher is better)" "$orm" "$(rate $OURS_ROWS "$op")" "ifTable rows/s" "$irm" "$(rate "$N_IF" "$ip")" "≥ ifTable" "$(verdict ge "$orm" "$irm")"
row "Varbinds/s" "$(rate $OURS_VBS "$om")" "$(rate $OURS_VBS "$op")" "ifTable varbinds/s" "$(rate "$IF_VBS" "$im")" "$(rate "$IF_VBS" "$ip")" "(information)" "-"
row "Walk time, ms (lower is better)" "$om" "$op" "ifTable walk, ms" "$im" "$ip" "(information)" "-"
osm=$(median "$d/ours.snmpd") oam=$(median "$d/ours.agent") ism=$(median "$d/if.snmpd")
# ---- against the floor: the same walk, the same snmpd, a subagent doing nothing else
fm=$(median "$d/floor.ms") fp=$(p95 "$d/floor.ms") fsm=$(median "$d/floor.snmpd") fam=$(median "$d/floor.agent")
us_vb() { awk -v ms="$1" -v n="$2" 'BEGIN { if (n + 0 > 0 && ms != "-") printf "%.1f\n", ms * 1000 / n; else print "-" }'; }
row "Walk time per varbind, µs (vs the AgentX floor)" "$(us_vb "$om" $OURS_VBS)" "$(us_vb "$op" $OURS_VBS)" "floor agent, µs" "$(us_vb "$fm" $OURS_VBS)" "$(us_vb "$fp" $OURS_VBS)" "≤ 1.1 x floor ($(ratio "$om" "$fm") x)" "$(verdict le "$(ratio "$om" "$fm")" 1.1)"
row "Subagent CPU per varbind, µs (vs the floor agent's)" "$(us_vb "$oam" $OURS_VBS)" "$(us_vb "$(p95 "$d/ours.agent")" $OURS_VBS)" "floor agent CPU, µs" "$(us_vb "$fam" $OURS_VBS)" "$(us_vb "$(p95 "$d/floor.agent")" $OURS_VBS)" "≤ 1.1 x floor ($(ratio "$oam" "$fam") x)" "$(verdict le "$(ratio "$oam" "$fam")" 1.1)"
row "snmpd CPU per varbind, µs (ours vs floor)" "$(us_vb "$osm" $OURS_VBS)" "-" "snmpd for the floor, µs" "$(us_vb "$fsm" $OURS_VBS)" "-" "(information: $(ratio "$osm" "$fsm") x)" "-"
tom=$(median "$d/tbl-ours.ms") tim=$(median "$d/tbl-if.ms")
TBL_OURS_VBS=$((NB * BOND_COLS + NB * NS * SLAVE_COLS)) TBL_IF_VBS=$((N_IF * IF_COLS))
row "snmptable -CB (all columns a request), µs per varbind" "$(us_vb "$tom" $TBL_OURS_VBS)" "$(us_vb "$(p95 "$d/tbl-ours.ms")" $TBL_OURS_VBS)" "ifTable, µs per varbind" "$(us_vb "$tim" $TBL_IF_VBS)" "$(us_vb "$(p95 "$d/tbl-if.ms")" $TBL_IF_VBS)" "(information: $(ratio "$(us_vb "$tom" $TBL_OURS_VBS)" "$(us_vb "$tim" $TBL_IF_VBS)") x)" "-"
row "snmptable -CB: snmpd CPU per run, ms (bondagentx: $(median "$d/tbl-ours.agent"))" "$(median "$d/tbl-ours.snmpd")" "$(p95 "$d/tbl-ours.snmpd")" "ifTable: snmpd CPU, ms" "$(median "$d/tbl-if.snmpd")" "$(p95 "$d/tbl-if.snmpd")" "(information)" "-"
row "CPU per walk: snmpd, ms" "$osm" "$(p95 "$d/ours.snmpd")" "ifTable: snmpd, ms" "$ism" "$(p95 "$d/if.snmpd")" "(information)" "-"
row "CPU per walk: bondagentx, ms" "$oam" "$(p95 "$d/ours.agent")" "ifTable: none" "-" "-" "(information)" "-"
# The walk time at which ours would match ifTable's rows/s, against what
# snmpd's forwarding alone costs.
par=$(awk -v r=$OURS_ROWS -v n="$N_IF" -v im="$im" 'BEGIN { printf "%.0f\n", r * im / n }')
if ge "$osm" "$(awk -v p="$par" 'BEGIN { print p * 0.9 }')"; then
  bound="But snmpd's forwarding CPU alone for our walk, $osm ms, is $(ratio "$osm" "$par") x the
walk time at which ours would match ifTable's rows/s ($par ms): even with bondagentx's own
cost at zero, ours would at best be level. The target is missed by the protocol path
(one AgentX round trip per varbind), not by the agent's tables."
else
  bound="Matching ifTable's rows/s takes a walk of $par ms; snmpd's forwarding alone costs
$osm ms of it, so bondagentx would have to answer in $((par - osm)) ms of CPU instead of $oam:
the protocol path (one AgentX round trip per varbind), not the agent's tables, is what is left."
fi
per_kvb() { awk -v ms="$1" -v n="$2" 'BEGIN { if (n + 0 > 0) printf "%.0f\n", ms * 1000 / n; else print "-" }'; }
part <<EOT

Rates are computed from walk times: the p95 rate is that of the p95 (slowest 5 %) walk.
CPU times are the processes' user + system time (/proc, 10 ms ticks) during each walk.
Setup of the $NB bonds ($((NB * NS)) veth pairs, one \`ip -batch\`): $setup_ms ms.

**The floor.** \`bench/floor_agent\` is a minimal AgentX subagent on net-snmp's
agent library serving a static table of our shape under \`$FLOOR\` ($OURS_VBS
varbinds: one scalar, $NB rows x $BOND_COLS columns, $((NB * NS)) rows x $SLAVE_COLS columns; the same
table helper, a computed row lookup, nothing else), connected to the same snmpd and
walked the same way in the same run, interleaved with ours. What it costs is what
net-snmp's master and AgentX cost per varbind; bondagentx's walk time and CPU per
varbind are given against it (target ≤ 1.1 x).
**snmptable.** \`snmptable -CB\` (GETNEXT only: one request per row carrying one
varbind per column; for ours one AgentX GetNext PDU per row) of bwBondTable then
bwSlaveTable ($TBL_OURS_VBS varbinds) against IF-MIB::ifTable ($TBL_IF_VBS varbinds),
MIB files loaded for both, $REPS runs each after one unmeasured run.

**What bounds the rate.** net-snmp's master agent (5.9.3, agent/mibgroup/agentx/master.c)
sends no AgentX GetBulk: it turns each repetition of a GETBULK into its own AgentX
GetNext to the subagent, so every varbind of our walk is one AgentX round trip (a PDU
each way over the unix socket, two context switches, net-snmp's PDU parsing and
building in both processes), while snmpd answers ifTable in-process. Per 1000
varbinds, snmpd alone spent $(per_kvb "$osm" $OURS_VBS) ms of CPU forwarding ours and
$(per_kvb "$ism" "$IF_VBS") ms serving ifTable; bondagentx spent $(per_kvb "$oam" $OURS_VBS) ms, nearly all in
net-snmp's AgentX and request plumbing and in the kernel (the tables' own handlers,
a binary search of sorted rows, are about 2 % of it under perf; see also the scale
section). Our rows are $BOND_COLS (bond) and $SLAVE_COLS (slave) columns against 22: compare varbinds/s, not rows/s
(the slave rows dominate). $bound
EOT
part_show

kill "$AGENT_PID" 2>/dev/null; wait "$AGENT_PID" 2>/dev/null; AGENT_PID=
finish
