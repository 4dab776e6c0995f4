#!/bin/bash
# bondmgr try: apply, then keep only if confirmed (bondmgr
# confirm, SIGUSR1); a timeout, SIGHUP or SIGTERM put back exactly the
# state read before, with the same planner, and say what was restored.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/try.XXXXXX)
cfg=$dir/bond.yaml new=$dir/new.yaml resolv=$dir/resolv.conf
export BONDMGR_LOCK=$dir/lock BONDMGR_TRY_FIFO=$dir/run/try.fifo BONDWATCH_OVERRIDES=$dir/ov.yaml
try_bg() {   # try_bg FILE ARGS...: a try in the background, its output in $dir/try.out
  "$BONDMGR" -c "$1" try --resolv-conf "$resolv" "${@:2}" > "$dir/try.out" 2>&1 &
  TRY_PID=$!
  wait_until 20 grep -q 'keeping it needs a confirmation' "$dir/try.out"
}
try_end() { wait "$TRY_PID"; TRY_RC=$?; }
# Sorted: a route the restore re-adds (eth1's fe80::/64) is listed in
# insertion order, which no restore can reproduce; the set of lines must be.
sorted_snapshot() { kernel_snapshot | sort; }
state() { wait_until 5 bond_settled bond0; sorted_snapshot; }
settles() {   # settles SECONDS EXPECTED: the sorted snapshot equals EXPECTED
  local start; start=$(now_ms)
  while [ "$(sorted_snapshot)" != "$2" ]; do
    if [ $(( $(now_ms) - start )) -ge $(( $1 * 1000 )) ]; then
      diff <(echo "$2") <(sorted_snapshot) | head -n 20 | sed 's/^/    # /'; return 1
    fi
    sleep 0.05
  done
}

topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
topo_member eth1 lan2
ip link set eth1 up
ip addr add 198.51.100.7/24 dev eth1            # a free link with an address
seed_config "$cfg"
"$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" > /dev/null 2>&1
check "seed applied" wait_until 5 active_is bond0 eth0
before=$(state); resolv_before=$(cat "$resolv")

# ---- timeout: a change of options, addresses, primary and a new member
sed 's/primary: eth0/primary: wlan0/; s/interfaces: \[eth0, wlan0\]/interfaces: [eth0, wlan0, eth1]/;
     s#addresses: \[192.0.2.10/24\]#addresses: [192.0.2.10/24, 198.51.100.11/24]#; s/mii-monitor-interval: 200/mii-monitor-interval: 100/;
     s/192.0.2.53/198.51.100.53/' "$cfg" > "$new"
t0=$(now_ms)
"$BONDMGR" -c "$new" try --timeout 2 --resolv-conf "$resolv" > "$dir/out1" 2>&1; rc=$?
note "try with a 2 s timeout took $(( $(now_ms) - t0 )) ms"; sed 's/^/#   /' "$dir/out1"
check_eq "timeout: exit 1" 1 "$rc"
check "timeout: it applied first" grep -q '^+ eth1 member of bond0' "$dir/out1"
check "timeout: says why and what it restores" grep -q 'no confirmation in time: reverting' "$dir/out1"
check "timeout: restore plan printed" grep -q '^- eth1 member of bond0' "$dir/out1"
check "timeout: says it is restored" grep -q 'the state read before try is restored' "$dir/out1"
if settles 10 "$before"; then ok "timeout: kernel state exactly as before"; else fail "timeout: kernel state differs"; fi
check_eq "timeout: resolv.conf as before" "$resolv_before" "$(cat "$resolv")"
check "timeout: the FIFO is gone" test ! -e "$BONDMGR_TRY_FIFO"
check "no try waiting: confirm says so (exit 1)" bash -c "! '$BONDMGR' confirm"

# ---- bondmgr confirm keeps it
try_bg "$new" --timeout 60
check "confirm: try is waiting" kill -0 "$TRY_PID"
check "confirm: bondmgr confirm exits 0" "$BONDMGR" confirm
try_end
check_eq "confirm: try exits 0" 0 "$TRY_RC"
check "confirm: says it is kept" grep -q 'confirmed: the change is kept' "$dir/try.out"
check "confirm: eth1 is a member" test -e /sys/class/net/bond0/lower_eth1
check "confirm: primary wlan0" grep -q '^Primary Slave: wlan0 ' /proc/net/bonding/bond0
check "confirm: new address" bash -c 'ip -o addr show dev bond0 | grep -q 198.51.100.11/24'
check_eq "confirm: converged to the new file" "" "$("$BONDMGR" -c "$new" apply --resolv-conf "$resolv" 2>/dev/null)"

# back to the seed for the rest
"$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" > /dev/null 2>&1
ip addr add 198.51.100.7/24 dev eth1 2>/dev/null; ip link set eth1 up
before=$(state)

# ---- a file that cuts the host off from its gateway: restored on timeout
sed 's#addresses: \[192.0.2.10/24\]#addresses: [198.51.100.10/24]#; s/via: 192.0.2.1/via: 198.51.100.1/' "$cfg" > "$dir/cut.yaml"
try_bg "$dir/cut.yaml" --timeout 4
check "cut: the gateway is unreachable during the try" bash -c '! ping -c 1 -W 1 192.0.2.1'
try_end
check_eq "cut: try exits 1" 1 "$TRY_RC"
check "cut: the gateway answers again" wait_until 10 ping_gw
if settles 10 "$before"; then ok "cut: kernel state exactly as before"; else fail "cut: kernel state differs"; fi

# ---- SIGHUP (the SSH session died) restores a mode change (rebuild)
sed 's/mode: active-backup/mode: balance-tlb/; s/fail-over-mac-policy: active/fail-over-mac-policy: none/' \
  "$cfg" > "$dir/tlb.yaml"
try_bg "$dir/tlb.yaml" --timeout 60
if grep -q '^Bonding Mode: transmit load balancing' /proc/net/bonding/bond0; then
  ok "hup: the mode changed"
else
  fail "hup: the mode changed"; sed 's/^/    # /' "$dir/try.out"
fi
kill -HUP "$TRY_PID"; try_end
check_eq "hup: try exits 1" 1 "$TRY_RC"
check "hup: says why" grep -q 'hangup (the session is gone): reverting' "$dir/try.out"
if settles 10 "$before"; then ok "hup: kernel state exactly as before"; else fail "hup: kernel state differs"; fi

# ---- a new bond, SIGTERM: the bond is deleted, eth1 gets its address back
cat "$cfg" > "$dir/two.yaml"
cat >> "$dir/two.yaml" <<'YAML'
    bond1:
      interfaces: [eth1]
      addresses: [198.51.100.20/24]
      parameters: {mode: active-backup, mii-monitor-interval: 100}
YAML
try_bg "$dir/two.yaml" --timeout 60
check "term: bond1 exists" ip link show bond1
kill -TERM "$TRY_PID"; try_end
check_eq "term: try exits 1" 1 "$TRY_RC"
check "term: bond1 deleted" bash -c '! ip link show bond1'
if settles 10 "$before"; then ok "term: kernel state exactly as before"; else fail "term: kernel state differs"; fi

# ---- SIGUSR1 confirms
try_bg "$dir/two.yaml" --timeout 60
kill -USR1 "$TRY_PID"; try_end
check_eq "usr1: try exits 0" 0 "$TRY_RC"
check "usr1: bond1 kept" ip link show bond1
check "no terminal: no countdown" bash -c "! grep -q 'Changes will revert in' '$dir/try.out'"

# ---- on a terminal: a countdown, and ENTER confirms (script(1) holds back
# output without a newline, so the countdown is looked for afterwards)
mkfifo "$dir/keys"
script -qfec "'$BONDMGR' -c '$dir/tlb.yaml' try --timeout 60 --resolv-conf '$dir/resolv.conf'" /dev/null \
  < "$dir/keys" > "$dir/tty.out" 2>&1 &
sp=$!
exec 8> "$dir/keys"
check "tty: try is waiting" wait_until 20 grep -q 'keeping it needs a confirmation' "$dir/tty.out"
echo >&8
wait $sp; rc=$?; exec 8>&-
check_eq "tty: ENTER confirms (exit 0)" 0 "$rc"
check "tty: countdown shown" grep -q 'Changes will revert in .* s unless confirmed' "$dir/tty.out"
check "tty: says it is kept" grep -q 'confirmed: the change is kept' "$dir/tty.out"
check "tty: mode kept" grep -q '^Bonding Mode: transmit load balancing' /proc/net/bonding/bond0
finish
