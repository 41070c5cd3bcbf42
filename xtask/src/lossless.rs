//! The lossless round trip of `cargo xtask conformance`: every example an OpenAPI document
//! carries (schema `example`/`examples`, media type `example`/`examples` and the
//! `components/examples` they name; see `specgen::examples::document`) is read into the type
//! it documents in the generated crate, validated, written back and compared with what was
//! read: nothing may be dropped or changed. Numbers compare as numbers (`1.0` is `1`; an
//! `f32` written back as the nearest `f32`), date-times as instants, and keys the output adds
//! (defaults) are allowed.
//!
//! Per document, a harness crate (`target/conformance/harness/<crate>`) depends on the
//! generated crate; its `main` reads `cases.json` (type index and example) and prints one
//! outcome per case: `ok`, `changed <pointer>`, `unread <error>` or `invalid <violation>`.
//! Only the types that have examples are instantiated, one generic `round_trip::<T>` each.
//! The harness also prints `size_of` of every type of the crate, so the table gives each
//! document's largest type (the size budget's margin, see `specgen::model::size`).
//!
//! The outcomes are joined with the generator's static check of each example:
//!
//! | static check | round trip | counted as |
//! |---|---|---|
//! | no generated type | - | no type (listed with the reason) |
//! | fits | lossless | lossless |
//! | does not fit | fails | spec contradiction (the generator's warning says why) |
//! | does not fit, by a rule of an inline schema that the Rust type does not carry | lossless | spec contradiction |
//! | fits | fails | unexplained: a specgen bug |
//! | does not fit | lossless | unexplained: the static check and the code disagree |
//!
//! A document with an unexplained case fails the run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};
use specgen::plan::spec_examples::Case;

/// A harness crate written for one document.
pub struct Harness {
    /// The generated crate's package name.
    pub krate: String,
    /// The harness package name.
    pub package: String,
    /// Where the harness crate is.
    pub dir: PathBuf,
    /// The document's examples.
    pub cases: Vec<Case>,
}

/// Writes the harness of `krate` (whose crate is at `crate_dir`) into `dir`.
pub fn write_harness(
    dir: &Path,
    krate: &str,
    crate_dir: &Path,
    cases: Vec<Case>,
    type_paths: &[String],
) -> Result<Harness> {
    let package = format!("lossless-{krate}");
    let lib = krate.replace('-', "_");
    let mut types: Vec<&str> = cases
        .iter()
        .filter_map(|case| case.rust_type.as_deref())
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut json_cases = Vec::new();
    for case in &cases {
        if let Some(ty) = &case.rust_type {
            let idx = types.binary_search(&ty.as_str()).unwrap_or(usize::MAX);
            json_cases.push(serde_json::json!([idx, case.example.value]));
        } else {
            json_cases.push(serde_json::json!([usize::MAX, null]));
        }
    }
    let mut arms = String::new();
    for (idx, ty) in types.iter().enumerate() {
        let ty = ty.replace("crate::", &format!("{lib}::"));
        writeln!(arms, "            {idx} => round_trip::<{ty}>(text),")?;
    }
    let mut sizes = String::new();
    for path in type_paths {
        let path = path.replace("crate::", &format!("{lib}::"));
        writeln!(sizes, "    (\"{path}\", std::mem::size_of::<{path}>()),")?;
    }
    std::fs::create_dir_all(dir.join("src"))?;
    let relative = pathdiff(crate_dir, dir);
    // The crate's client, where it has one, is built (and linted) with the crate.
    let has_client = std::fs::read_to_string(crate_dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.starts_with("client =")));
    // Every example is read and written back, so every type needs both serde directions.
    let round_trip = specgen::plan::ROUND_TRIP_FEATURE;
    let features = if has_client {
        format!(", features = [\"client\", \"{round_trip}\"]")
    } else {
        format!(", features = [\"{round_trip}\"]")
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{krate} = {{ path = \"{relative}\"{features} }}\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n"
        ),
    )?;
    std::fs::write(dir.join("cases.json"), serde_json::to_string(&json_cases)?)?;
    std::fs::write(
        dir.join("src/main.rs"),
        HARNESS_MAIN
            .replace("KRATE", &lib)
            .replace("        // ARMS\n", &arms)
            .replace("    // SIZES\n", &sizes),
    )?;
    Ok(Harness {
        krate: krate.to_string(),
        package,
        dir: dir.to_path_buf(),
        cases,
    })
}

/// `to` relative to `from` (both under one root), with `/`.
fn pathdiff(to: &Path, from: &Path) -> String {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The counts of one document.
#[derive(Default)]
pub struct Tally {
    tried: usize,
    lossless: usize,
    contradictions: usize,
    no_type: usize,
    unexplained: usize,
    /// The crate's largest type (its path in the crate), its `size_of` and the number of types.
    largest: String,
    largest_bytes: usize,
    types: usize,
}

/// Runs the harness (built in `workspace` with `target`, `env` added) and prints its
/// document's line of the table and its unexplained cases; returns the unexplained count.
pub fn run_harness(
    workspace: &Path,
    target: &Path,
    harness: &Harness,
    env: &[(&str, String)],
    table: &mut Vec<(String, Tally)>,
    details: &mut String,
) -> Result<usize> {
    let started = Instant::now();
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(["run", "--quiet", "--package", &harness.package, "--"])
        .arg(harness.dir.join("cases.json"))
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .with_context(|| format!("running the harness of {}", harness.krate))?;
    println!(
        "lossless round trip of {} ({} examples): built and ran in {:.1} s",
        harness.krate,
        harness.cases.len(),
        started.elapsed().as_secs_f64()
    );
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        anyhow::bail!(
            "the harness of {} failed ({})",
            harness.krate,
            output.status
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut tally = Tally::default();
    let mut outcomes: Vec<&str> = Vec::new();
    for line in stdout.lines() {
        match line.strip_prefix("largest\t") {
            Some(rest) => {
                let mut parts = rest.split('\t');
                tally.largest = parts.next().unwrap_or_default().to_string();
                tally.largest_bytes = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                tally.types = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            }
            None => outcomes.push(line),
        }
    }
    for (idx, case) in harness.cases.iter().enumerate() {
        tally.tried += 1;
        let at = format!(
            "{} ({})",
            case.example.at,
            case.rust_type.as_deref().unwrap_or("-")
        );
        let Ok(documented) = &case.example.documents else {
            tally.no_type += 1;
            continue;
        };
        let outcome = outcomes.get(idx).copied().unwrap_or("missing");
        let outcome = outcome.split_once('\t').map_or(outcome, |(_, o)| o);
        let lossless = outcome == "ok";
        match (&case.misfit, lossless) {
            (None, true) => tally.lossless += 1,
            (Some(_), false) => tally.contradictions += 1,
            (Some(_), true) if !documented.constraints.is_empty() => tally.contradictions += 1,
            (Some(reason), true) => {
                tally.unexplained += 1;
                writeln!(
                    details,
                    "    {at}: the static check says it does not fit ({reason}), the round trip is lossless"
                )?;
            }
            (None, false) => {
                tally.unexplained += 1;
                writeln!(details, "    {at}: {outcome}")?;
            }
        }
    }
    let unexplained = tally.unexplained;
    table.push((harness.krate.clone(), tally));
    Ok(unexplained)
}

/// Prints the table of every document run.
pub fn print_table(table: &[(String, Tally)], details: &str) {
    println!(
        "\nlossless round trip of the spec examples\n{:<48} {:>6} {:>8} {:>14} {:>7} {:>11}  largest type",
        "OpenAPI document", "tried", "lossless", "contradictions", "no type", "unexplained"
    );
    for (name, t) in table {
        println!(
            "{:<48} {:>6} {:>8} {:>14} {:>7} {:>11}  {} ({} B, of {} types)",
            name,
            t.tried,
            t.lossless,
            t.contradictions,
            t.no_type,
            t.unexplained,
            t.largest,
            t.largest_bytes,
            t.types
        );
    }
    if !details.is_empty() {
        println!("unexplained:\n{details}");
    }
}

/// Prints the spec contradictions of one document, with their places and reasons, and its
/// examples without a type, counted by reason with the first place.
pub fn print_listed(krate: &str, cases: &[Case]) {
    let mut no_type: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
    let mut header = false;
    for case in cases {
        match (&case.example.documents, &case.misfit) {
            (Err(reason), _) => {
                no_type
                    .entry(reason.as_str())
                    .or_insert((0, &case.example.at))
                    .0 += 1;
            }
            (Ok(_), Some(misfit)) => {
                if !header {
                    println!(
                        "    {krate}: spec contradictions (examples that do not fit their types)"
                    );
                    header = true;
                }
                println!("      {}: {misfit}", case.example.at);
            }
            _ => {}
        }
    }
    for (reason, (n, first)) in no_type {
        println!("    examples with no generated type ({n}): {reason} (first at {first})");
    }
}

/// The harness's `main`: `KRATE` and the `// ARMS` line are filled in.
const HARNESS_MAIN: &str = r#"//! The lossless round trip of the spec's examples through the generated crate, written by
//! `cargo xtask conformance`: one line per case of `cases.json` (index, tab, outcome).
// A document without examples leaves the round trip unused; the examples of deprecated
// schemas are round-tripped like any other.
#![allow(clippy::all, dead_code, deprecated, unused_variables)]

use KRATE::runtime::Validate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn main() {
    let path = std::env::args().nth(1).expect("the cases file");
    let text = std::fs::read_to_string(&path).expect("the cases file reads");
    let cases: Vec<(usize, Value)> = serde_json::from_str(&text).expect("the cases are JSON");
    let mut out = String::new();
    for (idx, (ty, json)) in cases.iter().enumerate() {
        let text = &json.to_string();
        let outcome = match *ty {
        // ARMS
            _ => "no type".to_string(),
        };
        out.push_str(&format!("{idx}\t{}\n", outcome.replace('\n', " ")));
    }
    if let Some((name, bytes)) = SIZES.iter().max_by_key(|(name, bytes)| (*bytes, std::cmp::Reverse(*name))) {
        out.push_str(&format!("largest\t{name}\t{bytes}\t{}\n", SIZES.len()));
    }
    print!("{out}");
}

/// `size_of` of every type of the crate.
const SIZES: &[(&str, usize)] = &[
    // SIZES
];

/// Reads `text` as a `T`, validates it, writes it back and compares.
fn round_trip<T: DeserializeOwned + Serialize + Validate>(text: &str) -> String {
    let value: T = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => return format!("unread: {err}"),
    };
    if let Err(errors) = value.validate() {
        let first = errors.iter().next().map(|v| format!("{}: {v}", v.pointer()));
        return format!("invalid: {}", first.unwrap_or_default());
    }
    let back = match serde_json::to_value(&value) {
        Ok(back) => back,
        Err(err) => return format!("not written: {err}"),
    };
    let input: Value = serde_json::from_str(text).expect("the example is JSON");
    match diff(&input, &back, "") {
        None => "ok".to_string(),
        Some(problem) => format!("changed: {problem}"),
    }
}

/// Where `output` lost or changed part of `input`, if it did.
fn diff(input: &Value, output: &Value, at: &str) -> Option<String> {
    match (input, output) {
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                // An `f32` field writes back the nearest `f32`, printed as an `f64`.
                _ => match (a.as_f64(), b.as_f64()) {
                    (Some(x), Some(y)) => x == y || (x as f32) == (y as f32),
                    _ => false,
                },
            };
            (!same).then(|| format!("{at}: {a} became {b}"))
        }
        (Value::String(a), Value::String(b)) => {
            if a == b {
                return None;
            }
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (instant(a), instant(b)) {
                (Some(x), Some(y)) if x == y => None,
                _ => Some(format!("{at}: {a:?} became {b:?}")),
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{at}: {} items became {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(idx, (x, y))| diff(x, y, &format!("{at}/{idx}")))
        }
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(key, x)| {
            let at = format!("{at}/{key}");
            match b.get(key) {
                Some(y) => diff(x, y, &at),
                None => Some(format!("{at}: dropped")),
            }
        }),
        _ if input == output => None,
        _ => Some(format!("{at}: {input} became {output}")),
    }
}
"#;
