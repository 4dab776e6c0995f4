#!/bin/bash
# tests/integration/agent_scale.sh - 8 bonds with 3 slaves each, INSIDE the
# test VM: one snmpwalk of the whole BONDWATCH-MIB must agree with
# /proc/net/bonding and with `bondmgr status --json` (timed), and rows must
# follow slaves added and removed while the agent runs.
# Ends "agent_scale: N passed, M failed".
. "$(dirname "$0")/lib.bash"
NB=8 NS=3

topo_lan
for b in $(seq 0 $((NB - 1))); do
  ip link add "bond$b" type bond mode active-backup miimon 100
  for s in $(seq 0 $((NS - 1))); do add_slave "bond$b" "e${b}s$s" "l${b}s$s"; done
  ip link set "bond$b" type bond primary "e${b}s0"
  ip link set "bond$b" up
done
all_up() {
  local b
  for b in $(seq 0 $((NB - 1))); do
    [ "$(bond_field "bond$b" 'Currently Active Slave')" = "e${b}s0" ] || return 1
    [ "$(grep -c '^MII Status: up' "/proc/net/bonding/bond$b")" = $((NS + 1)) ] || return 1
  done
}
if wait_until 20 all_up; then ok "$NB bonds x $NS slaves up"; else fail "bonds not up"; finish; fi
B0=$(ifindex bond0)
start_trapd
start_master
start_agent

# ---- one walk of the whole MIB, timed
t0=$(now_ns)
snmpwalk "${SNMPOPTS[@]}" "${V2[@]}" -OqU 127.0.0.1:$PORT BONDWATCH-MIB::bondwatchMIB > "$d/walk.txt" 2>&1
ms=$(( ($(now_ns) - t0) / 1000000 ))
# (the view ends with this MIB: the last line is endOfMibView, not a row)
rows=$(grep '^BONDWATCH-MIB::' "$d/walk.txt" | grep -vc 'No more variables')
# 1 scalar + 8 bonds x 33 columns + 24 slaves x 14 columns
check_eq "walk of the whole MIB: $rows varbinds in $ms ms" $((1 + NB * 33 + NB * NS * 14)) "$rows" ||
  cut -d. -f1 "$d/walk.txt" | sort | uniq -c | sed 's/^/# /'

declare -A W
while read -r key val; do
  key=${key#BONDWATCH-MIB::}
  [[ $val == *"No more variables"* ]] && continue
  [ "$val" = '""' ] && val=
  W[$key]=$val
done < "$d/walk.txt"

# ---- against /proc/net/bonding
bad=
for b in $(seq 0 $((NB - 1))); do
  bi=$(ifindex "bond$b")
  [ "${W[bwBondName.$bi]}" = "bond$b" ] || bad="$bad bond$b:name"
  [ "${W[bwBondActiveSlaveName.$bi]}" = "$(bond_field "bond$b" 'Currently Active Slave')" ] || bad="$bad bond$b:active"
  [ "${W[bwBondPrimary.$bi]}" = "$(bond_field "bond$b" 'Primary Slave' | cut -d' ' -f1)" ] || bad="$bad bond$b:primary"
  [ "${W[bwBondMiimon.$bi]}" = "$(bond_field "bond$b" 'MII Polling Interval (ms)')" ] || bad="$bad bond$b:miimon"
  [ "${W[bwBondSlaveCount.$bi]}" = $NS ] || bad="$bad bond$b:count"
  [ "${W[bwBondSlavesUp.$bi]}" = $NS ] || bad="$bad bond$b:up"
  for s in $(seq 0 $((NS - 1))); do
    si=$(ifindex "e${b}s$s")
    [ "${W[bwSlaveName.$bi.$si]}" = "e${b}s$s" ] || bad="$bad e${b}s$s:name"
    [ "${W[bwSlaveMiiStatus.$bi.$si]}" = up ] || bad="$bad e${b}s$s:mii"
    want=$(awk -v s="e${b}s$s" '$0 == "Slave Interface: " s {f=1} f && /^Link Failure Count/ {print $4; exit}' "/proc/net/bonding/bond$b")
    [ "${W[bwSlaveLinkFailureCount.$bi.$si]}" = "$want" ] || bad="$bad e${b}s$s:failures"
  done
done
if [ -z "$bad" ]; then ok "walk agrees with /proc/net/bonding for all $NB bonds and $((NB * NS)) slaves"; else fail "walk vs /proc:$bad"; fi

# ---- against bondmgr status --json (the library's other user)
if [ -x "$ROOT/$BUILD/bondmgr" ]; then
  "$ROOT/$BUILD/bondmgr" status --json > "$d/status.json" 2> "$d/status.err"
  /usr/bin/node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const b of s.bonds) {
      const i = b.ifindex;
      console.log(`bwBondName.${i} ${b.name}`);
      console.log(`bwBondActiveSlaveName.${i} ${b.active_slave || ""}`);
      console.log(`bwBondPrimary.${i} ${b.primary || ""}`);
      console.log(`bwBondMiimon.${i} ${b.miimon}`);
      console.log(`bwBondSlaveCount.${i} ${b.slaves.length}`);
      for (const sl of b.slaves) {
        console.log(`bwSlaveName.${i}.${sl.ifindex} ${sl.name}`);
        console.log(`bwSlaveMiiStatus.${i}.${sl.ifindex} ${sl.mii_status}`);
        console.log(`bwSlaveLinkFailureCount.${i}.${sl.ifindex} ${sl.link_failure_count}`);
      }
    }' "$d/status.json" > "$d/status.txt" 2>&1
  n=0 bad=
  while read -r key val; do
    n=$((n + 1))
    [ "${W[$key]-MISSING}" = "$val" ] || bad="$bad $key(walk '${W[$key]-MISSING}' bondmgr '$val')"
  done < "$d/status.txt"
  if [ -z "$bad" ] && [ "$n" -eq $((NB * 5 + NB * NS * 3)) ]; then
    ok "walk agrees with bondmgr status --json ($n values)"
  else
    fail "walk vs bondmgr ($n values):$bad $(head -c 300 "$d/status.err")"
  fi
else
  fail "no $BUILD/bondmgr to compare with"
fi

# ---- rows follow slaves added to and removed from a running bond
add_slave bond0 e0s9 l0s9
S9=$(ifindex e0s9)
added() { [ "$(sget "bwSlaveName.$B0.$S9")" = e0s9 ] && [ "$(sget "bwBondSlaveCount.$B0")" = $((NS + 1)) ]; }
if wait_until 5 added; then ok "a slave enslaved while running appears"; else fail "new slave row: $(sget "bwSlaveName.$B0.$S9")"; fi
ip link set e0s9 nomaster
released() { [ "$(sget "bwBondSlaveCount.$B0")" = $NS ] && ! swalk bwSlaveName | grep -q "\.$B0\.$S9 "; }
if wait_until 5 released; then ok "a released slave's row disappears"; else fail "released slave row remains: $(swalk bwSlaveName | grep "\.$B0\.")"; fi

# ---- a bond that is a bridge port keeps its rows (the bridge's AF_BRIDGE
# link messages carry no bond data and must not replace the bond's)
B7=$(ifindex bond7)
ip link add brx type bridge
ip link set bond7 master brx
ip link set brx up
bridged() { [ -d /sys/class/net/bond7/brport ]; }
wait_until 5 bridged || fail "bond7 did not become a bridge port"
ip link set bond7 type bond miimon 200          # an event after the bridge's
miimon_seen() { [ "$(sget "bwBondMiimon.$B7")" = 200 ]; }
if wait_until 5 miimon_seen; then ok "bond7 in a bridge: row kept and updated"; else fail "bond7 in a bridge: $(sget "bwBondMiimon.$B7")"; fi
check_eq "bond7 in a bridge: slaves kept" $NS "$(sget "bwBondSlaveCount.$B7")"
ip link set bond7 nomaster
unbridged() { [ ! -d /sys/class/net/bond7/brport ]; }
wait_until 5 unbridged
check_eq "bond7 out of the bridge: row kept" bond7 "$(sget "bwBondName.$B7")"

stop_agent
finish
