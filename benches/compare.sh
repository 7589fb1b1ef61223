#!/usr/bin/env bash
# benches/compare.sh: gazet's throughput and memory beside ripgrep, FlashText
# and spaCy's PhraseMatcher, measured side by side in one run on the same
# input and the same alias lists (issue 5). Not part of CI: a full run takes
# about ten minutes on two cores, four to six of them ripgrep with the large
# list.
#
# What it does:
#   1. builds gazet (cargo build --release) and installs what is missing
#      (flashtext and spacy with pip, ripgrep with cargo);
#   2. decompresses the corpus once into a work directory (JSONL: one object
#      per line with `id` and `text`), or its first N MB with --quick;
#   3. writes two alias lists with `gazet gazetteer names`: "default", every
#      name of gazet's built-in gazetteers, and "large", every name of
#      GeoNames' cities15000 imported with gazet's own importer
#      (--all-scripts);
#   4. times each tool with GNU time (wall clock, peak resident memory) and
#      prints one markdown table, with gazet's ratio to each tool and the
#      targets of issue 5 marked PASS or FAIL; the table, the machine, the
#      versions and the exact commands go to $OUT/compare.md as well.
#
# Throughput is megabytes (10^6 bytes) of article text (the UTF-8 bytes of
# the `text` fields) per second of wall time, for every tool, so the rates
# compare even though ripgrep scans whole JSONL lines. gazet's time is its
# whole process (reading, gazetteer load and build, writing the tables);
# FlashText's and spaCy's is their matching loop (JSON parsing included),
# their build time is reported apart, and their peak memory is that of the
# whole Python process.
#
# Usage: benches/compare.sh [options] [CORPUS.jsonl[.gz]]
#   CORPUS          default ../shared/data/news/tehran_times.jsonl.gz
#   --quick [MB]    only the first MB megabytes of the corpus (default 5),
#                   one run of each measurement: to test the script
#   --spacy-mb MB   spaCy's slice of the corpus (default 10; spaCy is slow)
#   --rg-timeout S  stop ripgrep after S seconds (default 600): with 80,000
#                   names it took six minutes here, and may take longer
#   --runs N        runs of each gazet, FlashText and spaCy measurement,
#                   the median is reported (default 3; 1 with --quick);
#                   ripgrep runs once
#   --out DIR       where compare.md goes (default: the work directory)
# The work directory is ${TMPDIR:-/tmp}/gazet-compare; it is emptied first.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=$ROOT/../shared/data/news/tehran_times.jsonl.gz
GEONAMES=$ROOT/../shared/data/geonames/cities15000.txt.gz
QUICK_MB=
SPACY_MB=10
RG_TIMEOUT=600
RUNS=
OUT=
WORK=${TMPDIR:-/tmp}/gazet-compare

die() {
    echo "compare.sh: $*" >&2
    exit 2
}

while [[ $# -gt 0 ]]; do
    case $1 in
    --quick)
        QUICK_MB=5
        if [[ ${2:-} =~ ^[0-9]+$ ]]; then
            QUICK_MB=$2
            shift
        fi
        ;;
    --spacy-mb) SPACY_MB=${2:?--spacy-mb takes a number of MB} && shift ;;
    --rg-timeout) RG_TIMEOUT=${2:?--rg-timeout takes seconds} && shift ;;
    --runs) RUNS=${2:?--runs takes a number} && shift ;;
    --out) OUT=${2:?--out takes a directory} && shift ;;
    -h | --help)
        sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) CORPUS=$1 ;;
    esac
    shift
done
for n in "$SPACY_MB" "$RG_TIMEOUT" ${RUNS:+"$RUNS"} ${QUICK_MB:+"$QUICK_MB"}; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "'$n' is not a positive whole number"
done
if [[ -z $RUNS ]]; then
    RUNS=$([[ -n $QUICK_MB ]] && echo 1 || echo 3)
fi
[[ -f $CORPUS ]] || die "corpus not found: $CORPUS"
[[ -f $GEONAMES ]] || die "GeoNames dump not found: $GEONAMES"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"
CORPUS=$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")
GEONAMES=$(cd "$(dirname "$GEONAMES")" && pwd)/$(basename "$GEONAMES")

rm -rf "$WORK"
mkdir -p "$WORK"/{logs,time,out}
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
COMMANDS=$WORK/commands.txt
: >"$COMMANDS"

log() { echo "== $*" >&2; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- tools

log "building gazet"
(cd "$ROOT" && cargo build --release --quiet)
GAZET=${CARGO_TARGET_DIR:-$ROOT/target}/release/gazet
[[ -x $GAZET ]] || die "no gazet binary at $GAZET"

python3 -c 'import flashtext' 2>/dev/null || {
    log "installing flashtext 2.7"
    python3 -m pip install --quiet flashtext==2.7
}
python3 -c 'import spacy' 2>/dev/null || {
    log "installing spacy"
    python3 -m pip install --quiet spacy
}
command -v rg >/dev/null || {
    log "installing ripgrep"
    cargo install --quiet --locked ripgrep
    export PATH=$HOME/.cargo/bin:$PATH
}

# ---------------------------------------------------------------- inputs

log "decompressing $CORPUS"
PLAIN=$WORK/corpus.jsonl
if [[ $(head -c2 "$CORPUS" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
    gzip -dc "$CORPUS" >"$WORK/full.jsonl"
else
    cp "$CORPUS" "$WORK/full.jsonl"
fi
if [[ -n $QUICK_MB ]]; then
    # Whole lines only: the first QUICK_MB megabytes, the cut line dropped.
    head -c $((QUICK_MB * 1000000)) "$WORK/full.jsonl" | sed '$d' >"$PLAIN"
    rm "$WORK/full.jsonl"
    gzip -6 -c "$PLAIN" >"$WORK/corpus.jsonl.gz"
    GZ=$WORK/corpus.jsonl.gz
else
    mv "$WORK/full.jsonl" "$PLAIN"
    if [[ $CORPUS == *.gz ]]; then
        GZ=$CORPUS
    else
        gzip -6 -c "$PLAIN" >"$WORK/corpus.jsonl.gz"
        GZ=$WORK/corpus.jsonl.gz
    fi
fi
# spaCy's slice: the documents in the first SPACY_MB megabytes.
SPACY_BYTES=$((SPACY_MB * 1000000))

# The corpus ten times over, each copy's ids made distinct: gazet flags a
# repeated id and keeps one 16-byte hash per distinct id, so copies with the
# same ids would hide the growth a real corpus ten times larger brings.
python3 - "$PLAIN" "$WORK/corpus-x10.jsonl" <<'EOF'
"""Writes CORPUS ten times to OUT, the id of copy c suffixed with '#c'.
Lines that open with their id ({"id": "...) get the suffix spliced in, the
rest of the line left byte for byte; others are parsed and rewritten."""
import json, sys
from json.decoder import scanstring
src, dst = sys.argv[1], sys.argv[2]
PREFIX = '{"id": "'
with open(dst, "w", encoding="utf-8") as out:
    for c in range(10):
        with open(src, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                if line.startswith(PREFIX):
                    end = scanstring(line, len(PREFIX))[1] - 1  # the closing quote
                    out.write(f"{line[:end]}#{c}{line[end:]}")
                else:
                    o = json.loads(line)
                    o["id"] = f"{o.get('id', '')}#{c}"
                    out.write(json.dumps(o, ensure_ascii=False) + "\n")
EOF

# Bytes of article text: of the corpus, of ×10, and of spaCy's slice.
read -r TEXT_BYTES DOCS SLICE_BYTES SLICE_DOCS < <(python3 - "$PLAIN" "$SPACY_BYTES" <<'EOF'
"""Prints the UTF-8 bytes of the `text` fields and the documents, of the whole
corpus and of its documents within the first N bytes (spaCy's slice)."""
import json, sys
total = docs = read = sbytes = sdocs = 0
limit = int(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        read += len(line.encode("utf-8"))
        n = len((json.loads(line).get("text") or "").encode("utf-8"))
        total += n
        docs += 1
        if read <= limit:
            sbytes += n
            sdocs += 1
print(total, docs, sbytes, sdocs)
EOF
)
X10_BYTES=$((TEXT_BYTES * 10))

log "alias lists"
"$GAZET" gazetteer names >"$WORK/aliases-default.txt"
echo "$GAZET gazetteer import geonames $GEONAMES --all-scripts --out $WORK/geonames-all.csv" >>"$COMMANDS"
"$GAZET" gazetteer import geonames "$GEONAMES" --all-scripts --out "$WORK/geonames-all.csv" 2>"$WORK/logs/import.err"
LARGE_PLACES=$(grep -o '[0-9]* places written' "$WORK/logs/import.err" | cut -d' ' -f1 || true)
"$GAZET" gazetteer names "$WORK/geonames-all.csv" >"$WORK/aliases-large.txt"
DEFAULT_NAMES=$(wc -l <"$WORK/aliases-default.txt")
LARGE_NAMES=$(wc -l <"$WORK/aliases-large.txt")
head -1 "$PLAIN" >"$WORK/one-doc.jsonl"

# ---------------------------------------------------------------- measuring

# measure KEY RUNS COMMAND...: runs COMMAND RUNS times under GNU time, with
# its stdout and stderr in logs/KEY.{out,err}; sets WALL[KEY] (the median
# wall time, s), CPU[KEY] (the CPU use of that run: 200% is two cores busy
# all along; less than the threads asked for means waiting or a busy
# machine), RSS[KEY] (the largest peak resident set, MB) and STATUS[KEY]
# (the exit status of the last run). Called again with the same KEY, it adds
# runs to those before: the scaling runs alternate, one core then two, so
# that both see the same machine.
declare -A WALL CPU RSS STATUS WALLS RSS_KB
measure() {
    local key=$1 runs=$2 i status
    shift 2
    if [[ -z ${WALLS[$key]:-} ]]; then
        printf '%s\n' "$*" >>"$COMMANDS"
        log "$key: $*"
    fi
    local rss=${RSS_KB[$key]:-0} n
    for ((i = 0; i < runs; i++)); do
        status=0
        n=$(printf '%s' "${WALLS[$key]:-}" | grep -c . || true)
        /usr/bin/time -v -o "$WORK/time/$key.$n" "$@" \
            >"$WORK/logs/$key.out" 2>"$WORK/logs/$key.err" || status=$?
        cp "$WORK/logs/$key.out" "$WORK/logs/$key.$n.out"
        WALLS[$key]+="$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); s = 0
            for (j = 1; j <= n; j++) s = s * 60 + p[j]
            w = s }
            /Percent of CPU/ { c = $2 }
            END { print w, c }' "$WORK/time/$key.$n")"$'\n'
        local r
        r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time/$key.$n")
        if ((r > rss)); then rss=$r; fi
    done
    local median
    median=$(printf '%s' "${WALLS[$key]}" | sort -g | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')
    WALL[$key]=${median% *}
    CPU[$key]=${median#* }
    RSS_KB[$key]=$rss
    RSS[$key]=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
    STATUS[$key]=$status
}

# gazet exits 1 when it rejected a document: still a complete run.
gazet_ok() {
    [[ ${STATUS[$1]} -le 1 ]] || die "gazet failed ($1): $(tail -3 "$WORK/logs/$1.err")"
}
mentions() { grep -o '[0-9]* mentions' "$WORK/logs/$1.err" | tail -1 | cut -d' ' -f1; }

G=$WORK/geonames-all.csv
measure gazet "$RUNS" "$GAZET" extract "$PLAIN" -o "$WORK/out/gazet"
gazet_ok gazet
measure gazet_large "$RUNS" "$GAZET" extract "$PLAIN" -o "$WORK/out/gazet-large" -g "$G"
gazet_ok gazet_large
measure gazet_gz "$RUNS" "$GAZET" extract "$GZ" -o "$WORK/out/gazet-gz"
gazet_ok gazet_gz
# One core against two: gazet's reader and writer threads would otherwise
# run beside a -j1 pool on the second core.
for ((run = 0; run < RUNS; run++)); do
    measure gazet_j1 1 taskset -c 0 "$GAZET" extract "$PLAIN" -o "$WORK/out/gazet-j1" -j1
    gazet_ok gazet_j1
    measure gazet_j2 1 "$GAZET" extract "$PLAIN" -o "$WORK/out/gazet-j2" -j2
    gazet_ok gazet_j2
done
measure gazet_x10 1 "$GAZET" extract "$WORK/corpus-x10.jsonl" -o "$WORK/out/gazet-x10"
gazet_ok gazet_x10
rm -f "$WORK/corpus-x10.jsonl"
measure gazet_build "$RUNS" "$GAZET" extract "$WORK/one-doc.jsonl" -o "$WORK/out/gazet-build" -g "$G"
gazet_ok gazet_build
measure gazet_build_default "$RUNS" "$GAZET" extract "$WORK/one-doc.jsonl" -o "$WORK/out/gazet-build-default"
gazet_ok gazet_build_default

py_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/logs/$1.out" "$2"; }
# py_median KEY FIELD: the median of FIELD over the runs of KEY.
py_median() {
    python3 -c 'import json,sys,statistics; print(statistics.median_low(json.load(open(p))[sys.argv[1]] for p in sys.argv[2:]))' \
        "$2" "$WORK"/logs/"$1".[0-9]*.out
}
# FlashText and spaCy run as many times as gazet: their rate is their median
# matching time, so that both sides of each ratio are medians.
for list in default large; do
    A=$WORK/aliases-$list.txt
    measure "flashtext_$list" "$RUNS" python3 "$ROOT/benches/flashtext_bench.py" "$A" "$PLAIN"
    [[ ${STATUS[flashtext_$list]} -eq 0 ]] || die "FlashText failed: $(tail -3 "$WORK/logs/flashtext_$list.err")"
    measure "spacy_$list" "$RUNS" python3 "$ROOT/benches/spacy_bench.py" "$A" "$PLAIN" --max-bytes "$SPACY_BYTES"
    [[ ${STATUS[spacy_$list]} -eq 0 ]] || die "spaCy failed: $(tail -3 "$WORK/logs/spacy_$list.err")"
done

# ripgrep: -b prints each match's byte offset, so that a run stopped by the
# timeout still shows how far into the file it got.
for list in default large; do
    measure "rg_$list" 1 timeout "$RG_TIMEOUT" rg -a -i -w -F -o -b -f "$WORK/aliases-$list.txt" "$PLAIN"
done

# ---------------------------------------------------------------- the table

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mbps() { calc %.2f "$1 / 1e6 / ($2 > 0 ? $2 : 0.001)"; }
# verdict EXPR: PASS when the awk expression holds.
verdict() { awk "BEGIN { exit !($1) }" && echo PASS || echo FAIL; }

ROWS=()
# row KEY CELLS...: a row of the table, with KEY's CPU use after the RSS.
row() {
    local key=$1
    shift
    local cells=("${@:1:6}" "${CPU[$key]:-}" "${@:7}")
    ROWS+=("| $(printf '%s | ' "${cells[@]}")")
}

gw=${WALL[gazet]}
g_rate=$(mbps "$TEXT_BYTES" "$gw")
gl_rate=$(mbps "$TEXT_BYTES" "${WALL[gazet_large]}")
corpus_label="corpus ($(calc %.1f "$TEXT_BYTES / 1e6") MB text)"

row gazet "gazet, all cores" "default" "$corpus_label" "$gw" "$g_rate" "${RSS[gazet]}" "$(mentions gazet)" "" "" ""
row gazet_large "gazet, all cores" "large" "$corpus_label" "${WALL[gazet_large]}" "$gl_rate" "${RSS[gazet_large]}" \
    "$(mentions gazet_large)" "" "RSS < 500 MB" "$(verdict "${RSS[gazet_large]} < 500")"

for list in default large; do
    k=rg_$list
    found=$(wc -l <"$WORK/logs/$k.out")
    if [[ ${STATUS[$k]} -eq 124 ]]; then
        # The last match's offset, from the last whole line written.
        reached=$(tail -2 "$WORK/logs/$k.out" | head -1 | cut -d: -f1)
        [[ $reached =~ ^[0-9]+$ ]] || reached=0
        gwl=$([[ $list == default ]] && echo "$gw" || echo "${WALL[gazet_large]}")
        ratio=$(calc %.4f "$gwl / $RG_TIMEOUT")
        row "$k" "ripgrep" "$list" "corpus (whole lines)" "did not finish in $RG_TIMEOUT s" \
            "$([[ $reached -gt 0 ]] && echo "about $(mbps "$reached" "${WALL[$k]}") (of JSONL: reached byte $reached of $(stat -c %s "$PLAIN"))" || echo "no match written yet")" \
            "${RSS[$k]}" "≥ $found" "gazet wall < ${ratio}×" \
            "$([[ $list == default ]] && echo "gazet wall ≤ 0.5 × rg")" \
            "$([[ $list == default ]] && verdict "$ratio <= 0.5")"
    elif [[ ${STATUS[$k]} -le 1 ]]; then
        gwl=$([[ $list == default ]] && echo "$gw" || echo "${WALL[gazet_large]}")
        ratio=$(calc %.3f "$gwl / ${WALL[$k]}")
        row "$k" "ripgrep" "$list" "corpus (whole lines)" "${WALL[$k]}" "$(mbps "$TEXT_BYTES" "${WALL[$k]}")" \
            "${RSS[$k]}" "$found" "gazet wall ${ratio}×" \
            "$([[ $list == default ]] && echo "gazet wall ≤ 0.5 × rg")" \
            "$([[ $list == default ]] && verdict "$ratio <= 0.5")"
    else
        row "$k" "ripgrep" "$list" "corpus" "failed (status ${STATUS[$k]})" "" "${RSS[$k]}" "" "" "" ""
    fi
done

for list in default large; do
    k=flashtext_$list
    ft_rate=$(mbps "$(py_field "$k" text_bytes)" "$(py_median "$k" match_s)")
    g=$([[ $list == default ]] && echo "$g_rate" || echo "$gl_rate")
    want=$([[ $list == default ]] && echo 50 || echo 20)
    ratio=$(calc %.2f "$g / $ft_rate")
    row "$k" "FlashText $(py_field "$k" version) (build $(calc %.2f "$(py_field "$k" build_s)") s)" "$list" "$corpus_label" \
        "$(calc %.2f "$(py_median "$k" match_s)")" "$ft_rate" "${RSS[$k]}" "$(py_field "$k" matches)" \
        "MB/s ${ratio}×" "≥ ${want}× FlashText" "$(verdict "$ratio >= $want")"
done

for list in default large; do
    k=spacy_$list
    sp_rate=$(mbps "$(py_field "$k" text_bytes)" "$(py_median "$k" match_s)")
    g=$([[ $list == default ]] && echo "$g_rate" || echo "$gl_rate")
    row "$k" "spaCy $(py_field "$k" version) PhraseMatcher (build $(calc %.2f "$(py_field "$k" build_s)") s)" "$list" \
        "$([[ $SLICE_DOCS -lt $DOCS ]] && echo "first $SPACY_MB MB" || echo "corpus") ($(calc %.1f "$(py_field "$k" text_bytes) / 1e6") MB text)" \
        "$(calc %.2f "$(py_median "$k" match_s)")" "$sp_rate" "${RSS[$k]}" "$(py_field "$k" matches)" \
        "MB/s $(calc %.1f "$g / $sp_rate")×" "" ""
done

gz_ratio=$(calc %.2f "${WALL[gazet_gz]} / $gw")
row gazet_gz "gazet, .gz input" "default" "corpus, gzip" "${WALL[gazet_gz]}" "$(mbps "$TEXT_BYTES" "${WALL[gazet_gz]}")" \
    "${RSS[gazet_gz]}" "$(mentions gazet_gz)" "wall ${gz_ratio}× plain" "≤ 1.3× plain" "$(verdict "$gz_ratio <= 1.3")"
x10_ratio=$(calc %.3f "${RSS[gazet_x10]} / ${RSS[gazet]}")
row gazet_x10 "gazet, corpus ×10" "default" "corpus ×10, distinct ids ($(calc %.0f "$X10_BYTES / 1e6") MB text)" \
    "${WALL[gazet_x10]}" "$(mbps "$X10_BYTES" "${WALL[gazet_x10]}")" "${RSS[gazet_x10]}" "$(mentions gazet_x10)" \
    "RSS ${x10_ratio}× ×1" "RSS within 10% of ×1" "$(verdict "$x10_ratio <= 1.10")"
row gazet_j1 "gazet -j1, pinned to one core" "default" "$corpus_label" "${WALL[gazet_j1]}" "$(mbps "$TEXT_BYTES" "${WALL[gazet_j1]}")" \
    "${RSS[gazet_j1]}" "$(mentions gazet_j1)" "" "" ""
scale=$(calc %.2f "${WALL[gazet_j1]} / ${WALL[gazet_j2]}")
row gazet_j2 "gazet -j2, two cores" "default" "$corpus_label" "${WALL[gazet_j2]}" "$(mbps "$TEXT_BYTES" "${WALL[gazet_j2]}")" \
    "${RSS[gazet_j2]}" "$(mentions gazet_j2)" "speed ${scale}× one core" "≥ 1.8× one core" "$(verdict "$scale >= 1.8")"
row gazet_build_default "gazet, one document (load + build)" "default" "1 document" "${WALL[gazet_build_default]}" "" \
    "${RSS[gazet_build_default]}" "$(mentions gazet_build_default)" "" "" ""
row gazet_build "gazet, one document (load + build)" "large" "1 document" "${WALL[gazet_build]}" "" \
    "${RSS[gazet_build]}" "$(mentions gazet_build)" "" "build < 3 s" "$(verdict "${WALL[gazet_build]} < 3")"

{
    echo "# gazet beside ripgrep, FlashText and spaCy"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo); load average (1, 5, 15 min) at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- gazet: $("$GAZET" --version), commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)'), $(rustc --version)"
    echo "- $(rg --version | head -1); $(python3 --version); flashtext $(py_field flashtext_default version); spaCy $(py_field spacy_default version) (spacy.blank(\"en\"), tokenizer only)"
    echo "- corpus: $CORPUS$([[ -n $QUICK_MB ]] && echo ", first $QUICK_MB MB only (--quick)"): $DOCS documents, $(stat -c %s "$PLAIN") bytes of JSONL, $TEXT_BYTES bytes of article text"
    echo "- aliases: default = $DEFAULT_NAMES names of gazet's built-in gazetteers; large = $LARGE_NAMES names of $LARGE_PLACES places imported from $(basename "$GEONAMES") (--all-scripts)"
    echo "- gazet rows: median wall of $RUNS run(s) (×10: one run), the CPU use of that run, largest peak RSS; FlashText and spaCy: median matching time of $RUNS run(s); ripgrep: one run"
    if awk -v l="$LOAD_START" -v n="$(nproc)" 'BEGIN { exit !(l + 0 >= n / 2) }'; then
        echo "- **warning: the machine was busy at the start (load $LOAD_START on $(nproc) cores): times and the thread scaling are not reliable; see the CPU column**"
    fi
    echo
    echo "| tool | aliases | input | wall (s) | MB/s of text | peak RSS (MB) | CPU | matches | gazet vs this | target | result |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---|---|---|"
    printf '%s\n' "${ROWS[@]}" | sed 's/ | $/ |/'
    echo
    echo "Notes:"
    echo
    echo "- MB/s is 10^6 bytes of the \`text\` fields per second of wall time for every tool; ripgrep scans whole JSONL lines (ids, titles, URLs too), so its match count is not comparable."
    echo "- gazet's wall time is its whole process: reading, loading and compiling the gazetteer, matching, resolving, writing the tables. FlashText's and spaCy's is their matching loop over the documents (JSON parsing included); their build time is in the tool column; their peak RSS is the whole Python process, build included. FlashText and spaCy use one core; gazet all of them ($(nproc))."
    if [[ $SLICE_DOCS -lt $DOCS ]]; then
        echo "- spaCy ran on the documents of the first $SPACY_MB MB only ($SLICE_DOCS documents): its rate is compared with gazet's rate on the whole corpus."
    fi
    echo "- 'gazet vs this': for ripgrep gazet's wall time over ripgrep's; for FlashText and spaCy gazet's MB/s over theirs; for the gazet rows the ratio of the target. 'one document (load + build)' is a whole gazet process on one document: start, gazetteer load, matcher build, output."
    echo "- CPU: user + system time over wall time, from GNU time (100% is one core busy all along). A gazet run on all cores well under $(($(nproc) * 100))% was either waiting (reading, writing) or sharing the machine."
    echo "- matches: gazet's mentions (after resolving overlaps, variants included); FlashText's keywords found (longest match, case-insensitive); spaCy's PhraseMatcher matches (all, overlapping); ripgrep's -o lines."
    echo
    echo "Commands:"
    echo
    echo '```'
    cat "$COMMANDS"
    echo '```'
} >"$OUT/compare.md"
cat "$OUT/compare.md"
