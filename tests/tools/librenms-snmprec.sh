#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tools/librenms-snmprec.sh OUT - write LibreNMS test data (snmpsim's
# .snmprec format, "OID|TYPE|VALUE" per line, as in LibreNMS's tests/snmpsim/)
# from a real walk of snmpd + bondagentx, INSIDE the test VM:
#   make && tests/vm/run -- tests/tools/librenms-snmprec.sh tests/librenms/linux_bondwatch.snmprec
# The bond: bond0 (active-backup, eth0 primary, eth1 backup, miimon 100)
# after one cable pull and plug of eth0 (failovers 2, eth0 link failures 1).
# What is walked is what the shipped snmpd view serves: system, interfaces,
# ifMIB (ifXTable, ifStackTable) and BONDWATCH-MIB.
. "$(dirname "$0")/../integration/lib.bash"
OUT=${1:?usage: librenms-snmprec.sh OUT}
topo_lan
bond0_setup
start_master
start_agent
ip netns exec lan ip link set lan0 down
wait_until 10 eval '[ "$(sget "bwBondActiveSlaveName.$B0")" = eth1 ]' || fail "no failover to eth1"
ip netns exec lan ip link set lan0 up
wait_until 10 eval '[ "$(sget "bwBondActiveSlaveName.$B0")" = eth0 ]' || fail "no failover back to eth0"
walk() { snmpwalk -v2c -c public -m '' -On -Oe -t 2 -r 1 127.0.0.1:$PORT "$1"; }
{
  for tree in .1.3.6.1.2.1.1 .1.3.6.1.2.1.2 .1.3.6.1.2.1.31 .1.3.6.1.4.1.8072.9999.8023; do walk $tree; done
} > "$d/walk.txt"
/usr/bin/python3 - "$d/walk.txt" > "$OUT" <<'PY'
import re, sys
TYPES = {'INTEGER': '2', 'STRING': '4', 'Hex-STRING': '4x', 'OID': '6', 'IpAddress': '64',
         'Counter32': '65', 'Gauge32': '66', 'Timeticks': '67', 'Counter64': '70'}
rows, cur = [], None
for line in open(sys.argv[1], encoding='utf-8', errors='surrogateescape'):
    line = line.rstrip('\n')
    if re.match(r'^\.[\d.]+ = No (more variables|Such)', line):
        continue                       # the end of the view, not a value
    m = re.match(r'^\.(\d[\d.]*) = (?:([A-Za-z0-9-]+): ?(.*)|(""))$', line)
    if m:
        cur = [m.group(1), m.group(2) or 'STRING', m.group(3) if m.group(2) else '""']
        rows.append(cur)
    elif cur is not None:              # a string's next line
        cur[2] += '\n' + line
for oid, typ, val in rows:
    t = TYPES[typ]
    if typ == 'STRING':
        s = val[1:-1] if val.startswith('"') and val.endswith('"') else val
        s = s.replace('\\"', '"').replace('\\\\', '\\')
        if s.isprintable() and '|' not in s:
            val = s
        else:
            t, val = '4x', s.encode('utf-8', 'surrogateescape').hex()
    elif typ == 'Timeticks':           # "(431) 0:00:04.31"
        val = re.match(r'^\((\d+)\)', val).group(1)
    elif typ == 'Hex-STRING':
        val = val.replace(' ', '').lower()
    print('%s|%s|%s' % (oid, t, val))
PY
n=$(wc -l < "$OUT")
[ "$n" -gt 0 ] && ok "$OUT: $n rows" || fail "$OUT is empty"
finish
