//! `gazet sample`: a reproducible random sample of mentions, with the text
//! around each, to review by hand in a spreadsheet.
//!
//! The context is read again from the inputs, so inputs or options other
//! than the run's would give a sample without it: that is an error when no
//! drawn mention is found, and a warning with the count when some are not.

use clap::Args;
use gazet::source::ReadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// How a drawn mention is found in the inputs (`gazet sample --help`).
const FOUND: &str = "\
Finding the mentions in the inputs:
  The text around each mention is read again from the inputs, so they
  and --id-field, --text-field and --input-format must be those of the
  extract run that wrote the mentions table. A mention is found when
  the inputs have a document with its doc_id, that document has its
  field, and its span fits the field's text.
  - none of the mentions drawn is found: an error (status 2) that
    names the documents or fields not found; nothing is written;
  - some are not found: their left column says why, right is empty,
    and a warning on standard error gives their count (status 0).";

/// Draw a reproducible random sample of mentions, with context, to review by
/// hand.
#[derive(Args)]
#[command(after_long_help = FOUND)]
pub struct SampleArgs {
    /// The inputs the mentions were extracted from.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The mentions table (mentions.csv).
    #[arg(long)]
    mentions: PathBuf,
    /// How many mentions.
    #[arg(long, short, default_value_t = 200)]
    n: usize,
    /// Seed of the random draw: the same seed draws the same sample.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Keep only mentions where COLUMN=VALUE (VALUE may be a|b); repeatable.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    filters: Vec<String>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 80)]
    context: usize,
    /// Field holding the document id, as for extract.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Text fields, as for extract.
    #[arg(long)]
    text_field: Vec<String>,
    /// Format of standard input and of files whose ending is unknown, as for extract.
    #[arg(long, value_name = "NAME")]
    input_format: Option<String>,
}

impl SampleArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let filters = self
            .filters
            .iter()
            .map(|f| {
                f.split_once('=')
                    .map(|(c, v)| (c.to_string(), v.to_string()))
                    .ok_or_else(|| {
                        gazet::Error::Usage(format!("--where takes COLUMN=VALUE, not '{f}'"))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let options = gazet::sample::SampleOptions {
            n: self.n,
            seed: self.seed,
            filters,
            context: self.context,
            read: match self.input_format {
                Some(name) => {
                    ReadOptions::new(self.id_field, self.text_field).with_input_format(name)
                }
                None => ReadOptions::new(self.id_field, self.text_field),
            },
        };
        let drawn = gazet::sample::sample(
            &self.inputs,
            &self.mentions,
            &options,
            std::io::BufWriter::new(crate::output::Stdout::default()),
        )?;
        if drawn.not_found > 0 {
            say!(
                "gazet: warning: {} of {} sampled mentions were not found in the inputs ({}); \
                 their left column says why. The inputs, --id-field and --text-field must be \
                 those of the extract run that wrote {}",
                drawn.not_found,
                drawn.mentions,
                drawn.why(),
                self.mentions.display()
            );
        }
        say!(
            "gazet: {} mentions drawn with seed {}",
            drawn.mentions,
            self.seed
        );
        Ok(ExitCode::SUCCESS)
    }
}
