//! Where a run's time and memory go: with `WALLET_AUDIT_TIMINGS=1`, one line on stderr per
//! stage (`timings: reconcile 1.234 s, cpu 1.20 s, peak 812 MiB`): its wall time, the CPU time
//! of the thread that ran it (steadier than wall time on a busy machine; work on other threads
//! is not in it), and the peak memory so far. For the scale benchmark and profiling; silent
//! otherwise, and it costs one environment lookup per run.

use std::sync::Mutex;
use std::time::Instant;

/// When the previous stage ended (wall clock, thread CPU seconds); `None` until the first
/// mark, or always when timings are off.
static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);

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
        *last = Some((Instant::now(), thread_cpu()));
    }
}

/// Ends stage `name`: prints its wall time since the previous mark and the peak memory so far.
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let Ok(mut last) = LAST.lock() else { return };
    let (now, cpu) = (Instant::now(), thread_cpu());
    let (took, used) = last.map(|(t, c)| (now - t, cpu - c)).unwrap_or_default();
    *last = Some((now, cpu));
    eprintln!("timings: {name} {:.3} s, cpu {used:.2} s, peak {} MiB", took.as_secs_f64(), peak_kib() / 1024);
}

/// The calling thread's user and system CPU seconds (Linux `/proc/thread-self/stat`, in the
/// kernel's 100 Hz ticks; 0 where it cannot be read).
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are the 14th and 15th fields; `fields` starts at the 3rd.
    (ticks(11) + ticks(12)) / 100.0
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
