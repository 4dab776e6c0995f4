#!/bin/bash
# bench/apply_speed.sh - benchmark 5: `bondmgr apply` against the
# iproute2 script an admin would write instead. Runs in the test VM (real
# bonding driver): bench/run apply_speed.
#
#   1. The seed (bond0 over eth0 + wlan0, address, default route, DNS) from
#      "empty" (members up, no bond, no address, no resolv.conf): bondmgr
#      apply vs a sh script of ip commands that leaves the same kernel state
#      (checked once, snapshot against snapshot).
#   2. The no-op: bondmgr apply on the converged state (0 writes, counted by
#      BONDMGR_REPORT_WRITES and watched by ip monitor) vs the cheapest
#      honest baseline: the script cannot run twice ("File exists"), so it is
#      the three reads a script needs to see that nothing differs.
#   3. The same for 64 bonds of 2 veth members each, against one `ip -batch`
#      (the fast baseline) and, with BENCH_PLAIN64=1, once against the plain
#      script (one ip process per command: 20 to 40 s).
#   4. Process start-up in this VM, with address-space randomisation on (as
#      shipped) and off, to tell our work from what exec costs under TCG.
# Every time is wall clock around the whole command as a user runs it,
# process start-up included ($EPOCHREALTIME: no fork for the clock). Both
# sides run installed binaries: bondmgr is copied to /usr/sbin (where `make
# install` puts it), so that neither is read through the 9p share of the
# working tree.
#
# vm-timeout: 400
. "$(dirname "$0")/../tests/integration/lib.bash"
. "$(dirname "$0")/lib.bash"

if [ "$BENCH_QUICK" = 1 ]; then N=4 N64=2 NSTART=4; else N=10 N64=5 NSTART=10; fi
NB=64
# The plain 64-bond script (449 ip processes) takes 20 to 40 s a run in this
# VM, a fifth of the time budget: once, on request only.
PLAIN64=${BENCH_PLAIN64:-0}

phase() { echo "# apply_speed: ${SECONDS}s: $*"; }
die() { echo "apply_speed: FAILED: $*" >&2; part_line ""; part_line "**Sanity check failed:** $*"; exit 1; }
dir=$(mktemp -d /tmp/apply_speed.XXXXXX)
export BONDMGR_LOCK=$dir/lock BONDMGR_REPORT_WRITES=1 BONDWATCH_OVERRIDES=$dir/overrides.yaml
resolv=$dir/resolv.conf
install -m 755 "$BONDMGR" /usr/sbin/bondmgr || die "cannot install $BONDMGR"
B=/usr/sbin/bondmgr
ASLR=/proc/sys/kernel/randomize_va_space
aslr0=$(cat $ASLR)
at_exit 'echo "$aslr0" > $ASLR'

# timed FILE CMD...: run CMD (stdout to $dir/out, stderr to $dir/err),
# append its wall time in ms (0.1 ms) to FILE; returns CMD's status.
timed() {
  local f=$1 t0 t1 rc; shift
  t0=$EPOCHREALTIME
  "$@" > "$dir/out" 2> "$dir/err"; rc=$?
  t1=$EPOCHREALTIME
  t0=$(( (${t1/./} - ${t0/./}) / 100 ))
  echo "$((t0 / 10)).$((t0 % 10))" >> "$f"
  return $rc
}
writes_of() { sed -n 's/^bondmgr: \([0-9]*\) netlink writes$/\1/p' "$dir/err"; }
apply() { "$B" -c "$1" apply --resolv-conf "$resolv"; }
# The kernel state for "same state" comparisons: lib.bash's snapshot without
# ifindexes (a bond created anew gets a new one), sorted, plus the bonding
# driver's own view (failure counters stripped).
state() {
  kernel_snapshot | sed -E 's/^[0-9]+: //' | sort
  grep -v 'Link Failure Count' /proc/net/bonding/*
}
# All bonds settled: an active slave each, no MII status down or going, and
# each bond's IPv6 link-local address there and out of DAD (the kernel adds
# it only once the carrier is seen, up to a second later: linkwatch).
all_settled() {
  local n
  n=$(awk '/^Currently Active Slave: / { n++; if ($4 == "None") bad = 1 }
           /^MII Status: (down|going)/ { bad = 1 }
           END { if (!bad && n) print n }' /proc/net/bonding/* 2>/dev/null)
  [ -n "$n" ] && ip -o addr show > "$dir/addrs" &&
    ! grep -q tentative "$dir/addrs" &&
    [ "$(grep -c '^[0-9]*: bond[0-9]* *inet6 fe80:' "$dir/addrs")" = "$n" ]
}
settled_state() {   # settled_state FILE: wait for the kernel to settle, save state()
  wait_until 30 all_settled || die "the bonds did not settle within 30 s"
  state > "$1"
}
same_state() {   # same_state WHAT A B: the two saved states are equal, or die
  if ! diff -u "$2" "$3" > "$dir/diff"; then
    sed 's/^/#   /' "$dir/diff" | head -n 40
    die "$1: the kernel state differs from bondmgr's (diff in the console)"
  fi
}
resolv_lines() { grep -v '^#' "$1" 2>/dev/null; }
# noop_pair CONFIG READ-SCRIPT TAG: one no-op apply and one run of the
# read-only baseline, which goes first alternating with $i.
noop_pair() {
  local cfgf=$1 read=$2 tag=$3
  if [ $((i % 2)) = 0 ]; then
    timed "$dir/$tag-noop-ours" apply "$cfgf" || { cat "$dir/err"; die "$tag no-op apply (rep $i) failed"; }
    [ -s "$dir/out" ] && { head "$dir/out"; die "the $tag no-op apply printed a plan"; }
    writes_of >> "$dir/$tag-noop-writes"
    timed "$dir/$tag-noop-read" sh "$read" || die "the $tag read-only baseline failed"
  else
    timed "$dir/$tag-noop-read" sh "$read" || die "the $tag read-only baseline failed"
    timed "$dir/$tag-noop-ours" apply "$cfgf" || { cat "$dir/err"; die "$tag no-op apply (rep $i) failed"; }
    [ -s "$dir/out" ] && { head "$dir/out"; die "the $tag no-op apply printed a plan"; }
    writes_of >> "$dir/$tag-noop-writes"
  fi
}

# ---- the seed ---------------------------------------------------------------
cfg=$dir/seed.yaml
seed_config "$cfg"
topo_lan
topo_member eth0 lan0
topo_member wlan0 lan1
printf 'link del bond0\nlink set eth0 up\nlink set wlan0 up\n' > "$dir/empty-seed"
empty_seed() { ip -force -batch "$dir/empty-seed" 2>/dev/null; rm -f "$resolv"; }

# What an admin would type instead: the same options, the primary given at
# creation (the kernel keeps its name until eth0 is enslaved), the members
# taken down to be enslaved (the driver brings them up), resolv.conf by hand.
cat > "$dir/seed-ip.sh" <<EOF
set -e
ip link add bond0 type bond mode active-backup miimon 200 updelay 200 downdelay 0 fail_over_mac active primary eth0 primary_reselect always
ip link set eth0 down
ip link set eth0 master bond0
ip link set wlan0 down
ip link set wlan0 master bond0
ip link set bond0 up
ip addr add 192.0.2.10/24 dev bond0
ip route add default via 192.0.2.1 dev bond0
printf 'nameserver 192.0.2.53\nsearch example.net\n' > $resolv
EOF
seed_script_writes=$(grep -c '^ip ' "$dir/seed-ip.sh")
# The no-op baseline: what a script has to read to see that nothing differs.
printf 'ip -d link show bond0\nip addr show\nip route show\n' > "$dir/seed-read.sh"

phase "seed: same state"
empty_seed
apply "$cfg" > "$dir/plan" 2>&1 || { cat "$dir/plan"; die "bondmgr apply of the seed failed"; }
settled_state "$dir/state-ours"
resolv_lines "$resolv" > "$dir/resolv-ours"
[ -s "$dir/resolv-ours" ] || die "bondmgr wrote no resolv.conf"
empty_seed
sh "$dir/seed-ip.sh" || die "the iproute2 seed script failed"
settled_state "$dir/state-script"
resolv_lines "$resolv" > "$dir/resolv-script"
same_state "seed" "$dir/state-ours" "$dir/state-script"
same_state "seed resolv.conf" "$dir/resolv-ours" "$dir/resolv-script"
echo "# seed: bondmgr and the script leave the same kernel state and resolv.conf"

phase "seed: apply from empty x$N"
for ((i = 0; i < N; i++)); do
  for who in $( [ $((i % 2)) = 0 ] && echo "ours script" || echo "script ours"); do
    empty_seed
    if [ $who = ours ]; then
      timed "$dir/seed-apply-ours" apply "$cfg" || { cat "$dir/err"; die "bondmgr apply (rep $i) failed"; }
      writes_of >> "$dir/seed-apply-writes"
    else
      timed "$dir/seed-apply-script" sh "$dir/seed-ip.sh" || { cat "$dir/err"; die "seed script (rep $i) failed"; }
    fi
    [ -e /proc/net/bonding/bond0 ] || die "no bond0 after the $who apply"
  done
done

# No-op on the converged state: zero writes, and ip monitor sees nothing.
phase "seed: no-op x$N, start-up x$NSTART"
empty_seed
apply "$cfg" > /dev/null 2>&1 || die "bondmgr apply of the seed failed"
wait_until 30 all_settled || die "bond0 did not settle"
apply "$cfg" > /dev/null 2>&1    # untimed warm-up
monitor_start
for ((i = 0; i < N; i++)); do noop_pair "$cfg" "$dir/seed-read.sh" seed; done
# Process start-up in this VM, randomisation on (as shipped) and off: QEMU
# TCG translates the code a process runs and reuses a translation only at
# the same virtual address, so code mapped at random addresses (PIE, shared
# libraries) is translated again by every new process.
for ((i = 0; i < NSTART; i++)); do
  for a in 2 0; do
    echo $a > $ASLR
    timed "$dir/start$a-true" /bin/true
    timed "$dir/start$a-version" "$B" --version
    timed "$dir/start$a-ip" ip -V
    timed "$dir/start$a-noop" apply "$cfg" || die "no-op apply failed"
    timed "$dir/start$a-read" sh "$dir/seed-read.sh" || die "the read-only baseline failed"
  done
done
echo "$aslr0" > $ASLR
# The no-op's user-space work in instructions, which do not depend on the
# emulation (callgrind, when valgrind is installed).
cg_text=
if command -v valgrind > /dev/null; then
  phase "seed: callgrind of one no-op"
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$B" -c "$cfg" apply \
    --resolv-conf "$resolv" > /dev/null 2> "$dir/cg.err" || die "the no-op under callgrind failed"
  ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$dir/cg.err")
  [ -n "$ir" ] && cg_text=" Under callgrind the seed no-op executes $(awk -v n="$ir" 'BEGIN { printf "%.2f", n / 1e6 }') million
user-space instructions, dynamic loading included: natively, well under a
millisecond."
fi
seen=$(monitor_stop)
[ -z "$seen" ] || { echo "$seen"; die "ip monitor saw changes during the seed no-ops"; }
seed_noop_writes_max=$(sort -n "$dir/seed-noop-writes" | tail -n1)
[ "$seed_noop_writes_max" = 0 ] || die "a no-op apply made $seed_noop_writes_max writes"

# ---- 64 bonds ---------------------------------------------------------------
phase "64 bonds: topology"
ip link del bond0
# Members m<i>a (primary) and m<i>b, peers q<i>a/q<i>b up in the lan
# namespace (carrier; no bridge: nothing is sent). bond0 carries the seed's
# 192.0.2.10/24, the default route and DNS; bond<i> 198.51.100.<4i+1>/30.
for ((i = 0; i < NB; i++)); do
  echo "link add m${i}a type veth peer name q${i}a netns lan"
  echo "link add m${i}b type veth peer name q${i}b netns lan"
done > "$dir/topo64"
ip -batch "$dir/topo64" || die "cannot create the 64-bond topology"
for ((i = 0; i < NB; i++)); do echo "link set q${i}a up"; echo "link set q${i}b up"; done > "$dir/peers64"
lan ip -batch "$dir/peers64" || die "cannot bring the peers up"
# Tear-down: the bonds go in one deletion (a device group: one unregister
# for all, where 64 deletions take seconds here), the members come back up.
{ for ((i = 0; i < NB; i++)); do echo "link set bond$i group 99"; done
  echo "link del group 99"
  for ((i = 0; i < NB; i++)); do echo "link set m${i}a up"; echo "link set m${i}b up"; done
} > "$dir/empty64"
empty64() {
  ip -force -batch "$dir/empty64" 2>/dev/null; rm -f "$resolv"
  [ -z "$(ls /proc/net/bonding 2>/dev/null)" ] || die "tear-down left bonds: $(ls /proc/net/bonding)"
}
addr64() { if [ "$1" = 0 ]; then echo 192.0.2.10/24; else echo "198.51.100.$((4 * $1 + 1))/30"; fi; }
{
  printf 'network:\n  version: 2\n  bonds:\n'
  for ((i = 0; i < NB; i++)); do
    printf '    bond%d:\n      interfaces: [m%da, m%db]\n      addresses: [%s]\n' "$i" "$i" "$i" "$(addr64 $i)"
    [ $i = 0 ] && printf '      routes:\n        - to: default\n          via: 192.0.2.1\n      nameservers:\n        addresses: [192.0.2.53]\n        search: [example.net]\n'
    printf '      parameters:\n        mode: active-backup\n        primary: m%da\n        primary-reselect-policy: always\n        fail-over-mac-policy: active\n        mii-monitor-interval: 200\n        up-delay: 200\n        down-delay: 0\n' "$i"
  done
} > "$dir/b64.yaml"
# The same as ip commands: one file for `ip -batch`, and the plain script.
for ((i = 0; i < NB; i++)); do
  echo "link add bond$i type bond mode active-backup miimon 200 updelay 200 downdelay 0 fail_over_mac active primary m${i}a primary_reselect always"
  echo "link set m${i}a down"; echo "link set m${i}a master bond$i"
  echo "link set m${i}b down"; echo "link set m${i}b master bond$i"
  echo "link set bond$i up"
  echo "addr add $(addr64 $i) dev bond$i"
  [ $i = 0 ] && echo "route add default via 192.0.2.1 dev bond0"
done > "$dir/b64.batch"
b64_script_writes=$(wc -l < "$dir/b64.batch")
{ echo "set -e"; echo "ip -batch $dir/b64.batch"
  echo "printf 'nameserver 192.0.2.53\nsearch example.net\n' > $resolv"; } > "$dir/b64-batch.sh"
{ echo "set -e"; sed 's/^/ip /' "$dir/b64.batch"
  echo "printf 'nameserver 192.0.2.53\nsearch example.net\n' > $resolv"; } > "$dir/b64-plain.sh"
printf 'ip -d link show\nip addr show\nip route show\n' > "$dir/b64-read.sh"

# Same state, once each: bondmgr, ip -batch, and the plain script when asked
# (timed: its only run).
phase "64 bonds: same state (bondmgr, ip -batch$([ "$PLAIN64" = 1 ] && echo ", plain script"))"
empty64
apply "$dir/b64.yaml" > "$dir/plan" 2>&1 || { tail -n 20 "$dir/plan"; die "bondmgr apply of 64 bonds failed"; }
[ "$(ls /proc/net/bonding | wc -l)" = $NB ] || die "bondmgr made $(ls /proc/net/bonding | wc -l) bonds, not $NB"
settled_state "$dir/state64-ours"
resolv_lines "$resolv" > "$dir/resolv64-ours"
if [ "$PLAIN64" = 1 ]; then
  empty64
  timed "$dir/b64-apply-plain" sh "$dir/b64-plain.sh" || { tail "$dir/err"; die "the plain 64-bond script failed"; }
  settled_state "$dir/state64-plain"
  same_state "64 bonds, plain script" "$dir/state64-ours" "$dir/state64-plain"
fi
empty64
sh "$dir/b64-batch.sh" || die "the ip -batch 64-bond script failed"
settled_state "$dir/state64-batch"
same_state "64 bonds, ip -batch" "$dir/state64-ours" "$dir/state64-batch"
resolv_lines "$resolv" > "$dir/resolv64-batch"
same_state "64 bonds resolv.conf" "$dir/resolv64-ours" "$dir/resolv64-batch"
echo "# 64 bonds: bondmgr and the script$([ "$PLAIN64" = 1 ] && echo "s") leave the same kernel state and resolv.conf"

phase "64 bonds: apply from empty x$N64"
for ((i = 0; i < N64; i++)); do
  for who in $( [ $((i % 2)) = 0 ] && echo "ours batch" || echo "batch ours"); do
    timed "$dir/b64-empty" empty64
    if [ $who = ours ]; then
      timed "$dir/b64-apply-ours" apply "$dir/b64.yaml" || { tail "$dir/err"; die "bondmgr apply of 64 bonds (rep $i) failed"; }
      writes_of >> "$dir/b64-apply-writes"
    else
      timed "$dir/b64-apply-batch" sh "$dir/b64-batch.sh" || { tail "$dir/err"; die "ip -batch (rep $i) failed"; }
    fi
  done
done

# The last run left the 64 bonds (bondmgr's and the batch's states are the
# same; only resolv.conf's header differs, rewritten by the first apply).
phase "64 bonds: no-op x$N"
apply "$dir/b64.yaml" > /dev/null 2>&1 || die "bondmgr apply of 64 bonds failed"
wait_until 30 all_settled || die "the 64 bonds did not settle"
apply "$dir/b64.yaml" > /dev/null 2>&1    # untimed warm-up
monitor_start
for ((i = 0; i < N; i++)); do noop_pair "$dir/b64.yaml" "$dir/b64-read.sh" b64; done
seen=$(monitor_stop)
[ -z "$seen" ] || { echo "$seen" | head; die "ip monitor saw changes during the 64-bond no-ops"; }
b64_noop_writes_max=$(sort -n "$dir/b64-noop-writes" | tail -n1)
[ "$b64_noop_writes_max" = 0 ] || die "a 64-bond no-op apply made $b64_noop_writes_max writes"
phase "done"

# ---- the section -----------------------------------------------------------
m() { median "$dir/$1"; }
p() { p95 "$dir/$1"; }
mp() { echo "$(m "$1") / $(p "$1")"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
ms_row() {   # ms_row MEASURE OURS BASELINE-TEXT BASE TARGET-TEXT MET
  row "$1" "$(m "$2")" "$(p "$2")" "$3" "$(m "$4")" "$(p "$4")" "$5" "$6"
}
part_begin "Apply time: bondmgr apply vs an iproute2 script"
part <<EOT
Wall-clock time of the whole command as an admin runs it, process start-up
included, in ms: \`bondmgr apply\` (installed in /usr/sbin) against a \`sh\`
script of \`ip\` commands that leaves the same kernel state (checked once per
case: \`ip -d link\`, \`ip addr\`, \`ip route\` and /proc/net/bonding after
the bonds settle, ifindexes aside, and resolv.conf). "Empty": the members
exist and are up, no bond, no address, no resolv.conf, restored between runs
(bonds deleted, untimed); bondmgr and the script alternate, each going first
in turn. $N runs each for the seed, $N64 for 64 bonds (2 veth members each,
bond0 with the seed's address, default route and DNS, bond1..63 a
198.51.100.x/30 each). $([ "$PLAIN64" = 1 ] && echo "The plain 64-bond script (one \`ip\` process per command) ran once." ||
echo "The plain 64-bond script (one \`ip\` process per command, 20 to 40 s a
run here) is left out of the time budget: BENCH_PLAIN64=1 adds one run.")

EOT
table_begin
ms_row "Apply seed from empty" seed-apply-ours "sh script: $seed_script_writes ip commands + resolv.conf" \
  seed-apply-script "≤ script" "$(verdict le "$(m seed-apply-ours)" "$(m seed-apply-script)")"
ms_row "No-op re-apply, seed" seed-noop-ours "sh: ip -d link show bond0; ip addr; ip route (read only)" \
  seed-noop-read "≤ 10 ms" "$(verdict le "$(m seed-noop-ours)" 10)"
ms_row "Apply 64 bonds from empty" b64-apply-ours "sh: one \`ip -batch\` of $b64_script_writes commands + resolv.conf" \
  b64-apply-batch "≤ script" "$(verdict le "$(m b64-apply-ours)" "$(m b64-apply-batch)")"
[ "$PLAIN64" = 1 ] &&
  ms_row "Apply 64 bonds from empty" b64-apply-ours "sh script: $b64_script_writes ip commands + resolv.conf (1 run)" \
    b64-apply-plain "≤ script" "$(verdict le "$(m b64-apply-ours)" "$(m b64-apply-plain)")"
ms_row "No-op re-apply, 64 bonds" b64-noop-ours "sh: ip -d link show; ip addr; ip route (read only)" \
  b64-noop-read "≤ 10 ms" "$(verdict le "$(m b64-noop-ours)" 10)"
row "Netlink writes, seed apply" "$(m seed-apply-writes)" "$(p seed-apply-writes)" "ip commands of the script" \
  "$seed_script_writes" "$seed_script_writes" "—" "—"
row "Netlink writes, seed no-op" "$(m seed-noop-writes)" "$(p seed-noop-writes)" "(the script cannot run twice: File exists)" \
  "-" "-" "0" "$(verdict test "$seed_noop_writes_max" = 0)"
row "Netlink writes, 64-bond apply" "$(m b64-apply-writes)" "$(p b64-apply-writes)" "ip commands of the script" \
  "$b64_script_writes" "$b64_script_writes" "—" "—"
row "Netlink writes, 64-bond no-op" "$(m b64-noop-writes)" "$(p b64-noop-writes)" "(the script cannot run twice)" \
  "-" "-" "0" "$(verdict test "$b64_noop_writes_max" = 0)"
part <<EOT

Zero writes on a no-op is counted twice: bondmgr's own count
(BONDMGR_REPORT_WRITES) and \`ip monitor link address route\` running through
all the no-op runs, which saw nothing. bondmgr makes more writes than the
script: the primary is a step of its own after the enslaves, and each enslave
is followed by an explicit "up" that the driver has done already; each is a
netlink round trip in one process, where each \`ip\` command of a script is a
process of its own.

**Where a no-op's time goes.** Process start-up in this VM, ms (median / p95
of $NSTART), with address-space randomisation on (as shipped) and off
(\`randomize_va_space=0\`, for this table only):

| Command | randomisation on | off |
|---|---:|---:|
| \`/bin/true\` | $(mp start2-true) | $(mp start0-true) |
| \`bondmgr --version\` (same binary and libraries as apply) | $(mp start2-version) | $(mp start0-version) |
| \`ip -V\` | $(mp start2-ip) | $(mp start0-ip) |
| \`bondmgr apply\`, seed no-op | $(mp start2-noop) | $(mp start0-noop) |
| read-only baseline (sh + 3 \`ip\`) | $(mp start2-read) | $(mp start0-read) |

The 10 ms no-op target is missed because of process start-up under QEMU
TCG, not because of the no-op's work: \`/bin/true\` alone takes
$(m start2-true) ms here. TCG translates the guest code each process runs, and
this QEMU reuses a translation only for code at the same virtual address
(hence the second column); position-independent
binaries and shared libraries land at random addresses, so the dynamic loader,
libc, libnl and libyaml are translated again by every process. Without
randomisation the same no-op takes $(m start0-noop) ms, of
which \`bondmgr --version\` is $(m start0-version) ms: the no-op's own work
(lock, one dump each of links, addresses and routes, parsing and checking
the file, planning, reading resolv.conf) is about
$(sub "$(m start0-noop)" "$(m start0-version)") ms in this emulated CPU
($(sub "$(m start2-noop)" "$(m start2-version)") ms with randomisation,
translation included).$cg_text The
script pays the same start-up once per \`ip\` command, which is why bondmgr
wins from empty by a wide margin and why \`ip -batch\` (one process) is the
baseline that tells the work apart.
EOT
part_show
