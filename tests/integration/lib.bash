# tests/integration/lib.bash - sourced by the integration tests, which run
# INSIDE the test VM as root (tests/vm/run). Assertions, deadlines and the
# test topology: a "lan" network namespace holding a bridge br0 and a gateway
# (192.0.2.1/24 on gw); each bond member is a veth whose peer is a port of
# br0, so "pull the cable" = take the peer down, and "link up but no traffic"
# = drop everything on the peer with tc while its carrier stays up.
# Only 192.0.2.0/24 and 198.51.100.0/24; the VM has no NIC anyway.

set -uo pipefail
BW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
BONDMGR=$BW_ROOT/$BUILD/bondmgr
T_PASSED=0 T_FAILED=0
T_NAME=$(basename "$0" .sh)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin    # no pyenv shims: slow under TCG

ok()   { T_PASSED=$((T_PASSED + 1)); echo "ok - $*"; }
fail() { T_FAILED=$((T_FAILED + 1)); echo "not ok - $*"; }
# check DESC CMD...: ok when CMD succeeds; its output is shown on failure.
check() {
  local desc=$1 out; shift
  if out=$("$@" 2>&1); then ok "$desc"; else fail "$desc"; printf '%s\n' "$out" | sed 's/^/    # /' | head -n 30; fi
}
# check_eq DESC EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi
}
# finish: the summary line tests/check reads; exit status for the VM runner.
finish() {
  echo "$T_NAME: $T_PASSED passed, $T_FAILED failed"
  [ "$T_FAILED" = 0 ]
  exit $?
}
note() { echo "# $*"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wait_until SECONDS CMD...: poll CMD every 50 ms until it succeeds or the
# deadline passes. Returns CMD's last status; sets WAITED_MS.
wait_until() {
  local limit=$1 start; shift
  start=$(now_ms)
  while :; do
    if "$@" >/dev/null 2>&1; then WAITED_MS=$(( $(now_ms) - start )); return 0; fi
    if [ $(( $(now_ms) - start )) -ge $((limit * 1000)) ]; then
      WAITED_MS=$(( $(now_ms) - start )); return 1
    fi
    sleep 0.05
  done
}

# ---- topology
lan() { ip netns exec lan "$@"; }
topo_lan() {
  ip netns add lan
  lan ip link set lo up
  lan ip link add br0 type bridge
  lan ip link add gw type veth peer name gwport
  lan ip link set gwport master br0
  lan ip link set gwport up
  lan ip link set br0 up
  lan ip addr add 192.0.2.1/24 dev gw
  lan ip link set gw up
}
# topo_member NAME PEER: veth NAME here, PEER in lan on br0, both up.
topo_member() {
  ip link add "$1" type veth peer name "$2" netns lan
  lan ip link set "$2" master br0
  lan ip link set "$2" up
}
cable_pull() { lan ip link set "$1" down; }
cable_plug() { lan ip link set "$1" up; }
# Link up, no traffic: drop everything PEER sends and receives, carrier stays.
blackhole_on() {
  lan tc qdisc add dev "$1" root netem loss 100%
  lan tc qdisc add dev "$1" ingress
  lan tc filter add dev "$1" ingress matchall action drop
}
blackhole_off() {
  lan tc qdisc del dev "$1" root 2>/dev/null
  lan tc qdisc del dev "$1" ingress 2>/dev/null
  true
}

# ---- what the kernel says (/proc/net/bonding, as a user would read it)
bond_field() { sed -n "s/^$2: //p" "/proc/net/bonding/$1" | head -n1; }
bond_active() { bond_field "$1" 'Currently Active Slave'; }
# slave_field BOND SLAVE FIELD: a field of one "Slave Interface:" block.
slave_field() {
  awk -v s="$2" -v f="$3" '
    /^Slave Interface: / { cur = substr($0, 18) }
    cur == s && index($0, f ": ") == 1 { print substr($0, length(f) + 3); exit }
  ' "/proc/net/bonding/$1"
}
active_is() { [ "$(bond_active "$1")" = "$2" ]; }
ping_gw() { ping -c 1 -W 1 "${1:-192.0.2.1}"; }

# ---- bondmgr
# The seed's story with veth stand-ins: eth0 (primary) and wlan0 (backup).
seed_config() {   # seed_config FILE [EXTRA PARAMETER LINES...]
  local f=$1; shift
  {
    cat <<YAML
network:
  version: 2
  bonds:
    bond0:
      interfaces: [eth0, wlan0]
      addresses: [192.0.2.10/24]
      routes:
        - to: default
          via: 192.0.2.1
      nameservers:
        addresses: [192.0.2.53]
        search: [example.net]
      parameters:
        mode: active-backup
        primary: eth0
        primary-reselect-policy: always
        fail-over-mac-policy: active
YAML
    if [ $# -gt 0 ]; then printf '        %s\n' "$@"; else
      printf '        %s\n' 'mii-monitor-interval: 200' 'up-delay: 200' 'down-delay: 0'
    fi
  } > "$f"
}
# Everything the kernel says about links, addresses and routes, for
# "nothing changed" comparisons (counters and timers stripped).
kernel_snapshot() {
  # A link's first up swaps qdisc noop for noqueue: the kernel's, not ours.
  ip -d -o link show | sed -E 's/ (link_failure_count|qlen|promiscuity|allmulti|qdisc) [^ ]+//g'
  ip -o addr show | sed -E 's/ valid_lft.*//'
  ip route show table main; ip -6 route show table main
}
# ip monitor between two markers, to prove that a command wrote nothing.
monitor_start() {
  MON_FILE=$(mktemp /tmp/mon.XXXXXX)
  ip -o monitor link address route > "$MON_FILE" 2>&1 &
  MON_PID=$!
  ip link add bwmark0 type dummy       # marker: the monitor is listening
  wait_until 5 grep -aq bwmark0 "$MON_FILE"
  ip link del bwmark0
  wait_until 5 grep -aq "Deleted.*bwmark0" "$MON_FILE"
  : > "$MON_FILE"
}
monitor_stop() {   # prints what the monitor saw between start and now
  ip link add bwmark1 type dummy
  wait_until 5 grep -aq bwmark1 "$MON_FILE" || echo "monitor saw no marker: it was not listening"
  ip link del bwmark1
  kill "$MON_PID" 2>/dev/null; wait "$MON_PID" 2>/dev/null
  grep -av bwmark1 "$MON_FILE"
  rm -f "$MON_FILE"
}
# snapshot_settles SECONDS EXPECTED: the kernel state equals EXPECTED within
# the deadline (slave MII states and IPv6 DAD take a moment to settle).
snapshot_settles() {
  local limit=$1 want=$2 start
  start=$(now_ms)
  while :; do
    SNAP_NOW=$(kernel_snapshot)
    [ "$SNAP_NOW" = "$want" ] && return 0
    [ $(( $(now_ms) - start )) -ge $((limit * 1000)) ] && break
    sleep 0.05
  done
  local a b; a=$(mktemp) b=$(mktemp); echo "$want" > "$a"; echo "$SNAP_NOW" > "$b"
  diff "$a" "$b" | head -n 20 | sed "s/^/    # /"; rm -f "$a" "$b"
  return 1
}
# bond_settled BOND: every slave's MII status is up, one is active, and no
# IPv6 address is still in duplicate address detection.
bond_settled() {
  [ -n "$(bond_active "$1" | grep -v None)" ] &&
    ! grep -A1 '^Slave Interface' "/proc/net/bonding/$1" | grep -q '^MII Status: \(down\|going\)' &&
    ! ip -o addr show | grep -v dadfailed | grep -q tentative
}
