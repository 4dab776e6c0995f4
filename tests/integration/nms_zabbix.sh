#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# runs-on: host (tests/check runs it directly; it boots its own VM)
#
# tests/integration/nms_zabbix.sh - config/zabbix/bondwatch-zabbix6.yaml, as
# shipped, judged by Debian 12's Zabbix 6.0 polling bondagentx.
#
# On the host (a throwaway PostgreSQL 15 cluster, zabbix_server and the PHP
# frontend served by php's built-in server, all on loopback / unix sockets):
# the template is imported through the JSON-RPC API (configuration.import);
# a host with an SNMP interface is created whose SNMP requests reach snmpd +
# bondagentx in the test VM. The VM half, nms_zabbix.agent.bash, holds two
# bonds (bond0: eth0 primary, eth1; bond1: eth2 primary, eth3) and pulls or
# plugs cables on order (files in a directory both sides see).
#
# The only path between host and VM is QEMU user-mode networking with
# restrict=on and forwards bound to 127.0.0.1 (tests/vm/run --hostfwd,
# --guestfwd). A restricted libslirp drops every UDP datagram the guest
# sends (replies to a UDP hostfwd included), so SNMP crosses it over TCP:
# Zabbix 6.0 polls SNMP over UDP only, hence an snmpd on the host's loopback
# whose "proxy" directive relays BONDWATCH-MIB requests over TCP (hostfwd) to
# the VM's snmpd. Values, walks and errors are the agent's; the relay is
# net-snmp's own. The VM's snmpd sends its traps over TCP (guestfwd) to
# snmptrapd on the host, which hands them to SNMPTT with
# config/zabbix/bondwatch-snmptt.conf, whose log is the server's
# SNMPTrapperFile. The test shortens only the host's {$BONDWATCH.INTERVAL}
# macro (the template's default stays 1m).
#
# Asserted through the API: the import succeeds; discovery finds both bonds
# and all four slaves; the items get the kernel's values; pulling bond0's
# primary raises exactly one problem event, WARNING, naming bond0, eth1 and
# eth0; it is still open several polls later; an operator's acknowledgement
# with "close" ends it and it does not come back while the bond stays on the
# backup; plugging the primary back raises nothing; a second pull is closed by
# the primary coming back (no acknowledgement); pulling the backup raises one
# WARNING (degraded); pulling the primary too leaves one open problem, HIGH,
# naming bond0; bond1 raises nothing; the failover and bond-down
# notifications land in their snmptrap[] items. The problems and every
# problem event are printed, as the API returned them; "# at N s" lines show
# where the time goes. Ends "nms_zabbix: N passed, M failed".
. "$(dirname "$0")/lib.bash"
PGBIN=/usr/lib/postgresql/15/bin
ZSQL=/usr/share/zabbix-server-pgsql
TPL=$ROOT/config/zabbix/bondwatch-zabbix6.yaml
IV=2   # seconds between two walks of the tables, for this test's host only

for need in "$PGBIN/postgres" /usr/sbin/zabbix_server /usr/share/zabbix/api_jsonrpc.php \
            /usr/bin/php /usr/sbin/snmptt /usr/sbin/snmptrapd /usr/bin/curl /usr/bin/jq; do
  [ -e "$need" ] || { fail "missing $need (make deps)"; finish; }
done
[ -x "$AGENT" ] || { fail "no $AGENT (make first)"; finish; }

# Free loopback ports, so that two runs (or other tests) do not collide.
free_port() {   # free_port tcp|udp
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))   # zabbix_server: ListenPort <= 32767
    [ -z "$(ss -Hln"${1:0:1}" "sport = :$p")" ] && { echo "$p"; return; }
  done
}
SNMP_PORT=$(free_port udp) FWD_PORT=$(free_port tcp) TRAP_PORT=$(free_port tcp) ZBX_PORT=$(free_port tcp) WEB_PORT=$(free_port tcp)
ZURL=http://127.0.0.1:$WEB_PORT/api_jsonrpc.php

chmod 755 "$d"
mkdir -p "$d/pg" "$d/zbx" "$d/web"
chown postgres "$d/pg"; chown zabbix "$d/zbx"
CTL=$(mktemp -d "$ROOT/$BUILD/nms_zabbix.XXXXXX")
VM_PID= ZBX_PID= PHP_PID=
host_cleanup() {
  trap '' TERM INT   # finish cleaning up even when told again to stop
  for f in trapd relay; do [ -f "$d/$f.pid" ] && kill "$(cat "$d/$f.pid")" 2>/dev/null; done
  [ -z "$PHP_PID" ] || kill "$PHP_PID" 2>/dev/null
  [ -z "$ZBX_PID" ] || kill "$ZBX_PID" 2>/dev/null
  if [ -n "$VM_PID" ]; then
    order stop >/dev/null 2>&1
    wait_until 20 eval "! kill -0 $VM_PID 2>/dev/null" || kill "$VM_PID" 2>/dev/null
  fi
  [ -z "$ZBX_PID" ] || wait_until 20 eval "! kill -0 $ZBX_PID 2>/dev/null" || kill -KILL "$ZBX_PID" 2>/dev/null
  [ -f "$d/pg/data/postmaster.pid" ] &&
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/pg/data" -m immediate stop >/dev/null 2>&1
  if [ "$T_FAILED" -ne 0 ]; then
    for f in "$CTL/vm.log" "$d/server.out" "$d/zbx/server.log" "$d/php.log" "$d/relay.log" "$d/trapd.log" "$d/zbx/traps.log"; do
      echo "# ---- $f"; tail -n 30 "$f" 2>/dev/null | sed 's/^/# /'
    done
  fi
  rm -rf "$CTL" "$d"
}
at_exit host_cleanup
trap "exit 143" TERM INT

# ---- snmptrapd + SNMPTT on the host: the VM's traps arrive over TCP (the
# guestfwd), SNMPTT writes them to the server's SNMPTrapperFile.
cat > "$d/snmptt.ini" <<EOT
[General]
mode = standalone
net_snmp_perl_enable = 0
dns_enable = 0
date_time_format = %H:%M:%S %Y/%m/%d
[Logging]
stdout_enable = 0
log_enable = 1
log_file = $d/zbx/traps.log
log_system_enable = 0
syslog_enable = 0
syslog_system_enable = 0
[Exec]
exec_enable = 0
[Debugging]
DEBUGGING = 0
[TrapFiles]
snmptt_conf_files = <<END
$ROOT/config/zabbix/bondwatch-snmptt.conf
END
EOT
printf 'disableAuthorization yes\ntraphandle default /usr/sbin/snmptt --ini=%s\n' "$d/snmptt.ini" > "$d/trapd.conf"
snmptrapd -C -c "$d/trapd.conf" -On -Lf "$d/trapd.log" -p "$d/trapd.pid" "tcp:127.0.0.1:$TRAP_PORT"
wait_until 10 eval '[ -n "$(ss -Hltn "sport = :$TRAP_PORT")" ]' || { fail "snmptrapd is not listening"; finish; }

# ---- the VM (its own boot, in the background while Zabbix starts)
t_start=$(date +%s)
at() { echo "# at $(( $(date +%s) - t_start )) s: $*"; }   # where the time goes
(cd "$ROOT" && exec tests/vm/run --timeout 420 \
   --hostfwd "tcp:127.0.0.1:$FWD_PORT-:161" --guestfwd "tcp:198.51.100.100:162-tcp:127.0.0.1:$TRAP_PORT" \
   -- tests/integration/nms_zabbix.agent.bash "$CTL") > "$CTL/vm.log" 2>&1 &
VM_PID=$!
n_order=0
# order VERB [ARG]: have the VM do it; prints its answer, fails with its rc.
order() {
  n_order=$((n_order + 1))
  echo "$*" > "$CTL/cmd.tmp" && mv "$CTL/cmd.tmp" "$CTL/cmd.$n_order"
  wait_until 30 test -e "$CTL/done.$n_order" || { echo "no answer"; return 1; }
  local rc out
  read -r rc out < "$CTL/done.$n_order"
  echo "$out"; return "$rc"
}

# ---- PostgreSQL 15 (unix socket in $d/pg only) and Zabbix's schema
runuser -u postgres -- "$PGBIN/initdb" -D "$d/pg/data" -A trust -U postgres --no-sync \
  -E UTF8 --locale=C.UTF-8 > "$d/initdb.log" 2>&1 || { fail "initdb: $(tail -n 3 "$d/initdb.log")"; finish; }
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/pg/data" -l "$d/pg/log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories=$d/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start > /dev/null || { fail "PostgreSQL did not start: $(tail -n 3 "$d/pg/log")"; finish; }
psql_() { runuser -u postgres -- psql -h "$d/pg" -q -v ON_ERROR_STOP=1 "$@"; }
t0=$(date +%s)
if psql_ -c 'create role zabbix login' -c 'create database zabbix owner zabbix' &&
   zcat "$ZSQL/schema.sql.gz" "$ZSQL/images.sql.gz" "$ZSQL/data.sql.gz" | psql_ -U zabbix zabbix > /dev/null; then
  ok "PostgreSQL 15 with Zabbix 6.0's schema and data ($(( $(date +%s) - t0 )) s)"
else fail "Zabbix schema import"; finish; fi

# ---- zabbix_server: only the processes this test needs, caches refreshed
# every second (new items are polled at once), traps from SNMPTT's log.
cat > "$d/zabbix_server.conf" <<EOT
LogFile=$d/zbx/server.log
LogFileSize=0
PidFile=$d/zbx/server.pid
SocketDir=$d/zbx
DBHost=$d/pg
DBName=zabbix
DBUser=zabbix
ListenIP=127.0.0.1
ListenPort=$ZBX_PORT
StartPollers=2
StartPollersUnreachable=1
StartTrappers=1
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
StartTimers=1
StartEscalators=1
StartAlerters=1
StartDBSyncers=1
StartLLDProcessors=1
StartPreprocessors=1
StartHistoryPollers=1
StartProxyPollers=0
StartODBCPollers=0
StartReportWriters=0
StartSNMPTrapper=1
SNMPTrapperFile=$d/zbx/traps.log
CacheUpdateFrequency=1
HousekeepingFrequency=0
Timeout=4
EOT
/usr/sbin/zabbix_server -f -c "$d/zabbix_server.conf" > "$d/server.out" 2>&1 &
ZBX_PID=$!

# ---- the frontend: Debian's zabbix-frontend-php reads
# /etc/zabbix/zabbix.conf.php; php runs in its own mount namespace where
# this test's file is bound there (the host's /etc is not touched).
cat > "$d/web/zabbix.conf.php" <<EOT
<?php
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '$d/pg';
\$DB['PORT'] = '0';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER'] = 'zabbix';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$ZBX_PORT';
\$ZBX_SERVER_NAME = 'bondwatch test';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOT
unshare -m sh -c "mount --bind '$d/web' /etc/zabbix && exec php -d date.timezone=UTC -S 127.0.0.1:$WEB_PORT -t /usr/share/zabbix" \
  > "$d/php.log" 2>&1 &
PHP_PID=$!

# zapi METHOD PARAMS-JSON: the call's "result" as compact JSON; an error
# reply goes to stderr and the status is 1.
zapi() {
  local out
  out=$(jq -cn --arg m "$1" --argjson p "$2" --arg a "${ZAUTH:-}" \
          '{jsonrpc: "2.0", method: $m, params: $p, id: 1} + (if $a == "" then {} else {auth: $a} end)' |
        curl -sS -m 60 -H 'Content-Type: application/json-rpc' --data-binary @- "$ZURL" 2>&1) || { echo "$out" >&2; return 1; }
  if jq -e 'has("result")' <<<"$out" >/dev/null 2>&1; then jq -c .result <<<"$out"
  else echo "$out" >&2; return 1; fi
}
wait_until 30 eval 'zapi apiinfo.version "{}" >/dev/null 2>&1' || { fail "frontend API not answering"; finish; }
ZAUTH=$(zapi user.login '{"username": "Admin", "password": "zabbix"}' | jq -r .)
[ -n "$ZAUTH" ] && [ "$ZAUTH" != null ] || { fail "user.login"; finish; }
ok "Zabbix $(ZAUTH='' zapi apiinfo.version '{}' | jq -r .) frontend API: logged in as Admin"
wait_until 30 grep -q 'server #0 started' "$d/zbx/server.log" 2>/dev/null
if kill -0 "$ZBX_PID" 2>/dev/null && grep -q 'server #0 started' "$d/zbx/server.log" 2>/dev/null; then
  ok "zabbix_server $(/usr/sbin/zabbix_server -V | sed -n '1s/.*(Zabbix) //p') running"
else fail "zabbix_server did not start: $(tail -n 5 "$d/server.out" "$d/zbx/server.log" 2>&1)"; finish; fi

at "frontend and server up"
# ---- the shipped template, through configuration.import
rules='{"groups": {"createMissing": true}, "templates": {"createMissing": true, "updateExisting": true},
        "items": {"createMissing": true, "updateExisting": true}, "triggers": {"createMissing": true, "updateExisting": true},
        "discoveryRules": {"createMissing": true, "updateExisting": true}, "valueMaps": {"createMissing": true, "updateExisting": true}}'
params=$(jq -n --rawfile src "$TPL" --argjson rules "$rules" '{format: "yaml", source: $src, rules: $rules}')
res=$(zapi configuration.import "$params" 2>&1)
echo "# configuration.import of config/zabbix/bondwatch-zabbix6.yaml: $res"
check_eq "configuration.import accepts the shipped template" true "$res"
tpl=$(zapi template.get '{"filter": {"host": "bondwatch bonds by SNMP"}, "output": ["templateid"],
        "selectItems": "count", "selectDiscoveries": "count", "selectMacros": ["macro", "value"]}')
TPLID=$(jq -r '.[0].templateid' <<<"$tpl")
# (how many items the file defines: read by Debian's python3-yaml, so that
# a new trap item does not need a number changed here)
n_items=$(/usr/bin/python3 -c 'import sys, yaml; print(len(yaml.safe_load(open(sys.argv[1]))["zabbix_export"]["templates"][0]["items"]))' "$TPL")
check_eq "the template holds its $n_items items, 2 discovery rules, 2 macros" "$n_items 2 {\$BONDWATCH.INTERVAL}=1m {\$BONDWATCH.LLD.INTERVAL}=1h" \
  "$(jq -r '.[0] | "\(.items) \(.discoveries) " + ([.macros[] | "\(.macro)=\(.value)"] | sort | join(" "))' <<<"$tpl")"

# ---- the agent must answer before the host exists (an SNMP interface that
# fails its first poll is left alone for a minute).
wait_until 300 eval 'test -e "$CTL/ready" || ! kill -0 $VM_PID 2>/dev/null'
[ -e "$CTL/ready" ] || { fail "the VM's agent never became ready"; finish; }
read -r state B0 E0 E1 B1 E2 E3 < "$CTL/ready"
[ "$state" = ok ] || { fail "VM: $state"; finish; }
ok "VM up, agent serving: bond0=$B0 (eth0=$E0, eth1=$E1), bond1=$B1 (eth2=$E2, eth3=$E3) ($(( $(date +%s) - t_start )) s after launch)"

# ---- the UDP-to-TCP relay: the SNMP interface Zabbix polls. Started once
# the VM answers: its "proxy" opens the TCP session at start, once.
printf '%s\n' "agentAddress udp:127.0.0.1:$SNMP_PORT" "rocommunity public 127.0.0.1" \
  "proxy -v 2c -c public -t 3 -r 1 tcp:127.0.0.1:$FWD_PORT .1.3.6.1.4.1.8072.9999.8023" > "$d/relay.conf"
snmpd -C -c "$d/relay.conf" -M /nonexistent -m '' -Lf "$d/relay.log" -p "$d/relay.pid"
wait_until 10 test -s "$d/relay.pid" || { fail "relay snmpd did not start: $(cat "$d/relay.log")"; finish; }
check_eq "the relay on 127.0.0.1:$SNMP_PORT answers with the agent's bwBondName.$B0" '"bond0"' \
  "$(snmpget -v2c -c public -Oqv -t 3 -r 1 "127.0.0.1:$SNMP_PORT" ".1.3.6.1.4.1.8072.9999.8023.1.2.1.2.$B0" 2>&1)"

# The seed's own "Zabbix server" host polls an agent that is not there: off.
seed=$(zapi host.get '{"filter": {"host": "Zabbix server"}, "output": ["hostid"]}' | jq -r '.[0].hostid')
zapi host.update "{\"hostid\": \"$seed\", \"status\": 1}" >/dev/null || fail "could not disable the seed host 'Zabbix server'"
GRPID=$(zapi hostgroup.create '{"name": "bondwatch test"}' | jq -r '.groupids[0]')
HOSTID=$(zapi host.create "$(jq -n --arg g "$GRPID" --arg t "$TPLID" --arg p "$SNMP_PORT" --arg iv "${IV}s" '{
  host: "bondwatch-vm", groups: [{groupid: $g}], templates: [{templateid: $t}],
  interfaces: [{type: 2, main: 1, useip: 1, ip: "127.0.0.1", dns: "", port: $p,
                details: {version: 2, bulk: 1, community: "public"}}],
  macros: [{macro: "{$BONDWATCH.INTERVAL}", value: $iv}]}')" | jq -r '.hostids[0]')
[[ $HOSTID =~ ^[0-9]+$ ]] || { fail "host.create"; finish; }
ok "host bondwatch-vm: SNMPv2c interface 127.0.0.1:$SNMP_PORT (relayed to the VM's snmpd), {\$BONDWATCH.INTERVAL}=${IV}s"

# ---- API helpers for this host
# items_json: key, name, lastvalue, lastclock, state, error of every item
items_json() { zapi item.get "{\"hostids\": [$HOSTID], \"output\": [\"itemid\", \"key_\", \"name\", \"lastvalue\", \"lastclock\", \"state\", \"error\"]}"; }
# val KEY: an item's last value
val() { items_json | jq -r --arg k "$1" '.[] | select(.key_ == $k) | .lastvalue'; }
itemid() { items_json | jq -r --arg k "$1" '.[] | select(.key_ == $k) | .itemid'; }
# problems: the host's open problems, oldest first: eventid|severity|acknowledged|name
problems() {
  zapi problem.get "{\"hostids\": [$HOSTID], \"output\": [\"eventid\", \"name\", \"severity\", \"acknowledged\"], \"sortfield\": [\"eventid\"]}" |
    jq -r '.[] | "\(.eventid)|\(.severity)|\(.acknowledged)|\(.name)"'
}
# events_since T: problem events (value 1) of the host's triggers since T
events_since() {
  zapi event.get "{\"hostids\": [$HOSTID], \"source\": 0, \"object\": 0, \"value\": 1, \"time_from\": $1,
                   \"output\": [\"eventid\", \"name\", \"severity\", \"r_eventid\", \"acknowledged\"], \"sortfield\": [\"eventid\"]}" |
    jq -r '.[] | "\(.eventid)|\(.severity)|\(.r_eventid)|\(.acknowledged)|\(.name)"'
}
# polls_since T N: the bond table was walked at least N times since T
polls_since() {
  local id; id=$(itemid "bondwatch.bond.status[$B0]")
  [ "$(zapi history.get "{\"itemids\": [$id], \"history\": 3, \"time_from\": $1, \"countOutput\": true}" | jq -r .)" -ge "$2" ]
}
n_problems() { problems | grep -c .; }
show() { sed 's/^/#   /'; }

at "host created"
# ---- discovery: both bonds, all four slaves
want_keys="bondwatch.bond.status[$B0] bondwatch.bond.status[$B1] bondwatch.slave.mii[$B0.$E0] bondwatch.slave.mii[$B0.$E1] bondwatch.slave.mii[$B1.$E2] bondwatch.slave.mii[$B1.$E3]"
discovered() {
  items_json | jq -r '.[] | select(.key_ | test("^bondwatch\\.(bond\\.status|slave\\.mii)\\[")) | .key_' | sort | xargs
}
wait_until 60 eval '[ "$(discovered)" = "$(tr " " "\n" <<<"$want_keys" | sort | xargs)" ]'
check_eq "discovery: bond0 and bond1, eth0..eth3, by ifIndex" "$(tr ' ' '\n' <<<"$want_keys" | sort | xargs)" "$(discovered)"
check_eq "discovered item names carry the bond and slave names" \
  "Bond bond0 slave eth1: MII status|Bond bond1 slave eth3: MII status|Bond bond1: status" \
  "$(items_json | jq -r --arg a "bondwatch.slave.mii[$B0.$E1]" --arg b "bondwatch.bond.status[$B1]" --arg c "bondwatch.slave.mii[$B1.$E3]" \
      '[.[] | select(.key_ == $a or .key_ == $b or .key_ == $c) | .name] | sort | join("|")')"
check_eq "both discovery rules ran without error" "0: 0:" \
  "$(zapi discoveryrule.get "{\"hostids\": [$HOSTID], \"output\": [\"state\", \"error\"]}" | jq -r '[.[] | "\(.state):\(.error)"] | join(" ")')"

at "discovery checked"
# ---- values: every item of the host has one (trap items aside), and they
# are the kernel's
values_in() {
  items_json | jq -r '[.[] | select((.key_ | startswith("snmptrap")) or .key_ == "bondwatch.bonds" or .key_ == "bondwatch.slaves" | not)
                       | select(.state != "0" or .lastclock == "0")] | length'
}
wait_until 60 eval '[ "$(values_in)" = 0 ]'
check_eq "every polled item is supported and has a value" 0 "$(values_in)"
snapshot() {
  for k in "bond.status[$B0]" "bond.health[$B0]" "bond.mode[$B0]" "bond.active[$B0]" "bond.primary[$B0]" \
           "bond.slaves[$B0]" "bond.slavesup[$B0]" "slave.state[$B0.$E0]" "slave.state[$B0.$E1]" \
           "slave.primary[$B0.$E0]" "bond.active[$B1]" "notifications.dropped"; do
    printf '%s=%s ' "${k%%[*}" "$(val "bondwatch.$k")"
  done | sed 's/ $//'
}
check_eq "values: bond0 up, active-backup, on eth0 = its primary, 2 of 2 up, eth0 active, eth1 backup; bond1 on eth2" \
  "bond.status=1 bond.health=1 bond.mode=2 bond.active=eth0 bond.primary=eth0 bond.slaves=2 bond.slavesup=2 slave.state=1 slave.state=2 slave.primary=1 bond.active=eth2 notifications.dropped=0" \
  "$(snapshot)"
check_eq "no problem while all is up" "" "$(problems)"
FO0=$(val "bondwatch.bond.failovers[$B0]")

at "values checked"
# ---- pull bond0's primary
t_pull=$(date +%s)
order pull lan0 >/dev/null || fail "VM: pull lan0"
wait_until 30 eval '[ "$(n_problems)" -ge 1 ]'
echo "# a problem $(( $(date +%s) - t_pull )) s after the pull"
wait_until 30 polls_since "$(( $(date +%s) + 1 ))" 2   # two walks more: time for any second problem
echo "# problems after pulling eth0's cable (eventid|severity|acknowledged|name):"; problems | show
ev=$(events_since "$t_pull")
check_eq "one problem event since the pull" 1 "$(grep -c . <<<"$ev")"
IFS='|' read -r E1ID sev r_ev ack name <<<"$(head -n1 <<<"$ev")"
E1ID=${E1ID:-none}
check_eq "it is a WARNING (severity 2) naming bond0, the active eth1 and the primary eth0" \
  "2 Bond bond0 failed over: traffic on eth1, not on the primary eth0" "$sev $name"
check_eq "bond0 now: failed over once, active eth1, health 'on a backup slave' (3)" \
  "$((FO0 + 1)) eth1 3" "$(val "bondwatch.bond.failovers[$B0]") $(val "bondwatch.bond.active[$B0]") $(val "bondwatch.bond.health[$B0]")"

# the failover notification, through snmptrapd, SNMPTT and the server's trapper
trap_key='snmptrap["bwBondFailover|\.8023\.0\.1\b"]'
trapval() {
  local id; id=$(itemid "$1")
  zapi history.get "{\"itemids\": [$id], \"history\": 2, \"sortfield\": \"clock\", \"sortorder\": \"DESC\", \"limit\": 1, \"output\": [\"value\"]}" |
    jq -r '.[0].value // empty'
}
wait_until 20 eval '[ -n "$(trapval "$trap_key")" ]'
tv=$(trapval "$trap_key")
echo "# $trap_key = $tv"
case $tv in
  *"bwBondFailover: bond bond0 failed over to eth1 (was eth0)"*) ok "the failover trap is in $trap_key, naming bond0, eth1 and eth0" ;;
  *) fail "$trap_key: '$tv'" ;;
esac

at "failover checked"
# ---- it stays: not cleared by the next polls
t=$(date +%s)
wait_until 30 polls_since "$t" 3
check_eq "still open after three more polls" "$E1ID" "$(problems | cut -d'|' -f1 | xargs)"

at "persistence checked"
# ---- the operator acknowledges it and closes it
ackres=$(zapi event.acknowledge "{\"eventids\": [\"$E1ID\"], \"action\": 7, \"message\": \"eth0 cable out, on it\"}" 2>&1)
check_eq "event.acknowledge (close + acknowledge + message) accepted" "[\"$E1ID\"]" "$(jq -c '.eventids | map(tostring)' <<<"$ackres" 2>/dev/null || echo "$ackres")"
wait_until 30 eval '[ "$(n_problems)" = 0 ]'
check_eq "closed by the operator: no open problem, the event is acknowledged and has a recovery event" \
  "0 1 yes" "$(n_problems) $(events_since "$t_pull" | awk -F'|' -v e="$E1ID" '$1 == e { print $4, ($3 != "0" ? "yes" : "no") }')"
t_ack=$(date +%s)
wait_until 30 polls_since "$t_ack" 3
check_eq "it does not come back while bond0 stays on eth1 (three polls later; no new problem event)" "eth1 " \
  "$(val "bondwatch.bond.active[$B0]") $(events_since "$t_ack" | cut -d'|' -f5 | xargs)"

at "acknowledgement checked"
# ---- the primary comes back: failback, nothing raised
order plug lan0 >/dev/null || fail "VM: plug lan0"
wait_until 30 eval '[ "$(val "bondwatch.bond.active[$B0]")" = eth0 ] && [ "$(val "bondwatch.bond.health[$B0]")" = 1 ]'
wait_until 30 polls_since "$(date +%s)" 2
check_eq "cable back: bond0 on eth0 again, up, no problem event since the acknowledgement" "eth0 1 " \
  "$(val "bondwatch.bond.active[$B0]") $(val "bondwatch.bond.health[$B0]") $(events_since "$t_ack" | cut -d'|' -f5 | xargs)"

at "failback checked"
# ---- a second pull, ended by the primary's return (no operator)
t2=$(date +%s)
order pull lan0 >/dev/null || fail "VM: pull lan0"
wait_until 30 eval '[ "$(n_problems)" -ge 1 ]'
E2ID=$(problems | head -n1 | cut -d'|' -f1); E2ID=${E2ID:-none}
order plug lan0 >/dev/null || fail "VM: plug lan0"
wait_until 30 eval '[ "$(n_problems)" = 0 ]'
ev=$(events_since "$t2")
IFS='|' read -r _ sev r_ev ack name <<<"$(grep "^$E2ID|" <<<"$ev")"
check_eq "second pull: one WARNING, resolved when eth0 is active again, not acknowledged" \
  "1 2 resolved 0" "$(grep -c . <<<"$ev") $sev $([ "${r_ev:-0}" != 0 ] && echo resolved || echo open) $ack"

at "second pull checked"
# ---- the backup's cable: bond0 degraded on its primary
t3=$(date +%s)
order pull lan1 >/dev/null || fail "VM: pull lan1"
wait_until 30 eval '[ "$(n_problems)" -ge 1 ]'
wait_until 30 polls_since "$(( $(date +%s) + 1 ))" 2
echo "# problems after pulling eth1's cable (the backup):"; problems | show
check_eq "backup pulled: one WARNING, bond0 degraded" "1 2|Bond bond0 is degraded: a backup slave is down" \
  "$(events_since "$t3" | grep -c .) $(events_since "$t3" | head -n1 | cut -d'|' -f2,5)"

at "degraded checked"
# ---- both cables: bond0 down
t4=$(date +%s)
order pull lan0 >/dev/null || fail "VM: pull lan0"
wait_until 30 eval 'problems | grep -q "^[0-9]*|4|"'
echo "# HIGH raised $(( $(date +%s) - t4 )) s after the second cable"
wait_until 30 polls_since "$(( $(date +%s) + 1 ))" 2
echo "# problems with both cables out:"; problems | show
check_eq "both pulled: one open problem, HIGH (severity 4), bond0 is down (the degraded WARNING gave way)" \
  "4|Bond bond0 is down: no slave is up" "$(problems | cut -d'|' -f2,4)"
down_key='snmptrap["bwBondDown|\.8023\.0\.4\b"]'
wait_until 20 eval '[ -n "$(trapval "$down_key")" ]'
tv=$(trapval "$down_key")
echo "# $down_key = $tv"
case $tv in
  *"bwBondDown: bond bond0 is down"*) ok "the bond-down trap is in $down_key" ;;
  *) fail "$down_key: '$tv'" ;;
esac
order plug lan0 >/dev/null || fail "VM: plug lan0"
order plug lan1 >/dev/null || fail "VM: plug lan1"
wait_until 30 eval '[ "$(n_problems)" = 0 ]'
check_eq "cables back: no open problem, bond0 on eth0" "0 eth0" "$(n_problems) $(val "bondwatch.bond.active[$B0]")"
check_eq "bond1 never had a problem" "" "$(events_since "$t_pull" | grep bond1)"
# ---- the notifications the failovers above do not raise (802.3ad and
# speed/duplex: agent_lacp.sh; Wi-Fi: wifi_health.sh; address:
# apply_dhcp.sh prove that bondagentx sends them): snmptrap on the host
# sends them with the varbinds the MIB gives them, over the same TCP port
# as the VM's traps (the same sender address, 127.0.0.1). What is proven
# here is SNMPTT's events and the template's snmptrap[] keys.
B=.1.3.6.1.4.1.8072.9999.8023
host_trap() {   # NOTIFICATION-NUMBER VARBIND...
  snmptrap -v 2c -c public -m '' "tcp:127.0.0.1:$TRAP_PORT" '' "$B.0.$1" "${@:2}" ||
    fail "snmptrap of notification $1"
}
BN="$B.1.2.1.2.$B0 s bond0" SL="$B.1.3.1.3.$B0.$E1 s eth1" W=$B.1.4.1 WI=$B0.$E1
host_trap 5 $BN $B.1.2.1.24.$B0 u 2 $B.1.2.1.29.$B0 u 1 $B.1.2.1.25.$B0 u 1 $B.1.2.1.28.$B0 x 82054E66D7A2 $B.1.2.1.27.$B0 u 9
host_trap 6 $BN $SL $B.1.3.1.11.$B0.$E1 u 1 $B.1.3.1.12.$B0.$E1 u 15 $B.1.3.1.13.$B0.$E1 u 55 \
  $B.1.2.1.24.$B0 u 1 $B.1.2.1.25.$B0 u 1
host_trap 7 $BN $B.1.2.1.30.$B0 i 1 $B.1.2.1.17.$B0 u 2
host_trap 8 $BN $B.1.2.1.30.$B0 i 2 $B.1.2.1.17.$B0 u 2
host_trap 9 $SL $W.1.$WI i 2 $W.2.$WI s lab $W.3.$WI x 020000000100
host_trap 10 $SL $W.1.$WI i 1 $W.2.$WI s lab $W.3.$WI x 020000000100
host_trap 11 $SL $W.4.$WI i -74 $W.6.$WI i 1 $W.2.$WI s lab
host_trap 12 $SL $W.4.$WI i -52 $W.6.$WI i 2 $W.2.$WI s lab
host_trap 13 $BN $B.1.2.1.32.$B0 a 198.51.100.77 $B.1.2.1.33.$B0 u 24 $B.1.2.1.31.$B0 i 3
trap_item() {   # NAME NUMBER EXPECTED-TEXT
  local key="snmptrap[\"$1|\\.8023\\.0\\.$2\\b\"]" tv
  wait_until 20 eval '[ -n "$(trapval "$key")" ]'
  tv=$(trapval "$key")
  case $tv in
    *"$1: $3"*) ok "notification $2 is in $key: $3" ;;
    *) fail "$key: '$tv'" ;;
  esac
}
trap_item bwBondAggregatorChanged 5 "bond bond0 LACP aggregator 1 -> 2 (ports: 1, partner key 9)"
trap_item bwAggregatorMemberLeft 6 "bond bond0 slave eth1 left active aggregator 1 (ports: 1, actor state 15, partner state 55)"
trap_item bwBondSpeedDuplexMismatch 7 "bond bond0 slaves differ in speed or duplex (slaves up: 2)"
trap_item bwBondSpeedDuplexMatch 8 "bond bond0 slaves agree in speed and duplex (slaves up: 2)"
trap_item bwWifiDisassociated 9 "wireless slave eth1 disassociated from SSID lab"
trap_item bwWifiAssociated 10 "wireless slave eth1 associated to SSID lab"
trap_item bwWifiSignalWeak 11 "wireless slave eth1 signal weak, -74 dBm (SSID lab)"
trap_item bwWifiSignalRecovered 12 "wireless slave eth1 signal recovered, -52 dBm (SSID lab)"
trap_item bwBondAddressChanged 13 "bond bond0 address 198.51.100.77/24 (source 3: 1 none, 2 static, 3 dhcp)"
echo "# every problem event since the first pull (eventid|severity|recovery eventid|acknowledged|name):"
events_since "$t_pull" | show
echo "# from the VM's launch to here: $(( $(date +%s) - t_start )) s"
finish
