#!/bin/bash
# tests/mib/lint.sh - BONDWATCH-MIB must pass `smilint -l 6` with no output
# at all (smilint exits 0 even on errors, so its output is the verdict) and
# net-snmp's parser must resolve every object it defines.
#
# Debian ships no IETF base MIBs; the npm package net-snmp (make deps) has
# SNMPv2-SMI/TC/CONF/MIB and IF-MIB, /usr/share/snmp/mibs has NET-SNMP-MIB.
set -uo pipefail
cd "$(dirname "$0")/../.."
mib=mibs/BONDWATCH-MIB.txt
ietf=node_modules/net-snmp/lib/mibs
pass=0 failed=0
ok()   { echo "ok - $*"; pass=$((pass + 1)); }
fail() { echo "not ok - $*"; failed=$((failed + 1)); }

[ -f "$ietf/SNMPv2-SMI.mib" ] || { echo "lint-mib: $ietf missing (run make deps / npm ci)" >&2; exit 1; }
for tool in smilint snmptranslate; do
	command -v $tool >/dev/null || { echo "lint-mib: needs $tool (smitools, snmp)" >&2; exit 1; }
done

out=$(SMIPATH="$ietf:/usr/share/snmp/mibs" smilint -l 6 -s -m "$mib" 2>&1)
if [ -z "$out" ]; then ok "smilint -l 6 prints nothing"; else fail "smilint -l 6:"; echo "$out" | sed 's/^/#   /'; fi

# Every descriptor assigned with ::= must translate to a numeric OID.
mibdirs="+$PWD/$ietf:$PWD/mibs:/usr/share/snmp/mibs"
names=$(sed -n 's/^\([a-z][A-Za-z0-9]*\) \+\(OBJECT-TYPE\|OBJECT IDENTIFIER\|NOTIFICATION-TYPE\|MODULE-IDENTITY\|MODULE-COMPLIANCE\|OBJECT-GROUP\|NOTIFICATION-GROUP\).*/\1/p' "$mib")
# One snmptranslate call for all of them: it prints one OID per argument.
args=$(for n in $names; do printf 'BONDWATCH-MIB::%s ' "$n"; done)
# shellcheck disable=SC2086
oids=$(MIBS= snmptranslate -M "$mibdirs" -m +BONDWATCH-MIB -On $args 2>/dev/null)
resolved=$(echo "$oids" | grep -c '^\.1\.3\.6\.1\.4\.1\.8072\.9999\.8023\b')
unresolved=
[ "$resolved" -eq "$(echo "$names" | wc -w)" ] || unresolved=" $(MIBS= snmptranslate -M "$mibdirs" -m +BONDWATCH-MIB -On $args 2>&1 >/dev/null | tr '\n' ' ')"
count=$(echo "$names" | wc -w)
if [ -z "$unresolved" ] && [ "$count" -ge 40 ]; then
	ok "snmptranslate resolves all $count objects under .1.3.6.1.4.1.8072.9999.8023"
else
	fail "snmptranslate: $count names, unresolved:${unresolved:- (too few names found)}"
fi

# The parser must not complain while loading the module.
# Only this module and what it imports (no +: the default list names MIBs
# Debian does not ship).
warn=$(MIBS= snmptranslate -M "$mibdirs" -m BONDWATCH-MIB -On BONDWATCH-MIB::bondwatchMIB 2>&1 >/dev/null)
if [ -z "$warn" ]; then ok "snmptranslate loads the module without warnings"; else fail "snmptranslate warnings:"; echo "$warn" | sed 's/^/#   /'; fi

echo "lint-mib: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
