// snmp_show.js - what the npm net-snmp test clients share: a varbind's
// value as `snmpwalk -On -Oq -Ox -Oe` prints it (integers in decimal,
// OCTET STRINGs as upper-case hex bytes separated by spaces, "" when
// empty, OIDs dotted), so their output can be diffed with Net-SNMP's.
'use strict';

function showHex(vb) {
	if (Buffer.isBuffer(vb.value)) {
		if (vb.value.length === 0)
			return '""';
		return [...vb.value].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
	}
	return String(vb.value);
}

module.exports = { showHex };
