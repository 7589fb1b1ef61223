# shellcheck shell=bash disable=SC2034 # variables set here are read by the scripts that source it
# scripts/lib.sh: functions shared by scripts/same-tables.sh and
# benches/paired.sh, which both run the current build of gazet beside a
# reference build of an earlier commit on the same inputs.
#
# Sourced, never run:  PROG=name; source "$ROOT/scripts/lib.sh"
#
# What it gives:
#   log, warn, die        messages on stderr, prefixed with $PROG; die exits 2
#   positive_int N        dies unless N is a whole number above 0
#   work_init DIR         makes the work directory, locks it against a second
#                         run, and removes the reference worktree on exit
#                         unless KEEP=1
#   build_ref COMMIT      sets REF_BIN, REF_COMMIT (full hash) and REF_DESC: the
#                         gazet binary of COMMIT, built once in a temporary
#                         git worktree ($WORK/ref-src) with its own target
#                         directory ($WORK/ref-target), kept and reused by the
#                         next run with the same work directory
#   build_new             sets NEW_BIN, NEW_COMMIT and NEW_DESC: the current
#                         checkout built with `cargo build --release`
#   decompress GZ OUT     OUT is GZ decompressed, done once (reused while OUT
#                         is newer than GZ)
#
# The default work directory, ${TMPDIR:-/tmp}/gazet-ref, is shared by both
# scripts, so that the reference is built once for both and the corpora are
# decompressed once. It is a cache: delete it to free its space (a few
# hundred MB).

# The repository root (this file is in scripts/).
GAZET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The commit whose tables the refactor must keep byte for byte.
DEFAULT_REF=9f8f318
DEFAULT_WORK=${TMPDIR:-/tmp}/gazet-ref
KEEP=${KEEP:-0}

log() { echo "== ${PROG:-gazet}: $*" >&2; }
warn() { echo "${PROG:-gazet}: warning: $*" >&2; }
die() {
    echo "${PROG:-gazet}: error: $*" >&2
    exit 2
}

positive_int() {
    [[ $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || die "'$1' is not a whole number above 0"
}

# abs_dir DIR: DIR as an absolute path (DIR must exist).
abs_dir() { (cd "$1" && pwd -P); }

# human_secs START: the seconds since START (from `date +%s.%N`), as 12.3.
human_secs() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# work_init DIR: sets WORK (absolute), makes it, takes its lock (two runs on
# one work directory would build into and remove the same worktree), and
# installs the exit trap.
work_init() {
    mkdir -p "$1" || die "cannot make the work directory $1"
    WORK=$(abs_dir "$1")
    REF_SRC=$WORK/ref-src
    REF_TARGET=$WORK/ref-target
    command -v flock >/dev/null || die "flock is needed (util-linux)"
    exec 9>"$WORK/.lock"
    flock -n 9 || die "another run is using the work directory $WORK (wait for it, or pass --work DIR)"
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# is_worktree DIR: DIR is registered as a worktree of this repository.
is_worktree() {
    git -C "$GAZET_ROOT" worktree list --porcelain | grep -qxF "worktree $1"
}

remove_ref_worktree() {
    if is_worktree "$REF_SRC"; then
        git -C "$GAZET_ROOT" worktree remove --force "$REF_SRC" ||
            warn "could not remove the worktree $REF_SRC: git worktree remove --force $REF_SRC"
    fi
}

on_exit() {
    local status=$?
    if [[ -n ${REF_SRC:-} ]]; then
        if [[ $KEEP == 1 ]]; then
            if is_worktree "$REF_SRC"; then
                log "kept the reference worktree $REF_SRC (remove it with: git worktree remove --force $REF_SRC)"
            fi
        else
            remove_ref_worktree
        fi
    fi
    exit "$status"
}

# resolve_commit REV: the full hash of REV, or dies.
resolve_commit() {
    git -C "$GAZET_ROOT" rev-parse --verify --quiet "$1^{commit}" ||
        die "no commit '$1' in $GAZET_ROOT (git fetch it, or pass another --ref)"
}

# describe COMMIT: "9f8f318 (2026-11-22): main: --batch-docs defaults to…",
# the subject cut at 80 characters.
describe() {
    local subject
    subject=$(git -C "$GAZET_ROOT" log -1 --format=%s "$1")
    ((${#subject} <= 80)) || subject="${subject:0:80}…"
    echo "$(git -C "$GAZET_ROOT" log -1 --format='%h (%cs)' "$1"): $subject"
}

# build_ref REV: sets REF_BIN, REF_COMMIT and REF_DESC. The binary is reused
# when ref-target/gazet.commit names the same commit: a worktree checked out
# afresh has new file times, so cargo would compile gazet again.
build_ref() {
    REF_COMMIT=$(resolve_commit "$1")
    REF_DESC=$(describe "$REF_COMMIT")
    REF_BIN=$REF_TARGET/release/gazet
    local stamp=$REF_TARGET/gazet.commit
    if [[ -x $REF_BIN && -f $stamp && $(<"$stamp") == "$REF_COMMIT" ]]; then
        log "reference ${REF_COMMIT:0:7}: reusing $REF_BIN (built by an earlier run)"
        return
    fi
    rm -f "$stamp"
    if is_worktree "$REF_SRC"; then
        git -C "$GAZET_ROOT" worktree remove --force "$REF_SRC"
    elif [[ -e $REF_SRC ]]; then
        rm -rf "$REF_SRC" # left by a run that was killed: not a worktree
    fi
    log "reference ${REF_COMMIT:0:7}: git worktree add $REF_SRC"
    # --force: a worktree of that path may still be registered, its
    # directory gone.
    git -C "$GAZET_ROOT" worktree add --force --detach --quiet "$REF_SRC" "$REF_COMMIT" ||
        die "git worktree add failed"
    log "reference ${REF_COMMIT:0:7}: cargo build --release (target $REF_TARGET)"
    local t0
    t0=$(date +%s.%N)
    (cd "$REF_SRC" && CARGO_TARGET_DIR=$REF_TARGET cargo build --release) ||
        die "the reference ${REF_COMMIT:0:7} does not build"
    "$REF_BIN" --version >/dev/null 2>&1 || die "the reference build has no working binary at $REF_BIN"
    echo "$REF_COMMIT" >"$stamp"
    log "reference ${REF_COMMIT:0:7}: built in $(human_secs "$t0") s"
}

# build_new: sets NEW_BIN, NEW_COMMIT and NEW_DESC (the current checkout,
# uncommitted changes included: they are said in NEW_DESC).
build_new() {
    NEW_COMMIT=$(git -C "$GAZET_ROOT" rev-parse HEAD)
    NEW_DESC=$(describe "$NEW_COMMIT")
    # What the binary is built from: the crates, the built-in gazetteers
    # they include, the workspace manifest and lock file.
    if [[ -n $(git -C "$GAZET_ROOT" status --porcelain --untracked-files=all -- \
        crates gazetteers Cargo.toml Cargo.lock) ]]; then
        NEW_DESC="$NEW_DESC, with uncommitted changes"
    fi
    log "current checkout ${NEW_COMMIT:0:7}: cargo build --release"
    local t0 target
    t0=$(date +%s.%N)
    (cd "$GAZET_ROOT" && cargo build --release) || die "the current checkout does not build"
    # The target directory as cargo sees it (CARGO_TARGET_DIR, .cargo/config).
    target=$(cd "$GAZET_ROOT" && cargo metadata --format-version 1 --no-deps |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
    NEW_BIN=${target:-$GAZET_ROOT/target}/release/gazet
    [[ -x $NEW_BIN ]] || die "no gazet binary at $NEW_BIN after cargo build --release"
    log "current checkout ${NEW_COMMIT:0:7}: built in $(human_secs "$t0") s ($NEW_BIN)"
}

# decompress GZ OUT: OUT is GZ decompressed; reused while it is newer than
# GZ. Written to OUT.tmp first, so that an interrupted run leaves no half file.
decompress() {
    local gz=$1 out=$2
    [[ -f $gz ]] || die "not found: $gz (pass --shared DIR: the directory holding data/ and seeds/)"
    if [[ -f $out && $out -nt $gz ]]; then
        log "reusing $out"
        return
    fi
    log "decompressing $gz"
    mkdir -p "$(dirname "$out")"
    gzip -dc "$gz" >"$out.tmp" || die "cannot decompress $gz"
    mv "$out.tmp" "$out"
}

# shared_dir DIR: DIR as an absolute path, checked to look like ../shared.
shared_dir() {
    [[ -d $1/data/news ]] || die "$1 does not look like the shared data (no data/news in it); pass --shared DIR"
    abs_dir "$1"
}
