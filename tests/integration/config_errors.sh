#!/bin/bash
# Bad input: every file in tests/config/bad and tests/config/system
# through `bondmgr check` and `bondmgr apply` on a real kernel. Each must exit
# 1 with exactly the errors its `# expect:` lines name, printed as
# FILE:LINE:COL: error: ... followed by the source line and a caret, and the
# kernel must not change (ip monitor sees nothing; the state is identical).
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/cfgerr.XXXXXX)
export BONDMGR_LOCK=$dir/lock

# The system tests/config/README.md describes, with real links. Wireless
# cases use a stand-in sysfs root (veth is not wireless; the real Wi-Fi
# detection is tested with mac80211_hwsim).
topo_lan
for l in eth0 eth1 wlan0 wlan1 eth2 eth3 eth4; do topo_member "$l" "p$l"; done
ip link add bond7 type bond mode active-backup
ip link set eth2 master bond7
ip link add br0 type bridge
ip link set eth3 master br0
ip link add bond0 type bond mode active-backup
ip link set eth4 master bond0
export BONDMGR_SYSFS=$dir/sys
mkdir -p "$BONDMGR_SYSFS/class/net/wlan0/wireless" "$BONDMGR_SYSFS/class/net/wlan1/phy80211"

# check_file FILE CMD [ARGS]: run bondmgr CMD on FILE and compare what it
# prints with the file's header (one awk: processes are slow under TCG).
check_file() {
  local f=$1 cmd=$2 rc
  shift 2
  "$BONDMGR" -c "$f" "$cmd" "$@" 2> "$dir/err" > /dev/null; rc=$?
  awk -v F="$f" -v RC="$rc" -v CMD="$cmd" '
    # A line that gives a password is shown up to its key only (diag.c).
    function shown(l,   p, c) {
      p = match(tolower(l), /password/); if (!p) return l
      c = index(substr(l, p), ":"); if (!c) return l
      c += p - 1
      return c + 11 < length(l) ? substr(l, 1, c) " (hidden)" : substr(l, 1, c)
    }
    FNR == NR {
      src[FNR] = $0
      if (match($0, /^# expect: [0-9]+:[0-9]+: error: /)) {
        rest = substr($0, 11); p = index(rest, ": error: ")
        pos[++nw] = substr(rest, 1, p - 1); txt[nw] = substr(rest, p + 9)
      }
      next
    }
    { out[++no] = $0; if (index($0, F ":") == 1 && $0 ~ /^[^ ]*:[0-9]+:[0-9]+: error: /) ngot++ }
    END {
      bad = (nw > 0 && RC != 1) || (nw == 0 && RC != 0) || (nw != ngot + 0)
      for (i = 1; i <= nw; i++) {
        found = 0
        for (j = 1; j <= no; j++) {
          if (index(out[j], F ":" pos[i] ": error: ") != 1 || !index(out[j], txt[i])) continue
          split(pos[i], lc, ":")
          if (out[j + 1] == shown(src[lc[1]]) && out[j + 2] ~ /^ *\^$/) found = 1
        }
        if (!found) { bad = 1; print "    # missing or without source line and caret: " pos[i] ": " txt[i] }
      }
      if (bad) {
        printf "    # %s exit %d, expected %d error(s), got %d; output:\n", CMD, RC, nw, ngot
        for (j = 1; j <= no && j <= 12; j++) print "    #   " out[j]
      }
      exit bad
    }' "$f" "$dir/err"
}

wait_until 5 bash -c '! ip -o addr | grep -q tentative'
before=$(kernel_snapshot)
monitor_start
n=0
for f in "$ROOT"/tests/config/bad/*.yaml "$ROOT"/tests/config/system/*.yaml; do
  rel=${f#"$ROOT"/}
  n=$((n + 1))
  if grep -q '^# expect: .*error' "$f"; then
    # check, then apply for real: neither may touch the kernel
    if (cd "$ROOT" && check_file "$rel" check && check_file "$rel" apply --resolv-conf "$dir/resolv.conf") > "$dir/one" 2>&1
    then ok "$rel: check and apply exit 1 with the expected errors"; else fail "$rel"; cat "$dir/one"; fi
  else
    if (cd "$ROOT" && check_file "$rel" check) > "$dir/one" 2>&1
    then ok "$rel: passes check"; else fail "$rel"; cat "$dir/one"; fi
  fi
done
check "at least 25 bad files were tried" test "$n" -ge 25
seen=$(monitor_stop)
check_eq "ip monitor saw no change while bondmgr refused $n files" "" "$seen"
check_eq "kernel state identical" "$before" "$(kernel_snapshot)"
check "nothing written to resolv.conf" test ! -e "$dir/resolv.conf"
finish
