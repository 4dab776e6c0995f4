#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/nms_prometheus.sh - config/prometheus/ judged by Debian's
# Prometheus tools, INSIDE the test VM:
# 1. promtool check rules on bondwatch-rules.yml, and promtool test rules
#    on its committed cases (tests/prometheus/bondwatch-rules.test.yml);
# 2. Debian's prometheus-snmp-generator, given generator.yml and
#    BONDWATCH-MIB (base MIBs from the npm net-snmp package), writes exactly
#    the shipped snmp.yml; the exporter accepts it (--dry-run); promtool
#    check config accepts prometheus.yml (its scrape job and rule_files);
# 3. the real prometheus-snmp-exporter scrapes snmpd + bondagentx through
#    the shipped module (curl /snmp?module=bondwatch): bonds and slaves
#    labelled by name, the active slave, MII status, counters; after eth0's
#    cable is pulled the values change as the kernel says;
# 4. those real scrapes (healthy, cable pulled, cable back, both cables
#    out), laid out one sample a minute, are fed to the shipped rules with
#    promtool test rules: the failover, on-backup, slave-down and bond-down
#    alerts fire when they should and no other.
# Ends "nms_prometheus: N passed, M failed".
. "$(dirname "$0")/lib.bash"
P=$ROOT/config/prometheus
EXPORTER=/usr/bin/prometheus-snmp-exporter
for b in promtool $EXPORTER prometheus-snmp-generator curl; do
  command -v "$b" >/dev/null || { fail "no $b (prometheus, prometheus-snmp-exporter, curl; make deps)"; finish; }
done
EXPORTER_PID=
at_exit '[ -z "$EXPORTER_PID" ] || kill "$EXPORTER_PID" 2>/dev/null'

# tool DESC CMD...: ok when CMD exits 0; its output is shown either way
tool() {
  local desc=$1 out rc; shift
  out=$("$@" 2>&1); rc=$?
  sed 's/^/#   /' <<<"$out" | head -n 40
  check_eq "$desc" 0 "$rc"
}

# ---- 1. the rules, by promtool
tool "promtool check rules bondwatch-rules.yml" promtool check rules "$P/bondwatch-rules.yml"
tool "promtool test rules tests/prometheus/bondwatch-rules.test.yml" \
  promtool test rules "$ROOT/tests/prometheus/bondwatch-rules.test.yml"

# ---- 2. snmp.yml is the generator's output for generator.yml + the MIB
mkdir -p "$d/gen/mibs"
for m in SNMPv2-SMI SNMPv2-TC SNMPv2-CONF SNMPv2-MIB IF-MIB IANAifType-MIB; do
  ln -s "$ROOT/node_modules/net-snmp/lib/mibs/$m.mib" "$d/gen/mibs/"
done
ln -s /usr/share/snmp/mibs/NET-SNMP-MIB.txt /usr/share/snmp/mibs/NET-SNMP-TC.txt \
  "$ROOT/mibs/BONDWATCH-MIB.txt" "$d/gen/mibs/"
cp "$P/generator.yml" "$d/gen/"
gen=$(cd "$d/gen" && MIBDIRS=$d/gen/mibs prometheus-snmp-generator generate 2>&1)
check_eq "the generator parses the MIBs with no error" "" "$(grep -E 'level=(error|warn)' <<<"$gen")"
if diff -u "$P/snmp.yml" "$d/gen/snmp.yml" > "$d/gen.diff"; then
  ok "snmp.yml is what prometheus-snmp-generator writes for generator.yml"
else fail "snmp.yml differs from the generator's output:"; head -n 30 "$d/gen.diff" | sed 's/^/#   /'; fi
tool "prometheus-snmp-exporter --dry-run accepts snmp.yml" $EXPORTER --dry-run --config.file="$P/snmp.yml"
# prometheus.yml's scrape job and rule_files, the rules where it says
cp "$P/bondwatch-rules.yml" /etc/prometheus/          # the VM's overlay
tool "promtool check config prometheus.yml (with the rules it loads)" promtool check config "$P/prometheus.yml"

# ---- 3. the exporter scrapes the agent
topo_lan
bond0_setup
start_master
start_agent
$EXPORTER --config.file="$P/snmp.yml" --web.listen-address=127.0.0.1:9116 > "$d/exporter.log" 2>&1 &
EXPORTER_PID=$!
URL="http://127.0.0.1:9116/snmp?module=bondwatch&target=127.0.0.1:$PORT"
wait_until 30 curl -sf -o /dev/null http://127.0.0.1:9116/ || { fail "exporter not listening: $(cat "$d/exporter.log")"; finish; }
# scrape NAME: the exporter's answer in $d/NAME.prom
scrape() { curl -sf -o "$d/$1.prom" "$URL"; }
# has NAME LINE: the scrape holds that exact sample line
has() {
  if grep -qxF -- "$2" "$d/$1.prom"; then ok "$1: $2"
  else fail "$1: no line $2"; grep -F "${2%%\{*}{" "$d/$1.prom" | sed 's/^/#   /'; fi
}
bl="bwBondIfIndex=\"$B0\",bwBondName=\"bond0\""
sl() { echo "bwBondName=\"bond0\",bwSlaveBondIfIndex=\"$B0\",bwSlaveIfIndex=\"$(ifindex "$1")\",bwSlaveName=\"$1\""; }
scrape healthy || fail "scrape failed"
has healthy "bwBondStatus{$bl} 1"
has healthy "bwBondActiveSlaveName{bwBondActiveSlaveName=\"eth0\",$bl} 1"
has healthy "bwBondPrimary{$bl,bwBondPrimary=\"eth0\"} 1"
has healthy "bwBondMode_info{bwBondIfIndex=\"$B0\",bwBondMode=\"activeBackup\",bwBondName=\"bond0\"} 1"
has healthy "bwBondSlavesUp{$bl} 2"
# the series the 802.3ad and address rules read (bondwatch-rules.yml),
# under the names and labels a real scrape gives them
has healthy "bwBondAddressSource_info{bwBondAddressSource=\"static\",$bl} 1"
has healthy "bwBondIpAddress{bwBondIfIndex=\"$B0\",bwBondIpAddress=\"192.0.2.10\",bwBondName=\"bond0\"} 1"
has healthy "bwBondAdNumPorts{$bl} 0"
has healthy "bwBondSpeedDuplexDiffer{$bl} 2"
has healthy "bwBondFailoverCount{$bl} 0"
has healthy "bwSlaveMiiStatus{$(sl eth0)} 1"
has healthy "bwSlaveMiiStatus{$(sl eth1)} 1"
has healthy "bwSlaveState{$(sl eth0)} 1"
has healthy "bwSlaveState{$(sl eth1)} 2"
has healthy "bwSlaveIsPrimary{$(sl eth0)} 1"
has healthy "bwSlaveLinkFailureCount{$(sl eth0)} 0"
has healthy "# TYPE bwBondFailoverCount counter"
has healthy "# TYPE bwSlaveLinkFailureCount counter"

ip netns exec lan ip link set lan0 down
pulled() { scrape pulled && grep -qxF "bwBondStatus{$bl} 2" "$d/pulled.prom" &&
           grep -qxF "bwSlaveLinkFailureCount{$(sl eth0)} 1" "$d/pulled.prom"; }
wait_until 20 pulled
has pulled "bwBondStatus{$bl} 2"
has pulled "bwBondActiveSlaveName{bwBondActiveSlaveName=\"eth1\",$bl} 1"
has pulled "bwBondPrevActiveSlaveName{$bl,bwBondPrevActiveSlaveName=\"eth0\"} 1"
has pulled "bwBondSlavesUp{$bl} 1"
has pulled "bwBondFailoverCount{$bl} 1"
has pulled "bwSlaveMiiStatus{$(sl eth0)} 3"
has pulled "bwSlaveState{$(sl eth0)} 2"
has pulled "bwSlaveState{$(sl eth1)} 1"
has pulled "bwSlaveLinkFailureCount{$(sl eth0)} 1"
echo "# bond0 after eth0's cable was pulled, as the exporter serves it:"
grep -E '^bw' "$d/pulled.prom" | grep -v 'bwSlave.*eth1' | sed 's/^/#   /'

ip netns exec lan ip link set lan0 up
back() { scrape back && grep -qxF "bwBondStatus{$bl} 1" "$d/back.prom" &&
         grep -qxF "bwBondActiveSlaveName{bwBondActiveSlaveName=\"eth0\",$bl} 1" "$d/back.prom"; }
wait_until 20 back
has back "bwBondFailoverCount{$bl} 2"
ip netns exec lan ip link set lan0 down
ip netns exec lan ip link set lan1 down
down() { scrape down && grep -qxF "bwBondStatus{$bl} 3" "$d/down.prom"; }
wait_until 20 down
has down "bwBondStatus{$bl} 3"
has down "bwBondSlavesUp{$bl} 0"

# ---- 4. the real scrapes through the shipped rules: healthy 0-4m, cable
# pulled 5-19m, back 20-29m, both cables out 30-39m.
{
  echo "rule_files: [$P/bondwatch-rules.yml]"
  echo "evaluation_interval: 1m"
  echo "tests:"
  echo "  - interval: 1m"
  /usr/bin/python3 "$ROOT/tests/prometheus/scrapes_to_series.py" vm snmp \
    "$d/healthy.prom:5" "$d/pulled.prom:15" "$d/back.prom:10" "$d/down.prom:10"
  cat <<EOT
    alert_rule_test:
      - {eval_time: 4m, alertname: BondFailover, exp_alerts: []}
      - {eval_time: 4m, alertname: BondOnBackup, exp_alerts: []}
      - {eval_time: 4m, alertname: BondSlaveDown, exp_alerts: []}
      - {eval_time: 4m, alertname: BondDown, exp_alerts: []}
      - eval_time: 5m
        alertname: BondFailover
        exp_alerts:
          - exp_labels: {severity: info, instance: vm, job: snmp, bwBondIfIndex: "$B0", bwBondName: bond0}
            exp_annotations: {summary: bond0 on vm failed over in the last 15 minutes}
      - eval_time: 7m
        alertname: BondOnBackup
        exp_alerts:
          - exp_labels: {severity: warning, instance: vm, job: snmp, bwBondName: bond0, bwSlaveBondIfIndex: "$B0", bwSlaveIfIndex: "$E0", bwSlaveName: eth0}
            exp_annotations: {summary: "bond0 on vm runs on a backup: its primary eth0 is not the active slave"}
      - eval_time: 7m
        alertname: BondSlaveDown
        exp_alerts:
          - exp_labels: {severity: warning, instance: vm, job: snmp, bwBondName: bond0, bwSlaveBondIfIndex: "$B0", bwSlaveIfIndex: "$E0", bwSlaveName: eth0}
            exp_annotations: {summary: eth0 of bond0 on vm is down}
      - {eval_time: 7m, alertname: BondDown, exp_alerts: []}
      - {eval_time: 21m, alertname: BondOnBackup, exp_alerts: []}
      - {eval_time: 21m, alertname: BondSlaveDown, exp_alerts: []}
      - eval_time: 30m
        alertname: BondDown
        exp_alerts:
          - exp_labels: {severity: critical, instance: vm, job: snmp, bwBondIfIndex: "$B0", bwBondName: bond0}
            exp_annotations: {summary: "bond0 on vm is down: no slave is up"}
      - {eval_time: 33m, alertname: BondOnBackup, exp_alerts: []}
      - {eval_time: 33m, alertname: BondSlaveDown, exp_alerts: []}
EOT
} > "$d/real.test.yml"
tool "promtool test rules on the real scrapes (cable pull, back, bond down)" promtool test rules "$d/real.test.yml"
[ "$T_FAILED" = 0 ] || sed 's/^/#   /' "$d/real.test.yml" | head -n 80
finish
