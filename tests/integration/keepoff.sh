#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# keepoff.sh - `bondmgr apply` keeps the other network managers off the
# bonds and their members, and unblocks a wireless member's radio
# (issue 14): NetworkManager's drop-in, read by Debian's NetworkManager
# itself (--print-config: no D-Bus needed); dhcpcd.conf's denyinterfaces
# block (dhcpcd installed as a service: Debian's dhcpcd package), every
# other byte of the admin's file kept; the rfkill soft block lifted
# through /dev/rfkill; all of it put back when an apply fails, and shown
# by `bondmgr status`. wlan0 is a mac80211_hwsim radio (not associated:
# the radio's switch and the drop-in need no access point).
# vm-modules: mac80211_hwsim
. "$(dirname "$0")/lib.bash"
dir=$(mktemp -d /tmp/keepoff.XXXXXX)
export BONDMGR_LOCK=$dir/lock
unset BONDMGR_SYSFS BONDMGR_NM_DIR BONDMGR_DHCPCD_CONF   # the real /sys and /etc
cfg=$dir/bond.yaml
dropin=/etc/NetworkManager/conf.d/90-bondwatch.conf
dc=/etc/dhcpcd.conf
apply() { "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" "$@"; }
# config BOND0_MEMBERS [BOND1_MEMBERS]
config() {
  {
    printf 'network:\n  version: 2\n  bonds:\n'
    printf '    bond0:\n      interfaces: [%s]\n' "$1"
    printf '      parameters: {mode: active-backup, primary: eth0, fail-over-mac-policy: active, mii-monitor-interval: 100}\n'
    [ -n "${2:-}" ] && printf '    bond1:\n      interfaces: [%s]\n' "$2"
  } > "$cfg"
}
stamp() { stat -c '%i %y %s' "$@"; }
# The soft state of wlan0's switch, as rfkill(8) (util-linux) reports it.
sw=$(basename "$(echo /sys/class/net/wlan0/phy80211/rfkill*)")
soft_is() { rfkill list "${sw#rfkill}" | grep -q "Soft blocked: $1"; }
# NetworkManager's own view of its configuration ([keyfile] unmanaged-devices).
nm_unmanaged() { NetworkManager --print-config 2>&1 | sed -n '/^\[keyfile\]/,/^\[/s/^unmanaged-devices=//p'; }

for c in NetworkManager rfkill; do
  command -v $c >/dev/null || { fail "$c missing: tools/deps installs network-manager and rfkill"; finish; }
done
[ -e /lib/systemd/system/dhcpcd.service ] || { fail "dhcpcd.service missing: tools/deps installs dhcpcd"; finish; }
[ -e /sys/class/net/wlan0/phy80211 ] && [ -e "/sys/class/rfkill/$sw" ] ||
  { fail "wlan0 or its rfkill switch missing (mac80211_hwsim)"; finish; }

topo_lan
topo_member eth0 lan0
topo_member eth1 lan1
# The admin's dhcpcd.conf: Debian's, with a block of their own at the end
# (a denyinterfaces after it would not count).
printf 'interface eth9\nstatic ip_address=198.51.100.9/24\n' >> "$dc"
cp "$dc" "$dir/dhcpcd.admin"
rm -f "$dropin"
rfkill block "${sw#rfkill}"
check "wlan0's radio is soft-blocked (rfkill list)" soft_is yes

# ---- the plan shows it all; a dry run changes nothing
config "eth0, wlan0" eth1
apply --dry-run > "$dir/plan" 2>&1
check "plan: + the NetworkManager drop-in" grep -qx "+ $dropin (NetworkManager leaves the bonds and members alone)" "$dir/plan"
check "plan: ~ dhcpcd.conf's block added" grep -qx "~ $dc: bondwatch's denyinterfaces block added" "$dir/plan"
check "plan: + wlan0's radio unblocked" grep -qx "+ wlan0 radio soft-unblocked ($sw, $(cat /sys/class/rfkill/$sw/name))" "$dir/plan"
check "dry run: no drop-in, dhcpcd.conf untouched, radio still blocked" \
  bash -c "[ ! -e $dropin ] && cmp -s $dc $dir/dhcpcd.admin && rfkill list ${sw#rfkill} | grep -q 'Soft blocked: yes'"

"$BONDMGR" -c "$cfg" diff > "$dir/diff" 2>&1; rc=$?
check "diff: drift (exit 1) with the drop-in's line" bash -c "[ $rc = 1 ] && grep -qx '+ $dropin (NetworkManager leaves the bonds and members alone)' $dir/diff"

# ---- a first apply that fails after the three writes: all put back
BONDMGR_TEST_FAIL_STEP=4 apply > "$dir/out" 2>&1; rc=$?
check_eq "failing apply exits 1" 1 "$rc"
check "it says the state is restored" grep -q 'state read before apply is restored' "$dir/out"
check "failed apply: no drop-in left" test ! -e "$dropin"
check "failed apply: dhcpcd.conf byte-identical to the admin's" cmp "$dc" "$dir/dhcpcd.admin"
check "failed apply: wlan0's radio soft-blocked again" soft_is yes

# ---- from nothing
apply > "$dir/out" 2>&1; rc=$?
check_eq "apply exits 0" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/    # /' "$dir/out"
check "the drop-in exists" test -f "$dropin"
want='interface-name:=bond0,interface-name:=eth0,interface-name:=wlan0,interface-name:=bond1,interface-name:=eth1'
got=$(nm_unmanaged)
check_eq "NetworkManager --print-config: [keyfile] unmanaged-devices" "$want" "$got"
note "NetworkManager --print-config: $(NetworkManager --print-config 2>&1 | head -1)"
note "  [keyfile] unmanaged-devices=$got"
check "dhcpcd.conf: the block, before the admin's interface block" \
  bash -c "grep -A1 '^# BEGIN bondwatch' $dc | grep -qx 'denyinterfaces bond0 eth0 wlan0 bond1 eth1' &&
           [ \$(grep -n '^# END bondwatch' $dc | cut -d: -f1) -lt \$(grep -n '^interface eth9' $dc | cut -d: -f1) ]"
check "dhcpcd.conf without the block is the admin's, byte for byte" \
  bash -c "sed '/^# BEGIN bondwatch/,/^# END bondwatch\$/d' $dc | cmp -s - $dir/dhcpcd.admin"
check "rfkill list: wlan0 Soft blocked: no" soft_is no
check "wlan0 is a member of bond0" test "$(basename "$(readlink /sys/class/net/wlan0/master)")" = bond0
"$BONDMGR" status > "$dir/status" 2>/dev/null
check "status: NetworkManager line" grep -qx "  NetworkManager: bond0, eth0, wlan0, bond1, eth1 unmanaged ($dropin); not running" "$dir/status"
check "status: dhcpcd line" grep -qx "  dhcpcd: bond0, eth0, wlan0, bond1, eth1 denied ($dc)" "$dir/status"
check "status: rfkill line" grep -qx "  rfkill: wlan0 unblocked ($sw, $(cat /sys/class/rfkill/$sw/name))" "$dir/status"
"$BONDMGR" status --json > "$dir/status.json" 2>/dev/null
check "status --json: keepoff as JSON (jq)" \
  bash -c "jq -e '.keepoff.networkmanager.unmanaged == [\"bond0\",\"eth0\",\"wlan0\",\"bond1\",\"eth1\"] and .keepoff.radios[0].state == \"unblocked\" and .keepoff.dhcpcd.managed' $dir/status.json"

# ---- no-op re-apply: nothing printed, both files untouched (inode, mtime)
before="$(stamp "$dropin" "$dc")"; cp "$dropin" "$dir/dropin.1"; cp "$dc" "$dir/dhcpcd.1"
out=$(apply 2>&1); rc=$?
check_eq "no-op re-apply: exit 0, no plan line" "0:" "$rc:$out"
check_eq "no-op re-apply: drop-in and dhcpcd.conf same inode, mtime, size" "$before" "$(stamp "$dropin" "$dc")"
check "diff: no drift (exit 0)" "$BONDMGR" -c "$cfg" diff

# ---- a change that fails after rewriting both files: the bytes as before
config "eth0"
BONDMGR_TEST_FAIL_STEP=3 apply > "$dir/out" 2>&1; rc=$?
check "failing change: exit 1, restored" bash -c "[ $rc = 1 ] && grep -q 'state read before apply is restored' $dir/out"
check "failing change: drop-in bytes as before" cmp "$dropin" "$dir/dropin.1"
check "failing change: dhcpcd.conf bytes as before" cmp "$dc" "$dir/dhcpcd.1"

# ---- a member (wlan0) and a bond (bond1) taken out of the file
apply > "$dir/out" 2>&1; rc=$?
check_eq "apply without wlan0 and bond1 exits 0" 0 "$rc"
check "plan: ~ the drop-in" grep -qx "~ $dropin (NetworkManager leaves the bonds and members alone)" "$dir/out"
check_eq "NetworkManager --print-config: only bond0 and eth0 now" \
  'interface-name:=bond0,interface-name:=eth0' "$(nm_unmanaged)"
check "dhcpcd.conf: denyinterfaces bond0 eth0" bash -c "grep -A1 '^# BEGIN bondwatch' $dc | grep -qx 'denyinterfaces bond0 eth0'"
check "dhcpcd.conf: the admin's lines intact" \
  bash -c "sed '/^# BEGIN bondwatch/,/^# END bondwatch\$/d' $dc | cmp -s - $dir/dhcpcd.admin"

# ---- bondmgr try, not confirmed: the files as they were before it
cp "$dropin" "$dir/dropin.2"; cp "$dc" "$dir/dhcpcd.2"
config "eth0, wlan0"
"$BONDMGR" -c "$cfg" try --timeout 2 --resolv-conf "$dir/resolv.conf" > "$dir/try.out" 2>&1
check "try: the drop-in named wlan0 while it waited" grep -qx "~ $dropin (NetworkManager leaves the bonds and members alone)" "$dir/try.out"
check "try not confirmed: says it is restored" grep -q 'the state read before try is restored' "$dir/try.out"
check "try not confirmed: drop-in and dhcpcd.conf bytes as before" \
  bash -c "cmp $dropin $dir/dropin.2 && cmp $dc $dir/dhcpcd.2"

# ---- a hostile dhcpcd.conf: a FIFO and a link are refused, nothing hangs
mv "$dc" "$dir/dhcpcd.keep"; mkfifo "$dc"
config "eth0, wlan0"
out=$(timeout 20 "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" 2>&1); rc=$?
check "a FIFO as dhcpcd.conf: refused at once (exit 1, not a timeout)" bash -c "[ $rc = 1 ] && grep -q 'not a regular file' <<< '$out'"
note "$out"
check_eq "…and nothing changed: the drop-in" 'interface-name:=bond0,interface-name:=eth0' "$(nm_unmanaged)"
rm "$dc"; ln -s "$dir/dhcpcd.keep" "$dc"
out=$(timeout 20 "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" 2>&1); rc=$?
check "a symbolic link as dhcpcd.conf: refused (exit 1), the line to add named" \
  bash -c "[ $rc = 1 ] && grep -q 'add \"denyinterfaces bond0 eth0 wlan0\" yourself' <<< '$out'"
rm "$dc"
{ cat "$dir/dhcpcd.keep"; head -c 2000000 /dev/zero | tr '\0' '#'; } > "$dc"
out=$(timeout 20 "$BONDMGR" -c "$cfg" apply --resolv-conf "$dir/resolv.conf" 2>&1); rc=$?
check "a 2 MB dhcpcd.conf: refused (exit 1, too large), the line to add named" \
  bash -c "[ $rc = 1 ] && grep -q 'larger than 1048575 bytes; bondmgr does not edit it: add \"denyinterfaces bond0 eth0 wlan0\"' <<< '$out'"
note "$out"
mv "$dir/dhcpcd.keep" "$dc"

# ---- a hard block is reported, not fought. hwsim radios have no hard
# switch: a sysfs stand-in (BONDMGR_SYSFS) with the kernel's layout
# (class/net/IF/phy80211/rfkillN/{hard,soft,name}) says wlan0's is on.
fake=$dir/sys/class/net/wlan0/phy80211/rfkill7
mkdir -p "$fake"; echo 1 > "$fake/hard"; echo 0 > "$fake/soft"; echo phy9 > "$fake/name"
BONDMGR_SYSFS=$dir/sys apply > "$dir/out" 2>&1; rc=$?
check_eq "hard-blocked radio: apply still exits 0 (wlan0 enslaved, without link)" 0 "$rc"
check "hard-blocked radio: a warning naming the switch" \
  grep -q "warning: wlan0: the radio is hard-blocked (rfkill7, phy9)" "$dir/out"
check "hard-blocked radio: no rfkill step planned" bash -c "! grep -q 'radio soft' $dir/out"
check "status: wlan0 hard-blocked" \
  bash -c "BONDMGR_SYSFS=$dir/sys '$BONDMGR' status 2>/dev/null | grep -qx '  rfkill: wlan0 hard-blocked (rfkill7, phy9)'"
finish
