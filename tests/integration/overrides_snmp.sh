#!/bin/bash
# Persistent runtime primary: an snmpset of bwBondPrimary is
# recorded in the overrides file, `bondmgr apply` honours it and says so,
# and `bondmgr apply --reset-overrides` returns to the file's primary.
. "$(dirname "$0")/lib.bash"
export BONDWATCH_OVERRIDES=$d/overrides.yaml BONDMGR_LOCK=$d/bondmgr.lock
cat > "$d/bond.yaml" <<'YAML'
network:
  version: 2
  bonds:
    bond0:
      interfaces: [eth0, eth1]
      addresses: [192.0.2.10/24]
      parameters:
        mode: active-backup
        primary: eth0
        fail-over-mac-policy: active
        mii-monitor-interval: 100
YAML
# The plan (stdout); what bondmgr says besides goes to $d/apply.err.
apply() { "$BONDMGR" -c "$d/bond.yaml" apply --resolv-conf "$d/resolv.conf" "$@" 2> "$d/apply.err"; }

topo_lan
bond0_setup
check_eq "the file describes bond0 as it is: apply is a no-op" "" "$(apply)"
start_master
start_agent

out=$(sset "bwBondPrimary.$B0" s eth1)
check_eq "snmpset primary eth1: the kernel's primary" eth1 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)"
check "recorded in the overrides file" grep -q 'bond0: eth1' "$BONDWATCH_OVERRIDES"
check_eq "apply keeps the SNMP choice" "" "$(apply)"
check "and says an override is in force" grep -q 'bond0 primary is eth1, a runtime override' "$d/apply.err"
check_eq "kernel primary still eth1" eth1 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)"

# As after a reboot: the kernel has the file's primary again.
ip link set bond0 type bond primary eth0
plan=$(apply)
check_eq "apply puts the override back and says why" \
  "~ bond0 primary eth0 -> eth1 (runtime override from $BONDWATCH_OVERRIDES)" "$plan"
check_eq "kernel primary eth1 again" eth1 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)"

plan=$(apply --reset-overrides)
check_eq "--reset-overrides returns to the file's primary" "~ bond0 primary eth1 -> eth0" "$plan"
check_eq "kernel primary eth0" eth0 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)"
check "override dropped" bash -c "! grep -q 'bond0:' '$BONDWATCH_OVERRIDES' 2>/dev/null"
check_eq "the admin's YAML is unchanged" primary "$(grep -o 'primary: eth0' "$d/bond.yaml" | cut -d: -f1)"

# A SET that cannot be recorded is refused, and the kernel is not changed.
export BONDWATCH_OVERRIDES=/proc/bondwatch-cannot-write/overrides.yaml
stop_agent; start_agent
out=$(sset "bwBondPrimary.$B0" s eth1)
check "unrecordable SET is refused (commitFailed)" grep -qi 'commitFailed\|Commit failed' <<<"$out"
check_eq "and the kernel's primary is unchanged" eth0 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)"
finish
