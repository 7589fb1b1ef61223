//! The progress bar of `gazet extract`.
//!
//! A long run says how far it is: documents, megabytes of text, MB/s, and,
//! when every input is a plain file whose size is known (not compressed,
//! not standard input), a bar over the input bytes with its ETA. It is drawn on
//! standard error through `indicatif`, only when standard error is a
//! terminal: a run whose output goes to a file or a pipe prints nothing more
//! than its summary line.

use gazet::run::Counts;
use gazet::source::{is_compressed, InputFile, Location, Position};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// The size of each input file, where its bytes are the bytes read: `None`
/// for standard input and compressed files, gzip or zstd (whose read bytes
/// are decompressed).
pub fn sizes(files: &[InputFile]) -> Vec<Option<u64>> {
    files
        .iter()
        .map(|f| match &f.location {
            Location::Stdin => None,
            Location::Path(_) if is_compressed(&f.location) => None,
            // A pipe's size is not known.
            Location::Path(p) => std::fs::metadata(p)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len()),
        })
        .collect()
}

/// Bytes of input read before `at`, given the files' sizes; `None` when a
/// size is unknown.
pub fn done(sizes: &[Option<u64>], at: Position) -> Option<u64> {
    let before: Option<u64> = sizes.iter().take(at.file).copied().sum();
    Some(before? + at.offset)
}

/// A progress bar, or nothing when disabled or not on a terminal.
pub struct Bar {
    bar: Option<ProgressBar>,
    sizes: Vec<Option<u64>>,
    /// Text bytes already done when the bar started (a resumed run).
    start_bytes: u64,
}

impl Bar {
    /// A bar over inputs of these sizes, from the counts so far.
    pub fn new(enabled: bool, sizes: &[Option<u64>], counts: Counts) -> Bar {
        let on_terminal = enabled && std::io::stderr().is_terminal();
        let total: Option<u64> = sizes.iter().copied().sum();
        let bar = on_terminal.then(|| {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::new(total),
                    "{bar:30} {percent:>3}% {msg} ETA {eta}",
                ),
                None => (ProgressBar::new_spinner(), "{spinner} {msg}"),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Bar {
            bar,
            sizes: sizes.to_vec(),
            start_bytes: counts.bytes,
        }
    }

    /// Shows the counts so far, the input read up to `at`.
    pub fn update(&self, counts: Counts, at: Position) {
        let Some(bar) = &self.bar else {
            return;
        };
        let secs = bar.elapsed().as_secs_f64().max(1e-3);
        let mb = counts.bytes as f64 / 1e6;
        let rate = (counts.bytes - self.start_bytes.min(counts.bytes)) as f64 / 1e6 / secs;
        bar.set_message(format!(
            "{} documents, {mb:.1} MB, {rate:.1} MB/s",
            counts.documents
        ));
        if let Some(done) = done(&self.sizes, at) {
            bar.set_position(done);
        }
    }

    /// Removes the bar, before the summary line is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The bar as the run's [`gazet::Progress`]: made when the run starts, when
/// the inputs are known.
#[derive(Default)]
pub struct Terminal {
    bar: Mutex<Option<Bar>>,
}

impl gazet::Progress for Terminal {
    fn start(&self, files: &[InputFile], counts: Counts) {
        let bar = Bar::new(true, &sizes(files), counts);
        *self.bar.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
    }

    fn update(&self, counts: Counts, at: Position) {
        if let Some(bar) = &*self.bar.lock().unwrap_or_else(|e| e.into_inner()) {
            bar.update(counts, at);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_counts_whole_files_then_the_offset() {
        let at = Position {
            file: 2,
            offset: 5,
            line: 1,
        };
        assert_eq!(done(&[Some(10), Some(20), Some(7)], at), Some(35));
        assert_eq!(done(&[Some(10), None, Some(7)], at), None);
    }

    #[test]
    fn compressed_files_and_stdin_have_no_known_size() {
        let dir = std::env::temp_dir().join(format!("gazet-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("a.jsonl");
        let gz = dir.join("b.jsonl");
        std::fs::write(&plain, b"{\"id\":1,\"text\":\"x\"}\n").unwrap();
        std::fs::write(&gz, [0x1f, 0x8b, 8, 0]).unwrap();
        let zst = dir.join("c.jsonl");
        std::fs::write(&zst, [0x28, 0xb5, 0x2f, 0xfd, 0]).unwrap();
        let (files, _) = gazet::source::discover(&[plain, gz, zst, "-".into()]).unwrap();
        assert_eq!(sizes(&files), vec![Some(20), None, None, None]);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
