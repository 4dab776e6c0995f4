// snmpwalk.js HOST PORT COMMUNITY OID - the second, independent SNMP client
// (npm net-snmp) walks a subtree with SNMPv2c GETBULK and prints one line
// per varbind: ".OID VALUE", integers in decimal, OCTET STRINGs as
// upper-case hex bytes separated by spaces ("" when empty), OIDs dotted:
// the same text `snmpwalk -On -Oq -Ox -Oe` prints, so the two can be diffed.
'use strict';
const snmp = require('net-snmp');
const { showHex: show } = require('./snmp_show');

const [host, port, community, oid] = process.argv.slice(2);
if (!host || !port || !community || !oid) {
	console.error('usage: snmpwalk.js HOST PORT COMMUNITY OID');
	process.exit(2);
}
const session = snmp.createSession(host, community, {
	port: Number(port), version: snmp.Version2c, timeout: 2000, retries: 1,
});

session.subtree(oid.replace(/^\./, ''), 20, (varbinds) => {
	for (const vb of varbinds) {
		if (snmp.isVarbindError(vb))
			console.error('snmpwalk.js: ' + vb.oid + ': ' + snmp.varbindError(vb));
		else
			console.log('.' + vb.oid + ' ' + show(vb));
	}
}, (error) => {
	session.close();
	if (error) {
		console.error('snmpwalk.js: ' + error.toString());
		process.exit(1);
	}
});
