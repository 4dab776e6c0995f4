// SPDX-License-Identifier: GPL-2.0-or-later
// trapflood.js HOST PORT COMMUNITY COUNT TAG - a flood of forged SNMPv2c
// notifications (npm net-snmp), as fast as one socket sends them: each a
// bwBondFailover whose bond name is TAG-flood and hostile bytes (CR, LF,
// ESC, a C1 control, invalid UTF-8). Prints "sent N in MS ms".
'use strict';
const snmp = require('net-snmp');

const [host, port, community, count, tag] = process.argv.slice(2);
if (!host || !port || !community || !count || !tag) {
	console.error('usage: trapflood.js HOST PORT COMMUNITY COUNT TAG');
	process.exit(2);
}
const base = '1.3.6.1.4.1.8072.9999.8023';
const evil = Buffer.from(tag + '-flood\r2031-01-01T00:00:00Z 10.9.9.9 x\n\x1b[2J\xc2\x9b\xff', 'latin1');
const session = snmp.createSession(host, community, {
	version: snmp.Version2c, trapPort: Number(port), transport: 'udp4',
});
const n = Number(count);
const t0 = Date.now();
let sent = 0;

function burst() {
	// 50 at a time, then let the socket drain (and the event loop breathe)
	for (let i = 0; i < 50 && sent < n; i++, sent++) {
		session.trap(base + '.0.1', [
			{ oid: base + '.1.2.1.2.9', type: snmp.ObjectType.OctetString, value: evil },
			{ oid: base + '.1.2.1.18.9', type: snmp.ObjectType.Counter, value: sent },
		], () => {});
	}
	if (sent < n)
		setImmediate(burst);
	else
		setTimeout(() => { console.log('sent ' + sent + ' in ' + (Date.now() - t0) + ' ms'); session.close(); }, 200);
}
burst();
