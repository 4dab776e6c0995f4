#!/bin/bash
# tests/integration/nms_librenms.sh - config/librenms/bondwatch-discovery.yaml
# against the real agent, INSIDE the test VM: the YAML parses (PyYAML); for
# every sensor, the table and value names exist in BONDWATCH-MIB, num_oid
# with this VM's index is that very column (snmptranslate) and the agent
# answers it (snmpget), the descr's {{ $column }} exists, and a state
# sensor's states are exactly the MIB's enumeration. After eth0's cable is
# pulled, the states LibreNMS would show (generic 0 ok, 1 warning,
# 2 critical) are the expected ones. Ends "nms_librenms: N passed, M failed".
. "$(dirname "$0")/lib.bash"
DISC=$ROOT/config/librenms/bondwatch-discovery.yaml
PY=/usr/bin/python3
"$PY" -c 'import yaml' 2>/dev/null || { fail "no PyYAML (python3-yaml; make deps)"; finish; }

# "CLASS<TAB>TABLE<TAB>VALUE<TAB>NUM_OID<TAB>DESCR<TAB>STATES" per sensor
flat=$("$PY" - "$DISC" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print("mib\t" + d["mib"])
for cls, body in d["modules"]["sensors"].items():
    for s in body["data"]:
        states = " ".join("%s=%s:%s" % (x["value"], x["descr"], x["generic"]) for x in s.get("states", []))
        print("\t".join(["sensor", cls, s["oid"], s["value"], s["num_oid"], s["descr"], states]))
PY
); rc=$?
check_eq "the discovery file parses as YAML (PyYAML)" 0 "$rc"
check_eq "mib: BONDWATCH-MIB" BONDWATCH-MIB "$(awk -F'\t' '$1=="mib"{print $2}' <<<"$flat")"
nsens=$(grep -c '^sensor' <<<"$flat")
[ "$nsens" -ge 5 ] && ok "$nsens sensors (state: bond status, slave MII, slave state; count: failures...)" || fail "only $nsens sensors"

topo_lan
bond0_setup
start_master
start_agent

tr_() { snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB "$@" 2>&1; }
getv() { snmpget -v2c -c public -On -Oqv -t 2 -r 1 127.0.0.1:$PORT "$1" 2>&1; }
idx_of() { case $1 in bwBondTable) echo "$B0" ;; *) echo "$B0.$E0" ;; esac; }
while IFS=$'\t' read -r kind cls table value numoid descr states; do
  [ "$kind" = sensor ] || continue
  idx=$(idx_of "$table")
  real=${numoid//'{{ $index }}'/$idx}
  check_eq "$cls $value: table $table is in the MIB" "BONDWATCH-MIB::$table" "BONDWATCH-MIB::$(tr_ -Os "BONDWATCH-MIB::$table")"
  check_eq "$cls $value: num_oid is that column, row $idx" "BONDWATCH-MIB::$value.$idx" "$(tr_ "$real")"
  v=$(getv "$real")
  if [[ $v =~ ^[0-9]+$ ]]; then ok "$cls $value: the agent answers $v"; else fail "$cls $value: get $real -> '$v'"; fi
  for col in $(grep -o '{{ *\$[A-Za-z]* *}}' <<<"$descr" | tr -d '{}$ '); do
    cv=$(snmpget -v2c -c public -Oqv -t 2 127.0.0.1:$PORT "$(tr_ -On "BONDWATCH-MIB::$col").$idx" 2>&1)
    if [ -n "$cv" ] && ! grep -qi 'no such' <<<"$cv"; then ok "$cls $value: descr's \$$col = $cv"; else fail "$cls $value: descr's \$$col: $cv"; fi
  done
  if [ "$cls" = state ]; then
    enum=$(tr_ -Td "BONDWATCH-MIB::$value" | sed -n 's/.*SYNTAX.*{\(.*\)}.*/\1/p' | tr ',' '\n' |
           sed -E 's/^ *([A-Za-z0-9]+)\(([0-9]+)\) *$/\2=\1/' | xargs)
    check_eq "state $value: states = the MIB's enumeration" "$enum" "$(sed -E 's/:[0-9]+//g' <<<"$states")"
  fi
done <<<"$flat"

# generic STATE_NAME INDEX: the LibreNMS severity of the sensor now
generic() {
  local line numoid states v
  line=$(awk -F'\t' -v v="$1" '$1=="sensor" && $4==v' <<<"$flat")
  numoid=$(cut -f5 <<<"$line"); states=$(cut -f7 <<<"$line")
  v=$(getv "${numoid//'{{ $index }}'/$2}")
  tr ' ' '\n' <<<"$states" | awk -F'[=:]' -v v="$v" '$1==v{print $3}'
}
gen_is() { [ "$(generic "$1" "$2")" = "$3" ]; }
ip netns exec lan ip link set lan0 down
for s in "bwBondStatus $B0 1 bond0 degraded: warning" "bwSlaveMiiStatus $B0.$E0 2 eth0 down: critical" \
         "bwSlaveMiiStatus $B0.$E1 0 eth1 up: ok"; do
  set -- $s
  if wait_until 10 gen_is "$1" "$2" "$3"; then ok "cable out: $1 ${*:4}"; else fail "cable out: $1.$2 generic $(generic "$1" "$2"), expected $3"; fi
done
ip netns exec lan ip link set lan0 up
if wait_until 10 gen_is bwBondStatus "$B0" 0; then ok "cable back: bond0 status ok"; else fail "cable back: bond0 generic $(generic bwBondStatus "$B0")"; fi
finish
