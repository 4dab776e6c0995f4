#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The overrides folder belongs to the agent's user, who can plant anything
# in it; root's bondmgr reads it. INSIDE the test VM, each planted thing at
# the overrides path (a FIFO, a link to another file, a device, a 64 MiB
# file) is refused at once with a warning that names it, and nothing else
# changes: apply, diff and watch answer within their deadlines, watch
# stops on SIGTERM, and the next apply is not locked out. (Before, a FIFO
# hung bondmgr in open() holding the apply lock, SIGTERM could not stop
# watch, and every later apply failed with "another bondmgr holds ...".)
# Ends "overrides_hostile: N passed, M failed".
. "$(dirname "$0")/lib.bash"
mkdir -p "$d/state"
ov=$d/state/overrides.yaml
export BONDWATCH_OVERRIDES=$ov BONDMGR_LOCK=$d/bondmgr.lock BONDMGR_LOCK_TIMEOUT=5
cfg=$d/bond.yaml resolv=$d/resolv.conf
seed_config "$cfg"
B() { timeout 20 "$BONDMGR" -c "$cfg" "$@"; }
kprimary() { bond_field bond0 'Primary Slave' | cut -d' ' -f1; }

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
B apply --resolv-conf "$resolv" > /dev/null 2>&1
check_eq "the seed applied: primary eth0" eth0 "$(kprimary)"

# plant KIND: put KIND at the overrides path
plant() {
  rm -rf "$ov"
  case $1 in
    fifo) mkfifo "$ov" ;;
    link) printf 'primary: {bond0: wlan0}\n' > "$d/elsewhere.yaml"; ln -s "$d/elsewhere.yaml" "$ov" ;;
    device) mknod "$ov" c 1 5 ;;                      # /dev/zero
    huge) truncate -s 64M "$ov" ;;
  esac
}
for kind in fifo link device huge; do
  plant $kind
  t0=$(now_ms)
  B apply --resolv-conf "$resolv" > "$d/out" 2> "$d/err"; rc=$?
  ms=$(( $(now_ms) - t0 ))
  check_eq "$kind: apply exits 0 (in $ms ms)" 0 "$rc"
  check "$kind: apply warns that the overrides are ignored" grep -q "warning: runtime overrides ignored: $ov" "$d/err"
  check_eq "$kind: and changes nothing (primary eth0)" eth0 "$(kprimary)"
  B diff --resolv-conf "$resolv" > "$d/out" 2> "$d/err"; rc=$?
  check_eq "$kind: diff answers: no drift" 0 "$rc"
done

# watch with a FIFO planted: its rounds go on, SIGTERM stops it, and the
# apply lock is free afterwards.
plant fifo
"$BONDMGR" -c "$cfg" watch > "$d/watch.log" 2>&1 & wp=$!
at_exit 'kill -9 $wp 2>/dev/null'
check "watch starts" wait_until 10 grep -q watching "$d/watch.log"
ip link set wlan0 nomaster                           # a round is due
check "watch re-enslaves wlan0 (the FIFO did not hang its round)" \
  wait_until 10 grep -q 'wlan0 member of bond0' "$d/watch.log"
kill -TERM $wp
if wait_until 5 bash -c "! kill -0 $wp 2>/dev/null"; then ok "watch stops on SIGTERM"
else fail "watch ignores SIGTERM"; fi
t0=$(now_ms)
B apply --resolv-conf "$resolv" > /dev/null 2> "$d/err"; rc=$?
check_eq "the next apply is not locked out (exit 0 in $(( $(now_ms) - t0 )) ms)" 0 "$rc"
check "... nor says another bondmgr holds the lock" bash -c "! grep -q 'another bondmgr' '$d/err'"
finish
