//! The binary's allocator, mimalloc, and its one per-command setting: transparent huge pages
//! only for the commands whose own work is large.
//!
//! mimalloc asks the kernel for transparent huge pages (`madvise(MADV_HUGEPAGE)`) on the
//! memory it reserves. The first touch of each 2 MiB page zeroes all of it: on the 2-core
//! machines of the benchmarks that is half of the CPU time of a small `render` of its own
//! (six such pages, about 5 ms, while typst needs both cores), but it makes the `diff` of two
//! large annexes almost twice as fast (thousands of small page faults fewer). `render`,
//! `review` and `avenant` spend their time in typst: they run without huge pages, and
//! without giving freed memory back to the system before they exit (a dozen `madvise` calls
//! less); every other command keeps mimalloc's defaults. The choice must be made before the
//! first allocation, which Rust's runtime makes before `main`: it is made by a function the C
//! runtime calls with the arguments before that (`.init_array`). It runs before mimalloc's
//! own start-up function (`_mi_auto_process_init`, later in the same array, as seen with
//! uprobes on the release binary): mimalloc initialises its options on the first call to it,
//! which is this function's, so the options set here hold from mimalloc's first reservation.
//! A wrong guess (a folder named `render` given to `check`) only changes the speed.
//!
//! Without the option, mimalloc also turns huge pages off for the whole process
//! (`PR_SET_THP_DISABLE`), which its children would inherit across `exec`: [`restore`]
//! turns that back, so that typst runs with the system's own setting, as it does alone.

// Elsewhere than on glibc's Linux nothing calls the choice: mimalloc keeps its defaults.
#![cfg_attr(
    not(all(target_os = "linux", target_env = "gnu")),
    allow(dead_code, unused_imports)
)]

use std::ffi::{CStr, c_char, c_int, c_long};
use std::sync::atomic::{AtomicBool, Ordering};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_allow_thp` in the `mi_option_t` enumeration of mimalloc 3 (`mimalloc.h`),
/// the release `libmimalloc-sys` builds; `the_options_are_the_ones_named` checks it against
/// its neighbours' documented defaults.
const MI_OPTION_ALLOW_THP: c_int = 43;
/// `mi_option_purge_delay`, likewise: milliseconds before freed memory goes back to the
/// system; -1 never (a short process gives it all back when it exits, without the system
/// calls).
const MI_OPTION_PURGE_DELAY: c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// Set when this process went without huge pages while the kernel allowed them: the
/// kernel's switch is turned back by [`restore`].
static TURNED_OFF: AtomicBool = AtomicBool::new(false);

/// Gives the process's children the system's huge-page setting again (see the module's
/// documentation); mimalloc keeps not asking for huge pages.
pub fn restore() {
    #[cfg(target_os = "linux")]
    if TURNED_OFF.load(Ordering::Relaxed) {
        // SAFETY: a process-wide flag read and written by the kernel, no memory involved.
        unsafe {
            if libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1 {
                libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0);
            }
        }
    }
}

/// Subcommands that run without huge pages: their own allocations are small and short-lived.
const SMALL_HEAP_COMMANDS: &[&[u8]] = &[b"render", b"review", b"avenant"];

/// Whether the command line (without the program name) runs a command that keeps huge
/// pages.
fn wants_huge_pages<'a>(args: impl IntoIterator<Item = &'a [u8]>) -> bool {
    super::argv::subcommand(args).is_none_or(|(_, name)| !SMALL_HEAP_COMMANDS.contains(&name))
}

/// Called by glibc's start-up code, before Rust's runtime, with the program's arguments.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn choose_huge_pages(argc: c_int, argv: *const *const c_char, _env: *const c_void) {
    let Ok(argc) = usize::try_from(argc) else {
        return;
    };
    if argv.is_null() {
        return;
    }
    // SAFETY: glibc passes the process's `argc` and its `argv` array of `argc` valid
    // NUL-terminated strings to `.init_array` functions.
    let args = (1..argc).map(|i| unsafe { CStr::from_ptr(*argv.add(i)) }.to_bytes());
    if !wants_huge_pages(args) {
        // SAFETY: a system call on a process-wide flag, then one option of the allocator,
        // which needs no allocation; nothing has allocated yet.
        unsafe {
            // 0: huge pages allowed so far (1 when the parent turned them off).
            if libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 0 {
                TURNED_OFF.store(true, Ordering::Relaxed);
            }
            mi_option_set(MI_OPTION_ALLOW_THP, 0);
            mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
use std::ffi::c_void;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_HUGE_PAGES: extern "C" fn(c_int, *const *const c_char, *const c_void) =
    choose_huge_pages;

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(line: &str) -> bool {
        wants_huge_pages(line.split_whitespace().map(str::as_bytes))
    }

    #[test]
    fn the_commands_that_run_typst_go_without_huge_pages() {
        assert!(!wants("render examples --out out"));
        assert!(!wants("--color never render examples"));
        assert!(!wants("review x --year 2025"));
        assert!(!wants("avenant a b"));
    }

    #[test]
    fn the_other_commands_keep_them() {
        assert!(wants("check examples"));
        assert!(wants("diff a.toml b.toml"));
        assert!(wants("--color render check"));
        assert!(wants("check render"));
        assert!(wants("--version"));
        assert!(wants(""));
    }

    /// Guards the enumeration's number across updates of mimalloc: the options around it
    /// have the defaults mimalloc 3 documents (`page_cross_thread_max_reclaim` 32, huge
    /// `allow_thp` itself 0 or 1, `minimal_purge_size` 0, `arena_max_object_size` 2 GiB in
    /// KiB), and setting it is read back.
    #[test]
    fn the_huge_pages_option_is_the_one_named() {
        // SAFETY: reads and writes allocator options, as mimalloc allows at any time.
        unsafe {
            assert_eq!(mi_option_get(MI_OPTION_ALLOW_THP - 1), 32);
            assert_eq!(mi_option_get(MI_OPTION_ALLOW_THP + 1), 0);
            assert_eq!(mi_option_get(MI_OPTION_ALLOW_THP + 2), 2 * 1024 * 1024);
            assert!(matches!(mi_option_get(MI_OPTION_ALLOW_THP), 0 | 1));
            mi_option_set(MI_OPTION_ALLOW_THP, 1);
            assert_eq!(mi_option_get(MI_OPTION_ALLOW_THP), 1);
            assert!(matches!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000 | -1));
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY + 1), 0);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY + 3), 100);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY + 4), 32);
        }
    }
}
