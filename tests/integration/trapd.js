// trapd.js PORT OUTFILE - a second, independent notification receiver (npm
// net-snmp): appends one line per notification to OUTFILE,
// "TRAP @RECEIVED_MS .OID VALUE|.OID VALUE|..." (values as snmpwalk.js
// prints them; RECEIVED_MS = wall clock, ms since the epoch).
'use strict';
const fs = require('fs');
const snmp = require('net-snmp');
const { showHex: show } = require('./snmp_show');

const [port, out] = process.argv.slice(2);
if (!port || !out) {
	console.error('usage: trapd.js PORT OUTFILE');
	process.exit(2);
}

snmp.createReceiver({ port: Number(port), address: '127.0.0.1', disableAuthorization: true },
	(error, n) => {
		if (error) {
			console.error('trapd.js: ' + error.toString());
			return;
		}
		const vbs = n.pdu.varbinds.map((vb) => '.' + vb.oid + ' ' + show(vb));
		fs.appendFileSync(out, 'TRAP @' + Date.now() + ' ' + vbs.join('|') + '\n');
	});
fs.appendFileSync(out, '');
console.log('trapd.js: listening on 127.0.0.1:' + port);
