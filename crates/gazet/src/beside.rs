//! Work done beside the calling thread while an extractor is compiled, on a
//! thread of its own that ends with it.
//!
//! Why not the rayon pool: memory a thread frees is kept for that thread's
//! next allocations (the command line never gives freed memory back to the
//! system), and a pool's threads live on, idle, through the run. Compiling
//! on the pool left the memory it freed there: a run over the Tehran Times
//! without the aggregates peaked at 87 MB rather than 72. A thread that
//! ends hands its memory back to the others.

/// Runs `here` on this thread and `there` on a thread of its own, at once,
/// and gives both results. Where no thread can be started, or `there`
/// failed on it, this thread runs `there` after `here` (a panic is then met
/// here, and goes on as one). `name` names the thread.
pub(crate) fn beside<A, B: Send>(
    name: &str,
    here: impl FnOnce() -> A,
    there: impl Fn() -> B + Sync,
) -> (A, B) {
    std::thread::scope(|scope| {
        let side = std::thread::Builder::new()
            .name(name.into())
            .spawn_scoped(scope, &there);
        let a = here();
        let b = match side.map(|s| s.join()) {
            Ok(Ok(b)) => b,
            _ => there(),
        };
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn both_run_once_and_the_other_on_its_own_thread() {
        let here = std::thread::current().id();
        let runs = AtomicUsize::new(0);
        let (a, b) = beside(
            "gazet-test",
            || std::thread::current().id(),
            || {
                runs.fetch_add(1, Ordering::Relaxed);
                std::thread::current().id()
            },
        );
        assert_eq!(a, here);
        assert_ne!(b, here);
        assert_eq!(runs.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn what_failed_on_its_thread_is_run_again_here() {
        let runs = AtomicUsize::new(0);
        let (_, b) = beside(
            "gazet-test",
            || (),
            || {
                // The first run (on the side thread) fails.
                if runs.fetch_add(1, Ordering::Relaxed) == 0 {
                    panic!("the side thread fails");
                }
                std::thread::current().id()
            },
        );
        assert_eq!(b, std::thread::current().id());
        assert_eq!(runs.load(Ordering::Relaxed), 2);
    }
}
