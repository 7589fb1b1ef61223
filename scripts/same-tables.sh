#!/usr/bin/env bash
# scripts/same-tables.sh: checks that the current checkout writes the same
# CSV tables, byte for byte, as a reference commit (default 9f8f318) on real
# data: mentions.csv, documents.csv and rejects.csv.
#
# Why: the refactor (the Extractor API, sources and sinks) must not change
# gazet's output. The tests cover small cases; this runs both builds on the
# seed articles and on whole news corpora, and compares with cmp.
#
# What it does:
#   1. builds the reference gazet in a temporary git worktree of COMMIT, with
#      its own target directory in the work directory (kept: a second run
#      with the same work directory does not build it again);
#   2. builds the current checkout with `cargo build --release`;
#   3. decompresses the corpora of the shared data into the work directory
#      (once), and imports GeoNames' cities15000 with the reference binary
#      (`gazet gazetteer import geonames ... --all-scripts`);
#   4. runs both binaries on each input:
#        seeds             gazet extract SHARED/seeds -o OUT
#        tehran_times      gazet extract tehran_times.jsonl -o OUT --text-field title --text-field text
#        reuters21578      gazet extract reuters21578.jsonl -o OUT --text-field title --text-field text
#        tehran_20mb+geo   the first 20 MB of tehran_times.jsonl (whole lines)
#                          with -g GEONAMES.csv
#      (only options that both versions have);
#   5. compares the three tables of each run with cmp and prints a markdown
#      table (rows of each table, same or DIFFERENT) with the commits
#      compared; for each difference, the first differing line of each side.
#
# Usage: scripts/same-tables.sh [--ref COMMIT] [--shared DIR] [--work DIR] [--keep]
#   --ref COMMIT   the reference commit (default 9f8f318)
#   --shared DIR   the shared data, holding seeds/ and data/ (default: ../shared
#                  beside the repository root)
#   --work DIR     work directory: reference build, decompressed corpora,
#                  outputs (default ${TMPDIR:-/tmp}/gazet-ref, shared with
#                  benches/paired.sh); it is kept between runs
#   --keep         keep the reference worktree (WORK/ref-src) at the end
#   -h, --help     this text
#
# Exit status: 0 all tables are identical, 1 some differ (or an exit status
# of gazet differs), 2 error (a build failed, data missing, gazet failed).
# The table is also written to WORK/same-tables.md, the tables and gazet's
# logs are left in WORK/same-tables/INPUT/{ref,new}. On two cores, the first
# run takes about five minutes (two release builds of 1.5 to 2.5 minutes
# each); later runs with the same work directory, the reference already
# built, about 20 seconds plus the current checkout's incremental build.

set -euo pipefail

PROG=same-tables.sh
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$GAZET_ROOT

REF=$DEFAULT_REF
SHARED=$ROOT/../shared
WORK_ARG=$DEFAULT_WORK

while [[ $# -gt 0 ]]; do
    case $1 in
    --ref) REF=${2:?--ref takes a commit} && shift ;;
    --shared) SHARED=${2:?--shared takes a directory} && shift ;;
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

SHARED=$(shared_dir "$SHARED")
[[ -d $SHARED/seeds ]] || die "no seeds/ in $SHARED"
GEONAMES_GZ=$SHARED/data/geonames/cities15000.txt.gz
[[ -f $GEONAMES_GZ ]] || die "not found: $GEONAMES_GZ"
for c in git cargo gzip cmp diff awk; do
    command -v "$c" >/dev/null || die "$c is needed"
done

work_init "$WORK_ARG"
log "work directory $WORK"

# ---------------------------------------------------------------- builds

build_ref "$REF"
build_new

# ---------------------------------------------------------------- inputs

IN=$WORK/inputs
TEHRAN=$IN/tehran_times.jsonl
REUTERS=$IN/reuters21578.jsonl
TEHRAN20=$IN/tehran_times-20mb.jsonl
decompress "$SHARED/data/news/tehran_times.jsonl.gz" "$TEHRAN"
decompress "$SHARED/data/news/reuters21578.jsonl.gz" "$REUTERS"
if [[ -f $TEHRAN20 && $TEHRAN20 -nt $TEHRAN ]]; then
    log "reusing $TEHRAN20"
else
    # Whole lines only: the first 20 MB, the line cut in two dropped.
    head -c 20000000 "$TEHRAN" | sed '$d' >"$TEHRAN20.tmp"
    mv "$TEHRAN20.tmp" "$TEHRAN20"
fi
# The GeoNames gazetteer, made by the reference: both sides read the same file.
GEONAMES=$IN/geonames-all-${REF_COMMIT:0:12}.csv
if [[ -f $GEONAMES && $GEONAMES -nt $GEONAMES_GZ ]]; then
    log "reusing $GEONAMES"
else
    log "gazetteer import geonames $GEONAMES_GZ --all-scripts (reference binary)"
    "$REF_BIN" gazetteer import geonames "$GEONAMES_GZ" --all-scripts --out "$GEONAMES.tmp.csv" \
        2>"$IN/geonames-import.log" ||
        die "the GeoNames import failed: $(tail -3 "$IN/geonames-import.log")"
    mv "$GEONAMES.tmp.csv" "$GEONAMES"
fi

# ---------------------------------------------------------------- runs

INPUTS=(seeds tehran_times reuters21578 tehran_20mb+geo)
# input_args NAME: sets ARGS, the extract arguments of input NAME (all but -o),
# and LABEL, how the table shows them.
input_args() {
    case $1 in
    seeds)
        ARGS=("$SHARED/seeds")
        LABEL="seeds/"
        ;;
    tehran_times)
        ARGS=("$TEHRAN" --text-field title --text-field text)
        LABEL="tehran_times.jsonl --text-field title --text-field text"
        ;;
    reuters21578)
        ARGS=("$REUTERS" --text-field title --text-field text)
        LABEL="reuters21578.jsonl --text-field title --text-field text"
        ;;
    tehran_20mb+geo)
        ARGS=("$TEHRAN20" -g "$GEONAMES")
        LABEL="first 20 MB of tehran_times.jsonl -g GeoNames cities15000 (--all-scripts)"
        ;;
    *) die "no input $1" ;;
    esac
}

TABLES=(mentions.csv documents.csv rejects.csv)
OUTS=$WORK/same-tables
declare -A STATUS

# run_one INPUT SIDE BIN: gazet extract into OUTS/INPUT/SIDE; its stderr goes
# to OUTS/INPUT/SIDE.log. Exit status 1 (some documents rejected) is a
# complete run; anything above is a failure.
run_one() {
    local input=$1 side=$2 bin=$3 out=$OUTS/$1/$2 status=0 t0
    rm -rf "$out" "$out.log"
    mkdir -p "$OUTS/$input"
    t0=$(date +%s.%N)
    "$bin" extract "${ARGS[@]}" -o "$out" >"$out.log" 2>&1 || status=$?
    STATUS[$input.$side]=$status
    if ((status > 1)); then
        die "$side gazet failed on $input (exit $status): $(tail -3 "$out.log")"
    fi
    log "$input: $side done in $(human_secs "$t0") s (exit $status)"
}

# csv_rows FILE: the records of FILE less the header. A quoted cell may hold
# a newline, so a record ends at a newline outside quotes: where the count
# of " so far is even (a quote in a cell is written "").
csv_rows() {
    [[ -f $1 ]] || {
        echo "absent"
        return
    }
    awk '{ q += gsub(/"/, "") } q % 2 == 0 { n++ } END { print (n > 0 ? n - 1 : 0) }' "$1"
}

# first_diff A B: the first line where A and B differ, from cmp's message.
first_diff() {
    local msg
    msg=$(cmp "$1" "$2" 2>&1 || true)
    if [[ $msg =~ differ:\ (byte|char)\ [0-9]+,\ line\ ([0-9]+) ]]; then
        echo "${BASH_REMATCH[2]}"
    elif [[ $msg =~ EOF\ on\ .*\ in\ line\ ([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]}"
    elif [[ $msg =~ EOF\ on\ .*\ after\ byte\ [0-9]+,\ line\ ([0-9]+) ]]; then
        echo $((BASH_REMATCH[1] + 1)) # the shorter file ends after whole lines
    else
        echo 1 # "EOF on A which is empty"
    fi
}

ROWS=()
DETAILS=()
DIFFERENT=0
for input in "${INPUTS[@]}"; do
    input_args "$input"
    log "$input: gazet extract $LABEL"
    run_one "$input" ref "$REF_BIN"
    run_one "$input" new "$NEW_BIN"
    row="| $input | \`$LABEL\` |"
    for t in "${TABLES[@]}"; do
        a=$OUTS/$input/ref/$t
        b=$OUTS/$input/new/$t
        ra=$(csv_rows "$a")
        rb=$(csv_rows "$b")
        rows=$([[ $ra == "$rb" ]] && echo "$ra" || echo "$ra ref, $rb new")
        if [[ ! -f $a && ! -f $b ]]; then
            verdict="same (absent)"
        elif [[ -f $a && -f $b ]] && cmp -s "$a" "$b"; then
            verdict=same
        else
            verdict="**DIFFERENT**"
            DIFFERENT=1
            if [[ -f $a && -f $b ]]; then
                n=$(first_diff "$a" "$b")
                DETAILS+=("### $input: $t" ""
                    "$(cmp "$a" "$b" 2>&1 || true)" ""
                    "First differing line, $n (< reference, > current):" ""
                    '```'
                    "$(diff <(sed -n "${n}{p;q}" "$a") <(sed -n "${n}{p;q}" "$b") | cut -c1-2000 || true)"
                    '```' "")
                if ((n > 1)); then
                    DETAILS+=("The header: \`$(head -1 "$a" | cut -c1-300)\`" "")
                fi
            else
                DETAILS+=("### $input: $t" "" "only $([[ -f $a ]] && echo "the reference" || echo "the current build") wrote it" "")
            fi
        fi
        row+=" $rows | $verdict |"
    done
    sa=${STATUS[$input.ref]}
    sb=${STATUS[$input.new]}
    if [[ $sa == "$sb" ]]; then
        row+=" $sa |"
    else
        row+=" **$sa ref, $sb new** |"
        DIFFERENT=1
        DETAILS+=("### $input: exit status" "" "the reference exited $sa, the current build $sb (logs: $OUTS/$input/{ref,new}.log)" "")
    fi
    ROWS+=("$row")
done

# ---------------------------------------------------------------- report

{
    echo "## Same tables: ${REF_COMMIT:0:7} (reference) and ${NEW_COMMIT:0:7} (current)"
    echo
    echo "- reference: $REF_DESC"
    echo "- current:   $NEW_DESC"
    echo "- data: $SHARED; outputs in $OUTS"
    echo
    echo "| input | extract arguments | mentions.csv rows | mentions.csv | documents.csv rows | documents.csv | rejects.csv rows | rejects.csv | exit |"
    echo "|---|---|---:|---|---:|---|---:|---|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    if ((DIFFERENT)); then
        echo "**The tables differ.**"
        echo
        printf '%s\n' "${DETAILS[@]}"
    else
        echo "All tables are identical, byte for byte."
    fi
} | tee "$WORK/same-tables.md"

exit "$DIFFERENT"
