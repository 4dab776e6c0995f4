# bench/lib.bash - sourced by every bench/*.sh. Those run INSIDE the test VM
# (tests/vm/run, real bonding driver) as root, and each adds one section to
# bench/results/latest.md: bench/run collects the sections ("parts") in
# order. The VM shares the working tree read-write, so a part written here
# is on the host when the VM stops.
#
# Numbers are reported the same way everywhere: median and p95 (nearest
# rank) of N repetitions, next to a baseline measured in the same run, with
# the ratio ours / baseline so the reader sees both magnitude and direction.
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_NAME=$(basename "$0" .sh)
BENCH_PARTS=${BENCH_PARTS:-$BENCH_ROOT/bench/results/parts}
BENCH_PART=$BENCH_PARTS/$BENCH_NAME.md
# A quick run (bench/run --quick) for developing a benchmark: fewer
# repetitions, figures not for publishing. Each script scales its own counts.
BENCH_QUICK=${BENCH_QUICK:-0}

# stats FILE: "N MEDIAN P95 MIN MAX" of the numbers in FILE (one per line).
# The median of an even count is the mean of the middle two; p95 is the
# nearest-rank value (ceil(0.95 N)), an observed sample, never interpolated.
stats() {
  sort -g "$1" | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "0 - - - -"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      i = int(0.95 * NR); if (i < 0.95 * NR) i++; if (i < 1) i = 1
      printf "%d %s %s %s %s\n", NR, fmt(m), v[i], v[1], v[NR]
    }
    function fmt(x) { return (x == int(x)) ? x : sprintf("%.2f", x) }'
}
median() { stats "$1" | cut -d' ' -f2; }
p95()    { stats "$1" | cut -d' ' -f3; }
count()  { stats "$1" | cut -d' ' -f1; }

# ratio A B: A / B to two places; "n/a" when B is 0 or not a number.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (b + 0 == 0 || a == "-" || b == "-") print "n/a"; else printf "%.2f\n", a / b }'
}
# le A B / ge A B: numeric comparisons for verdicts (floating point).
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
# verdict CMD...: "yes" when CMD succeeds, else a bold "**no**" that stands
# out in the table (and is counted by bench/run).
verdict() { if "$@"; then echo yes; else echo '**no**'; fi; }

# ---- the part: markdown appended to $BENCH_PART
# part_begin TITLE: start this benchmark's section afresh.
part_begin() {
  mkdir -p "$BENCH_PARTS"
  printf '## %s\n\n' "$1" > "$BENCH_PART"
}
part() { cat >> "$BENCH_PART"; }                  # free text from stdin
part_line() { printf '%s\n' "$*" >> "$BENCH_PART"; }
# The common comparison table: one row a measure.
table_begin() {
  part <<'EOT'
| Measure | bondwatch median | p95 | Baseline | median | p95 | Ratio (median) | Target | Met |
|---|---:|---:|---|---:|---:|---:|---|---|
EOT
}
# row MEASURE OURS_MEDIAN OURS_P95 BASELINE BASE_MEDIAN BASE_P95 TARGET MET
row() {
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$(ratio "$2" "$5")" "$7" "$8" >> "$BENCH_PART"
}
# The same section on the console, so a run is readable as it goes.
part_show() { echo "# ---- $BENCH_NAME"; sed 's/^/# /' "$BENCH_PART"; }

# cpu_ms PID: the CPU time (user + system) PID has used so far, ms:
# fields 14 and 15 of /proc/PID/stat, in clock ticks, counted after the
# command name (which may hold spaces).
BENCH_HZ=$(getconf CLK_TCK)
cpu_ms() {
  local st
  read -r st < "/proc/$1/stat"
  set -- ${st##*) }                       # field 3 (state) on
  echo $(( (${12} + ${13}) * 1000 / BENCH_HZ ))
}

now_ns() { date +%s%N; }
# ms_since NS: whole milliseconds elapsed since the now_ns value NS.
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# The columns a walk returns for each bond and each slave row: the MIB's
# accessible columns of bwBondEntry and bwSlaveEntry, counted from the MIB
# so that a new column does not make a count check stale.
mib_cols() {
  awk -v e="$1" '/OBJECT-TYPE/ { acc = "" } /MAX-ACCESS/ { acc = $2 }
    $0 ~ "::= \\{ " e " [0-9]+ \\}" && acc != "not-accessible" { n++ } END { print n + 0 }' \
    "$BENCH_ROOT/mibs/BONDWATCH-MIB.txt"
}
BOND_COLS=$(mib_cols bwBondEntry) SLAVE_COLS=$(mib_cols bwSlaveEntry)
