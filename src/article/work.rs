//! A count of the steps the loaders and the sentence splitter take: bytes
//! read from the file, bytes the splitter's look-arounds read, lines and
//! parser events visited. Tests use it to check that the
//! work grows in proportion to the input, where a clock would measure the
//! machine's load as much as the code (`tests/robustness.rs`,
//! `worst_case_prose_stays_linear`).
//!
//! Steps are counted only in builds with debug assertions (the test
//! profile); in a release build [`step`] is empty and costs nothing.

#[cfg(debug_assertions)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` steps of work on this thread.
#[inline(always)]
pub(crate) fn step(n: usize) {
    #[cfg(debug_assertions)]
    STEPS.with(|steps| steps.set(steps.get() + n as u64));
    #[cfg(not(debug_assertions))]
    let _ = n;
}

/// Runs `f` and says how many steps it took on this thread, or `None` in a
/// build that does not count them.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, Option<u64>) {
    #[cfg(debug_assertions)]
    {
        let before = STEPS.with(std::cell::Cell::get);
        let value = f();
        (value, Some(STEPS.with(std::cell::Cell::get) - before))
    }
    #[cfg(not(debug_assertions))]
    (f(), None)
}
