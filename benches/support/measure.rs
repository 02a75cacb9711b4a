//! Whole-process measurement shared by the benchmarks: wall time, peak RSS and CPU time of a
//! child, and the best of several runs. (Each bench includes this file; not every bench uses
//! every part.)
#![allow(dead_code)]

use std::process::Command;
use std::time::Instant;

/// One run of a command: wall seconds, peak resident set (bytes) and CPU seconds (user +
/// system). CPU time holds on a loaded machine, where wall time does not. The command must exit
/// 0 or 1 (corsdx's "nothing blocked" and "blocked").
pub struct Run {
    pub secs: f64,
    pub peak_rss: u64,
    pub cpu: f64,
}

#[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives its peak RSS
pub fn measure(cmd: &mut Command) -> Run {
    use std::os::unix::process::ExitStatusExt;
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let secs = start.elapsed().as_secs_f64();
    let st = std::process::ExitStatus::from_raw(status);
    assert!(st.code().is_some_and(|c| c <= 1), "{cmd:?}: {st:?}");
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        secs,
        peak_rss: usage.ru_maxrss as u64 * 1024,
        cpu: cpu(usage.ru_utime) + cpu(usage.ru_stime),
    }
}

/// Best time, largest peak RSS and least CPU time over `runs`.
pub fn best(runs: usize, mut f: impl FnMut() -> Run) -> (f64, u64, f64) {
    let (mut t, mut m, mut c) = (f64::MAX, 0, f64::MAX);
    for _ in 0..runs.max(1) {
        let r = f();
        t = t.min(r.secs);
        m = m.max(r.peak_rss);
        c = c.min(r.cpu);
    }
    (t, m, c)
}
