#!/usr/bin/env bash
# benches/paired.sh: the throughput and peak memory of the current build of
# gazet against a reference commit (default 9f8f318), measured in pairs on
# the Tehran Times corpus.
#
# Why: the refactor (the Extractor API, sources and sinks) must not make
# gazet slower. Two runs taken minutes apart see different machine loads;
# here the two binaries alternate run by run (ref, new, new, ref, ...), so
# each pair sees about the same load and neither is always second, and the ratio of the medians says
# whether the current build is faster (below 1) or slower (above 1).
#
# What it does:
#   1. builds the reference in a temporary git worktree, with its own target
#      directory in the work directory (reused by later runs), and the
#      current checkout with `cargo build --release` (scripts/lib.sh);
#   2. decompresses ../shared/data/news/tehran_times.jsonl.gz into the work
#      directory (once);
#   3. runs `gazet extract tehran_times.jsonl -o OUT --text-field text`
#      (as benches/compare.sh measures gazet), N pairs of runs, ref first
#      in odd pairs and new first in even ones (the second of two runs of
#      one binary was 3 to 4% the faster on this machine), each
#      run under GNU time (wall clock, CPU use, peak resident memory; the
#      output directory is emptied between runs, outside the timing);
#   4. prints a markdown table: each pair's wall seconds, CPU and peak RSS,
#      the medians, and new/ref of the median wall times, with the machine's
#      cores, its load average at the start and end, and both commits. The
#      table also goes to WORK/paired.md.
#
# Usage: benches/paired.sh [--ref COMMIT] [--runs N] [--shared DIR] [--threads N]
#                          [--text-field F]... [--work DIR] [--keep]
#   --ref COMMIT     the reference commit (default 9f8f318)
#   --runs N         pairs of runs (default 5)
#   --shared DIR     the shared data, holding data/news (default: ../shared
#                    beside the repository root)
#   --threads N      pass -j N to both binaries (default: theirs, one thread
#                    per core)
#   --text-field F   JSONL field to match; repeatable (default: text only)
#   --work DIR       work directory (default ${TMPDIR:-/tmp}/gazet-ref, shared
#                    with scripts/same-tables.sh: the reference build and the
#                    decompressed corpus are reused)
#   --keep           keep the reference worktree (WORK/ref-src) at the end
#   -h, --help       this text
#
# Both binaries must accept the same options: extract's INPUTS, -o,
# --text-field and -j are in both. A run of gazet ending with exit status 1
# (some documents rejected) counts; any other failure stops the script
# (exit 2). Five pairs take about two minutes on two cores, plus the builds.

set -euo pipefail

PROG=paired.sh
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ROOT=$GAZET_ROOT

REF=$DEFAULT_REF
RUNS=5
SHARED=$ROOT/../shared
THREADS=
FIELDS=()
WORK_ARG=$DEFAULT_WORK

while [[ $# -gt 0 ]]; do
    case $1 in
    --ref) REF=${2:?--ref takes a commit} && shift ;;
    --runs) RUNS=${2:?--runs takes a number} && shift ;;
    --shared) SHARED=${2:?--shared takes a directory} && shift ;;
    --threads) THREADS=${2:?--threads takes a number} && shift ;;
    --text-field) FIELDS+=("${2:?--text-field takes a field name}") && shift ;;
    --work) WORK_ARG=${2:?--work takes a directory} && shift ;;
    --keep) KEEP=1 ;;
    -h | --help)
        sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
positive_int "$RUNS"
[[ -z $THREADS ]] || positive_int "$THREADS"
((${#FIELDS[@]})) || FIELDS=(text)
SHARED=$(shared_dir "$SHARED")
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"
for c in git cargo gzip awk; do
    command -v "$c" >/dev/null || die "$c is needed"
done

work_init "$WORK_ARG"
log "work directory $WORK"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

build_ref "$REF"
build_new

CORPUS=$WORK/inputs/tehran_times.jsonl
decompress "$SHARED/data/news/tehran_times.jsonl.gz" "$CORPUS"

ARGS=("$CORPUS")
for f in "${FIELDS[@]}"; do
    ARGS+=(--text-field "$f")
done
[[ -z $THREADS ]] || ARGS+=(-j "$THREADS")

P=$WORK/paired
rm -rf "$P"
mkdir -p "$P"

# Untimed: the corpus into the page cache and both binaries off the disk, so
# that the first run (the reference's) does not pay for them alone.
cat "$CORPUS" >/dev/null
"$REF_BIN" --version >/dev/null
"$NEW_BIN" --version >/dev/null
LOAD_RUNS=$(cut -d' ' -f1-3 /proc/loadavg)

# measure SIDE I BIN: one run of BIN under GNU time; appends "wall cpu rss_kb"
# to P/SIDE.txt.
measure() {
    local side=$1 i=$2 bin=$3 status=0 out=$P/out-$1
    rm -rf "$out"
    /usr/bin/time -v -o "$P/$side.$i.time" "$bin" extract "${ARGS[@]}" -o "$out" \
        >"$P/$side.$i.log" 2>&1 || status=$?
    if ((status > 1)); then
        # GNU time writes "Command exited with non-zero status" first.
        die "$side gazet failed (exit $status): $(tail -3 "$P/$side.$i.log")"
    fi
    awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0
            for (j = 1; j <= n; j++) s = s * 60 + p[j]
            w = s }
        /Percent of CPU/ { c = $2 }
        /Maximum resident set size/ { r = $2 }
        END { print w, c, r }' "$P/$side.$i.time" >>"$P/$side.txt"
}

log "$RUNS pairs: gazet extract tehran_times.jsonl -o OUT ${ARGS[*]:1}"
for ((i = 1; i <= RUNS; i++)); do
    # The order alternates (ref, new; then new, ref): the second run of a
    # pair was measured 3 to 4% faster than the first with the same binary
    # twice, which a fixed order would credit to the new build.
    if ((i % 2)); then
        measure ref "$i" "$REF_BIN"
        measure new "$i" "$NEW_BIN"
    else
        measure new "$i" "$NEW_BIN"
        measure ref "$i" "$REF_BIN"
    fi
    log "pair $i: ref $(sed -n "${i}p" "$P/ref.txt" | cut -d' ' -f1) s, new $(sed -n "${i}p" "$P/new.txt" | cut -d' ' -f1) s"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# median FILE COLUMN: the median of a column (the mean of the middle two
# when the count is even).
median() {
    awk -v c="$2" '{ print $c + 0 }' "$1" | sort -g |
        awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

{
    echo "## Paired runs: ${NEW_COMMIT:0:7} (new) against ${REF_COMMIT:0:7} (ref)"
    echo
    echo "- ref: $REF_DESC"
    echo "- new: $NEW_DESC"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')); load average (1, 5, 15 min) at the start: $LOAD_START, before the first run: $LOAD_RUNS, at the end: $LOAD_END"
    echo "- command: \`gazet extract tehran_times.jsonl -o OUT ${ARGS[*]:1}\` ($(stat -c %s "$CORPUS") bytes of JSONL); pairs: $RUNS, ref first in odd pairs, new first in even ones"
    if awk -v l="${LOAD_RUNS%% *}" -v n="$(nproc)" 'BEGIN { exit !(l + 0 >= n / 2) }'; then
        echo "- **warning: the machine was busy before the first run (load $LOAD_RUNS on $(nproc) cores): see the CPU columns**"
    fi
    echo
    echo "| pair | ref wall (s) | new wall (s) | new/ref | ref CPU | new CPU | ref peak RSS (MB) | new peak RSS (MB) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    paste -d' ' "$P/ref.txt" "$P/new.txt" | awk '{ printf "| %d | %.2f | %.2f | %.3f | %s | %s | %.1f | %.1f |\n",
        NR, $1, $4, ($1 > 0 ? $4 / $1 : 0), $2, $5, $3 / 1024, $6 / 1024 }'
    rw=$(median "$P/ref.txt" 1)
    nw=$(median "$P/new.txt" 1)
    echo "| **median** | **$rw** | **$nw** | **$(ratio "$nw" "$rw")** | $(median "$P/ref.txt" 2)% | $(median "$P/new.txt" 2)% | $(mb "$(median "$P/ref.txt" 3)") | $(mb "$(median "$P/new.txt" 3)") |"
    echo
    echo "Median of the pairs' own new/ref: $(paste -d' ' "$P/ref.txt" "$P/new.txt" |
        awk '{ print ($1 > 0 ? $4 / $1 : 0) }' >"$P/ratios.txt" && median "$P/ratios.txt" 1 |
        awk '{ printf "%.3f", $1 }') (less swayed than the ratio of the medians when the load changes from pair to pair)."
    echo
    echo "new/ref below 1: the current build is faster. The median row's new/ref is the ratio of the median wall times (not the median of the ratios). CPU is user + system time over wall time (200% is two cores busy all along). Logs and GNU time's reports: $P."
} | tee "$WORK/paired.md"
