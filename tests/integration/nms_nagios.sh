#!/bin/bash
# tests/integration/nms_nagios.sh - config/nagios/*.cfg run as Nagios would
# run them, INSIDE the test VM: every service of services.cfg, its
# check_command looked up in commands.cfg, the macros expanded ($USER1$,
# $HOSTADDRESS$, the host's custom variables filled in with this VM's
# ifIndexes, $ARGn$), then executed by /bin/sh with the real check_snmp
# against the real snmpd + bondagentx. All OK; after eth0's cable is pulled,
# the WARNING / CRITICAL states the comments in commands.cfg promise; OK
# again when it is back (the failure count stays).
# Ends "nms_nagios: N passed, M failed".
. "$(dirname "$0")/lib.bash"
PORT=161                         # check_snmp -H HOST: the standard port
PLUGINS=/usr/lib/nagios/plugins
CFG=$ROOT/config/nagios
[ -x $PLUGINS/check_snmp ] || { fail "no $PLUGINS/check_snmp (monitoring-plugins-standard; make deps)"; finish; }

topo_lan
bond0_setup                      # eth1 stands in for services.cfg's wlan0
start_master
start_agent

# services: "DESCRIPTION<TAB>COMMAND LINE" for each service, macros expanded.
services() {
  awk -v user1=$PLUGINS -v addr=127.0.0.1 -v b0="$B0" -v e0="$E0" -v w0="$E1" '
    function block_start() { inb = 1; delete kv }
    FILENAME ~ /commands.cfg$/ && /^define command/ { block_start(); next }
    FILENAME ~ /services.cfg$/ && /^define (host|service)/ { block_start(); kind = $2; next }
    inb && /^}/ {
      inb = 0
      if (FILENAME ~ /commands.cfg$/) cmd[kv["command_name"]] = kv["command_line"]
      else if (kind == "host") { for (k in kv) if (k ~ /^_/) hostvar["$_HOST" substr(k, 2) "$"] = kv[k] }
      else { n++; desc[n] = kv["service_description"]; chk[n] = kv["check_command"] }
      next
    }
    inb && NF >= 2 { k = $1; v = $0; sub(/^[ \t]*[^ \t]+[ \t]+/, "", v); kv[k] = v }
    END {
      # this VM, not the example host: the ifIndexes of bond0, eth0, eth1
      hostvar["$_HOSTBOND0_IFINDEX$"] = b0; hostvar["$_HOSTETH0_IFINDEX$"] = e0
      hostvar["$_HOSTWLAN0_IFINDEX$"] = w0
      for (i = 1; i <= n; i++) {
        na = split(chk[i], a, "!")
        line = cmd[a[1]]
        if (line == "") { print desc[i] "\tMISSING-COMMAND " a[1]; continue }
        for (h in hostvar) for (j = 2; j <= na; j++) gsub_lit(a, j, h, hostvar[h])
        for (j = na; j >= 2; j--) line = repl(line, "$ARG" (j - 1) "$", a[j])
        for (h in hostvar) line = repl(line, h, hostvar[h])
        line = repl(line, "$USER1$", user1); line = repl(line, "$HOSTADDRESS$", addr)
        print desc[i] "\t" line
      }
    }
    function repl(s, from, to,   out, p) {   # literal, all occurrences
      out = ""
      while ((p = index(s, from)) > 0) { out = out substr(s, 1, p - 1) to; s = substr(s, p + length(from)) }
      return out s
    }
    function gsub_lit(arr, j, from, to) { arr[j] = repl(arr[j], from, to) }
  ' "$CFG/commands.cfg" "$CFG/services.cfg"
}
mapfile -t SERVICES <<< "$(services)"   # no /dev/fd in the VM
check_eq "services.cfg: 7 services, each with a command from commands.cfg" "7 0" \
  "${#SERVICES[@]} $(printf '%s\n' "${SERVICES[@]}" | grep -c MISSING-COMMAND)"
echo "# e.g. ${SERVICES[0]}"

# run_service DESC: exit status of its command line; output in $OUT
run_service() {
  local s line
  for s in "${SERVICES[@]}"; do
    [ "${s%%$'\t'*}" = "$1" ] || continue
    line=${s#*$'\t'}
    OUT=$(/bin/sh -c "$line" 2>&1); return $?
  done
  OUT="no service '$1'"; return 3
}
state_is() { run_service "$1"; [ $? = "$2" ]; }
NAMES=(OK WARNING CRITICAL UNKNOWN)
# expect DESC STATE: the service reaches STATE (0..3) within 20 s (TCG)
expect() {
  if wait_until 20 state_is "$1" "$2"; then ok "$1: ${NAMES[$2]} ($OUT)"
  else run_service "$1"; fail "$1: expected ${NAMES[$2]}, got exit $? ($OUT)"; fi
}

# ---- healthy: eth0 active, both links up, no failure yet
for s in "${SERVICES[@]}"; do expect "${s%%$'\t'*}" 0; done

# ---- pull eth0's cable: eth1 (services.cfg's wlan0) takes over
ip netns exec lan ip link set lan0 down
expect "bond0 status" 1                     # degraded
expect "bond0 primary eth0 is active" 1     # backup is carrying the traffic
expect "bond0 active slave name" 2          # -s: CRITICAL on mismatch
expect "bond0 eth0 link" 2                  # MII down
expect "bond0 wlan0 link" 0
expect "bond0 eth0 link failures" 1         # 1 > 0: WARNING (crit above 5)
expect "bond0 wlan0 link failures" 0
if grep -q '"eth1"' <<<"$(run_service "bond0 active slave name"; echo "$OUT")"; then
  ok "the CRITICAL names the slave that took over"
else fail "active slave name output: $OUT"; fi

# ---- plug it back: the primary returns; the failure count remains
ip netns exec lan ip link set lan0 up
expect "bond0 status" 0
expect "bond0 primary eth0 is active" 0
expect "bond0 active slave name" 0
expect "bond0 eth0 link" 0
expect "bond0 eth0 link failures" 1
finish
