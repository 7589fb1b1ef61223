//! `gazet extract`: documents in, mention tables out, on all cores.

use clap::Args;
use gazet::aggregate::{AggregateOptions, Unit};
use gazet::run::{RunOptions, BATCH_DOCS};
use gazet::sink::Target;
use gazet::source::ReadOptions;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What each exit status of `gazet extract` means (its `--help` ends with it).
pub const EXIT_STATUS: &str = "\
Exit status of extract:
  0    every document was matched (some may be flagged: see the documents
       table)
  1    the run finished, but some documents were rejected (see the rejects
       table: rejects.csv, rejects.jsonl or rejects.parquet)
  2    usage, input or gazetteer error: nothing was matched, no output written
  3    the run failed midway (a write error, say): no table has its final
       name; fix the cause and run the same command with --resume
  130  interrupted (Ctrl-C, SIGTERM): the work done is kept; run the same
       command with --resume to continue";

/// Extract mentions from documents into tables (mentions, documents, rejects; entities and co-occurrence).
#[derive(Args)]
#[command(after_help = EXIT_STATUS)]
pub struct ExtractArgs {
    /// Input files or directories (.txt, .jsonl, .ndjson, .csv, .tsv, optionally .gz or .zst; .parquet); - reads standard input (JSONL unless --input-format says otherwise).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Format of standard input and of files given whose ending is unknown (txt, jsonl, csv, tsv; default: jsonl for standard input).
    #[arg(long, value_name = "NAME")]
    input_format: Option<String>,
    /// Output directory for the tables; - writes one JSON object per document to standard output.
    #[arg(long, short)]
    out: PathBuf,
    /// Output format of the tables: csv, jsonl or parquet (with --out -, always JSON lines).
    #[arg(long, default_value = "csv")]
    format: String,
    /// Gazetteer file or directory of .csv files; repeatable; replaces the built-in gazetteers.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
    /// Field holding the document id (the line number when absent).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Field holding text to match; repeatable; each is matched on its own.
    #[arg(long)]
    text_field: Vec<String>,
    /// Input field to carry into the tables as it is (date, url, ...); repeatable.
    #[arg(long, value_name = "NAME")]
    keep_field: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Match only the names as listed (normalized), not their transliteration variants.
    #[arg(long)]
    no_variants: bool,
    /// Report only the names the gazetteers list: no `unlisted` mentions
    /// (people, places, outlets and militias recognized by how they are written).
    #[arg(long)]
    no_unlisted: bool,
    /// Leave out mentions scoring below this (0 to 1; see the README's score table).
    #[arg(long, default_value_t = 0.0)]
    min_score: f32,
    /// Write only the mentions, documents and rejects tables: no entities or co-occurrence table.
    #[arg(long)]
    no_aggregates: bool,
    /// Units within which entities co-occur, one column each of the co-occurrence table: document, sentence, paragraph (comma-separated; a pair is a row when it meets --cooccur-min in the first).
    #[arg(long, value_name = "UNITS", default_value = "document,sentence")]
    cooccur: String,
    /// Leave out of the co-occurrence table the pairs met in fewer units (of the first --cooccur unit) than this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    cooccur_min: u64,
    /// Count mentions in datelines (TEHRAN –) in pairs too; by default a dateline pairs with nothing.
    #[arg(long)]
    cooccur_datelines: bool,
    /// Kept field (--keep-field) holding each document's date, for the entities table's first_date and last_date (default: a kept field named date, published, pubdate, published_at, publish_date, timestamp, datetime or time).
    #[arg(long, value_name = "NAME")]
    date_field: Option<String>,
    /// Continue the run that was interrupted in --out (same inputs and options), where it stopped.
    #[arg(long)]
    resume: bool,
    /// Put a ' before cells starting with = + - @ tab or CR, which a spreadsheet would run as formulas.
    #[arg(long)]
    excel_safe: bool,
    /// Add a context column to the mentions table: up to N characters of the text on each side of the mention, with the mention, on one line.
    #[arg(long, value_name = "N")]
    context: Option<usize>,
    /// Documents per batch; for tests and tuning.
    #[arg(long, hide = true, default_value_t = BATCH_DOCS)]
    batch_docs: usize,
    /// Seconds between checkpoints (at the end of a batch); for tests and tuning.
    #[arg(long, hide = true, default_value_t = 1.0)]
    checkpoint_secs: f64,
    /// Milliseconds to pause after each batch; for the fault tests, which
    /// kill a run halfway.
    #[arg(long, hide = true, default_value_t = 0)]
    batch_pause_ms: u64,
}

impl ExtractArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let a = self;
        if !(0.0..=1.0).contains(&a.min_score) {
            return Err(gazet::Error::Usage(format!(
                "--min-score must be between 0 and 1, not {}",
                a.min_score
            )));
        }
        if let Some(n) = a.context.filter(|&n| n > gazet::context::MAX_CONTEXT) {
            return Err(gazet::Error::Usage(format!(
                "--context must be at most {}, not {n}",
                gazet::context::MAX_CONTEXT
            )));
        }
        if a.threads == Some(0) {
            return Err(gazet::Error::Usage("--threads must be at least 1".into()));
        }
        let target = Target::parse(&a.out);
        let format_name = match target {
            Target::Stdout if a.format == "csv" || a.format == "jsonl" => "stdout",
            Target::Stdout => {
                return Err(gazet::Error::Usage(format!(
                    "--out - writes JSON lines to standard output: --format {} needs a directory",
                    a.format
                )))
            }
            Target::Dir(_) => a.format.as_str(),
        };
        let format = gazet::sink::format(format_name).ok_or_else(|| {
            let known: Vec<&str> = gazet::sink::FORMATS
                .iter()
                .map(|f| f.name)
                .filter(|n| *n != "stdout")
                .collect();
            gazet::Error::Usage(format!(
                "unknown --format {}: expected one of {}",
                a.format,
                known.join(", ")
            ))
        })?;
        let ex = gazet::Extractor::builder()
            .gazetteer_paths(&a.gazetteer)
            .variants(!a.no_variants)
            .unlisted(!a.no_unlisted)
            .min_score(a.min_score)
            .build()?;
        let shared = ex.gazetteer().warnings().len();
        if shared > 0 {
            say!("gazet: {shared} gazetteer names are shared by several entities (matches flagged ambiguous; see gazet gazetteer check)");
        }
        let aggregate = if a.no_aggregates {
            None
        } else {
            let date_field = match a.date_field {
                Some(name) if !a.keep_field.contains(&name) => {
                    return Err(gazet::Error::Usage(format!(
                        "--date-field {name}: keep that field too, with --keep-field {name}"
                    )))
                }
                Some(name) => Some(name.as_str().into()),
                None => AggregateOptions::guess_date_field(&a.keep_field),
            };
            let mut options = AggregateOptions::default();
            options.units = Unit::parse_list(&a.cooccur)?;
            options.min_pairs = a.cooccur_min;
            options.datelines_in_pairs = a.cooccur_datelines;
            options.date_field = date_field;
            Some(options)
        };
        let mut read = ReadOptions::new(a.id_field, a.text_field).keep(a.keep_field);
        if let Some(name) = a.input_format {
            read = read.with_input_format(name);
        }
        // Named wrongly, it is a usage error before the gazetteer is built.
        read.format()?;
        let mut options = RunOptions::new(read);
        options.threads = a.threads;
        options.excel_safe = a.excel_safe;
        options.context = a.context;
        options.resume = a.resume;
        options.aggregate = aggregate;
        options.batch_docs = a.batch_docs;
        options.batch_pause = std::time::Duration::from_millis(a.batch_pause_ms);
        options.checkpoint_interval = std::time::Duration::try_from_secs_f64(a.checkpoint_secs)
            .map_err(|e| gazet::Error::Usage(format!("--checkpoint-secs: {e}")))?;
        options.stop = Some(stop_flag());
        options.progress = Some(Arc::new(crate::progress::Terminal::default()));
        let summary = format.run(&a.inputs, &ex, &target, &options)?;
        if summary.closed {
            // `gazet extract ... --out - | head`: the reader has all it wants.
            return Ok(ExitCode::SUCCESS);
        }
        for s in &summary.skipped {
            say!("gazet: skipped {}: {}", s.path, s.reason);
        }
        for note in &summary.notes {
            say!("gazet: note: {note}");
        }
        say!("{}", summary.line());
        Ok(if summary.counts.rejected > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// This very command line with `--resume`, quoted for a POSIX shell.
pub fn resume_command() -> String {
    let quote = |a: String| {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
        if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    };
    let mut args: Vec<String> = std::env::args_os()
        .map(|a| quote(a.to_string_lossy().into_owned()))
        .collect();
    if !args.iter().any(|a| a == "--resume") {
        args.push("--resume".into());
    }
    args.join(" ")
}

/// A flag set by the first Ctrl-C (or SIGTERM), which the run checks between
/// documents; a second one ends the process at once (the last checkpoint
/// stays valid).
fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let installed = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            say!("gazet: stopped at once; the last checkpoint is kept");
            std::process::exit(130);
        }
        say!("gazet: stopping after the documents in progress (Ctrl-C again to stop at once)");
    });
    if let Err(e) = installed {
        say!("gazet: warning: Ctrl-C will not stop the run cleanly: {e}");
    }
    stop
}
