# SPDX-License-Identifier: GPL-2.0-or-later
# harness/dhcp.bash - what the DHCP tests (apply_dhcp, apply_dhcp6,
# dhcp_expiry) share: bondmgr's folders in a work folder of their own,
# bond0 on DHCP over eth0 + eth1, a DHCP server's port, and a failover
# under a running ping.

# dhcp_setup: $dir (a work folder), $cfg, $resolv; bondmgr's lock, run,
# state folders there and the shipped hook; apply() and client_pid().
dhcp_setup() {
  dir=$(mktemp -d /tmp/dhcp.XXXXXX)
  cfg=$dir/bond.yaml resolv=$dir/resolv.conf
  export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1 BONDMGR_RUN_DIR=$dir/run \
    BONDMGR_STATE_DIR=$dir/state BONDMGR_DHCP_HOOK=$ROOT/config/dhcpcd-hook
}
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$resolv" "$@"; }
client_pid() { cat "$dir/run/dhcp-bond0.pid" 2>/dev/null; }

# dhcp_bond_yaml [BOND KEY LINE...]: $cfg with bond0 (eth0 primary, eth1;
# fail-over-mac active, so a failover changes the bond's MAC) and the
# given lines at bond level, e.g. 'dhcp4: true'.
dhcp_bond_yaml() {
  {
    printf 'network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n'
    for l in "$@"; do printf '      %s\n' "$l"; done
    cat <<YAML
      parameters:
        mode: active-backup
        primary: eth0
        fail-over-mac-policy: active
        mii-monitor-interval: 100
YAML
  } > "$cfg"
}

# server_listening PORT: a UDP socket on PORT in the lan namespace.
server_listening() {
  wait_until 10 eval "ip netns exec lan ss -Hlun 'sport = :$1' | grep -q ." ||
    fail "no DHCP server listens on port $1"
}

# failover_under_ping PING-ARGS...: ping (every 50 ms) running, pull
# eth0's cable; eth1 takes over. Sets mac0/mac1 (the bond's MAC before and
# after) and ping_summary (ping's "transmitted, received" line).
failover_under_ping() {
  local pp
  mac0=$(cat /sys/class/net/bond0/address)
  ping -i 0.05 "$@" > "$dir/ping" 2>&1 &
  pp=$!
  wait_until 5 bash -c "[ \$(grep -c 'bytes from' $dir/ping) -ge 10 ]"
  cable_pull lan0
  check "eth1 takes over" wait_until 5 active_is bond0 eth1
  wait_until 5 bash -c "n=\$(grep -c 'bytes from' $dir/ping); sleep 0.5; [ \$(grep -c 'bytes from' $dir/ping) -gt \$n ]"
  kill -INT $pp; wait $pp 2>/dev/null
  mac1=$(cat /sys/class/net/bond0/address)
  ping_summary=$(grep -E 'packets transmitted' "$dir/ping")
  check "the bond's MAC changed with the failover ($mac0 -> $mac1)" [ "$mac0" != "$mac1" ]
}
