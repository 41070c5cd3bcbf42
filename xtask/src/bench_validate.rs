//! `cargo xtask bench-validate [PAYLOADS] [RUNS]`: measures what validation costs on top of
//! deserialization. It builds and runs `tests/roundtrip/examples/bench_validate.rs` in release
//! mode, which prints the median time of `serde_json::from_str` alone and followed by
//! `validate()` over realistic payloads of a large generated type, and their ratio; then the
//! cost of adversarial payloads of growing size (a pattern that backtracks, nested untagged
//! unions), which must grow no faster than the payloads. A measurement, not a test: it
//! asserts nothing about timing.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project_root;

/// Runs the benchmark, passing `args` (payload count, run count) through.
pub fn run(args: &[String]) -> Result<()> {
    for arg in args {
        if arg.parse::<usize>().is_err() {
            bail!("`bench-validate` takes numbers (payloads, runs), not `{arg}`");
        }
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "roundtrip",
            "--example",
            "bench_validate",
            "--",
        ])
        .args(args)
        .current_dir(project_root())
        .status()
        .context("running the benchmark")?;
    if !status.success() {
        bail!("the benchmark failed ({status})");
    }
    Ok(())
}
