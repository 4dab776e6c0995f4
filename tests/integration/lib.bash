# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/lib.bash - the one harness every integration test (and
# every benchmark) sources. The tests run INSIDE the test VM as root
# (tests/vm/run); each ends with the line "NAME: N passed, M failed" that
# tests/check adds up. Its parts, in harness/:
#   assert.bash    ok/fail/check/check_eq/check_fails/finish, deadlines
#                  (wait_until), the work folder $d and what runs at exit
#   topology.bash  the "lan" namespace, veth members, cable pulls, what
#                  /proc/net/bonding says
#   bondmgr.bash   the seed's file, kernel snapshots, ip monitor, settling
#   snmp.bash      master snmpd, bondagentx, snmptrapd, the npm receiver
#                  and the SNMP clients
#   dhcp.bash      the DHCP tests' folders, bond0 on DHCP, a failover
#                  under ping
# Only 192.0.2.0/24 and 198.51.100.0/24; the VM has no NIC anyway.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
BONDMGR=$ROOT/$BUILD/bondmgr
AGENT=$ROOT/$BUILD/bondagentx
export PATH=/usr/sbin:/usr/bin:/sbin:/bin    # no pyenv shims: slow under TCG
# A host with neither NetworkManager nor a dhcpcd service (a server), unless
# a test is about them: tools/deps installs both on the test host (the VM
# shares its /etc), where bondmgr apply would add its drop-in and block to
# every plan. keepoff.sh, wifi_apply.sh and package_install.sh unset these
# and run against the real /etc (bondmgr(8), OTHER NETWORK MANAGERS).
export BONDMGR_NM_DIR=/nonexistent/NetworkManager/conf.d BONDMGR_DHCPCD_CONF=/nonexistent/dhcpcd.conf
for _part in assert topology bondmgr snmp dhcp; do
  . "$ROOT/tests/integration/harness/$_part.bash"
done
unset _part
