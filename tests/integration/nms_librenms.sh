#!/bin/bash
# tests/integration/nms_librenms.sh - config/librenms/bondwatch-discovery.yaml,
# INSIDE the test VM:
# 1. LibreNMS's discovery JSON schema (a copy in tests/librenms/, with its
#    source) judges linux.yaml (a copy) with our sensors merged in as the
#    README says: valid (python3-jsonschema); two broken variants of our
#    file are refused, so the schema does see our entries.
# 2. Our own checks (LibreNMS itself is not run: not packaged in Debian):
#    each sensor's table and value are BONDWATCH-MIB objects, num_oid is
#    that column (snmptranslate), the agent answers it, the descr's
#    {{ BONDWATCH-MIB::column }} exists, a state sensor's states are the
#    MIB's enumeration; the committed snmprec (tests/librenms/) holds every
#    sensor's column and Net-SNMP's Linux sysObjectID.
# 3. The severity LibreNMS would give each sensor (its generic 0 ok,
#    1 warning, 2 critical; only critical alerts by default) computed from
#    the agent's answers: all ok when healthy; eth0's cable out: eth0's link
#    and "primary carries the traffic" critical, bond degraded warning; eth0
#    back but primary_reselect failure kept eth1: "primary carries the
#    traffic" critical, the rest ok; both cables out: bond down critical.
# Ends "nms_librenms: N passed, M failed".
. "$(dirname "$0")/lib.bash"
DISC=$ROOT/config/librenms/bondwatch-discovery.yaml
T=$ROOT/tests/librenms
PY=/usr/bin/python3
"$PY" -c 'import yaml, jsonschema' 2>/dev/null || { fail "no PyYAML/jsonschema (python3-yaml, python3-jsonschema; make deps)"; finish; }

# ---- 1. the schema's verdict
out=$("$PY" "$T/validate.py" "$T/discovery_schema.json" "$T/linux.yaml" "$DISC" 2>&1); rc=$?
sed 's/^/#   /' <<<"$out"
check_eq "LibreNMS's schema: linux.yaml + bondwatch-discovery.yaml valid" "0 schema: valid" "$rc $(tail -n1 <<<"$out" | cut -d' ' -f1-2)"
grep -vF "num_oid: '.1.3.6.1.4.1.8072.9999.8023.1.2.1.17." "$DISC" > "$d/bad-num-oid.yaml"   # a count without num_oid
sed 's/descr: down }/descr: down, severity: 2 }/' "$DISC" > "$d/bad-state.yaml"     # a key states do not have
for bad in bad-num-oid bad-state; do
  out=$("$PY" "$T/validate.py" "$T/discovery_schema.json" "$T/linux.yaml" "$d/$bad.yaml" 2>&1); rc=$?
  if [ "$rc" = 1 ] && grep -q '^schema: [1-9]' <<<"$out"; then ok "the schema refuses $bad: $(head -n1 <<<"$out")"
  else fail "the schema accepted $bad (rc $rc): $out"; fi
done

# "CLASS<TAB>TABLE<TAB>VALUE<TAB>NUM_OID<TAB>DESCR<TAB>STATE_NAME<TAB>STATES<TAB>PRIMARY_ONLY"
flat=$(cd "$T" && "$PY" - "$DISC" <<'PY'
import sys
from validate import load
d = load(sys.argv[1])
strip = lambda s: s.split('::', 1)[1]
for cls, body in d["modules"]["sensors"].items():
    for s in body["data"]:
        states = " ".join("%s=%s:%s" % (x["value"], x["descr"], x["generic"]) for x in s.get("states", []))
        primary = any(strip(v["oid"]) == "bwSlaveIsPrimary" for v in s.get("skip_values", []))
        print("\t".join([cls, strip(s["oid"]), strip(s["value"]), s["num_oid"], s["descr"],
                         s.get("state_name", strip(s["value"])), states, "1" if primary else "0"]))
PY
)
nsens=$(grep -c . <<<"$flat")
check_eq "7 sensors: 4 state (bond status, primary active, slave MII, slave state), 3 count" "7 4" "$nsens $(grep -c '^state' <<<"$flat")"

tr_() { snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB "$@" 2>&1; }
# ---- 2b. the committed snmprec: Net-SNMP's Linux, and every sensor's column
SNMPREC=$T/linux_bondwatch.snmprec
check_eq "snmprec: sysObjectID is Net-SNMP's Linux" "1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.8072.3.2.10" "$(grep '^1\.3\.6\.1\.2\.1\.1\.2\.0|' "$SNMPREC")"
while IFS=$'\t' read -r cls table value numoid _; do
  col=${numoid%%.\{\{*}; col=${col#.}
  n=$(grep -c "^${col//./\\.}\.[0-9.]*|" "$SNMPREC")
  [ "$n" -ge 1 ] && ok "snmprec: $n rows of $value ($col)" || fail "snmprec: no row of $value ($col)"
done <<<"$flat"

topo_lan
bond0_setup
start_master
start_agent

getv() { snmpget -v2c -c public -On -Oqv -t 2 -r 1 127.0.0.1:$PORT "$1" 2>&1; }
idx_of() { case $1 in bwBondTable) echo "$B0" ;; *) echo "$B0.$E0" ;; esac; }
while IFS=$'\t' read -r cls table value numoid descr sname states _primary_only; do
  idx=$(idx_of "$table")
  real=${numoid//'{{ $index }}'/$idx}
  check_eq "$cls $sname: table $table is in the MIB" "BONDWATCH-MIB::$table" "BONDWATCH-MIB::$(tr_ -Os "BONDWATCH-MIB::$table")"
  check_eq "$cls $sname: num_oid is $value, row $idx" "BONDWATCH-MIB::$value.$idx" "$(tr_ "$real")"
  v=$(getv "$real")
  if [[ $v =~ ^[0-9]+$ ]]; then ok "$cls $sname: the agent answers $v"; else fail "$cls $sname: get $real -> '$v'"; fi
  for col in $(grep -o '{{ *BONDWATCH-MIB::[A-Za-z]* *}}' <<<"$descr" | sed 's/.*:://; s/ *}}//'); do
    cv=$(snmpget -v2c -c public -Oqv -t 2 127.0.0.1:$PORT "$(tr_ -On "BONDWATCH-MIB::$col").$idx" 2>&1)
    if [ -n "$cv" ] && ! grep -qi 'no such' <<<"$cv"; then ok "$cls $sname: descr's $col = $cv"; else fail "$cls $sname: descr's $col: $cv"; fi
  done
  if [ "$cls" = state ]; then
    enum=$(tr_ -Td "BONDWATCH-MIB::$value" | sed -n 's/.*SYNTAX.*{\(.*\)}.*/\1/p' | tr ',' '\n' |
           sed -E 's/^ *([A-Za-z0-9]+)\(([0-9]+)\) *$/\2/' | xargs)
    check_eq "state $sname: the states' values are the MIB's enumeration" "$enum" "$(sed -E 's/=[^ ]*//g' <<<"$states")"
  fi
done <<<"$flat"
# The primary-only sensor: skip_values keeps the rows whose bwSlaveIsPrimary is true(1).
check_eq "bwSlaveIsPrimary: eth0 true(1), eth1 false(2) (the primary-only sensor keeps eth0's row)" "1 2" \
  "$(getv ".1.3.6.1.4.1.8072.9999.8023.1.3.1.8.$B0.$E0") $(getv ".1.3.6.1.4.1.8072.9999.8023.1.3.1.8.$B0.$E1")"

# ---- 3. severities. generic STATE_NAME INDEX: LibreNMS's generic of the sensor now
generic() {
  local line numoid states v
  line=$(awk -F'\t' -v n="$1" '$1=="state" && $6==n' <<<"$flat")
  numoid=$(cut -f4 <<<"$line"); states=$(cut -f7 <<<"$line")
  v=$(getv "${numoid//'{{ $index }}'/$2}")
  tr ' ' '\n' <<<"$states" | awk -F'[=:]' -v v="$v" '$1==v{print $3}'
}
gen_is() { [ "$(generic "$1" "$2")" = "$3" ]; }
SEV=(ok warning critical unknown)
# expect SCENARIO "STATE_NAME INDEX GENERIC WHAT"...
expect() {
  local scen=$1 s; shift
  for s in "$@"; do
    set -- $s
    if wait_until 10 gen_is "$1" "$2" "$3"; then ok "$scen: ${*:4} ${SEV[$3]}"
    else fail "$scen: ${*:4}: generic $(generic "$1" "$2"), expected $3"; fi
  done
}
ALL=("bwBondStatus $B0" "bwPrimaryActive $B0.$E0" "bwSlaveMiiStatus $B0.$E0" "bwSlaveMiiStatus $B0.$E1")
expect "healthy" "${ALL[0]} 0 bond0 status" "${ALL[1]} 0 eth0 (primary) carries the traffic" \
  "${ALL[2]} 0 eth0 link" "${ALL[3]} 0 eth1 link"
ip netns exec lan ip link set lan0 down
expect "eth0's cable out" "${ALL[0]} 1 bond0 status" "${ALL[1]} 2 eth0 (primary) carries the traffic" \
  "${ALL[2]} 2 eth0 link" "${ALL[3]} 0 eth1 link"
ip link set bond0 type bond primary_reselect failure
ip netns exec lan ip link set lan0 up
expect "eth0 back, primary_reselect failure keeps eth1" "${ALL[0]} 0 bond0 status" \
  "${ALL[1]} 2 eth0 (primary) carries the traffic" "${ALL[2]} 0 eth0 link" "${ALL[3]} 0 eth1 link"
ip netns exec lan ip link set lan0 down
ip netns exec lan ip link set lan1 down
expect "both cables out" "${ALL[0]} 2 bond0 status" "${ALL[2]} 2 eth0 link" "${ALL[3]} 2 eth1 link"
finish
