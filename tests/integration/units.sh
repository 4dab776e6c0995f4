#!/bin/bash
# tests/integration/units.sh - the systemd units as systemd itself reads
# them: `systemd-analyze verify` (directives, ExecStart binaries, man pages
# named in Documentation=) against a `make install` whose PREFIX is a
# scratch tree, so every path the units name exists; the ordering and
# hardening the issue asks for; `systemd-analyze security` exposure.
# Runs in the VM (tests/check) or on the host. Ends "units: N passed, M failed".
. "$(dirname "$0")/lib.bash"

t=$(mktemp -d /tmp/bw-units.XXXXXX)
at_exit 'rm -rf "$t"'
make -s -C "$ROOT" BUILD="$BUILD" -o "$BUILD/bondmgr" -o "$BUILD/bondagentx" install \
  PREFIX="$t/usr" UNITDIR="$t/units" SYSCONFDIR="$t/etc" >/dev/null 2>&1 ||
  fail "make install PREFIX=$t/usr"
u=$t/units
export MANPATH=$t/usr/share/man       # Documentation=man:... is looked up

# verify UNIT...: systemd-analyze's findings (empty when clean) and status
verify() { systemd-analyze verify "$@" 2>&1; }
out=$(verify "$u/bondwatch-apply.service"); rc=$?
check_eq "systemd-analyze verify bondwatch-apply.service: silent, status 0" "0:" "$rc:$out"
out=$(verify "$u/bondagentx.service"); rc=$?
check_eq "systemd-analyze verify bondagentx.service: silent, status 0" "0:" "$rc:$out"
out=$(verify "$u/bondwatch-watch.service"); rc=$?
check_eq "systemd-analyze verify bondwatch-watch.service: silent, status 0" "0:" "$rc:$out"

# The DHCP client template, as an instance (a template alone is not loaded);
# it names dhcpcd(8), whose page is the system's.
cp "$u/bondwatch-dhcp@.service" "$t/bondwatch-dhcp@bond0.service"
out=$(MANPATH=$MANPATH:/usr/share/man verify "$t/bondwatch-dhcp@bond0.service"); rc=$?
check_eq "systemd-analyze verify bondwatch-dhcp@bond0.service: silent, status 0" "0:" "$rc:$out"
check_eq "dhcp@: the bond's own client, on the bond only" \
  "/usr/sbin/dhcpcd -B -f /run/bondwatch/dhcp-%i.conf %i" "$(sed -n 's/^ExecStart=//p' "$u/bondwatch-dhcp@.service")"

# The wireless member's supplicant template, as an instance.
cp "$u/bondwatch-wpa@.service" "$t/bondwatch-wpa@wlan0.service"
out=$(MANPATH=$MANPATH:/usr/share/man verify "$t/bondwatch-wpa@wlan0.service"); rc=$?
check_eq "systemd-analyze verify bondwatch-wpa@wlan0.service: silent, status 0" "0:" "$rc:$out"
check_eq "wpa@: the configuration bondmgr writes, on the member only; no password on the command line" \
  "/sbin/wpa_supplicant -i %i -c /run/bondwatch/wpa-%i.conf -D nl80211" "$(sed -n 's/^ExecStart=//p' "$u/bondwatch-wpa@.service")"

# The verifier is not a rubber stamp: a unit whose binary is missing fails.
sed "s|^ExecStart=.*|ExecStart=$t/usr/sbin/no-such-binary|" "$u/bondagentx.service" > "$t/broken.service"
out=$(verify "$t/broken.service"); rc=$?
if [ "$rc" != 0 ] && grep -q no-such-binary <<<"$out"; then ok "verify catches a missing ExecStart binary"
else fail "verify passed a unit with a missing binary: $rc $out"; fi

# prop UNIT KEY: the value systemd parses for KEY (last assignment wins).
prop() { sed -n "s/^$2=//p" "$u/$1" | tail -n1; }
check_eq "apply: Type=oneshot" oneshot "$(prop bondwatch-apply.service Type)"
check_eq "apply: RemainAfterExit (status shows it ran)" yes "$(prop bondwatch-apply.service RemainAfterExit)"
before=$(prop bondwatch-apply.service Before)
if grep -qw network-online.target <<<"$before" && grep -qw network.target <<<"$before"; then
  ok "apply: Before=network.target network-online.target"
else fail "apply: Before=$before"; fi
if grep -qw network-pre.target <<<"$(prop bondwatch-apply.service After)"; then ok "apply: After=network-pre.target"
else fail "apply: After lacks network-pre.target"; fi
check_eq "apply: runs bondmgr apply on the installed config" \
  "$t/usr/sbin/bondmgr -c $t/etc/bondwatch/bond.yaml apply" "$(prop bondwatch-apply.service ExecStart)"

check_eq "agent: After=snmpd.service" yes "$(grep -qw snmpd.service <<<"$(prop bondagentx.service After)" && echo yes)"
check_eq "agent: Restart=on-failure" on-failure "$(prop bondagentx.service Restart)"
for kv in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
          CapabilityBoundingSet=CAP_NET_ADMIN AmbientCapabilities=CAP_NET_ADMIN DynamicUser=yes \
          "RestrictAddressFamilies=AF_UNIX AF_NETLINK" IPAddressDeny=any; do
  check_eq "agent: $kv" "${kv#*=}" "$(prop bondagentx.service "${kv%%=*}")"
done
for unit in bondwatch-apply.service bondwatch-watch.service; do
  for kv in CapabilityBoundingSet=CAP_NET_ADMIN NoNewPrivileges=yes ProtectSystem=strict \
            PrivateDevices=yes "RestrictAddressFamilies=AF_NETLINK AF_UNIX" IPAddressDeny=any; do
    check_eq "${unit%%.*}: $kv" "${kv#*=}" "$(prop $unit "${kv%%=*}")"
  done
done

# systemd's own scoring of each sandbox: 2.0 or less ("OK" is below 4.0).
# Before: the agent 2.0, watch 6.4 MEDIUM, apply 9.5 UNSAFE.
for unit in bondagentx.service bondwatch-apply.service bondwatch-watch.service; do
  sec=$(systemd-analyze security --offline=yes "$u/$unit" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p')
  lvl=${sec%% *}
  if [ -n "$lvl" ] && awk -v l="$lvl" 'BEGIN { exit !(l <= 2.0) }'; then
    ok "$unit: systemd-analyze security exposure $sec (<= 2.0)"
  else fail "$unit: systemd-analyze security exposure '$sec'"; fi
done
finish
