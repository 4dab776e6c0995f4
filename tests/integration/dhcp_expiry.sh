#!/bin/bash
# A lease whose server goes away, waited out: the bond keeps its address
# while the lease runs (dhcpcd renews, then rebinds, unanswered), loses it
# when the lease expires, and `bondmgr status`, the MIB (bondagentx through
# snmpd) and a bwBondAddressChanged notification say so; the server back,
# the client leases again on its own and the NOC is told. The server is
# BusyBox udhcpd handing out 20-second leases (dnsmasq's shortest is two
# minutes; 20 s is dhcpcd's shortest), in the lan namespace. Last, bondmgr
# watch keeps the client's log within BONDMGR_LOG_MAX (/run is memory).
. "$(dirname "$0")/lib.bash"
dhcp_setup
LEASE=20
bond_addr() { ip -4 -o addr show dev bond0 scope global | awk '{print $4}' | tr '\n' ' ' | sed 's/ $//'; }
has_lease() { [ -n "$(bond_addr)" ]; }
kernel_lft() { ip -4 -o addr show dev bond0 scope global | sed -n 's/.*valid_lft \([0-9]*\)sec.*/\1/p'; }
status_dhcp() { "$BONDMGR" status bond0 2>/dev/null | sed -n 's/^  dhcp: *//p'; }

topo_lan
# udhcpd names itself (server identifier) by gw's first address: only
# 198.51.100.1 on it
lan ip addr flush dev gw
lan ip addr add 198.51.100.1/24 dev gw
topo_member eth0 lan0
topo_member eth1 lan1
cat > "$dir/udhcpd.conf" <<CONF
start 198.51.100.50
end 198.51.100.99
interface gw
lease_file $dir/udhcpd.leases
pidfile $dir/udhcpd.pid
min_lease $LEASE
option subnet 255.255.255.0
option router 198.51.100.1
option lease $LEASE
CONF
touch "$dir/udhcpd.leases"
start_server() {
  ip netns exec lan busybox udhcpd -f "$dir/udhcpd.conf" >> "$dir/udhcpd.log" 2>&1 &
  server_pid=$!
  server_listening 67
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null; }
start_server
at_exit 'kill $server_pid 2>/dev/null; p=$(client_pid); [ -n "$p" ] && kill $p 2>/dev/null; true'

dhcp_bond_yaml 'dhcp4: true' 'dhcp4-overrides: {use-dns: false}'
apply > "$dir/plan1" 2>&1
check_eq "apply with dhcp4: true exits 0" 0 $?
if wait_until 30 has_lease; then ok "bond0 leased $(bond_addr)"
else fail "no lease from udhcpd"; tail -n 20 "$dir/run/dhcp-bond0.log" "$dir/udhcpd.log"; finish; fi
addr1=$(bond_addr)
# status_lease_is ADDR: status shows ADDR's lease from udhcpd, running
status_lease_is() {
  status_dhcp | grep -Eq "^${1%/*} from server 198\.51\.100\.1, [0-9]+ s left of $LEASE s \((BOUND|RENEW|REBIND)\)$"
}
check "status: a ${LEASE}-second lease from 198.51.100.1" wait_until 5 status_lease_is "$addr1"

# ---- the NOC: bondagentx through snmpd, notifications to snmptrapd
B0=$(ifindex bond0)
start_trapd
NODE_SINK=0 start_master
start_agent
addr_trap() { grep bwBondAddressChanged "$d/traps.txt"; }
mib_row() {
  snmpget "${SNMPOPTS[@]}" "${V2[@]}" -OqvU 127.0.0.1:$PORT "BONDWATCH-MIB::bwBondAddressSource.$B0" \
    "BONDWATCH-MIB::bwBondIpAddress.$B0" "BONDWATCH-MIB::bwBondLeaseRemaining.$B0" 2>&1 |
    sed 's/ seconds$//' | tr '\n' ' ' | sed 's/ $//'
}
check "the MIB: source dhcp, the leased address" \
  wait_until 5 eval '[[ "$(mib_row)" == "dhcp ${addr1%/*} "* ]]'
ntr=$(addr_trap | wc -l)

# ---- the server goes away, just after a renewal (every LEASE/2 s)
pid1=$(client_pid)
wait_until $((LEASE / 2 + 5)) eval '[ "$(kernel_lft)" -ge $((LEASE - 2)) ]' ||
  note "no fresh renewal seen: $(kernel_lft) s left"
stop_server
t0=$(now_ms) left=$(kernel_lft)
note "server stopped with $left s of the lease left"
nfail=$(grep -c 'failed to renew' "$dir/run/dhcp-bond0.log")
# past half the lease (dhcpcd's renewal time, unanswered): the address
# stays and status counts the lease down
wait_until "$left" eval '[ "$(kernel_lft)" -lt $((LEASE / 2)) ]'
silent=$(status_dhcp) still=$(bond_addr)
check_eq "server silent, lease running: the address stays" "$addr1" "$still"
check "server silent: status shows the lease counting down ($silent)" \
  eval '[[ "$silent" =~ ^${addr1%/*}\ from\ server\ 198\.51\.100\.1,\ ([0-9]+)\ s\ left ]] && [ "${BASH_REMATCH[1]}" -lt $((LEASE / 2)) ]'
check_eq "server silent, lease running: no bwBondAddressChanged" "$ntr" "$(addr_trap | wc -l)"
check "dhcpcd: failed to renew DHCP, rebinding" wait_until "$LEASE" eval \
  '[ "$(grep -c "failed to renew DHCP, rebinding" "$dir/run/dhcp-bond0.log")" -gt "$nfail" ]'
check_eq "while it rebinds, the address stays" "$addr1" "$(bond_addr)"
# the expiry
if wait_until $((left + 10)) eval '! has_lease'; then
  gone=$(( $(now_ms) - t0 ))
  ok "the address went $gone ms after the server stopped"
  check "not before the lease ran out ($left s left then)" [ "$gone" -ge $(( (left - 1) * 1000 )) ]
else
  fail "the address outlived its lease: $(bond_addr)"; tail -n 20 "$dir/run/dhcp-bond0.log"
fi
check "dhcpcd says it expired" grep -q 'lease expired' "$dir/run/dhcp-bond0.log"
check_eq "expired: status says no lease, last event EXPIRE" "no lease (last event EXPIRE)" "$(status_dhcp)"
check_eq "expired: status --json, no ipv4 address, dhcp event EXPIRE" "None EXPIRE" \
  "$("$BONDMGR" status --json bond0 2>/dev/null | python3 -c "
import json, sys; b = json.load(sys.stdin)['bonds'][0]; print(b['ipv4'], b['dhcp']['event'])")"
check_eq "expired: no default route" "" "$(ip route show default)"
check "expired: the MIB says none" wait_until 5 eval '[ "$(mib_row)" = "none 0.0.0.0 0" ]'
check "expired: one bwBondAddressChanged, none" wait_until 5 eval \
  '[ "$(addr_trap | tail -n +$((ntr + 1)) | grep -c "bwBondAddressSource.$B0 none")" = 1 ]'
ntr=$(addr_trap | wc -l)

# ---- the server back: dhcpcd has been asking all along (DISCOVER)
start_server
t0=$(now_ms)
if wait_until 60 has_lease; then ok "a lease again, $(bond_addr), $(( $(now_ms) - t0 )) ms after the server came back"
else fail "no lease after the server came back"; tail -n 20 "$dir/run/dhcp-bond0.log"; fi
addr2=$(bond_addr)
check "back: status shows the new lease" wait_until 5 status_lease_is "$addr2"
check "back: one bwBondAddressChanged with the address, source dhcp" wait_until 5 eval \
  '[ "$(addr_trap | tail -n +$((ntr + 1)) | grep -c "bwBondIpAddress.$B0 ${addr2%/*}.*bwBondAddressSource.$B0 dhcp")" = 1 ]'
check_eq "back: the client that lost the lease got it again (the same pid)" "$pid1" \
  "$(client_pid)"
check "and it is alive" kill -0 "$pid1"
grep -E 'lease|renew|rebind|expired|offered|leased' "$dir/run/dhcp-bond0.log" | tail -n 12 | sed 's/^/#   dhcpcd: /'

# ---- /run is memory: bondmgr watch keeps the client's log (its output,
# without systemd) within BONDMGR_LOG_MAX, the text before in .log.1
log=$dir/run/dhcp-bond0.log
before=$(stat -c %s "$log")
BONDMGR_LOG_MAX=200 "$BONDMGR" -c "$cfg" watch > "$dir/watch.log" 2>&1 &
wp=$!
at_exit "kill $wp 2>/dev/null"
check "watch moves the log ($before bytes) to .log.1 and starts it again" \
  wait_until 5 eval '[ "$(stat -c %s "$log.1" 2>/dev/null)" -ge "$before" ] && [ "$(stat -c %s "$log")" -le 200 ]'
dhcpcd -n bond0 > /dev/null 2>&1
check "dhcpcd goes on writing at the new start (a rebind logged)" \
  wait_until 15 grep -q 'leased' "$log"
check_eq "the lease stays through it all" "$addr2" "$(bond_addr)"
kill $wp; wait $wp 2>/dev/null
finish
