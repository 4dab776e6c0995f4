# SPDX-License-Identifier: GPL-2.0-or-later
# bondwatch-trap.pl - snmptrapd's embedded Perl handler for BONDWATCH-MIB
# notifications: one readable line each, e.g.
#   2026-11-27T14:03:07Z 192.0.2.10 bond0 failover: eth0 -> eth1 (failovers: 1) [v3 bwtrap]
#   2026-11-27T14:03:07Z 192.0.2.10 bond0 slave eth0 link down (mii down, link failures: 1) [v3 bwtrap]
#   2026-11-27T14:03:09Z 192.0.2.10 bond0 slave eth0 link up (mii up, link failures: 1) [v3 bwtrap]
#   2026-11-27T14:05:00Z 192.0.2.10 bond0 DOWN: 0 of 2 slaves up [v3 bwtrap]
#   2026-11-27T14:06:00Z 192.0.2.10 bond0 LACP aggregator 1 -> 2 (ports: 1, partner 82:05:4e:66:d7:a2 key 9) [v3 bwtrap]
#   2026-11-27T14:06:00Z 192.0.2.10 bond0 slave eth1 left active aggregator 1 (ports: 1, actor state 15, partner state 55) [v3 bwtrap]
#   2026-11-27T14:07:00Z 192.0.2.10 bond0 slaves differ in speed or duplex (slaves up: 2) [v3 bwtrap]
#   2026-11-27T14:08:00Z 192.0.2.10 bond0 slaves agree in speed and duplex (slaves up: 2) [v3 bwtrap]
#   2026-11-27T14:09:00Z 192.0.2.10 bond0 address 198.51.100.77/24 (dhcp) [v3 bwtrap]
#   2026-11-27T14:10:00Z 192.0.2.10 bond0 address none [v3 bwtrap]
#   2026-12-05T23:30:00Z 192.0.2.10 bond ifIndex 5 slave wlan0 wifi disassociated from "lab" (bssid 02:00:00:00:01:00) [v3 bwtrap]
#   2026-12-05T23:30:05Z 192.0.2.10 bond ifIndex 5 slave wlan0 wifi associated to "lab" (bssid 02:00:00:00:01:00) [v3 bwtrap]
#   2026-12-05T23:31:00Z 192.0.2.10 bond ifIndex 5 slave wlan0 wifi signal weak: -50 dBm ("lab") [v3 bwtrap]
#   2026-12-05T23:32:00Z 192.0.2.10 bond ifIndex 5 slave wlan0 wifi signal recovered: -30 dBm ("lab") [v3 bwtrap]
# to syslog (tag bondwatch) or, when $BondwatchTrap::log names a file, to
# that file. Loaded by snmptrapd.conf:
#   perl do "/usr/lib/bondwatch/bondwatch-trap.pl";
#
# Why embedded: it runs inside snmptrapd, so a notification costs no
# process (the shell handler this replaces forked sh, awk, date and logger
# for each one, and a flood of forged traps stalled snmptrapd).
# Why it reads varbinds, not text: snmptrapd hands it the OIDs and the raw
# values, so a line feed inside a string cannot pose as another varbind.
# What it writes is made safe: every byte of a value that is a control
# character (C0, DEL), a C1 control or not valid UTF-8 is written as \xNN,
# so a value cannot move the cursor, rewrite the line on a terminal or
# forge a second one. The bracket at the end says who sent it: the SNMPv3
# user (authenticated), or "v2c"/"v1" (a community: anyone who knows it
# can send, and the address can be spoofed).
# snmptrapd runs it only for senders that snmptrapd.conf authorises with
# "execute" (authUser / authCommunity).
package BondwatchTrap;
use strict;
use warnings;
use NetSNMP::TrapReceiver;
use Sys::Syslog qw(openlog syslog);

our $log;                               # a file; undef: syslog
my $base = '1.3.6.1.4.1.8072.9999.8023';
my %kind = ("$base.0.1" => 'failover', "$base.0.2" => 'down',
            "$base.0.3" => 'up', "$base.0.4" => 'bonddown',
            "$base.0.5" => 'aggregator', "$base.0.6" => 'left',
            "$base.0.7" => 'differ', "$base.0.8" => 'agree',
            "$base.0.9" => 'disassociated', "$base.0.10" => 'associated',
            "$base.0.11" => 'weak', "$base.0.12" => 'recovered',
            "$base.0.13" => 'address');
# bwBondEntry and bwSlaveEntry columns the notifications carry
my %bondcol = (2 => 'name', 4 => 'status', 6 => 'active', 7 => 'prev',
               16 => 'slavecount', 17 => 'slavesup', 18 => 'failovers',
               24 => 'agg', 25 => 'ports', 27 => 'pkey', 28 => 'pmac', 29 => 'prevagg',
               31 => 'source', 32 => 'ip', 33 => 'plen');
my %slavecol = (3 => 'slave', 4 => 'mii', 6 => 'failures',
                11 => 'sagg', 12 => 'actor', 13 => 'partner');
# bwWifiEntry columns (the SSID is raw octets: safe() escapes it)
my %wificol = (2 => 'ssid', 3 => 'bssid', 4 => 'signal');
my @mii = qw(up goingDown down goingBack);   # bwSlaveMiiStatus 1..4
my @source = qw(none static dhcp);           # bwBondAddressSource 1..3
my $fh;

# Bytes made safe for a terminal: valid UTF-8 that prints stays, every
# other byte becomes \xNN.
sub safe {
	my ($s) = @_;
	return '' unless defined $s;
	$s =~ s{
		( [\xc2][\xa0-\xbf] | [\xc3-\xdf][\x80-\xbf]
		| \xe0[\xa0-\xbf][\x80-\xbf] | [\xe1-\xec\xee\xef][\x80-\xbf]{2}
		| \xed[\x80-\x9f][\x80-\xbf]
		| \xf0[\x90-\xbf][\x80-\xbf]{2} | [\xf1-\xf3][\x80-\xbf]{3}
		| \xf4[\x80-\x8f][\x80-\xbf]{2} )
		| ( [^\x20-\x7e] )
	}{ defined $1 ? $1 : sprintf('\\x%02x', ord $2) }gex;
	return $s;
}

sub numeric { return join('.', $_[0]->to_array); }

# ISO 8601, UTC (POSIX's strftime costs snmptrapd's start-up a module).
sub now {
	my @t = gmtime;
	return sprintf('%04d-%02d-%02dT%02d:%02d:%02dZ', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
}

sub sender {
	my ($pdu) = @_;
	my $from = $pdu->{receivedfrom} // '?';
	$from = $1 if $from =~ /\[([^\]]*)\]/;     # "UDP: [ADDR]:PORT->[...]"
	my $who = ($pdu->{version} // 1) == 3 ? 'v3 ' . ($pdu->{securityName} // '?')
	        : ($pdu->{version} // 1) == 0 ? 'v1' : 'v2c';
	return (safe($from), safe($who));
}

sub emit {
	my ($line) = @_;
	if (defined $log) {
		unless ($fh) {
			open($fh, '>>', $log) or do { undef $fh; syslog('err', 'bondwatch-trap: %s: %s', $log, "$!"); return };
			$fh->autoflush(1);
		}
		print $fh "$line\n";
	} else {
		syslog('notice', '%s', $line);
	}
}

sub receive {
	my ($pdu, $vars) = @_;
	my ($kind, %v);

	for my $vb (@$vars) {
		my ($oid, undef, undef, $raw) = @$vb;
		my $n = numeric($oid);
		if ($n eq '1.3.6.1.6.3.1.1.4.1.0') {              # snmpTrapOID.0
			$kind = $kind{ref $raw ? numeric($raw) : ($raw // '')};
		} elsif ($n =~ /^\Q$base\E\.1\.2\.1\.(\d+)\./ && $bondcol{$1}) {
			$v{$bondcol{$1}} = $raw;
		} elsif ($n =~ /^\Q$base\E\.1\.3\.1\.(\d+)\.(\d+)\./ && $slavecol{$1}) {
			$v{$slavecol{$1}} = $raw;
			$v{bondidx} = $2;
		} elsif ($n =~ /^\Q$base\E\.1\.4\.1\.(\d+)\./ && $wificol{$1}) {
			$v{$wificol{$1}} = $raw;
		}
	}
	return NETSNMPTRAPD_HANDLER_OK unless $kind;
	my ($from, $who) = sender($pdu);
	# a MacAddress is 6 raw bytes: written as the usual hex, never raw
	for my $k ('pmac', 'bssid') {
		my $mac = $v{$k};
		$v{$k} = length($mac) == 6 ? join(':', map { sprintf('%02x', $_) } unpack('C6', $mac)) : undef
			if defined $mac;
	}
	# an IpAddress: dotted already, or its 4 raw bytes
	my $ip = $v{ip};
	$v{ip} = $ip =~ /^\d{1,3}(?:\.\d{1,3}){3}\z/ ? $ip
	       : length($ip) == 4 ? join('.', unpack('C4', $ip)) : undef
		if defined $ip;
	my %s = map { $_ => safe($v{$_}) } keys %v;
	my $b = length($s{name} // '') ? $s{name} : 'bond?';
	my $msg;
	if ($kind eq 'failover') {
		$msg = sprintf('%s failover: %s -> %s (failovers: %s)', $b,
		               length($s{prev} // '') ? $s{prev} : 'none',
		               length($s{active} // '') ? $s{active} : 'none', $s{failovers} // '?');
	} elsif ($kind eq 'down' || $kind eq 'up') {
		my $m = $v{mii} // 0;
		$msg = sprintf('%s slave %s link %s (mii %s, link failures: %s)', $b, $s{slave} // '?',
		               $kind, ($m =~ /^[1-4]$/ ? $mii[$m - 1] : safe($m)), $s{failures} // '?');
	} elsif ($kind eq 'bonddown') {
		$msg = sprintf('%s DOWN: %s of %s slaves up', $b, $s{slavesup} // '?', $s{slavecount} // '?');
	} elsif ($kind eq 'aggregator') {
		$msg = sprintf('%s LACP aggregator %s -> %s (ports: %s, partner %s key %s)', $b,
		               $s{prevagg} // '?', $s{agg} // '?', $s{ports} // '?',
		               $s{pmac} // '?', $s{pkey} // '?');
	} elsif ($kind eq 'left') {
		$msg = sprintf('%s slave %s left active aggregator %s (ports: %s, actor state %s, partner state %s)',
		               $b, $s{slave} // '?', $s{agg} // '?', $s{ports} // '?',
		               $s{actor} // '?', $s{partner} // '?');
	} elsif ($kind eq 'address') {
		my $src = $v{source} // 0;
		$src = $src =~ /^[1-3]$/ ? $source[$src - 1] : safe($src);
		$msg = $src eq 'none' ? "$b address none"
		     : sprintf('%s address %s/%s (%s)', $b, $s{ip} // '?', $s{plen} // '?', $src);
	} elsif ($kind eq 'disassociated' || $kind eq 'associated') {
		$msg = sprintf('bond ifIndex %s slave %s wifi %s "%s" (bssid %s)', $s{bondidx} // '?',
		               $s{slave} // '?', $kind eq 'associated' ? 'associated to' : 'disassociated from',
		               $s{ssid} // '', $s{bssid} // '?');
	} elsif ($kind eq 'weak' || $kind eq 'recovered') {
		$msg = sprintf('bond ifIndex %s slave %s wifi signal %s: %s dBm ("%s")', $s{bondidx} // '?',
		               $s{slave} // '?', $kind, $s{signal} // '?', $s{ssid} // '');
	} else {
		$msg = sprintf('%s slaves %s (slaves up: %s)', $b,
		               $kind eq 'differ' ? 'differ in speed or duplex' : 'agree in speed and duplex',
		               $s{slavesup} // '?');
	}
	emit(now() . " $from $msg [$who]");
	return NETSNMPTRAPD_HANDLER_OK;
}

openlog('bondwatch', 'ndelay', 'daemon') unless defined $log;
NetSNMP::TrapReceiver::register(".$_", \&receive) or
	warn "bondwatch-trap.pl: cannot register for .$_\n" for sort keys %kind;
1;
