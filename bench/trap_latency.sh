#!/bin/bash
# bench/trap_latency.sh - benchmark 1, INSIDE the test VM
# (bench/run trap_latency): how long after the kernel's failover the NMS's
# snmptrapd has the bwBondFailover notification, against a reporter that
# polls /sys/class/net/bond0/bonding/active_slave once a second, over the
# same failovers in the same run.
#
# Topology and daemons from tests/integration/lib.bash: bond0
# (active-backup, miimon 100, fail_over_mac active) over eth0/eth1, the
# shipped snmpd config as master, bondagentx -d, snmptrapd; here also
# primary_reselect failure, so a cable put back does not fail back and
# every pull of the active slave's cable is exactly one failover,
# alternately to eth1 and eth0.
#
# Times (CLOCK_REALTIME, one machine) come from the kernel, not from
# whichever process gets to run: tests/tools/bench_failover_watch reports
# the bonding driver's own stamp on its "making interface the new active
# one" record and the receive stamp of every datagram to snmptrapd's port
# (its snmpTrapOID.0 decoded). The agent's -d log says when it sent each
# notification.
#
# One vCPU (two make the guest mark its TSC unstable and fall back to the
# HPET clocksource, which slows every clock read). On it, what stands for
# the world outside the host being measured keeps off the CPU while the
# failovers run: snmptrapd (the NMS) is stopped and continued afterwards
# (its socket keeps the datagrams and their stamps), the observer reads
# what the kernel stamped only every 250 ms, and this script (the hand on
# the cables) pulls, looks 0.25 s later, and puts the cable back at 0.5 s.
# vm-timeout: 300
. "$(dirname "$0")/../tests/integration/lib.bash"
. "$(dirname "$0")/lib.bash"

N=60
[ "$BENCH_QUICK" = 1 ] && N=12
RANDOM=7                                  # the same schedule on every run
OBS=$ROOT/$BUILD/tools/bench_failover_watch
ACTIVE=/sys/class/net/bond0/bonding/active_slave
OBS_PID= POLL_PID= IP_PID=
bench_cleanup() {
  [ ! -f "$d/trapd.pid" ] || kill -CONT "$(cat "$d/trapd.pid")" 2>/dev/null
  for p in $POLL_PID $OBS_PID $IP_PID; do kill "$p" 2>/dev/null; done
}
at_exit bench_cleanup

# ---- waiting without forking (a fork is milliseconds under TCG): bash
# builtins only, read -t on a FIFO nobody writes, sysfs read with read.
mkfifo "$d/nap"; exec 9<> "$d/nap"
nap_us() {   # nap_us MICROSECONDS (nothing when <= 0)
  local f
  (( $1 > 0 )) || return 0
  printf -v f '%d.%06d' $(( $1 / 1000000 )) $(( $1 % 1000000 ))
  read -r -t "$f" -u 9 _
  return 0
}
wait_fast() {   # wait_fast SECONDS CMD...: CMD every 20 ms until it succeeds
  local end=$(( ${EPOCHREALTIME/./} + $1 * 1000000 )); shift
  until "$@"; do
    (( ${EPOCHREALTIME/./} < end )) || return 1
    nap_us 20000
  done
}
is_active() { local v; read -r v < "$ACTIVE"; [ "$v" = "$1" ]; }
mii_up() { local v; read -r v < "/sys/class/net/$1/bonding_slave/mii_status"; [ "$v" = up ]; }

# ---- the baseline: what a cron/sysfs script does, once a second on the
# second (fixed rate, so it does not drift off the 1 s period): read the
# active slave, report a change with the time it saw it (µs).
poller() {
  local v prev next=${EPOCHREALTIME/./}
  read -r prev < "$ACTIVE"
  while :; do
    next=$(( next + 1000000 ))
    nap_us $(( next - ${EPOCHREALTIME/./} ))
    read -r v < "$ACTIVE"
    [ "$v" = "$prev" ] || echo "${EPOCHREALTIME/./} $v"
    prev=$v
  done
}

# ---- set-up
echo on > /proc/sys/kernel/printk_devkmsg     # no rate limit on the observer's clock markers
# The VM's root file system is the host's, over 9p: snmpd's stat of
# /etc/localtime after each trap it sends (glibc, TZ unset) is a round trip
# to the host that can block it for milliseconds, between the link-down
# trap and the failover one. With TZ set, glibc does not look again. On a
# real host that stat is a cached local lookup.
export TZ=:/etc/localtime
topo_lan
bond0_setup
ip link set bond0 type bond primary_reselect failure
# snmptrapd's socket holds every trap while it is stopped (3 a failover):
# it gets a bigger receive buffer than the default.
rmem=$(cat /proc/sys/net/core/rmem_default)
echo $((8 << 20)) > /proc/sys/net/core/rmem_default
start_trapd
echo "$rmem" > /proc/sys/net/core/rmem_default
NODE_SINK=0 start_master     # one trap sink, as a host has
start_agent
[ -x "$OBS" ] || { fail "no $OBS (make all first)"; finish; }
"$OBS" bond0 "$TRAPPORT" > "$d/obs.txt" 2> "$d/obs.err" &
OBS_PID=$!
wait_until 5 grep -q '^ready' "$d/obs.txt" || { fail "observer: $(cat "$d/obs.err")"; finish; }
# One ip process in netns lan pulls the cables, reading commands from a
# FIFO: no ip / netns exec start-up at each pull.
mkfifo "$d/ipcmd"
ip netns exec lan ip -force -batch "$d/ipcmd" &
IP_PID=$!
exec 8> "$d/ipcmd"
poller > "$d/poll.txt" &
POLL_PID=$!
check "a walk of bwBondTable before the failovers" swalk bwBondTable

# ---- N pulls, each of the active slave's cable, 1.1-1.7 s apart (random):
# the failover follows its pull by up to one miimon interval (0.1 s), so
# failovers are > 1 s apart and the 1 s poller can see each one, at a
# random phase.
slaves=(eth0 eth1) peers=(lan0 lan1) cur=0 done_n=0
echo "# $N failovers, ~1.4 s apart"
kill -STOP "$(cat "$d/trapd.pid")"
for ((i = 1; i <= N; i++)); do
  other=$((1 - cur)) t=${EPOCHREALTIME/./}
  echo "link set ${peers[cur]} down" >&8
  nap_us 250000
  if ! wait_fast 5 is_active "${slaves[other]}"; then
    fail "pull $i (${peers[cur]}): no failover to ${slaves[other]} within 5 s: active $(cat "$ACTIVE")"; break
  fi
  nap_us $(( t + 500000 - ${EPOCHREALTIME/./} ))
  echo "link set ${peers[cur]} up" >&8
  wait_fast 5 mii_up "${slaves[cur]}" || { fail "pull $i: ${slaves[cur]} did not come back up"; break; }
  done_n=$i cur=$other
  nap_us $(( t + (1100 + RANDOM % 601) * 1000 - ${EPOCHREALTIME/./} ))
done
kill -CONT "$(cat "$d/trapd.pid")"
[ "$done_n" = "$N" ] && ok "$N cable pulls, each a failover (sysfs)"

# ---- sanity: every failover seen by the kernel, on the wire, at snmptrapd
oid_of() { snmptranslate -M "$MIBDIRS_ARG" -m BONDWATCH-MIB -On "BONDWATCH-MIB::$1"; }
FAILOVER_OID=$(oid_of bwBondFailover) LINKDOWN_OID=$(oid_of bwSlaveLinkDown)
obs_n() { grep -c "^$1" "$d/obs.txt"; }
all_in() { [ "$(ntraps bwBondFailover)" -ge "$done_n" ] && [ "$(obs_n "trap [0-9]* $FAILOVER_OID\$")" -ge "$done_n" ] &&
           [ "$(obs_n kernel)" -ge "$done_n" ]; }
wait_until 20 all_in
kill "$POLL_PID" "$OBS_PID" 2>/dev/null; POLL_PID= OBS_PID=
nk=$(obs_n kernel) nt=$(obs_n "trap [0-9]* $FAILOVER_OID\$") nr=$(ntraps bwBondFailover)
check_eq "kernel failovers (the bonding driver's records) = pulls" "$done_n" "$nk"
check_eq "failover traps delivered to snmptrapd's port = kernel failovers" "$nk" "$nt"
check_eq "failover traps in snmptrapd's log = kernel failovers" "$nk" "$nr"
exp=$(for ((i = 0; i < nk; i++)); do echo "${slaves[(i + 1) % 2]}"; done | xargs)
check_eq "failovers alternate eth1, eth0, ..." "$exp" "$(awk '/^kernel/ {print $3}' "$d/obs.txt" | xargs)"

# ---- per failover i, ms after the kernel's stamp K: the agent's sends of
# the link-down and failover Notifies (-d log: "notification N sent at NS"
# after the event's own line), both traps at snmptrapd's port, and the
# poller's sighting ("-": none).
sent_after() { awk -v re="$1" '$0 ~ re {f = 1; next} f && /sent at/ {print $NF; f = 0}' "$d/agent.log"; }
sent_after ': failover ' > "$d/sent_fo.txt"
sent_after ': slave link down ' > "$d/sent_ld.txt"
awk -v fo="$FAILOVER_OID" -v ld="$LINKDOWN_OID" '
  function ms(t, i) { return (t == "") ? "-" : sprintf("%.3f", (t - k[i]) / 1e6) }
  FILENAME == ARGV[1] && $1 == "kernel" { k[++nk] = $2; s[nk] = $3 }
  FILENAME == ARGV[1] && $1 == "trap" && $3 == fo { r[++nr] = $2 }
  FILENAME == ARGV[1] && $1 == "trap" && $3 == ld { rd[++nrd] = $2 }
  FILENAME == ARGV[2] { a[++na] = $1 }
  FILENAME == ARGV[3] { ad[++nad] = $1 }
  FILENAME == ARGV[4] { pt[++np] = $1 * 1000; pv[np] = $2 }
  END {
    for (j = 1; j <= np; j++) {        # the failover each sighting follows
      for (i = nk; i >= 1 && k[i] > pt[j]; i--) ;
      if (i >= 1 && pv[j] == s[i] && !(i in p)) p[i] = pt[j]
    }
    for (i = 1; i <= nk; i++)
      print i, ms(ad[i], i), ms(rd[i], i), ms(a[i], i), ms(r[i], i), ms(p[i], i)
  }' "$d/obs.txt" "$d/sent_fo.txt" "$d/sent_ld.txt" "$d/poll.txt" > "$d/per.txt"
col() { awk -v c="$1" '$c != "-" {print $c}' "$d/per.txt" > "$d/col$1.txt"; echo "$d/col$1.txt"; }
sld=$(col 2) rld=$(col 3) sfo=$(col 4) lat=$(col 5) pol=$(col 6)
check_eq "every failover trap after its kernel event" 0 "$(awk '$5 != "-" && $5 <= 0' "$d/per.txt" | wc -l)"
check_eq "one link-down trap a failover" "$nk" "$(count "$rld")"
missed=$(( nk - $(count "$pol") ))
read -r _ lmed lp95 _ lmax <<< "$(stats "$lat")"
read -r _ pmed pp95 _ _ <<< "$(stats "$pol")"
ms() { awk -v x="$1" 'BEGIN { if (x == "-") print "-"; else printf "%.1f\n", x }'; }

# ---- the section
part_begin "Failover → trap latency"
part <<EOT
What: the time from the kernel's failover to the bwBondFailover notification
at snmptrapd, over $nk failovers$( [ "$BENCH_QUICK" = 1 ] && echo " (quick run)" ): cable pulls of the active slave,
alternately eth0's and eth1's, 1.1–1.7 s apart (random, fixed seed).
bond0: active-backup, miimon 100, fail_over_mac active, primary_reselect
failure (a cable put back does not fail back). snmpd as master with the
shipped config plus one trap2sink (snmptrapd's port), bondagentx -d,
snmptrapd; one vCPU.

- **Kernel event**: the bonding driver's own timestamp on its "(slave X):
  making interface the new active one" record (/dev/kmsg, µs), mapped to the
  wall clock by a marker the observer writes to /dev/kmsg when it reads the
  record (tests/tools/bench_failover_watch.c). The kernel's time, not that
  of a listener that has to be scheduled first.
- **Receipt at snmptrapd**: the kernel's receive timestamp (SO_TIMESTAMPNS)
  of the trap datagram to snmptrapd's port on lo, taken by a packet socket
  in the same observer, which decodes snmpTrapOID.0. Chosen over the
  TRAP_TIMES traphandle (a sh + date per trap: milliseconds of fork and exec
  under TCG, after snmptrapd's own parsing) and over embedded perl (not
  installed): it adds nothing and excludes the receiver's own work.
  snmptrapd stands for the NMS on another machine; on the one vCPU its
  parsing of the link-down trap would run before snmpd sends the failover
  trap, so it is stopped (SIGSTOP) while the failovers run and continued
  afterwards: its socket (8 MiB) keeps the datagrams, and its log must then
  hold every failover trap. The observer itself reads only every 250 ms.
- **Baseline**: a 1 s poller in the same VM over the same failovers, a bash
  loop reading /sys/class/net/bond0/bonding/active_slave at a fixed 1 Hz;
  its latency is the time it saw the change − the kernel's stamp.

EOT
lat_ok() { [ "$(count "$lat")" -gt 0 ] && le "$lp95" 10; }
table_begin
row "Failover → trap at snmptrapd (ms)" "$(ms "$lmed")" "$(ms "$lp95")" "1 s sysfs poller: failover → seen (ms)" \
  "$(ms "$pmed")" "$(ms "$pp95")" "p95 < 10 ms" "$(verdict lat_ok)"
row "Failover traps at snmptrapd (count)" "$nr" "-" "kernel failovers" "$nk" "-" "= kernel failovers" \
  "$(verdict test "$nr" = "$nk" -a "$nt" = "$nk")"
row "Failovers not reported (count)" "$(( nk > nt ? nk - nt : 0 ))" "-" "missed by the poller" "$missed" "-" "0" \
  "$(verdict test "$nt" -ge "$nk")"
part <<EOT

Where the time goes, in ms after the kernel's stamp over the $nk failovers. The
kernel reports the slave's link going down just before the failover (same
miimon round), so the agent sends a link-down notification first and the
failover one right after it; snmpd turns each into a trap, in that order (a
negative time: the agent ran on the CPU between the slave's message and the
kernel worker's failover record):

| Step | min | median | p95 | max |
|---|---:|---:|---:|---:|
EOT
hop() { local m p lo hi; read -r _ m p lo hi <<< "$(stats "$2")"; part_line "| $1 | $(ms "$lo") | $(ms "$m") | $(ms "$p") | $(ms "$hi") |"; }
hop "bondagentx sends the link-down Notify (AgentX)" "$sld"
hop "snmpd's link-down trap reaches snmptrapd's port" "$rld"
hop "bondagentx sends the failover Notify" "$sfo"
hop "**snmpd's failover trap reaches snmptrapd's port**" "$lat"
hop "baseline: the 1 s poller sees the change" "$pol"
part_line ""
if lat_ok; then
  part_line "Target met: p95 $(ms "$lp95") ms, against $(ms "$pp95") ms for the 1 s poller."
else
  part_line "Target missed: p95 $(ms "$lp95") ms (max $(ms "$lmax") ms), against $(ms "$pp95") ms for the 1 s poller."
fi
part <<'EOT'

What bounds it (traced with ftrace sched and syscall events in this VM while
the benchmark was written): the kernel finishes the failover (about 1 ms
after its record) before user space runs; bondagentx reads the burst of
link messages and sends the link-down Notify, then the failover one, and
the first wakes snmpd, which takes the CPU. The rest is snmpd, 2–4 ms of CPU
per notification under TCG: it parses the AgentX Notify, makes an SNMPv1
copy whose agent address it looks up with get_myaddr() (a socket and an
ioctl per interface), sends it to the trap sink and answers the
subagent; the failover trap is the second in line. The tail: a failover
that meets one of snmpd's own periodic cache reloads (IF-MIB's ifTable,
every 3 s: tens to hundreds of ms under TCG) waits for it, and the VM's
vCPU is a host thread sharing two cores with whatever else runs there.

Left as it is: sending the failover before the slave's link-down (tried
while this benchmark was written: median 4.9 ms, p95 9.4 ms on a quiet host)
would meet the target, but the NMS would then see the effect before its
cause; the agent keeps the kernel's order.
EOT
part_show
finish
