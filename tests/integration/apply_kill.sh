#!/bin/bash
# bondmgr killed with SIGKILL part-way through an apply: no
# rollback can run then, so what must hold is that the next `bondmgr apply`
# finishes the job from whatever state the kill left, that the lock dies
# with the process, and that bondmgr never writes its config file.
# The kill is injected with the test hook BONDMGR_TEST_KILL_STEP=N (SIGKILL
# just before step N, hidden down/up steps around an enslave included), at
# every step of a first apply of the seed config and of a rebuild (mode
# change). After each kill:
#   - the lock is free at once (flock -n), and the next apply with
#     BONDMGR_LOCK_TIMEOUT=0 (try once, never wait) exits 0;
#   - the kernel then equals what an uninterrupted apply gives (ifindexes
#     aside: a re-created bond gets a new one), resolv.conf included;
#   - a further apply prints no plan and makes zero netlink writes;
#   - the config file has the same checksum and mtime as before.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/kill.XXXXXX)
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1
seed=$dir/seed.yaml tlb=$dir/tlb.yaml resolv=$dir/resolv.conf
apply() { local cfg=$1; shift; "$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" "$@"; }
# The kernel state without ifindexes (the leading "N: " of ip -o lines).
state() { kernel_snapshot | sed -E 's/^[0-9]+: //'; }
# Whole-file identity: content and modification time (a rewrite with the
# same bytes still changes the mtime).
file_id() { echo "$(sha256sum < "$1") $(stat -c %y "$1")"; }

# The state before the first apply: eth0 up with a DHCP-style address and
# the default route, wlan0 down, an old resolv.conf.
initial() {
  ip link del bond0 2>/dev/null
  ip link set eth0 nomaster 2>/dev/null; ip link set wlan0 nomaster 2>/dev/null
  ip link set wlan0 down; ip link set eth0 up
  ip addr flush dev eth0 scope global; ip addr flush dev wlan0 scope global
  ip addr add 192.0.2.77/24 dev eth0
  ip route replace default via 192.0.2.1 dev eth0
  echo "nameserver 198.51.100.53" > "$resolv"
}

# IPv6 duplicate address detection holds every new bond0's link-local
# address "tentative" for a second, 25 times over; it is not what this test
# is about, so it is off here (set before any link exists).
sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
seed_config "$seed"
seed_config "$tlb"
sed -i 's/mode: active-backup/mode: balance-tlb/; s/fail-over-mac-policy: active/fail-over-mac-policy: none/' "$tlb"
seed_id=$(file_id "$seed") tlb_id=$(file_id "$tlb")

# Reference states, from uninterrupted applies.
initial
wait_until 5 bash -c '! ip -o addr | grep -q tentative'   # IPv6 DAD done
before=$(state)
check "reference: seed apply" apply "$seed"
wait_until 10 bond_settled bond0; want_seed=$(state) resolv_seed=$(cat "$resolv")
check "reference: rebuild apply" apply "$tlb"
wait_until 10 bond_settled bond0; want_tlb=$(state) resolv_tlb=$(cat "$resolv")

# kill_round LABEL CFG WANT WANT_RESOLV RESET: kill at every step of
# `apply CFG` from the state RESET makes, then check the recovery against
# WANT (kernel) and WANT_RESOLV. Stops at the first N past the end of the
# plan (the hook never fires: that apply simply converges); sets KILLS to
# the number of steps killed at.
kill_round() {
  local label=$1 cfg=$2 want=$3 want_resolv=$4 reset=$5 cfg_id n rc t0
  cfg_id=$(file_id "$cfg")
  for n in $(seq 1 40); do
    $reset
    BONDMGR_TEST_KILL_STEP=$n apply "$cfg" > "$dir/out" 2>&1; rc=$?
    if [ $rc = 0 ]; then note "$label: step $n is past the end of the plan"; KILLS=$((n - 1)); return; fi
    local at="$label, kill before step $n"
    check_eq "$at: bondmgr died of SIGKILL" 137 "$rc"
    check "$at: the lock is free" flock -n "$BONDMGR_LOCK" true
    t0=$(now_ms)
    BONDMGR_LOCK_TIMEOUT=0 apply "$cfg" > "$dir/out" 2>&1; rc=$?
    check_eq "$at: the next apply exits 0 ($(( $(now_ms) - t0 )) ms)" 0 "$rc"
    [ $rc = 0 ] || sed 's/^/    # /' "$dir/out"
    wait_until 10 bond_settled bond0
    check "$at: kernel state is the uninterrupted apply's" snapshot_settles 5 "$want" state
    check_eq "$at: resolv.conf" "$want_resolv" "$(cat "$resolv")"
    apply "$cfg" > "$dir/out" 2> "$dir/err"; rc=$?
    check_eq "$at: a further apply is a no-op" "0||bondmgr: 0 netlink writes" \
      "$rc|$(cat "$dir/out")|$(cat "$dir/err")"
    check_eq "$at: config file untouched" "$cfg_id" "$(file_id "$cfg")"
  done
  fail "$label: the hook still fired at step 40 (runaway plan?)"
}
# Resets: the state before the first apply (and proof that it is); the seed
# converged by bondmgr (apply_seed.sh tests that part).
initial_again() {
  initial
  snapshot_settles 10 "$before" state || fail "reset: the state before is not back"
}
seed_converged() {
  apply "$seed" > /dev/null 2>&1 || fail "reset: seed apply failed"
  wait_until 10 bond_settled bond0
  snapshot_settles 10 "$want_seed" state || fail "reset: the seed's state is not back"
}

kill_round "first apply" "$seed" "$want_seed" "$resolv_seed" initial_again
check "first apply: killed at $KILLS steps (at least 10)" test "$KILLS" -ge 10
kill_round "rebuild" "$tlb" "$want_tlb" "$resolv_tlb" seed_converged
check "rebuild: killed at $KILLS steps (at least 4)" test "$KILLS" -ge 4
check_eq "seed config never written" "$seed_id" "$(file_id "$seed")"
check_eq "rebuild config never written" "$tlb_id" "$(file_id "$tlb")"
finish
