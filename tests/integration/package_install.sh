#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/package_install.sh - the amd64 packages (make deb, in
# build-deb/) installed with dpkg -i INSIDE the test VM, whose root is a
# throw-away overlay over the host's, then the seed's story run from the
# installed files only: /usr/sbin/bondmgr apply of /etc/bondwatch/bond.yaml
# (the installed example, edited as an admin would), snmpd as Debian's unit
# runs it, with its stock snmpd.conf and the installed
# /etc/snmp/snmpd.conf.d/bondwatch.conf, /usr/sbin/bondagentx in
# the installed group bondwatch, the installed MIB for the SNMP client, and
# snmptrapd with the installed example config and trap handler. A cable
# pull must give a failover the agent serves and a trap line the handler
# writes. Then dpkg --purge: no file of ours is left but the admin's
# /etc/bondwatch/bond.yaml (and the group bondwatch: Debian keeps system
# groups). The VM has no systemd: services are started directly, as their
# units would. Ends "package_install: N passed, M failed".
. "$(dirname "$0")/lib.bash"
unset BONDMGR_NM_DIR BONDMGR_DHCPCD_CONF   # the package against the real /etc
DEB=$ROOT/build-deb
ver=$(head -n1 "$ROOT/debian/changelog" | cut -d' ' -f2 | tr -d '()')
PKGS=(bondwatch bondagentx bondwatch-mib)
debs=("$DEB/bondwatch_${ver}_amd64.deb" "$DEB/bondagentx_${ver}_amd64.deb" "$DEB/bondwatch-mib_${ver}_all.deb")
for f in "${debs[@]}"; do [ -f "$f" ] || { fail "no $f (make deb first)"; finish; }; done
export DEBIAN_FRONTEND=noninteractive
# Speed only, in the throw-away root: no man-db index rebuild (a trigger
# that reads every man page over 9p under TCG) and no fsync per file.
rm -f /var/lib/man-db/auto-update
DPKG=(dpkg --force-unsafe-io)
# Where dpkg, the maintainer scripts and the programs write: the files of
# ours found there before the install and after the purge are compared.
ours() {
  find /etc /var/lib /lib/systemd /usr/lib/sysusers.d /usr/lib/bondwatch /usr/sbin \
       /usr/share/doc /usr/share/man/man5 /usr/share/man/man8 /usr/share/snmp/mibs \
       \( -path '*bondwatch*' -o -name '*bondagentx*' -o -name '*bondmgr*' -o -name 'BONDWATCH-MIB*' \) \
       -print 2>/dev/null | grep -v '^/var/lib/dpkg/' | sort
}
before=$(ours)

# ---- install
t0=$(now_ms)
out=$("${DPKG[@]}" -i "${debs[@]}" 2>&1); rc=$?
note "dpkg -i took $(( $(now_ms) - t0 )) ms"
check_eq "dpkg -i of the three packages exits 0" 0 "$rc" || printf '%s\n' "$out" | tail -n 20 | sed 's/^/    # /'
for p in "${PKGS[@]}"; do
  check_eq "$p $ver installed" "install ok installed $ver" "$(dpkg-query -W -f='${Status} ${Version}' "$p" 2>&1)"
done
check_eq "installed bondmgr --version" "bondmgr $ver" "$(/usr/sbin/bondmgr --version)"
check_eq "installed bondagentx --version" "bondagentx $ver" "$(/usr/sbin/bondagentx --version)"
check "the group bondwatch exists (sysusers, at configure)" getent group bondwatch
check_eq "conffile: /etc/snmp/snmpd.conf.d/bondwatch.conf" "/etc/snmp/snmpd.conf.d/bondwatch.conf" \
  "$(dpkg-query -W -f='${Conffiles}' bondagentx | awk '{print $1}' | xargs)"
check "units enabled by dh_installsystemd (multi-user.target.wants)" \
  test -L /etc/systemd/system/multi-user.target.wants/bondwatch-apply.service -a \
       -L /etc/systemd/system/multi-user.target.wants/bondwatch-watch.service -a \
       -L /etc/systemd/system/multi-user.target.wants/bondagentx.service
check "no /etc/bondwatch/bond.yaml installed (apply waits for the admin's)" test ! -e /etc/bondwatch/bond.yaml
check_eq "bondwatch-apply.service: ConditionPathExists=/etc/bondwatch/bond.yaml" \
  "ConditionPathExists=/etc/bondwatch/bond.yaml" "$(grep '^ConditionPathExists=' /lib/systemd/system/bondwatch-apply.service)"
installed=$(dpkg -L "${PKGS[@]}" | sort -u)

# ---- the seed's story, from installed files
topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
ip link set eth0 up; ip link set wlan0 up
# The admin copies the installed example and puts in this network's values.
sed -e 's#192\.168\.0\.156/24#192.0.2.10/24#; s#192\.168\.0\.1$#192.0.2.1#; s#8\.8\.8\.8#192.0.2.53#' \
  /usr/share/doc/bondwatch/examples/bond.yaml > /etc/bondwatch/bond.yaml
/usr/sbin/bondmgr check > "$d/check.out" 2>&1
check_eq "bondmgr check of the edited example (default path)" "" "$(grep error "$d/check.out")"
t0=$(now_ms)
/usr/sbin/bondmgr apply > "$d/apply.out" 2>&1; rc=$?
check_eq "bondmgr apply exits 0 ($(( $(now_ms) - t0 )) ms)" 0 "$rc" || sed 's/^/    # /' "$d/apply.out"
check_eq "only bond0 has the address" "bond0 192.0.2.10/24" "$(ip -4 -o addr show scope global | awk '{print $2, $4}')"
check "eth0 becomes active" wait_until 10 active_is bond0 eth0
check "gateway answers over bond0" wait_until 10 ping_gw
B0=$(ifindex bond0)

# snmpd as Debian's snmpd.service runs it (its ExecStart, minus -f): the
# stock /etc/snmp/snmpd.conf (community public on 127.0.0.1:161), which
# includes the installed /etc/snmp/snmpd.conf.d/bondwatch.conf (AgentX
# master on /var/agentx/master, 0660 root:bondwatch), plus this test's
# trap sink in a file of its own there (the root is thrown away); its
# persistent files in Debian's /var/lib/snmp.
PORT=161
printf '%s\n' "trapsess -Ci -v3 -l authPriv -u bwtrap -a SHA-512 -A bwtrap-auth-pass -x AES -X bwtrap-priv-pass 127.0.0.1:$TRAPPORT" \
  'createUser bwadmin SHA-512 "bondwatch-auth" AES "bondwatch-priv"' > /etc/snmp/snmpd.conf.d/zz-test-sink.conf
env -u SNMP_PERSISTENT_DIR snmpd -LOw -Lf "$d/master.log" -u Debian-snmp -g Debian-snmp -I -smux,mteTrigger,mteTriggerConf -p "$d/master.pid"
wait_until 10 test -S /var/agentx/master || fail "snmpd did not open /var/agentx/master: $(tail -n 5 "$d/master.log")"
check_eq "AgentX socket 0660 root:bondwatch" "660 root bondwatch" "$(stat -c '%a %U %G' /var/agentx/master)"
# snmptrapd: the installed example config, its handler writing to a file
# (the config's commented line), and the SNMPv3 user it authorises.
sed "s|^#perl \$BondwatchTrap::log = .*|perl \$BondwatchTrap::log = \"$d/handler.log\";|" \
  /usr/share/doc/bondwatch-mib/examples/snmptrapd/snmptrapd.conf > "$d/trapd.conf"
echo "createUser bwtrap SHA-512 'bwtrap-auth-pass' AES 'bwtrap-priv-pass'" >> "$d/trapd.conf"
: > "$d/handler.log"
snmptrapd -C -c "$d/trapd.conf" -Lf "$d/trapd.log" -p "$d/trapd.pid" udp:127.0.0.1:$TRAPPORT
wait_until 60 test -s "$d/trapd.pid" || fail "snmptrapd did not start"
# The agent as its unit runs it: not root, in the group bondwatch, with
# CAP_NET_ADMIN only (-u: the unit's DynamicUser needs systemd).
/usr/sbin/bondagentx -f -u nobody:bondwatch 2>> "$d/agent.log" &
AGENT_PID=$!
# The client loads the installed MIB (and the npm package's base MIBs,
# which Debian does not ship).
MIBDIRS_ARG="+$ROOT/node_modules/net-snmp/lib/mibs:/usr/share/snmp/mibs"
SNMPOPTS=(-M "$MIBDIRS_ARG" -m BONDWATCH-MIB -t 2 -r 1)
if wait_until 15 agent_serving; then ok "agent (nobody:bondwatch) serves bwBondName.$B0 = bond0 through snmpd"
else fail "agent not serving: $(sget "bwBondName.$B0")"; fi
check_eq "bwBondActiveSlaveName by name from the installed MIB" eth0 "$(sget "bwBondActiveSlaveName.$B0")"
check_eq "IF-MIB::ifDescr.$B0 (the stock view plus the snippet's)" bond0 \
  "$(snmpget "${SNMPOPTS[@]}" -m IF-MIB "${V2[@]}" -OqvU 127.0.0.1:$PORT "IF-MIB::ifDescr.$B0" 2>&1)"

# ---- failover: eth0's cable pulled
cable_pull lan0
check "wlan0 becomes active" wait_until 10 active_is bond0 wlan0
check "the agent serves the failover: bwBondActiveSlaveName = wlan0" wait_until 10 eval '[ "$(sget bwBondActiveSlaveName.$B0)" = wlan0 ]'
line="bond0 failover: eth0 -> wlan0 (failovers: 1)"
if wait_until 30 grep -q " $line \[v3 bwtrap\]\$" "$d/handler.log"; then ok "trap through the installed handler: \"$line\""
else fail "no handler line \"$line\""; sed 's/^/    # /' "$d/handler.log" "$d/trapd.log" | tail -n 20; fi
check "gateway answers over wlan0" wait_until 10 ping_gw

# ---- an SNMP SET of the primary by the snippet's SNMPv3 write user; the
# agent records it in /var/lib/bondwatch, which systemd makes for the unit
# (StateDirectory=bondwatch) and this test makes the same way. The purge
# below must remove it.
install -d -o nobody -g bondwatch -m 0755 /var/lib/bondwatch
out=$(sset "bwBondPrimary.$B0" s wlan0)
check_eq "snmpset bwBondPrimary = wlan0 (SNMPv3, the snippet's access)" wlan0 "$(bond_field bond0 'Primary Slave' | cut -d' ' -f1)" ||
  echo "    # $out"
check "the SET is recorded in /var/lib/bondwatch/overrides.yaml" grep -q wlan0 /var/lib/bondwatch/overrides.yaml

# ---- stop what the units would, then purge
kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null; AGENT_PID=
mpid=$(cat "$d/master.pid")
for f in master trapd; do kill "$(cat "$d/$f.pid")" 2>/dev/null; done
wait_until 5 eval "! kill -0 $mpid 2>/dev/null"
# apply kept the other managers off (bondmgr(8), OTHER NETWORK MANAGERS):
# the removal must give them the interfaces back, the admin's lines kept
# (tools/deps installs NetworkManager and the dhcpcd service on the host)
check "apply wrote its NetworkManager drop-in" test -f /etc/NetworkManager/conf.d/90-bondwatch.conf
check "apply wrote its denyinterfaces block into /etc/dhcpcd.conf" grep -q '^# BEGIN bondwatch' /etc/dhcpcd.conf
grep -v -e '^# BEGIN bondwatch' -e '^# END bondwatch$' -e '^denyinterfaces ' /etc/dhcpcd.conf > "$d/dhcpcd.admin"
t0=$(now_ms)
out=$("${DPKG[@]}" --purge "${PKGS[@]}" 2>&1); rc=$?
note "dpkg --purge took $(( $(now_ms) - t0 )) ms"
check_eq "dpkg --purge exits 0" 0 "$rc" || printf '%s\n' "$out" | tail -n 20 | sed 's/^/    # /'
check_eq "dpkg knows none of the packages any more" "" \
  "$(dpkg-query -W -f='${Package} ${Status}\n' "${PKGS[@]}" 2>/dev/null | grep -v 'not-installed')"
left=
while read -r f; do
  [ -n "$f" ] && [ ! -d "$f" ] && [ -e "$f" ] && left+=" $f"
done <<<"$installed"
check_eq "no file the packages installed is left" "" "$left"
echo "$before" > "$d/before"; ours > "$d/after"
check_eq "left of ours after purge: only the admin's bond.yaml" "/etc/bondwatch
/etc/bondwatch/bond.yaml" "$(comm -13 "$d/before" "$d/after")"
check "the admin's bond.yaml is intact" grep -q '192.0.2.10/24' /etc/bondwatch/bond.yaml
check "no bondwatch block left in /etc/dhcpcd.conf" bash -c "! grep -q bondwatch /etc/dhcpcd.conf"
check "the admin's dhcpcd.conf lines are all there" bash -c "grep -v '^denyinterfaces ' /etc/dhcpcd.conf | cmp -s - '$d/dhcpcd.admin'"
check "the group bondwatch stays (Debian keeps system groups)" getent group bondwatch
rm -f /etc/snmp/snmpd.conf.d/zz-test-sink.conf
finish
