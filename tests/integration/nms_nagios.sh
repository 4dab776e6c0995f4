#!/bin/bash
# tests/integration/nms_nagios.sh - config/nagios/ judged by Debian's nagios4,
# INSIDE the test VM:
# 1. `nagios4 -v` on Debian's own /etc/nagios4/nagios.cfg with the shipped
#    commands.cfg, services.cfg and hosts.cfg copied into its conf.d (as the
#    files say to install them), next to Debian's templates (generic-service,
#    linux-server) and plugin commands: no warning, no error.
# 2. The real nagios4 scheduler, started directly (no systemd), runs the
#    shipped services for a host standing for this VM (hosts.cfg's example
#    with this VM's address and ifIndexes) against snmpd + bondagentx: for
#    each scenario the test submits SCHEDULE_FORCED_SVC_CHECK for every
#    service through Nagios's external command file and reads each service's
#    state and plugin output from Nagios's status.dat:
#      healthy                                     all OK
#      eth0's cable pulled (eth1 carries)          status, on primary, primary link WARNING
#      cable back, primary_reselect failure        on primary WARNING (backup still active)
#      the bond's primary changed to eth1          on primary WARNING
#      both cables pulled                          status CRITICAL, the others WARNING
#      bondagentx stopped                          all UNKNOWN, "bondagentx is not answering"
#    (and check_bondwatch_snmp on a row that does not exist: UNKNOWN, "no
#    such bond or slave ifIndex").
# Ends "nms_nagios: N passed, M failed".
. "$(dirname "$0")/lib.bash"
PORT=161                         # check_snmp -H HOST: the standard port
NAGIOS=/usr/sbin/nagios4
CONFD=/etc/nagios4/conf.d        # the VM's overlay: thrown away afterwards
[ -x $NAGIOS ] || { fail "no $NAGIOS (nagios4-core; make deps)"; finish; }
[ -x /usr/lib/nagios/plugins/check_snmp ] || { fail "no check_snmp (monitoring-plugins-standard; make deps)"; finish; }
NAGIOS_PID=
at_exit '[ -z "$NAGIOS_PID" ] || kill "$NAGIOS_PID" 2>/dev/null'

# verify CFG: nagios4 -v's verdict; its summary lines are shown
verify() {
  local out rc
  out=$($NAGIOS -v "$1" 2>&1); rc=$?
  grep -E '^\s*(Checked [0-9]+ (services|hosts|host groups|commands)\.|Total (Warnings|Errors))' <<<"$out" | sed 's/^\s*/#   /'
  grep -E '^(Error|Warning):' <<<"$out" | sed 's/^/#   /'
  check_eq "nagios4 -v $1: exit 0, 0 warnings, 0 errors" "0 0 0" \
    "$rc $(sed -n 's/^Total Warnings: *//p' <<<"$out") $(sed -n 's/^Total Errors: *//p' <<<"$out")"
}

# ---- 1. the shipped files in Debian's conf.d, Debian's nagios.cfg unchanged;
# the plugin wrapper where `make install` puts it
cp "$ROOT"/config/nagios/*.cfg $CONFD/
install -D -m 0755 "$ROOT/config/nagios/check_bondwatch_snmp" /usr/lib/bondwatch/check_bondwatch_snmp
verify /etc/nagios4/nagios.cfg

topo_lan
bond0_setup
start_master
start_agent

# ---- 2. the scheduler. The example host gives way to one for this VM;
# Debian's nagios.cfg with only these changes: no localhost.cfg (its
# services would run too), status.dat written every second (not 10 s), no
# update check and no syslog (the VM has neither network nor syslogd).
# Beside Debian's (the nagios user reads it again after dropping root).
MAINCFG=/etc/nagios4/nagios-bw-test.cfg
rm $CONFD/hosts.cfg
cat > $CONFD/bw-vm.cfg <<EOT
define host {
    use                     linux-server
    host_name               bw-vm
    address                 127.0.0.1
    hostgroups              bondwatch-bond0
    _SNMPCOMMUNITY          public
    _BOND0_IFINDEX          $B0
    _BOND0_PRIMARY_IFINDEX  $E0
    _BOND0_BACKUP_IFINDEX   $E1
}
EOT
sed -e '/^cfg_file=.*localhost.cfg$/d' -e 's/^status_update_interval=.*/status_update_interval=1/' \
    -e 's/^check_for_updates=.*/check_for_updates=0/' -e 's/^use_syslog=.*/use_syslog=0/' \
    /etc/nagios4/nagios.cfg > $MAINCFG
verify $MAINCFG
STATUS=$(sed -n 's/^status_file=//p' $MAINCFG)
CMDFILE=$(sed -n 's/^command_file=//p' $MAINCFG)
LOG=$(sed -n 's/^log_file=//p' $MAINCFG)
install -d -o nagios -g nagios /run/nagios4          # its lock file (the unit's RuntimeDirectory)
# As the unit starts it: a clean environment; Nagios drops to the nagios user.
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $NAGIOS $MAINCFG > "$d/nagios.out" 2>&1 &
NAGIOS_PID=$!
if wait_until 30 test -p "$CMDFILE" -a -s "$STATUS"; then ok "nagios4 runs (pid $NAGIOS_PID): command file and status.dat there"
else fail "nagios4 did not start: $(tail -n 20 "$d/nagios.out" "$LOG" 2>&1)"; finish; fi

SERVICES=("bond0 status" "bond0 on primary" "bond0 primary link" "bond0 backup link")
NAMES=(OK WARNING CRITICAL UNKNOWN)
# svc_field SERVICE FIELD: a field of the service's block in status.dat
svc_field() {
  awk -v s="$1" -v f="$2" '
    /^servicestatus \{/ { inb = 1; host = ""; desc = ""; delete kv; next }
    inb && /^\t}/ { if (host == "bw-vm" && desc == s) { print kv[f]; exit } inb = 0; next }
    inb { line = $0; sub(/^\t/, "", line); p = index(line, "=")
          k = substr(line, 1, p - 1); v = substr(line, p + 1); kv[k] = v
          if (k == "host_name") host = v; if (k == "service_description") desc = v }
  ' "$STATUS"
}
# scenario NAME STATE...: force a check of every service now; within 60 s
# (TCG) each one's state in status.dat is the expected one.
scenario() {
  local name=$1 since s i=0 st out; shift
  local want=("$@")
  since=$(date +%s)
  for s in "${SERVICES[@]}"; do
    printf '[%s] SCHEDULE_FORCED_SVC_CHECK;bw-vm;%s;%s\n' "$since" "$s" "$since" > "$CMDFILE"
  done
  match() {
    local j=0 x
    for x in "${SERVICES[@]}"; do
      [ "$(svc_field "$x" last_check)" -ge "$since" ] 2>/dev/null || return 1
      [ "$(svc_field "$x" current_state)" = "${want[$j]}" ] || return 1
      j=$((j + 1))
    done
  }
  wait_until 60 match
  for s in "${SERVICES[@]}"; do
    st=$(svc_field "$s" current_state); out=$(svc_field "$s" plugin_output)
    if [ "$st" = "${want[$i]}" ] && [ "$(svc_field "$s" last_check)" -ge "$since" ]; then
      ok "$name: $s ${NAMES[$st]}: $out"
    else
      fail "$name: $s expected ${NAMES[${want[$i]}]}, got '${st:+${NAMES[$st]}}' (last_check $(svc_field "$s" last_check), forced at $since): $out"
    fi
    i=$((i + 1))
  done
}
# output_has SERVICE TEXT: the plugin output says TEXT
output_has() {
  if grep -qF -- "$2" <<<"$(svc_field "$1" plugin_output)"; then ok "$1 says: $2"
  else fail "$1 does not say '$2': $(svc_field "$1" plugin_output)"; fi
}
agent_says() { [ "$(sget "$1")" = "$2" ]; }
settle() {   # settle OBJECT VALUE: the agent serves it (within 10 s)
  wait_until 10 agent_says "$1" "$2" || fail "the agent never served $1 = $2 (now $(sget "$1"))"
}

#           status on-primary primary-link backup-link
scenario "healthy" 0 0 0 0
output_has "bond0 on primary" 'active slave "eth0"'
output_has "bond0 status" 'slaves up 2 of 2'

ip netns exec lan ip link set lan0 down
settle "bwBondActiveSlaveName.$B0" eth1; settle "bwBondStatus.$B0" degraded
scenario "eth0's cable pulled" 1 1 1 0
output_has "bond0 on primary" 'active slave "eth1"'
output_has "bond0 status" 'slaves up 1 of 2'

ip link set bond0 type bond primary_reselect failure
ip netns exec lan ip link set lan0 up
settle "bwSlaveMiiStatus.$B0.$E0" up; settle "bwBondStatus.$B0" up
check_eq "primary_reselect failure: eth1 stays active with eth0 back" eth1 "$(sget "bwBondActiveSlaveName.$B0")"
scenario "all links up, the backup active (primary_reselect failure)" 0 1 0 0
output_has "bond0 on primary" 'active slave "eth1"'

ip link set bond0 type bond primary_reselect always
settle "bwBondActiveSlaveName.$B0" eth0
scenario "back on eth0" 0 0 0 0
ip link set bond0 type bond primary eth1
settle "bwBondActiveSlaveName.$B0" eth1
scenario "the bond's primary changed to eth1" 0 1 0 0

ip netns exec lan ip link set lan0 down
ip netns exec lan ip link set lan1 down
settle "bwBondStatus.$B0" down
scenario "both cables pulled: the bond is down" 2 1 1 1
output_has "bond0 status" 'slaves up 0 of 2'

# A row that does not exist (a stale ifIndex), straight from the plugin:
out=$(/usr/lib/bondwatch/check_bondwatch_snmp -H 127.0.0.1 -P 2c -C public -o .1.3.6.1.4.1.8072.9999.8023.1.2.1.4.99999 -w 1:1); rc=$?
if [ "$rc" = 3 ] && grep -q '^UNKNOWN - no such bond or slave ifIndex' <<<"$out"; then ok "a stale ifIndex: UNKNOWN: $out"
else fail "a stale ifIndex: exit $rc: $out"; fi

kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null; AGENT_PID=
wait_until 10 eval '! agent_says "bwBondName.$B0" bond0' || fail "the agent's rows are still served"
scenario "bondagentx stopped" 3 3 3 3
output_has "bond0 status" 'UNKNOWN - bondagentx is not answering through snmpd'
finish
