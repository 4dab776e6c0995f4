// snmpget.js HOST PORT COMMUNITY OID... - a second, independent SNMP client
// (the npm package net-snmp, not Net-SNMP): one SNMPv2c GET, one value per
// line (OCTET STRINGs as text, MAC-like binaries as hex), exit 1 on error.
'use strict';
const snmp = require('net-snmp');

const [host, port, community, ...oids] = process.argv.slice(2);
if (!host || !port || !community || oids.length === 0) {
	console.error('usage: snmpget.js HOST PORT COMMUNITY OID...');
	process.exit(2);
}
const session = snmp.createSession(host, community, {
	port: Number(port), version: snmp.Version2c, timeout: 2000, retries: 1,
});

function show(vb) {
	if (Buffer.isBuffer(vb.value)) {
		const printable = /^[\x20-\x7e]*$/.test(vb.value.toString('latin1'));
		return printable ? vb.value.toString() : vb.value.toString('hex');
	}
	return String(vb.value);
}

session.get(oids.map((o) => o.replace(/^\./, '')), (error, varbinds) => {
	let rc = 0;
	if (error) {
		console.error('snmpget.js: ' + error.toString());
		rc = 1;
	} else {
		for (const vb of varbinds) {
			if (snmp.isVarbindError(vb)) {
				console.error('snmpget.js: ' + vb.oid + ': ' + snmp.varbindError(vb));
				rc = 1;
			} else {
				console.log(show(vb));
			}
		}
	}
	session.close();
	process.exit(rc);
});
