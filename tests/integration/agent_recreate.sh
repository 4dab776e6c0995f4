#!/bin/bash
# tests/integration/agent_recreate.sh - a bond deleted and re-created
# under the running bondagentx, INSIDE the test VM: the new bond0 has a
# new ifIndex; the rows of the old index go, rows of the new index come
# with the new bond's values, and nothing of the old bond's history (its
# failover count, previous active slave) is carried over, since the MIB's
# rows are keyed by ifIndex. (agent_basic.sh covers a second bond added and
# deleted, not the same bond re-created.)
# Ends "agent_recreate: N passed, M failed".
. "$(dirname "$0")/lib.bash"

agent_bed

# ---- history on the old bond0: one failover
ip netns exec lan ip link set lan0 down
failed_over() { [ "$(sget "bwBondFailoverCount.$B0")" = 1 ]; }
wait_until 10 failed_over || fail "old bond0: no failover counted"
ip netns exec lan ip link set lan0 up
OLD=$B0
wait_until 10 eval '[ "$(grep -c "^MII Status: up" /proc/net/bonding/bond0)" = 3 ]' || fail "lan0 not back up"

# ---- delete it: every row of the old index goes
ip link del bond0
old_gone() { ! swalk bwBondName | grep -q "\.$OLD " && ! swalk bwSlaveName | grep -q "\.$OLD\."; }
if wait_until 10 old_gone; then ok "rows of the deleted bond0 (ifIndex $OLD) gone"; else fail "old rows remain: $(swalk bwBondName; swalk bwSlaveName)"; fi
case $(sget "bwBondName.$OLD") in
  *"No Such Instance"*) ok "GET bwBondName.$OLD: noSuchInstance" ;;
  *) fail "GET bwBondName.$OLD: $(sget "bwBondName.$OLD")" ;;
esac
tmark=$(wc -l < "$d/traps.txt")
since_delete() { tail -n +"$((tmark + 1))" "$d/traps.txt"; }

# ---- re-create it, differently: miimon 200, primary eth1 (the slaves are
# the same veths, released down by the kernel, enslaved again). eth1 is
# enslaved first, so it is the first active slave and naming it primary
# moves nothing: eth0 first, then primary eth1, would be a real failover
# (the kernel announces it too), which this test does not want.
ip link add bond0 type bond mode active-backup miimon 200 fail_over_mac active
ip link set eth1 master bond0
ip link set eth0 master bond0
ip link set bond0 type bond primary eth1
ip link set bond0 up
NEW=$(ifindex bond0)
if [ "$NEW" != "$OLD" ]; then ok "re-created bond0 has a new ifIndex ($OLD -> $NEW)"; else fail "same ifIndex $NEW"; fi
new_ready() {
  [ "$(bond_field bond0 'Currently Active Slave')" = eth1 ] &&
    [ "$(grep -c '^MII Status: up' /proc/net/bonding/bond0)" = 3 ] &&
    [ "$(sget "bwBondSlavesUp.$NEW")" = 2 ] && [ "$(sget "bwBondActiveSlaveName.$NEW")" = eth1 ]
}
if wait_until 10 new_ready; then ok "rows of the new bond0 (ifIndex $NEW) present"; else fail "new rows: $(swalk bwBondTable | grep "\.$NEW ")"; fi

# ---- the new rows' values: the new bond's, none of the old history
check_eq "name" bond0 "$(sget "bwBondName.$NEW")"
check_eq "miimon = /proc" "$(bond_field bond0 'MII Polling Interval (ms)')" "$(sget "bwBondMiimon.$NEW")"
check_eq "primary" eth1 "$(sget "bwBondPrimary.$NEW")"
check_eq "active slave ifIndex" "$E1" "$(sget "bwBondActiveSlaveIfIndex.$NEW")"
check_eq "status" up "$(sget "bwBondStatus.$NEW")"
check_eq "slave count" 2 "$(sget "bwBondSlaveCount.$NEW")"
check_eq "failover count starts at 0 (not the old bond's 1)" 0 "$(sget "bwBondFailoverCount.$NEW")"
check_eq "no previous active slave" "" "$(sget "bwBondPrevActiveSlaveName.$NEW" | tr -d '"')"
check_eq "one bond row in the walk" "BONDWATCH-MIB::bwBondName.$NEW bond0" "$(swalk bwBondName)"
check_eq "slave rows under the new index" "BONDWATCH-MIB::bwSlaveName.$NEW.$E0 eth0|BONDWATCH-MIB::bwSlaveName.$NEW.$E1 eth1" \
  "$(swalk bwSlaveName | paste -sd'|')"
check_eq "eth1 is primary, eth0 not" "true false" "$(sget "bwSlaveIsPrimary.$NEW.$E1") $(sget "bwSlaveIsPrimary.$NEW.$E0")"
check_eq "eth1 active, eth0 backup" "active backup" "$(sget "bwSlaveState.$NEW.$E1") $(sget "bwSlaveState.$NEW.$E0")"
# The slaves' link failure counts are the kernel's, per enslavement
check_eq "eth0 link failure count = /proc" \
  "$(awk '/^Slave Interface: eth0/{f=1} f && /^Link Failure Count/{print $4; exit}' /proc/net/bonding/bond0)" \
  "$(sget "bwSlaveLinkFailureCount.$NEW.$E0")"
# The new bond's first active slave is not a failover
check_eq "no failover notification for the re-creation" 0 \
  "$(since_delete | grep -c bwBondFailover)"

# ---- and the new bond's own failover: instance, names, count 1
ip netns exec lan ip link set lan1 down
fo_new() { grep bwBondFailover "$d/traps.txt" | grep -q "bwBondName\.$NEW "; }
if wait_until 10 fo_new; then ok "failover of the new bond0 notified"; else fail "no failover notification for ifIndex $NEW: $(tail -n3 "$d/traps.txt")"; fi
case $(grep bwBondFailover "$d/traps.txt" | tail -n1) in
  *"bwBondActiveSlaveName.$NEW eth0"*"bwBondPrevActiveSlaveName.$NEW eth1"*"bwBondFailoverCount.$NEW 1"*) ok "it names eth0 new, eth1 previous, count 1, instance $NEW" ;;
  *) fail "failover varbinds: $(grep bwBondFailover "$d/traps.txt" | tail -n1)" ;;
esac
check_eq "bwBondFailoverCount.$NEW" 1 "$(sget "bwBondFailoverCount.$NEW")"
echo "# notifications since the delete: $(since_delete | sed -n 's/.*snmpTrapOID.0 BONDWATCH-MIB::\([A-Za-z]*\).*/\1/p' | xargs)"

stop_agent
finish
