# bench/bonds.bash - many bonds at once, for walk_rate.sh and scale.sh
# (sourced after tests/integration/lib.bash, inside the VM). Bond b is "bond$b" with NS
# veth slaves e${b}s0.. (primary e${b}s0) whose peers l${b}s* are up in
# netns lan: no bridge, a carrier is all a slave needs to be up.

# add_bonds FROM TO: bonds FROM..TO-1, in one `ip -batch` for the links and
# one for the peers (one process each: hundreds of `ip` processes would
# take minutes under TCG). Creates netns lan if needed.
add_bonds() {
  local b s
  ip netns list | grep -qw lan || ip netns add lan
  for b in $(seq "$1" $(($2 - 1))); do
    echo "link add bond$b type bond mode active-backup miimon 100"
    for s in $(seq 0 $((NS - 1))); do
      echo "link add e${b}s$s type veth peer name l${b}s$s netns lan"
      echo "link set e${b}s$s master bond$b"
    done
    echo "link set bond$b type bond primary e${b}s0"
    echo "link set bond$b up"
  done > "$d/links.batch"
  for b in $(seq "$1" $(($2 - 1))); do
    for s in $(seq 0 $((NS - 1))); do echo "link set l${b}s$s up"; done
  done > "$d/peers.batch"
  ip -batch "$d/links.batch" && ip -n lan -batch "$d/peers.batch"
}
# bonds_up NB: every one of the NB bonds and all its slaves are up, and
# each has an active slave.
bonds_up() {
  [ "$(cat /proc/net/bonding/bond* | grep -c '^MII Status: up')" = $(($1 * (NS + 1))) ] &&
    [ "$(cat /proc/net/bonding/bond* | grep -c '^Currently Active Slave: e')" = "$1" ]
}
