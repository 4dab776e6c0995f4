#!/bin/bash
# tests/integration/nms_zabbix.sh - config/zabbix/bondwatch-zabbix6.yaml
# against the real agent, INSIDE the test VM: the YAML parses (PyYAML,
# Debian's python3-yaml) and has the shape of a Zabbix 6.0 export (unique
# uuids, every trigger names an item of the template, every value map
# exists); every SNMP OID in it resolves in BONDWATCH-MIB (snmptranslate)
# and returns a value from snmpd + bondagentx (snmpget; discovery OIDs with
# snmpwalk); each value map equals the MIB's enumeration; each snmptrap[]
# regexp matches the real notification snmptrapd received after a cable
# pull, and no other. Ends "nms_zabbix: N passed, M failed".
. "$(dirname "$0")/lib.bash"
TPL=$ROOT/config/zabbix/bondwatch-zabbix6.yaml
PY=/usr/bin/python3
"$PY" -c 'import yaml' 2>/dev/null || { fail "no PyYAML (python3-yaml; make deps)"; finish; }

# The template, flattened by a small checker: "KIND<TAB>..." lines.
flat=$("$PY" - "$TPL" <<'PY'
import re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
ex = doc["zabbix_export"]
print("version\t" + str(ex["version"]))
t = ex["templates"][0]
name = t["template"]
uuids, keys, problems = [], set(), []
def walk(o):
    if isinstance(o, dict):
        if "uuid" in o: uuids.append(str(o["uuid"]))
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(ex)
bad = [u for u in uuids if not re.fullmatch(r"[0-9a-f]{32}", u)]
print("uuids\t%d %d %d" % (len(uuids), len(set(uuids)), len(bad)))
vmaps = {v["name"]: v["mappings"] for v in t.get("valuemaps", [])}
def item(it, rule):
    keys.add(it["key"])
    if it.get("type") == "SNMP_AGENT":
        print("oid\t%s\t%s\t%s" % (rule, it["key"], it["snmp_oid"]))
    if it.get("type") == "SNMP_TRAP":
        m = re.fullmatch(r'snmptrap\["(.*)"\]', it["key"])
        print("trap\t%s\t%s" % (it["key"], m.group(1) if m else ""))
    if "valuemap" in it:
        vm = it["valuemap"]["name"]
        if vm not in vmaps: problems.append("no value map " + vm)
        else: print("vmap\t%s\t%s\t%s" % (rule, it["snmp_oid"], " ".join("%s=%s" % (m["value"], m["newvalue"]) for m in vmaps[vm])))
triggers = []
for it in t.get("items", []):
    item(it, "-"); triggers += it.get("triggers", [])
for r in t.get("discovery_rules", []):
    rule = r["key"]
    print("oid\t%s\t%s\t%s" % ("-", rule, r["snmp_oid"]))
    for it in r.get("item_prototypes", []):
        item(it, rule); triggers += it.get("trigger_prototypes", [])
    triggers += r.get("trigger_prototypes", [])
for tr in triggers:
    for tn, k in re.findall(r"/([^/]+)/([^,)]+(?:\[[^\]]*\])?)", tr["expression"]):
        if tn != name: problems.append("trigger names template %s: %s" % (tn, tr["name"]))
        elif k not in keys: problems.append("trigger uses unknown key %s: %s" % (k, tr["name"]))
print("triggers\t%d" % len(triggers))
for p in problems: print("problem\t" + p)
PY
); rc=$?
check_eq "the template parses as YAML (PyYAML)" 0 "$rc"
check_eq "a Zabbix 6.0 export (version '6.0', importable by Debian 12's Zabbix)" 6.0 "$(awk -F'\t' '$1=="version"{print $2}' <<<"$flat")"
read -r nu nuniq nbad <<<"$(awk -F'\t' '$1=="uuids"{print $2}' <<<"$flat")"
check_eq "every uuid is 32 hex digits and unique ($nu)" "$nu 0" "$nuniq $nbad"
check_eq "every trigger names this template and one of its items; every value map exists" "" \
  "$(awk -F'\t' '$1=="problem"{print $2}' <<<"$flat")"
ntrig=$(awk -F'\t' '$1=="triggers"{print $2}' <<<"$flat")
[ "${ntrig:-0}" -ge 8 ] && ok "$ntrig triggers and trigger prototypes" || fail "only ${ntrig:-0} triggers"

topo_lan
bond0_setup
start_trapd
start_master
start_agent

# ---- every OID: resolves in BONDWATCH-MIB, and the agent answers it
# name OID: the MIB's name for a numeric OID (BONDWATCH-MIB::x.idx)
name() { snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB "$1" 2>&1; }
get() { snmpget -v2c -c public -On -Oq -t 2 -r 1 127.0.0.1:$PORT "$1" 2>&1; }
n=0
while IFS=$'\t' read -r kind rule key oid; do
  [ "$kind" = oid ] || continue
  n=$((n + 1))
  if [[ $oid == discovery* ]]; then
    # discovery[{#MACRO},OID,...]: each column must have rows for bond0
    for col in $(grep -o '[0-9][0-9.]*[0-9]' <<<"${oid#discovery}"); do
      nm=$(name ".$col")
      rows=$(snmpwalk -v2c -c public -On -Oq 127.0.0.1:$PORT ".$col" 2>&1 | grep -c "^\.$col\.$B0\b")
      if [[ $nm == BONDWATCH-MIB::* ]] && [ "$rows" -ge 1 ]; then ok "$key: .$col = $nm, $rows row(s) for bond0"
      else fail "$key: .$col -> '$nm', $rows rows"; fi
    done
    continue
  fi
  case $rule in
    bondwatch.slave.discovery) idx=$B0.$E0 ;;
    *) idx=$B0 ;;
  esac
  real=".${oid//\{#SNMPINDEX\}/$idx}"
  nm=$(name "$real"); val=$(get "$real")
  if [[ $nm == BONDWATCH-MIB::* ]] && [ -n "$val" ] && ! grep -qi 'no such\|timeout\|error' <<<"$val"; then
    ok "$key: $nm = ${val#* }"
  else fail "$key: $real -> '$nm', get: '$val'"; fi
done <<<"$flat"
[ "$n" -ge 14 ] && ok "$n SNMP items and discovery rules checked" || fail "only $n SNMP OIDs found in the template"

# ---- value maps = the MIB's enumerations (snmptranslate -Td: SYNTAX ... {a(1), b(2)})
while IFS=$'\t' read -r kind rule oid maps; do
  [ "$kind" = vmap ] || continue
  col=".${oid%.\{#SNMPINDEX\}}"
  enum=$(snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB -Td "$col" 2>&1 | sed -n 's/.*SYNTAX.*{\(.*\)}.*/\1/p' |
         tr ',' '\n' | sed -E 's/^ *([A-Za-z0-9]+)\(([0-9]+)\) *$/\2=\1/' | xargs)
  check_eq "value map of $(name "$col") = the MIB's enumeration" "$enum" "$maps"
done <<<"$flat"

# ---- snmptrap[] regexps against the notifications of a real failover
ip netns exec lan ip link set lan0 down
have() { [ "$(ntraps bwBondFailover)" -ge 1 ] && [ "$(ntraps bwSlaveLinkDown)" -ge 1 ]; }
wait_until 20 have || fail "no failover / link-down notification: $(cat "$d/traps.txt")"
ip netns exec lan ip link set lan0 up
wait_until 20 eval '[ "$(ntraps bwSlaveLinkUp)" -ge 1 ]' || fail "no link-up notification"
# Each trap as a receiver would print it with the MIB, and numerically.
while IFS=$'\t' read -r kind key re; do
  [ "$kind" = trap ] || continue
  want=$(grep -o 'bw[A-Za-z]*' <<<"$re" | head -n1)
  num=$(snmptranslate -On -M "$MIBDIRS_ARG" -m BONDWATCH-MIB "BONDWATCH-MIB::$want" 2>&1)
  hits=$(grep -cE "$re" "$d/traps.txt")
  mine=$(grep -c "snmpTrapOID.0 BONDWATCH-MIB::$want\b" "$d/traps.txt")
  numhit=$(printf '.1.3.6.1.6.3.1.1.4.1.0 %s\n' "$num" | grep -cE "$re")
  others=$(for o in bwBondFailover bwSlaveLinkDown bwSlaveLinkUp bwBondDown; do
             [ "$o" = "$want" ] && continue
             snmptranslate -On -M "$MIBDIRS_ARG" -m BONDWATCH-MIB "BONDWATCH-MIB::$o"
           done | grep -cE "$re")
  if [ "$want" = bwBondDown ]; then
    check_eq "$key: matches $want by number ($num), no other notification" "1 0" "$numhit $others"
  elif [ "$hits" -ge 1 ] && [ "$hits" = "$mine" ] && [ "$numhit" = 1 ] && [ "$others" = 0 ]; then
    ok "$key: matches the $hits received $want notification(s) and only those, by name and by number"
  else fail "$key: matched $hits traps ($mine are $want), by number $numhit, others $others"; fi
done <<<"$flat"
finish
