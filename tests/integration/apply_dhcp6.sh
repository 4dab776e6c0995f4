#!/bin/bash
# DHCPv6 and router advertisements on the bond, beside DHCPv4, from one
# dhcpcd: dnsmasq in the lan namespace serves 198.51.100.0/24 (with a
# classless static route, option 121) and 2001:db8:1::/64 (DHCPv6 and
# router advertisements with the SLAAC flag, nameservers for both).
# Shows: the bond's DHCPv6 address, its SLAAC address (RFC 7217, not the
# MAC's EUI-64) and the routers' default route; the kernel's own RA
# handling off; status with both leases, the DHCPv4 one still there after
# a DHCPv6 renewal; a no-op apply with zero writes; the same IPv6 and IPv4
# addresses after a failover that changed the MAC; after the client
# restarted on the backup's MAC the same DHCPv6 and IPv4 addresses, one
# lease of each kind on the server, and another SLAAC address (dhcpcd
# hashes the MAC it starts with); use-routes: false drops the lease's
# routes (default and option 121), not the routers' IPv6 one; use-dns
# puts both leases' nameservers in resolv.conf; a bond taken out of the
# file keeps its client, apply says so, and `ip link del` ends both.
. "$(dirname "$0")/lib.bash"
dhcp_setup
# the bond's global IPv6 addresses: the DHCPv6 one (/128 from the range)
# and the SLAAC one (/64)
v6_na() { ip -6 -o addr show dev bond0 scope global | awk '{print $4}' | grep '^2001:db8:1::1[0-9a-f][0-9a-f]/128$'; }
v6_slaac() { ip -6 -o addr show dev bond0 scope global | awk '{print $4}' | grep '/64$'; }
v6_all() { ip -6 -o addr show dev bond0 scope global | awk '{print $4}' | sort | tr '\n' ' ' | sed 's/ $//'; }
v4_addr() { ip -4 -o addr show dev bond0 scope global | awk '{print $4}' | tr '\n' ' ' | sed 's/ $//'; }
leased() { [ -n "$(v6_na)" ] && [ -n "$(v6_slaac)" ] && [ -n "$(v4_addr)" ]; }
# The EUI-64 interface identifier of a MAC (what the kernel's own SLAAC
# and dhcpcd's "slaac hwaddr" would make of it).
eui64() {
  IFS=: read -r a b c e f g <<<"$1"
  printf '%x:%x:%x:%x' $(( (0x$a ^ 2) << 8 | 0x$b )) $(( 0x$c << 8 | 0xff )) \
    $(( 0xfe << 8 | 0x$e )) $(( 0x$f << 8 | 0x$g ))
}

topo_lan
lan ip addr add 198.51.100.1/24 dev gw
lan ip -6 addr add 2001:db8:1::1/64 dev gw nodad
lan sysctl -qw net.ipv6.conf.all.forwarding=1
topo_member eth0 lan0
topo_member eth1 lan1
ip netns exec lan dnsmasq --keep-in-foreground --no-resolv --no-hosts --port=0 --interface=gw \
  --bind-interfaces --dhcp-range=198.51.100.50,198.51.100.99,255.255.255.0,10m \
  --dhcp-range=2001:db8:1::100,2001:db8:1::1ff,slaac,64,10m --enable-ra \
  --dhcp-option=121,192.0.2.0/25,198.51.100.1,0.0.0.0/0,198.51.100.1 \
  --dhcp-option=option:dns-server,198.51.100.53 --dhcp-option=option6:dns-server,[2001:db8:1::53] \
  --dhcp-leasefile="$dir/dnsmasq.leases" --dhcp-authoritative --no-ping --log-dhcp \
  --log-facility="$dir/dnsmasq.log" &
dnsmasq_pid=$!
at_exit 'kill $dnsmasq_pid 2>/dev/null; p=$(client_pid); [ -n "$p" ] && kill $p 2>/dev/null; true'
server_listening 547

dhcp_config() {   # dhcp_config [dhcp4-overrides' KEYS]
  dhcp_bond_yaml 'dhcp4: true' 'dhcp6: true' "dhcp4-overrides: {${1:-use-dns: false}}"
}

# ---- from nothing: both families from one client
dhcp_config
t0=$(now_ms)
apply > "$dir/plan1" 2>&1
check_eq "apply with dhcp4 and dhcp6 exits 0" 0 $?
if wait_until 30 leased; then ok "bond0 has its DHCPv6, SLAAC and DHCPv4 addresses $(( $(now_ms) - t0 )) ms after apply started"
else fail "not all addresses within 30 s: $(v6_all) $(v4_addr)"; tail -n 20 "$dir/run/dhcp-bond0.log"; finish; fi
na1=$(v6_na) slaac1=$(v6_slaac) v4=$(v4_addr)
note "DHCPv6: $na1, SLAAC: $slaac1, DHCPv4: $v4"
check_eq "one dhcpcd, for bond0, both families" "dhcpcd: bond0 [ip4] [ip6]" \
  "$(ps -o args= -p "$(client_pid)")"
check_eq "two global IPv6 addresses, no more: the kernel's own SLAAC is off (accept_ra 0)" \
  "2 0" "$(ip -6 -o addr show dev bond0 scope global | wc -l) $(cat /proc/sys/net/ipv6/conf/bond0/accept_ra)"
mac0=$(cat /sys/class/net/bond0/address)
check "the SLAAC address is not made of the MAC ($mac0 -> ::$(eui64 "$mac0"))" \
  bash -c "[ '${slaac1%/64}' != '2001:db8:1:0:$(eui64 "$mac0")' ]"
check "the routers' default route (proto ra, via the router's link-local address)" \
  bash -c "ip -6 route show default dev bond0 proto ra | grep -q 'via fe80::'"
check "the lease's classless static route (option 121): 192.0.2.0/25 via 198.51.100.1" \
  bash -c "ip route show 192.0.2.0/25 | grep -q 'via 198.51.100.1 dev bond0 proto dhcp'"
check "status: the DHCPv6 lease, the server named by its DUID" wait_until 5 eval \
  '"$BONDMGR" status bond0 2>/dev/null | grep -Eq "^  dhcp6: +${na1%/128} from server DUID [0-9a-f:]+, [0-9]+ s left of 600 s \(BOUND6\)$"'
check "status --json: dhcp6 bound, 0 < remaining <= 600" python3 -c "
import json, subprocess, sys
d = json.loads(subprocess.run(['$BONDMGR', 'status', '--json', 'bond0'], capture_output=True).stdout)['bonds'][0]['dhcp6']
sys.exit(not (d['address'] == '${na1%/128}' and d['bound'] and 0 < d['remaining'] <= 600 and d['server_duid']))"

# a DHCPv6 renewal after the DHCPv4 lease: its event must not hide the
# DHCPv4 lease from status (each family has its own record)
n6=$(grep -c 'renewing' "$dir/run/dhcp-bond0.log")
dhcpcd -6 -N bond0 > /dev/null 2>&1
check "a DHCPv6 renewal (RENEW6) recorded" wait_until 15 grep -qx 'reason=RENEW6' "$dir/run/dhcp6-bond0.lease"
"$BONDMGR" status bond0 > "$dir/status" 2>/dev/null
sed -n 's/^/#   status: /p' "$dir/status" | grep -E 'dhcp|address'
check "after RENEW6, status still shows the DHCPv4 lease" \
  grep -Eq "^  dhcp: +${v4%/*} from server 198\.51\.100\.1, [0-9]+ s left of 600 s \((BOUND|RENEW)\)$" "$dir/status"
check "and the DHCPv6 one, renewed" grep -Eq "^  dhcp6: +${na1%/128} from server DUID .*\(RENEW6\)$" "$dir/status"

# ---- no-op: nothing written, the same client
pid1=$(client_pid)
wait_until 5 bond_settled bond0; monitor_start
apply > "$dir/plan2" 2> "$dir/err2"; rc=$?
seen=$(monitor_stop)
check_eq "no-op apply exits 0 and prints no plan line" "0:" "$rc:$(cat "$dir/plan2")"
check "no-op apply makes zero netlink writes" grep -qx 'bondmgr: 0 netlink writes' "$dir/err2"
check_eq "ip monitor sees nothing during the no-op apply" "" "$seen"
check_eq "the client keeps its pid" "$pid1" "$(client_pid)"
"$BONDMGR" -c "$cfg" diff --resolv-conf "$resolv" > "$dir/diff1"
check_eq "diff: the leases and the routers' routes are not drift" "0:OK" "$?:$(head -c2 "$dir/diff1")"

# ---- failover under fail-over-mac active (the MAC changes), ping6 running
failover_under_ping -6 2001:db8:1::1
check_eq "the same IPv6 addresses after the failover" "$(sort <<<"$na1
$slaac1" | tr '\n' ' ' | sed 's/ $//')" "$(v6_all)"
check_eq "the same IPv4 address" "$v4" "$(v4_addr)"
note "ping6 across the failover: $ping_summary"

# ---- the client restarted on the backup's MAC (as after a reboot)
p=$(client_pid)
kill "$p"
wait_until 10 eval '! kill -0 $p 2>/dev/null'
t0=$(now_ms)
apply > "$dir/plan3" 2>&1
check "apply starts the client again" grep -qx '+ bond0 DHCP client (dhcpcd)' "$dir/plan3"
if wait_until 30 leased; then ok "all addresses again $(( $(now_ms) - t0 )) ms after apply"
else fail "not all addresses after the restart: $(v6_all) $(v4_addr)"; fi
check_eq "on the backup's MAC: the same DHCPv6 address" "$na1" "$(v6_na)"
# dhcpcd's RFC 7217 hashes the MAC it starts with (bondwatch.yaml(5))
check "the SLAAC address is another one, made with the backup's MAC ($(v6_slaac))" \
  bash -c "[ -n '$(v6_slaac)' ] && [ '$(v6_slaac)' != '$slaac1' ]"
check_eq "the same IPv4 address" "$v4" "$(v4_addr)"
check_eq "the server holds one DHCPv6 lease and one DHCPv4 lease" "1 1" \
  "$(awk '$1 != "duid" && $3 ~ /:/' "$dir/dnsmasq.leases" | wc -l) $(awk '$1 != "duid" && $3 !~ /:/' "$dir/dnsmasq.leases" | wc -l)"
sed 's/^/#   lease: /' "$dir/dnsmasq.leases"
cable_plug lan0

# ---- use-routes: false: none of the lease's routes; use-dns (its
# default, true): the leases' nameservers in /etc/resolv.conf, written by
# dhcpcd's own hook (the VM's /etc is its own)
dhcp_config 'use-routes: false'
apply > "$dir/plan4" 2>&1
check "use-routes: false restarts the client" grep -qx '~ bond0 DHCP client restarted (its configuration changed)' "$dir/plan4"
check "the lease is back" wait_until 30 eval '[ "$(v4_addr)" = "$v4" ]'
check "the DHCPv6 address is back" wait_until 30 eval '[ -n "$(v6_na)" ]'
check_eq "use-routes: false: no IPv4 default route" "" "$(ip -4 route show default)"
check_eq "use-routes: false: no option 121 route" "" "$(ip route show 192.0.2.0/25)"
check "the routers' IPv6 default route stays (use-routes is dhcp4-overrides')" \
  wait_until 10 eval 'ip -6 route show default dev bond0 proto ra | grep -q "via fe80::"'
ip -6 route show default | sed 's/^/#   ip -6 route: /'
check "use-dns: the DHCPv4 lease's nameserver in /etc/resolv.conf" \
  wait_until 10 grep -qx 'nameserver 198.51.100.53' /etc/resolv.conf
check "and the DHCPv6 lease's" wait_until 10 grep -qx 'nameserver 2001:db8:1::53' /etc/resolv.conf
sed 's/^/#   resolv.conf: /' /etc/resolv.conf

# ---- bond0 taken out of the file: it keeps its client, apply says so
ip link add eth2 type veth peer name lan2 netns lan
cat > "$cfg" <<YAML
network:
  version: 2
  bonds:
    bond1:
      interfaces: [eth2]
      addresses: [192.0.2.20/24]
      parameters: {mode: active-backup, mii-monitor-interval: 100}
YAML
pid2=$(client_pid)
apply > "$dir/plan5" 2> "$dir/err5"
check_eq "apply of a file without bond0 exits 0" 0 $?
sed 's/^/#   /' "$dir/err5"
check "it notes bond0's client, with its pid and how to end it" grep -qF \
  "bondmgr: bond0 is not in $cfg: bondmgr leaves it as it is, with the DHCP client it started for it (dhcpcd, pid $pid2) and its address; \`ip link del bond0\` ends both" "$dir/err5"
check "bond0 keeps its client and its lease" bash -c "kill -0 $pid2 && [ '$(v4_addr)' = '$v4' ]"
ip link del bond0
check "ip link del bond0 ends the client" wait_until 10 eval '! kill -0 $pid2 2>/dev/null'
apply > "$dir/plan6" 2> "$dir/err6"
check_eq "then apply notes nothing" "" "$(grep 'is not in' "$dir/err6")"
finish
