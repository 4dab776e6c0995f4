#!/bin/bash
# A step that fails part-way: bondmgr puts back the state it read before
# and says so. The failure is injected with the test hook
# BONDMGR_TEST_FAIL_STEP=N (step N fails as if the kernel refused it), at
# every step of a first apply and of a change that rebuilds the bond.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/rb.XXXXXX)
export BONDMGR_LOCK=$dir/lock
cfg=$dir/bond.yaml
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" "$@"; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
ip link set eth0 up
ip addr add 192.0.2.77/24 dev eth0
ip route add default via 192.0.2.1 dev eth0
echo "nameserver 198.51.100.53" > "$dir/resolv.conf"
seed_config "$cfg"

nsteps=$(apply --dry-run | wc -l)
note "first apply plans $nsteps lines"
wait_until 5 bash -c '! ip -o addr | grep -q tentative'   # IPv6 DAD done
before=$(kernel_snapshot)
resolv_before=$(cat "$dir/resolv.conf")
# Every step, including the hidden down/up around an enslave.
for n in $(seq 1 25); do
  BONDMGR_TEST_FAIL_STEP=$n apply > "$dir/out" 2>&1; rc=$?
  if [ $rc = 0 ]; then
    # Past the last step: the hook never fired; this apply converged.
    note "step $n is past the end of the plan"
    break
  fi
  check "fail at step $n: apply exits 1 and says it restored" grep -q 'state read before apply is restored' "$dir/out"
  if snapshot_settles 5 "$before"; then ok "fail at step $n: kernel state is back"; else fail "fail at step $n: kernel state differs"; fi
  check_eq "fail at step $n: resolv.conf is back" "$resolv_before" "$(cat "$dir/resolv.conf")"
done
check "the real apply converges" bash -c "[ -z \"\$('$BONDMGR' -c '$cfg' apply --resolv-conf '$dir/resolv.conf' 2>&1)\" ]"
check "eth0 active" wait_until 5 active_is bond0 eth0

# A change that rebuilds the bond (mode), failed at each step.
wait_until 5 bond_settled bond0; converged=$(kernel_snapshot)
sed -i 's/mode: active-backup/mode: balance-tlb/; s/fail-over-mac-policy: active/fail-over-mac-policy: none/' "$cfg"
for n in $(seq 1 25); do
  BONDMGR_TEST_FAIL_STEP=$n apply > "$dir/out" 2>&1; rc=$?
  [ $rc = 0 ] && { note "rebuild: step $n is past the end of the plan"; break; }
  check "rebuild, fail at step $n: restored" grep -q 'state read before apply is restored' "$dir/out"
  if snapshot_settles 5 "$converged"; then ok "rebuild, fail at step $n: kernel state is back"; else fail "rebuild, fail at step $n: kernel state differs"; fi
done
check "rebuild: mode is now balance-tlb" grep -q '^Bonding Mode: transmit load balancing' /proc/net/bonding/bond0
finish
