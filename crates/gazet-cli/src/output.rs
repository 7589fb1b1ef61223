//! Writing a command's text to standard output, as a pipe expects: a reader
//! that closes it early (`gazet eval ... | head -1`) has all it wants, so the
//! command ends quietly with its status rather than panicking, as `print!`
//! does on a closed pipe.

use std::io::Write;

/// Writes `text` to standard output. A closed pipe is no error; any other
/// write error is.
pub fn print(text: &str) -> Result<(), gazet::Error> {
    print_bytes(text.as_bytes())
}

/// Writes `bytes` to standard output, as [`print`] does.
pub fn print_bytes(bytes: &[u8]) -> Result<(), gazet::Error> {
    let mut out = Stdout::default();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| gazet::Error::io("standard output", format!("cannot write: {e}")))
}

/// Standard output for a command that streams its rows (`sample`,
/// `gazetteer import`): once the reader is gone (`| head -1`), the rest is
/// thrown away, as [`print`] does, and the command ends with its status.
#[derive(Debug, Default)]
pub struct Stdout {
    closed: bool,
}

impl Stdout {
    /// `done` on the open standard output; `closed` once it is closed.
    fn or_closed<T>(
        &mut self,
        closed: T,
        done: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        if self.closed {
            return Ok(closed);
        }
        match done(&mut std::io::stdout().lock()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            r => r,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.or_closed(buf.len(), |out| out.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.or_closed((), |out| out.flush())
    }
}
