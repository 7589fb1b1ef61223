//! The allocator of the command line: mimalloc, told to keep the memory a
//! run frees for the run's next documents.
//!
//! Why mimalloc: each document allocates and frees its tables from many
//! threads at once, which the system allocator serves more slowly.
//!
//! Why keep freed memory: by default mimalloc gives memory back to the
//! operating system a second after it is freed (a "purge"), and takes it
//! back at the next document that needs as much, each time with page
//! faults and pages zeroed by the kernel. Over the Tehran Times (85 MB,
//! 33,721 documents) a run took 1,270 to 2,330 page faults by default and
//! 425 (those of its start) with purging off. What the faults cost varies
//! from run to run with the kernel's huge pages: the kernel's page zeroing
//! (`clear_page_erms`) was from 0.1% to 6.5% of a run's perf samples with
//! either setting, so the faults saved are sure and the time only
//! sometimes. A run's memory is what its largest documents need at once,
//! so keeping it changes the peak only by what the allocator would have
//! given back between two of them (peaks of 117 to 133 MB either way).
//!
//! Why no transparent huge pages: mimalloc asks the kernel for huge pages
//! (`madvise(MADV_HUGEPAGE)` on its arena), and a huge page is two
//! megabytes made resident, and zeroed, at the first byte written in it.
//! A run's heap is spread thin over its arena (pages of each size class
//! for each thread), so with huge pages a run over the Tehran Times held
//! 129 MB (211 MB with the aggregates) for a heap whose peak is 31 MB
//! (92 MB); without, 77 MB (170 MB). Memory first touched is the dearest
//! there is on a virtual machine (the host backs it page by page): there
//! the same run took 2.45 s with huge pages and 2.10 s without (medians of
//! four alternating rounds, two cores), and its instructions did not
//! change. So the process declines huge pages
//! (`prctl(PR_SET_THP_DISABLE)`), before the run allocates anything large.

use std::ffi::{c_int, c_long};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in `mimalloc.h` (the enum `mi_option_e`, the
/// same index in mimalloc 2 and 3): milliseconds before freed memory is
/// given back, `-1` for never. The `libmimalloc-sys` bindings name it only
/// behind a feature that needs one more crate; a test checks the index.
const PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// `PR_SET_THP_DISABLE` and `PR_GET_THP_DISABLE` in `linux/prctl.h`.
#[cfg(target_os = "linux")]
const PR_SET_THP_DISABLE: c_int = 41;
#[cfg(all(target_os = "linux", test))]
const PR_GET_THP_DISABLE: c_int = 42;

#[cfg(target_os = "linux")]
unsafe extern "C" {
    fn prctl(option: c_int, ...) -> c_int;
}

/// Declines transparent huge pages for the rest of the process (see the
/// module documentation); where the system has none, or refuses, the run
/// goes on as it would have.
pub(crate) fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes one integer argument (the others
    // must be zero) and touches no memory of the caller.
    unsafe {
        let _ = prctl(
            PR_SET_THP_DISABLE,
            1 as c_long,
            0 as c_long,
            0 as c_long,
            0 as c_long,
        );
    }
}

/// Keeps the memory the run frees (see the module documentation).
pub(crate) fn keep_freed_memory() {
    // SAFETY: mimalloc's options may be set at any time, from any thread;
    // `PURGE_DELAY` is one of them and -1 one of its values.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // Its default is a second, unless the environment sets it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
        }
        keep_freed_memory();
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, -1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_declined() {
        let zero = 0 as c_long;
        no_huge_pages();
        let got = unsafe { prctl(PR_GET_THP_DISABLE, zero, zero, zero, zero) };
        assert_eq!(got, 1);
    }
}
