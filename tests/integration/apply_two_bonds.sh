#!/bin/bash
# Two bonds from one file, IPv6, membership changes, a mode change that
# rebuilds a bond in place, and one apply at a time.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/two.XXXXXX)
export BONDMGR_LOCK=$dir/lock
cfg=$dir/bond.yaml
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" "$@"; }
write_cfg() {   # write_cfg MEMBERS_OF_BOND1 MODE_OF_BOND1
  cat > "$cfg" <<YAML
network:
  version: 2
  bonds:
    bond0:
      interfaces: [eth0, eth1]
      addresses: [192.0.2.10/24, "2001:db8::10/64"]
      routes:
        - to: default
          via: 192.0.2.1
          metric: 50
      parameters:
        mode: active-backup
        primary: eth0
        mii-monitor-interval: 100
    bond1:
      interfaces: [$1]
      addresses: [198.51.100.10/24]
      parameters:
        mode: $2
        mii-monitor-interval: 100
YAML
}
topo_lan
for l in eth0 eth1 eth2 eth3; do topo_member "$l" "p$l"; done

write_cfg "eth2, eth3" active-backup
apply > "$dir/plan" 2>&1; rc=$?
check_eq "apply two bonds exits 0" 0 "$rc"
sed 's/^/#   /' "$dir/plan"
check "bond0 has eth0 and eth1" bash -c "ip -o link show master bond0 | grep -q eth0 && ip -o link show master bond0 | grep -q eth1"
check "bond1 has eth2 and eth3" bash -c "ip -o link show master bond1 | grep -q eth2 && ip -o link show master bond1 | grep -q eth3"
check "bond0 carries 2001:db8::10/64" bash -c "ip -6 -o addr show dev bond0 | grep -q '2001:db8::10/64'"
check "bond1 carries 198.51.100.10/24" bash -c "ip -4 -o addr show dev bond1 | grep -q '198.51.100.10/24'"
check_eq "default route with metric 50 on bond0 only" "default via 192.0.2.1 dev bond0 metric 50" \
  "$(ip route show default | sed 's/ *$//')"
check "converged: no-op" bash -c "[ -z \"\$('$BONDMGR' -c '$cfg' apply --resolv-conf '$dir/resolv.conf' 2>&1)\" ]"

# Drop eth3 from bond1: it is released and nothing else moves.
write_cfg "eth2" active-backup
apply > "$dir/plan" 2>&1
check_eq "removing a member: one plan line" "- eth3 member of bond1" "$(cat "$dir/plan")"
check "eth3 is free" bash -c "! ip -o link show eth3 | grep -q master"

# Mode change: bond1 is rebuilt in place (same ifindex), bond0 untouched.
idx=$(cat /sys/class/net/bond1/ifindex)
b0=$(ip -d -o link show bond0)
write_cfg "eth2" balance-xor
apply > "$dir/plan" 2>&1; rc=$?
check_eq "mode change exits 0" 0 "$rc"
sed 's/^/#   /' "$dir/plan"
check "plan says rebuild" grep -q '^~ bond1 mode active-backup -> balance-xor (rebuild' "$dir/plan"
check "bond1 is balance-xor" grep -q '^Bonding Mode: load balancing (xor)' /proc/net/bonding/bond1
check_eq "bond1 keeps its ifindex" "$idx" "$(cat /sys/class/net/bond1/ifindex)"
check "eth2 enslaved again" bash -c "ip -o link show master bond1 | grep -q eth2"
check "bond1 keeps its address" bash -c "ip -4 -o addr show dev bond1 | grep -q '198.51.100.10/24'"
check_eq "bond0 untouched" "$b0" "$(ip -d -o link show bond0)"
check "converged after the rebuild" bash -c "[ -z \"\$('$BONDMGR' -c '$cfg' apply --resolv-conf '$dir/resolv.conf' 2>&1)\" ]"

# Replacing bond0's only IPv4 address: the kernel flushes the default
# route with the last address; the plan adds it back.
sed -i 's#192.0.2.10/24#192.0.2.11/24#' "$cfg"
apply > "$dir/plan" 2>&1; rc=$?
check_eq "address replaced: apply exits 0 (read-back agrees)" 0 "$rc"
sed 's/^/#   /' "$dir/plan"
check_eq "address replaced: default route still there" "default via 192.0.2.1 dev bond0 metric 50" \
  "$(ip route show default | sed 's/ *$//')"
check "address replaced: gateway answers" wait_until 10 ping_gw

# One apply at a time: while another holds the lock, apply waits, then gives up.
mkfifo "$dir/hold"
flock "$BONDMGR_LOCK" -c "cat $dir/hold >/dev/null" &
holder=$!
wait_until 5 bash -c "! flock -n '$BONDMGR_LOCK' true"
BONDMGR_LOCK_TIMEOUT=1 apply > "$dir/out" 2>&1; rc=$?
check_eq "apply under a held lock exits 1" 1 "$rc"
check "and says why" grep -q 'another bondmgr holds' "$dir/out"
echo > "$dir/hold"; wait $holder
check "apply works once the lock is free" apply
finish
