#!/bin/bash
# tests/integration/agent_privdrop.sh - bondagentx -u USER, INSIDE the test
# VM, as root: started as root it becomes USER (uid, gid, groups) with
# CAP_NET_ADMIN as its only capability and no_new_privs, and still serves
# the MIB, carries out an snmpset of the primary, sends a failover and
# reconnects to a restarted snmpd through a socket only its group may use.
# When it cannot do that (no CAP_NET_ADMIN to keep, no such user, not root)
# it refuses at once with one line and exit status 1, never half-dropped.
# Without -u, root stays root (as before). Ends "agent_privdrop: N passed,
# M failed".
. "$(dirname "$0")/lib.bash"

topo_lan
bond0_setup
# The unit's group for snmpd's AgentX socket, and a user in it. (The
# guest's /etc is a throw-away overlay.)
groupadd -f bondwatch
id bwagent >/dev/null 2>&1 ||
  useradd --system --no-create-home --user-group --groups bondwatch --shell /usr/sbin/nologin bwagent
BW_UID=$(id -u bwagent) BW_GID=$(id -g bwagent) BWG=$(getent group bondwatch | cut -d: -f3)

# The master as the test's others, its socket 0660 root:bondwatch (later
# lines of its config win); $d must be searchable for bwagent to reach it.
chmod 0711 "$d"
start_trapd
MASTER_EXTRA="agentXPerms 0660 0711 root bondwatch" start_master
check_eq "AgentX socket 0660 root:bondwatch" "660 0:$BWG" "$(stat -c '%a %u:%g' "$d/agentx.sock")"
# bondagentx.service's StateDirectory: where a SET is recorded, USER's own.
state=$(mktemp -d /tmp/bwstate.XXXXXX) && chown bwagent: "$state"
export BONDWATCH_OVERRIDES=$state/overrides.yaml

# ---- refusals: exit 1 at once, exactly one line on stderr (with -d, any
# start-up at all would print more), and never serving while it lives
# (killed after 5 s if it does not exit).
# refused DESC MESSAGE CMD...
refused() {
  local desc=$1 want=$2 rc t0 ms pid served=no; shift 2
  t0=$(now_ns)
  "$@" > "$d/refused.out" 2> "$d/refused.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    agent_serving && served=yes
    [ $(( $(now_ns) - t0 )) -lt 5000000000 ] || { kill "$pid"; break; }
    sleep 0.05
  done
  wait "$pid"; rc=$?
  ms=$(( ($(now_ns) - t0) / 1000000 ))
  if [ "$rc" = 1 ] && [ "$ms" -lt 5000 ]; then ok "$desc: exit status 1 after $ms ms"
  else fail "$desc: exit status $rc after $ms ms (want 1, promptly)"; fi
  check_eq "$desc: the message" "$want" "$(cat "$d/refused.err" "$d/refused.out")"
  if [ $served = yes ]; then fail "$desc: it registered and served"; else ok "$desc: never served"; fi
}
X=(-d -x "$d/agentx.sock")
refused "root without CAP_NET_ADMIN (setpriv)" \
  "bondagentx: -u bwagent: CAP_NET_ADMIN is not available to keep; the agent could not change a bond's primary" \
  setpriv --bounding-set=-net_admin --inh-caps=-net_admin "$AGENT" -u bwagent "${X[@]}"
refused "root without CAP_NET_ADMIN (capsh --drop)" \
  "bondagentx: -u bwagent: CAP_NET_ADMIN is not available to keep; the agent could not change a bond's primary" \
  capsh --drop=cap_net_admin -- -c 'exec "$0" "$@"' "$AGENT" -u bwagent "${X[@]}"
refused "-u nosuchuser" "bondagentx: -u nosuchuser: no such user" \
  "$AGENT" -u nosuchuser "${X[@]}"
refused "-u bwagent:nosuchgroup" "bondagentx: -u bwagent:nosuchgroup: no such group nosuchgroup" \
  "$AGENT" -u bwagent:nosuchgroup "${X[@]}"
refused "-u root" "bondagentx: -u root: root is uid 0: name an unprivileged user" \
  "$AGENT" -u root "${X[@]}"
refused "-u nobody:root (gid 0)" "bondagentx: -u nobody:root: group root is gid 0: name an unprivileged group" \
  "$AGENT" -u nobody:root "${X[@]}"
refused "not root, -u" \
  "bondagentx: -u bwagent: only root can switch users (this process, uid $BW_UID, lacks CAP_SETUID and CAP_SETGID); without -u, run it as the user itself with CAP_NET_ADMIN" \
  setpriv --reuid=bwagent --regid=bwagent --init-groups "$AGENT" -u bwagent "${X[@]}"

# status FIELD: a line of the agent's /proc status, blanks squeezed
status() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$AGENT_PID/status" | tr -s ' \t' ' ' | sed 's/ $//'; }
launch_as() {   # launch_as SPEC: the agent started as root with -u SPEC
  echo "# agent: $AGENT -u $1"
  "$AGENT" -d -u "$1" -x "$d/agentx.sock" 2>> "$d/agent.log" &
  AGENT_PID=$!
}

# ---- -u USER:GROUP: GROUP is the primary group
launch_as bwagent:bondwatch
if wait_until 10 agent_serving; then ok "-u bwagent:bondwatch: serving"
else fail "-u bwagent:bondwatch: not serving"; fi
check_eq "-u bwagent:bondwatch: Gid all bondwatch's" "$BWG $BWG $BWG $BWG" "$(status Gid)"
kill "$AGENT_PID"; wait "$AGENT_PID"; AGENT_PID=

# ---- -u bwagent: what /proc says, then the agent's whole job
launch_as bwagent
if wait_until 10 agent_serving; then ok "-u bwagent: registered, bwBondName.$B0 = bond0"
else fail "-u bwagent: not serving: $(sget "bwBondName.$B0")"; finish; fi
for f in Uid Gid Groups CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs; do
  echo "# /proc/$AGENT_PID/status $f: $(status $f)"
done
check_eq "Uid: real, effective, saved, fs all bwagent's" "$BW_UID $BW_UID $BW_UID $BW_UID" "$(status Uid)"
check_eq "Gid: all bwagent's" "$BW_GID $BW_GID $BW_GID $BW_GID" "$(status Gid)"
check_eq "Groups: bwagent's and bondwatch (initgroups)" "$(printf '%s\n' "$BW_GID" "$BWG" | sort -n | xargs)" "$(status Groups)"
check_eq "CapPrm: CAP_NET_ADMIN only" 0000000000001000 "$(status CapPrm)"
check_eq "CapEff: none while no SET is being written" 0000000000000000 "$(status CapEff)"
check_eq "CapBnd: CAP_NET_ADMIN only" 0000000000001000 "$(status CapBnd)"
check_eq "CapInh: none" 0000000000000000 "$(status CapInh)"
check_eq "CapAmb: none" 0000000000000000 "$(status CapAmb)"
check_eq "NoNewPrivs: 1" 1 "$(status NoNewPrivs)"
check "logged that it runs as bwagent" grep -q 'running as bwagent with CAP_NET_ADMIN only' "$d/agent.log"

check_eq "walk of bwBondName" "BONDWATCH-MIB::bwBondName.$B0 bond0" "$(swalk bwBondName)"

# A failover: pull eth0's cable, then plug it back (primary eth0 again).
ip netns exec lan ip link set lan0 down
failed_over() { [ "$(ntraps bwBondFailover)" -ge 1 ]; }
if wait_until 10 failed_over; then ok "cable pulled: bwBondFailover received"
else fail "no failover notification: $(cat "$d/traps.txt")"; fi
case $(grep bwBondFailover "$d/traps.txt" | head -n1) in
  *"bwBondActiveSlaveName.$B0 eth1"*"bwBondPrevActiveSlaveName.$B0 eth0"*) ok "failover eth0 -> eth1" ;;
  *) fail "failover varbinds: $(grep bwBondFailover "$d/traps.txt")" ;;
esac
ip netns exec lan ip link set lan0 up
wait_until 10 bond0_ready || fail "bond0 back on eth0: $(bond_field bond0 'Currently Active Slave')"

# The SET of the primary: a netlink write that needs CAP_NET_ADMIN.
primary_is() { [ "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)" = "$1" ]; }
out=$(sset "bwBondPrimary.$B0" s eth1)
if wait_until 5 primary_is eth1; then ok "snmpset bwBondPrimary = eth1: /proc/net/bonding/bond0 Primary Slave: eth1"
else fail "snmpset as bwagent: $out; Primary Slave: $(bond_field bond0 'Primary Slave')"; fi
check "the SET is recorded in the override file" grep -q 'bond0: eth1' "$BONDWATCH_OVERRIDES"
check_eq "the override file is bwagent's" bwagent "$(stat -c %U "$BONDWATCH_OVERRIDES" 2>&1)"

# snmpd restarts: the agent (bwagent, group bondwatch) gets back in.
stop_master
MASTER_EXTRA="agentXPerms 0660 0711 root bondwatch" start_master
if wait_until 30 agent_serving; then ok "snmpd restarted: reconnected as bwagent"
else fail "no reconnect after the snmpd restart: $(sget "bwBondName.$B0")"; fi
check_eq "still uid bwagent after the reconnect" "$BW_UID $BW_UID $BW_UID $BW_UID" "$(status Uid)"
stop_agent

# ---- without -u: root stays root, as before
start_agent
check_eq "without -u: Uid 0" "0 0 0 0" "$(status Uid)"
check_eq "without -u: root's capabilities" "$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/$$/status)" "$(status CapEff)"
out=$(sset "bwBondPrimary.$B0" s eth0)
if wait_until 5 primary_is eth0; then ok "without -u: snmpset bwBondPrimary = eth0 works"
else fail "without -u: snmpset: $out"; fi
stop_agent
finish
