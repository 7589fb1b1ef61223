//! `gazet sample`: a reproducible random sample of mentions, with the text
//! around each, to review by hand in a spreadsheet.

use clap::Args;
use gazet::source::ReadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
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
        let n = gazet::sample::sample(
            &self.inputs,
            &self.mentions,
            &options,
            std::io::stdout().lock(),
        )?;
        say!("gazet: {n} mentions drawn with seed {}", self.seed);
        Ok(ExitCode::SUCCESS)
    }
}
