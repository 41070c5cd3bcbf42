//! `cargo xtask fuzz <TARGET> [--seconds N]`: seeds the fuzz target's corpus from the real
//! SDK docs in `../shared/corpus` (once), then runs it with cargo-fuzz. The fuzz crate
//! (`fuzz/`) sits outside the workspace; it builds on stable Rust without a sanitizer
//! (`--sanitizer none`): libFuzzer still finds panics, overflows and hangs.
//!
//! Needs `cargo install cargo-fuzz`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use specgen::files::FileId;
use specgen::markdown::doc;

use crate::project_root;

/// The dialect of each corpus folder, by the index the markdown target's first byte selects.
const FOLDERS: &[(&str, u8)] = &[
    ("prove-identity__prove-sdk-server-java", 0),
    ("prove-identity__prove-sdk-server-go", 1),
    ("prove-identity__prove-sdk-server-typescript", 2),
    ("eGain__egain-api-java", 0),
    ("eGain__egain-api-python", 3),
    ("eGain__egain-api-typescript", 2),
    ("authlete__authlete-go-sdk", 1),
    ("authlete__authlete-ruby-sdk", 6),
    ("factuarea__factuarea-php", 5),
    ("StackOneHQ__stackone-client-csharp", 4),
];

/// Runs `cargo fuzz run` on `target` after seeding its corpus.
pub fn run(args: &[String]) -> Result<()> {
    let Some(target) = args.first() else {
        bail!("usage: cargo xtask fuzz <markdown_reader|type_grammar> [--seconds N]")
    };
    let seconds = match args.get(1..) {
        Some([flag, n]) if flag == "--seconds" => {
            n.parse::<u64>().context("--seconds takes a number")?
        }
        Some([]) | None => 600,
        Some(other) => bail!("unexpected arguments {other:?}"),
    };
    let fuzz = project_root().join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    if !corpus.exists() {
        std::fs::create_dir_all(&corpus)?;
        let n = seed(target, &corpus)?;
        eprintln!("fuzz: seeded {n} inputs into {}", corpus.display());
    }
    let status = Command::new("cargo")
        .args(["fuzz", "run", "--sanitizer", "none", target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        .arg("-timeout=10")
        .current_dir(&fuzz)
        .status()
        .context("running cargo fuzz (install it with `cargo install cargo-fuzz`)")?;
    if !status.success() {
        bail!("the fuzz target found a crash; the input is under fuzz/artifacts/{target}/");
    }
    Ok(())
}

fn seed(target: &str, out: &Path) -> Result<usize> {
    let corpus = project_root()
        .parent()
        .map(|p| p.join("shared/corpus"))
        .unwrap_or_default();
    if !corpus.is_dir() {
        bail!(
            "seeding needs the real-world corpus at {}",
            corpus.display()
        );
    }
    let mut n = 0;
    for (folder, dialect) in FOLDERS {
        let dir = corpus.join(folder).join("docs");
        let mut files = Vec::new();
        collect(&dir, &mut files)?;
        for path in files {
            let text = std::fs::read_to_string(&path)?;
            match target {
                "markdown_reader" => {
                    let mut bytes = vec![*dialect];
                    bytes.extend_from_slice(text.as_bytes());
                    std::fs::write(out.join(format!("{n}")), bytes)?;
                    n += 1;
                }
                "type_grammar" => {
                    let parsed = doc::parse(FileId(0), &text);
                    for row in parsed
                        .sections
                        .iter()
                        .flat_map(|s| &s.tables)
                        .flat_map(|t| &t.rows)
                    {
                        if let Some(cell) = row.cells.get(1) {
                            std::fs::write(out.join(format!("{n}")), &cell.raw)?;
                            n += 1;
                        }
                    }
                }
                other => bail!("unknown fuzz target `{other}`"),
            }
        }
    }
    Ok(n)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "mdx") {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}
