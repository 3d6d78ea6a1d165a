//! Where a run's time and memory go: with `WALLET_AUDIT_TIMINGS=1`, one line on stderr per
//! stage (`timings: reconcile 1.234 s, peak 812 MiB`). For the scale benchmark and profiling;
//! silent otherwise, and it costs one environment lookup per run.

use std::sync::Mutex;
use std::time::Instant;

/// When the previous stage ended; `None` until the first mark, or always when timings are off.
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

/// Whether `WALLET_AUDIT_TIMINGS` asks for timings (set and neither empty nor `0`).
fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("WALLET_AUDIT_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Starts the clock (the first stage is measured from here).
pub fn start() {
    if enabled()
        && let Ok(mut last) = LAST.lock()
    {
        *last = Some(Instant::now());
    }
}

/// Ends stage `name`: prints its wall time since the previous mark and the peak memory so far.
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let Ok(mut last) = LAST.lock() else { return };
    let now = Instant::now();
    let took = last.map(|t| now - t).unwrap_or_default();
    *last = Some(now);
    eprintln!("timings: {name} {:.3} s, peak {} MiB", took.as_secs_f64(), peak_kib() / 1024);
}

/// The process's peak resident memory in KiB (Linux `VmHWM`; 0 where it cannot be read).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
