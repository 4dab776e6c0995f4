#!/bin/bash
# tests/integration/nms_agent_user.sh - bondagentx as bondagentx.service runs
# it, INSIDE the test VM: an unprivileged uid whose only extra group may use
# snmpd's AgentX socket (the proposed "agentXPerms 0660 0711 root GROUP":
# snmpd creates the directory root:root, so it must be searchable by all;
# the socket's group is what lets the agent in),
# no new privileges, and CAP_NET_ADMIN as its only (ambient) capability
# (setpriv stands in for systemd's DynamicUser=, SupplementaryGroups=,
# AmbientCapabilities= and CapabilityBoundingSet=). It must serve the MIB
# and carry out an snmpset of the primary; without the group it must not
# get in at all. Ends "nms_agent_user: N passed, M failed".
. "$(dirname "$0")/lib.bash"
GID=4242 UID_=4243 SOCKDIR=/run/bwtest/agentx
SOCK=$SOCKDIR/master

topo_lan
bond0_setup
# The master with the shipped config, then this test's port, user and the
# socket that group $GID may use (later lines win).
cat > "$d/perm.conf" <<EOT
agentAddress udp:127.0.0.1:$PORT
agentXSocket $SOCK
agentXPerms 0660 0711 root $GID
createUser bwadmin SHA-512 "bondwatch-auth" AES "bondwatch-priv"
EOT
mkdir -p -m 0755 "${SOCKDIR%/*}"        # like /var: snmpd creates the last level
snmpd -C -c "$ROOT/config/snmpd.conf.d/bondwatch.conf,$d/perm.conf" -Lf "$d/master.log" -p "$d/master.pid" -u root
wait_until 5 test -S "$SOCK" || { fail "snmpd did not create $SOCK"; finish; }
check_eq "socket root:$GID 0660, directory 0711" "0:$GID 660 711" \
  "$(stat -c '%u:%g %a' "$SOCK") $(stat -c %a "$SOCKDIR")"

# run_as GROUPS: the agent as uid $UID_, sandboxed as the unit does
run_as() {
  setpriv --reuid=$UID_ --regid=$UID_ --groups="$1" --no-new-privs \
    --inh-caps=-all,+net_admin --ambient-caps=-all,+net_admin --bounding-set=-all,+net_admin \
    "$AGENT" -f -x "$SOCK" >> "$d/agent.log" 2>&1 &
  AGENT_PID=$!
}
caps() { awk '/^Cap(Prm|Eff|Bnd|Amb)/{printf "%s%s ", $1, $2}' "/proc/$AGENT_PID/status"; }

# ---- without the group: refused
run_as 4244
if wait_until 5 agent_serving; then fail "the agent got in without group $GID"
else ok "without group $GID the agent cannot connect (socket 0660 root:$GID)"; fi
kill "$AGENT_PID" 2>/dev/null; wait "$AGENT_PID" 2>/dev/null; AGENT_PID=

# ---- with it: serves, and an snmpset of the primary works with CAP_NET_ADMIN alone
# The unit's StateDirectory=bondwatch: a folder of the agent's own for the
# runtime override it records.
# ($d is root's 0700 folder: the state folder lives beside it, not in it.)
state=$(mktemp -d /tmp/bwstate.XXXXXX) && chown "$UID_" "$state"
export BONDWATCH_OVERRIDES=$state/overrides.yaml
run_as $GID
if wait_until 10 agent_serving; then ok "uid $UID_ in group $GID: serving bwBondName.$B0 = bond0"
else fail "uid $UID_ in group $GID: not serving"; finish; fi
check_eq "its only capability is CAP_NET_ADMIN, permitted, effective only for a SET" \
  "CapPrm:0000000000001000 CapEff:0000000000000000 CapBnd:0000000000001000 CapAmb:0000000000000000 " "$(caps)"
out=$(sset "bwBondPrimary.$B0" s eth1)
if wait_until 5 eval '[ "$(bond_field bond0 "Primary Slave" | cut -d" " -f1)" = eth1 ]'; then
  ok "snmpset bwBondPrimary = eth1: the kernel's primary is eth1"
else fail "snmpset as uid $UID_: $out; primary $(bond_field bond0 'Primary Slave')"; fi
check "the SET is recorded as a runtime override" grep -q 'bond0: eth1' "$BONDWATCH_OVERRIDES"
finish
