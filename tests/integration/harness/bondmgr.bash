# SPDX-License-Identifier: GPL-2.0-or-later
# harness/bondmgr.bash - the seed's file, and the kernel's state for
# "nothing changed" comparisons.

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
# snapshot_settles SECONDS EXPECTED [CMD]: CMD's output (default
# kernel_snapshot) equals EXPECTED within the deadline (slave MII states and
# IPv6 DAD take a moment to settle); prints the difference when it does not.
snapshot_settles() {
  local limit=$1 want=$2 snap=${3:-kernel_snapshot} start
  start=$(now_ms)
  while :; do
    SNAP_NOW=$($snap)
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
