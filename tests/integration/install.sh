#!/bin/bash
# tests/integration/install.sh - `make install` / `make uninstall` into a
# DESTDIR, as a packager or an admin would run them: the FHS tree, the
# admin's /etc/bondwatch/bond.yaml never overwritten nor removed, PREFIX
# honoured down to the units' ExecStart, and the man pages clean under
# `man --warnings` and in step with `bondmgr --help`. Runs in the VM
# (tests/check) or on the host; builds nothing (make -o).
# Ends "install: N passed, M failed".
. "$(dirname "$0")/lib.bash"

t=$(mktemp -d /tmp/bw-install.XXXXXX)
at_exit 'rm -rf "$t"'
# -o: take the built binaries as they are (the tree may be read-only).
mk() { make -s -C "$ROOT" BUILD="$BUILD" -o "$BUILD/bondmgr" -o "$BUILD/bondagentx" "$@" 2>&1; }
files() { (cd "$1" && find . -type f | sed 's|^\./||' | sort); }

# ---- install, PREFIX=/usr (the default)
out=$(mk install DESTDIR="$t/root"); rc=$?
check_eq "make install DESTDIR exits 0" 0 "$rc"
want="etc/bondwatch/bond.yaml
lib/systemd/system/bondagentx.service
lib/systemd/system/bondwatch-apply.service
lib/systemd/system/bondwatch-dhcp@.service
lib/systemd/system/bondwatch-watch.service
lib/systemd/system/bondwatch-wpa@.service
usr/lib/sysusers.d/bondwatch.conf
usr/sbin/bondagentx
usr/sbin/bondmgr
usr/share/man/man5/bondwatch.yaml.5
usr/share/man/man8/bondagentx.8
usr/share/man/man8/bondmgr.8
usr/share/snmp/mibs/BONDWATCH-MIB.txt"
got=$(files "$t/root" | grep -v '^usr/share/bondwatch/\|^usr/lib/bondwatch/')
check_eq "the FHS tree (binaries, units, MIB, man pages, config)" "$want" "$got"
for ex in bond.yaml snmpd.conf.d/bondwatch.conf nagios/commands.cfg nagios/services.cfg \
          zabbix/bondwatch-zabbix6.yaml zabbix/bondwatch-snmptt.conf librenms/bondwatch-discovery.yaml \
          snmptrapd/snmptrapd.conf; do
  check "example installed: /usr/share/bondwatch/$ex" test -s "$t/root/usr/share/bondwatch/$ex"
done
check "trap handler installed: /usr/lib/bondwatch/bondwatch-trap.pl, mode 0644" \
  test "$(stat -c %a "$t/root/usr/lib/bondwatch/bondwatch-trap.pl")" = 644
check "dhcpcd hook installed: /usr/lib/bondwatch/dhcpcd-hook, mode 0755" \
  test "$(stat -c %a "$t/root/usr/lib/bondwatch/dhcpcd-hook")" = 755
ver=$(head -n1 "$ROOT/debian/changelog" | cut -d' ' -f2 | tr -d '()')   # the one version
check_eq "installed bondmgr runs: --version" "bondmgr $ver" "$("$t/root/usr/sbin/bondmgr" --version)"
check_eq "man page headers carry the version" 3 \
  "$(zcat -f "$t"/root/usr/share/man/man*/bond*.[58] | grep -c "^\.TH .*\"bondwatch $ver\"")"
check_eq "binaries are mode 0755" "755 755" \
  "$(stat -c %a "$t/root/usr/sbin/bondmgr" "$t/root/usr/sbin/bondagentx" | xargs)"
check_eq "unit runs /usr/sbin/bondmgr on /etc/bondwatch/bond.yaml" \
  "ExecStart=/usr/sbin/bondmgr -c /etc/bondwatch/bond.yaml apply" \
  "$(grep '^ExecStart=' "$t/root/lib/systemd/system/bondwatch-apply.service")"

# ---- the admin's file survives a second install
echo "# edited by the admin" >> "$t/root/etc/bondwatch/bond.yaml"
sum=$(md5sum < "$t/root/etc/bondwatch/bond.yaml")
out=$(mk install DESTDIR="$t/root")
check_eq "reinstall keeps the admin's bond.yaml" "$sum" "$(md5sum < "$t/root/etc/bondwatch/bond.yaml")"
if grep -q "kept the existing .*/etc/bondwatch/bond.yaml" <<<"$out"; then ok "reinstall says it kept bond.yaml"
else fail "reinstall does not say it kept bond.yaml: $out"; fi

# ---- the man pages: no groff warning, each names itself, and every long
# option bondmgr's help lists is documented in bondmgr(8)
for p in man8/bondmgr.8 man8/bondagentx.8 man5/bondwatch.yaml.5; do
  page=$t/root/usr/share/man/$p
  warn=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  check_eq "man --warnings -l $p: no warning" "" "$warn"
  name=$(basename "$p" | sed 's/\.[0-9]$//')
  if MANWIDTH=80 man -l "$page" 2>/dev/null | grep -A1 '^NAME' | grep -q "$name"; then ok "$p renders its NAME section"
  else fail "$p: no NAME section naming $name"; fi
done
text=$(MANWIDTH=200 man -l "$t/root/usr/share/man/man8/bondmgr.8" 2>/dev/null)
helps=$("$BONDMGR" --help; for c in check apply status; do "$BONDMGR" "$c" --help; done)
missing=
for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$helps" | sort -u); do
  grep -q -- "$opt" <<<"$text" || missing+=" $opt"
done
check_eq "every option in bondmgr's --help is in bondmgr(8)" "" "$missing"
# each command of `bondmgr --help` is a paragraph of its own in COMMANDS
cmds=$("$BONDMGR" --help | sed -n '/^Commands:/,/^$/p' | awk '/^  [a-z]+ /{print $1}' | sort -u | xargs)
for c in $cmds; do
  grep -qE "^ {7}$c( |\$)" <<<"$text" || missing+=" $c"
done
check_eq "every command of bondmgr --help ($cmds) has its paragraph in bondmgr(8)" "" "$missing"

# ---- uninstall: nothing left but the admin's configuration
out=$(mk uninstall DESTDIR="$t/root"); rc=$?
check_eq "make uninstall exits 0" 0 "$rc"
check_eq "after uninstall only the admin's config is left" "etc/bondwatch/bond.yaml" "$(files "$t/root")"
if grep -q "left .*/etc/bondwatch/ in place" <<<"$out"; then ok "uninstall says it left /etc/bondwatch"
else fail "uninstall does not say it left the configuration: $out"; fi

# ---- PREFIX=/usr/local: binaries there, and the units point there
mk install DESTDIR="$t/local" PREFIX=/usr/local >/dev/null
check "PREFIX=/usr/local: /usr/local/sbin/bondmgr" test -x "$t/local/usr/local/sbin/bondmgr"
check "PREFIX=/usr/local: MIB in /usr/local/share/snmp/mibs" test -f "$t/local/usr/local/share/snmp/mibs/BONDWATCH-MIB.txt"
check_eq "PREFIX=/usr/local: bondagentx.service runs /usr/local/sbin/bondagentx" \
  "ExecStart=/usr/local/sbin/bondagentx -f" \
  "$(grep '^ExecStart=' "$t/local/lib/systemd/system/bondagentx.service")"
mk uninstall DESTDIR="$t/local" PREFIX=/usr/local >/dev/null
check_eq "PREFIX=/usr/local: uninstall leaves only the config" "etc/bondwatch/bond.yaml" "$(files "$t/local")"
finish
