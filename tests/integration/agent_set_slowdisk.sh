#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A SET of a primary when the overrides file sits on slow storage (an SD
# card), INSIDE the test VM: /var/lib/bondwatch is ext4 on a device-mapper
# "delay" device (every I/O held DELAY ms) over a loop file, snmpd with the
# shipped snippet (agentXTimeout 5). A SET's ACTION records the override
# durably (the file and its folder fsync'd) before it answers. For each
# delay, SETs are timed; each must be reported done, be in the kernel, the
# file and SNMP, and the agent must live on. (With the earlier
# agentXTimeout 1, at 150 ms an I/O the master gave up first: genError for
# SETs the agent then completed, and net-snmp's subagent library crashed
# in handle_subagent_set_response on the late answer.)
# Ends "agent_set_slowdisk: N passed, M failed".
# vm-modules: loop dm_delay crc32c_generic ext4
. "$(dirname "$0")/lib.bash"
DELAYS=${DELAYS:-0 300}
state=$d/state
mkdir -p "$state"
export BONDWATCH_OVERRIDES=$state/overrides.yaml

# ---- the slow disk
truncate -s 32M "$d/disk.img"
loop=$(losetup -f --show "$d/disk.img") || { fail "no loop device"; finish; }
sectors=$(blockdev --getsz "$loop")
slow() { echo "0 $sectors delay $loop 0 $1"; }
dmsetup create --noudevsync bwslow --table "$(slow 0)" && dmsetup mknodes bwslow ||
  { fail "dmsetup create: no dm-delay"; finish; }
mkfs.ext4 -q /dev/mapper/bwslow && mount /dev/mapper/bwslow "$state" || { fail "mkfs/mount"; finish; }
at_exit 'umount "$state" 2>/dev/null; dmsetup remove --noudevsync bwslow 2>/dev/null; losetup -d "$loop" 2>/dev/null'
set_delay() {
  dmsetup suspend --noudevsync bwslow && dmsetup reload bwslow --table "$(slow "$1")" &&
    dmsetup resume --noudevsync bwslow
}

topo_lan
bond0_setup
start_master
start_agent
kprimary() { bond_field bond0 'Primary Slave' | cut -d' ' -f1; }
file_primary() { "$ROOT/$BUILD/tools/bw-override-writer" check "$BONDWATCH_OVERRIDES" 2>/dev/null | awk '$1 == "bond0" { print $2 }'; }

for delay in $DELAYS; do
  set_delay "$delay" || { fail "delay $delay: dmsetup reload"; continue; }
  t0=$(now_ms); sync -f "$state"; sync_ms=$(( $(now_ms) - t0 ))
  for i in 1 2; do
    want=$([ "$(kprimary)" = eth0 ] && echo eth1 || echo eth0)
    t0=$(now_ms)
    out=$(snmpset "${SNMPOPTS[@]}" "${V3[@]}" -t 15 -r 0 -Ir 127.0.0.1:$PORT "BONDWATCH-MIB::bwBondPrimary.$B0" s "$want" 2>&1)
    ms=$(( $(now_ms) - t0 ))
    if grep -q "= STRING: \"\?$want" <<<"$out"; then said=done; else said="failed: $(tr '\n' ' ' <<<"$out" | cut -c1-80)"; fi
    # whatever the agent still had to do is done once it answers again
    wait_until 20 agent_serving
    k=$(kprimary) f=$(file_primary) s=$(sget "bwBondPrimary.$B0")
    note "delay $delay ms (a sync took $sync_ms ms): SET $want in $ms ms: $said; kernel $k, file ${f:-none}, SNMP $s"
    check_eq "delay $delay ms, SET $i: reported done, then in the kernel, the file and SNMP" \
      "done $want $want $want" "$said $k $f $s"
    check "delay $delay ms, SET $i: the agent lives on" kill -0 "$AGENT_PID"
  done
done
set_delay 0
stop_agent
finish
