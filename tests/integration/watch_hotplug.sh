#!/bin/bash
# bondmgr watch: keeps the kernel converged from link events.
# Members created after it started are enslaved; a member deleted and
# created again is re-enslaved within 1 s with nothing else bounced; a bond
# deleted by hand comes back; it never acts while the apply lock is held.
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/watch.XXXXXX)
cfg=$dir/bond.yaml log=$dir/watch.log
export BONDMGR_LOCK=$dir/lock BONDWATCH_OVERRIDES=$dir/ov.yaml
enslaved() { [ "$(cat /sys/class/net/$2/master/ifindex 2>/dev/null)" = "$(cat /sys/class/net/$1/ifindex)" ]; }
complete() {   # bond0 with both members, its address and its default route
  enslaved bond0 eth0 && enslaved bond0 wlan0 &&
    ip -o addr show dev bond0 | grep -q 192.0.2.10/24 &&
    ip route show default | grep -q 'via 192.0.2.1 dev bond0'
}

topo_lan
seed_config "$cfg"
"$BONDMGR" -c "$cfg" watch > "$log" 2>&1 &
wp=$!
# ---- started before the members exist (the boot race)
check "watch starts with no member present" wait_until 10 ip link show bond0
check "the bond carries its address already" wait_until 5 bash -c 'ip -o addr show dev bond0 | grep -q 192.0.2.10/24'
topo_member eth0 lan0
check "eth0 appears: enslaved" wait_until 5 enslaved bond0 eth0
topo_member wlan0 lan1
check "wlan0 appears: enslaved" wait_until 5 enslaved bond0 wlan0
check "bond complete: members, address, default route" wait_until 5 complete
check "eth0 (the primary) active" wait_until 5 active_is bond0 eth0
check "gateway answers" wait_until 10 ping_gw

# ---- wlan0 deleted and created again (a replugged dongle)
wait_until 5 bond_settled bond0
monitor_start
ip link del wlan0
check "wlan0 gone" wait_until 5 bash -c '! ip link show wlan0'
# The netdev first (what a replug makes), timed; then its cable. The time
# is the watcher's: from the netdev's creation to its own log line of the
# enslave (the test's polling under TCG would add its own delay).
n_before=$(grep -c '+ wlan0 member of bond0' "$log")
t0=$(date +%s%3N)     # before: an upper bound, the netdev appears during `ip link add`
ip link add wlan0 type veth peer name lan1 netns lan
if wait_until 5 enslaved bond0 wlan0 &&
   wait_until 5 bash -c "[ \$(grep -c '+ wlan0 member of bond0' '$log') -gt $n_before ]"; then
  when=$(grep '+ wlan0 member of bond0' "$log" | tail -n1 | cut -d' ' -f1)
  ms=$(( $(date -d "$when" +%s%3N) - t0 ))
  note "wlan0 re-enslaved at most ${ms} ms after it was created (watch log: $when)"
  check "re-enslaved within 1 s (${ms} ms)" test "$ms" -le 1000
else
  fail "wlan0 not re-enslaved"
fi
lan ip link set lan1 master br0
lan ip link set lan1 up
wait_until 5 bond_settled bond0
seen=$(monitor_stop | tr -d '\0')
note "ip monitor saw:"; printf '%s\n' "$seen" | cut -c1-150 | sed 's/^/#   /' | head -n 30
check "eth0 never went down" bash -c "! printf '%s\n' \"\$1\" | grep -E '^[0-9]+: eth0[:@]' | grep -v ',UP' | grep -q ." _ "$seen"
check "bond0 never went down" bash -c "! printf '%s\n' \"\$1\" | grep -E '^[0-9]+: bond0[:@]' | grep -v ',UP' | grep -q ." _ "$seen"
check "no address or route of bond0 was deleted" bash -c "! printf '%s\n' \"\$1\" | grep -E '^Deleted (default|[0-9]+: bond0 +inet)'" _ "$seen"
check "bond0 kept address and route" complete

# ---- nothing to do: nothing written
monitor_start
ip link set eth0 alias bw-test   # an event on a member that needs nothing
seen=$(monitor_stop | tr -d '\0')
check "an event that needs nothing: nothing but that event" bash -c "[ \$(printf '%s\n' \"\$1\" | grep -c .) -le 2 ]" _ "$seen"

# ---- the bond deleted by hand
ip link del bond0
check "bond0 deleted by hand: recreated, complete" wait_until 5 complete
check "gateway answers again" wait_until 10 ping_gw

# ---- the apply lock: no action while it is held, then a re-plan
exec 9> "$BONDMGR_LOCK"
flock 9
ip link set wlan0 nomaster
if wait_until 2 enslaved bond0 wlan0; then fail "lock held: watch acted"; else ok "lock held: watch does not act"; fi
exec 9>&-
check "lock released: wlan0 enslaved again" wait_until 5 enslaved bond0 wlan0

# ---- the log: one timestamped line per action
check "log: timestamped enslave line" grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z \+ wlan0 member of bond0$' "$log"
check "log: bond recreated" grep -Eq 'Z \+ bond0 create mode active-backup' "$log"
kill -TERM $wp; wait $wp; rc=$?
check_eq "SIGTERM: watch exits 0" 0 "$rc"
note "watch log:"; sed 's/^/#   /' "$log" | head -n 60

# ---- events lost (ENOBUFS): a tiny socket buffer and a burst of 200 links
# with the release of wlan0 in the middle; the re-read finds it.
BONDMGR_WATCH_RCVBUF=1 "$BONDMGR" -c "$cfg" watch > "$dir/watch2.log" 2>&1 &
wp=$!
wait_until 10 grep -q watching "$dir/watch2.log"
{ for i in $(seq 1 100); do echo "link add bwd$i type dummy"; done
  echo "link set wlan0 nomaster"
  for i in $(seq 101 200); do echo "link add bwd$i type dummy"; done; } > "$dir/batch"
ip -batch "$dir/batch"
check "burst: the watcher lost events and said so" wait_until 10 grep -q ENOBUFS "$dir/watch2.log"
check "burst: wlan0 enslaved again after the re-read" wait_until 10 enslaved bond0 wlan0
kill -TERM $wp; wait $wp
finish
