//! `cargo xtask fuzz <TARGET> [--seconds N]`: seeds the fuzz target's corpus from the real
//! SDK docs in `../shared/corpus` (once), then runs it with cargo-fuzz. The fuzz crate
//! (`fuzz/`) sits outside the workspace; it builds on stable Rust without a sanitizer
//! (`--sanitizer none`): libFuzzer still finds panics, overflows and hangs.
//!
//! The `openapi_reader` target is seeded from the OpenAPI documents of the corpus, of
//! `../shared/openapi`, of `specs/` and of the test fixtures. Whole documents of the corpus are
//! too big to mutate usefully, so they are also split: each sampled component schema, and each
//! sampled path, becomes a small document of its own with the components it refers to.
//!
//! Needs `cargo install cargo-fuzz`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};
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
        bail!("usage: cargo xtask fuzz <markdown_reader|type_grammar|openapi_reader> [--seconds N]")
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
    let mut command = Command::new("cargo");
    command
        .args(["fuzz", "run", "--sanitizer", "none", target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        .arg("-timeout=10");
    if target == "openapi_reader" {
        // Room for seeds to grow, without mutating megabytes per run.
        command.arg(format!("-max_len={}", 2 * MAX_OPENAPI_SEED));
    }
    let status = command
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
    if target == "openapi_reader" {
        return seed_openapi(&corpus, out);
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

/// The largest seed of the `openapi_reader` target, in bytes.
const MAX_OPENAPI_SEED: usize = 16 * 1024;
/// How many component schemas, and how many paths, of one big document become seeds.
const SCHEMAS_PER_DOCUMENT: usize = 120;
const PATHS_PER_DOCUMENT: usize = 30;

/// Seeds `out` with OpenAPI documents: the small ones whole (test fixtures, `specs/`), the big
/// ones (the corpus's, `../shared/openapi`'s) whole when small enough and split into one small
/// document per sampled schema and per sampled path. Identical seeds are written once.
fn seed_openapi(corpus: &Path, out: &Path) -> Result<usize> {
    let root = project_root();
    let mut documents = Vec::new();
    for folder in [
        root.join("tests/fixtures/openapi"),
        root.join("tests/fixtures/openapi-errors"),
        root.join("specs"),
    ] {
        for api in sorted_entries(&folder)? {
            for file in sorted_entries(&api)? {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                if specgen::input::is_openapi_file_name(&name) {
                    documents.push(file);
                }
            }
        }
    }
    let shared = corpus
        .parent()
        .map(|p| p.join("openapi"))
        .unwrap_or_default();
    for file in sorted_entries(&shared)? {
        if file
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            documents.push(file);
        }
    }
    for folder in sorted_entries(corpus)? {
        collect_openapi(&folder, &mut documents)?;
    }

    let mut seeds = BTreeSet::new();
    for path in documents {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        if text.len() <= MAX_OPENAPI_SEED {
            seeds.insert(text.clone());
        }
        let json = path.extension().is_some_and(|e| e == "json");
        let parsed: Option<Value> = if json {
            serde_json::from_str(&text).ok()
        } else {
            specgen::yaml::from_str(&text).ok()
        };
        let Some(document) = parsed.filter(|d| d.get("openapi").is_some()) else {
            continue;
        };
        for part in split_document(&document) {
            let text = if json {
                serde_json::to_string_pretty(&part)?
            } else {
                specgen::yaml::to_string(&part).map_err(|err| anyhow::anyhow!(err.message))?
            };
            if text.len() <= MAX_OPENAPI_SEED {
                seeds.insert(text);
            }
        }
    }
    for (n, seed) in seeds.iter().enumerate() {
        std::fs::write(out.join(format!("{n}")), seed)?;
    }
    Ok(seeds.len())
}

/// The OpenAPI documents below a corpus folder (`.speakeasy/out.openapi.yaml`,
/// `spec/openapi.json` ...): YAML and JSON files outside the generated docs and packages whose
/// name says OpenAPI.
fn collect_openapi(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for path in sorted_entries(dir)? {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if name != "docs" && name != "node_modules" && name != "vendor" {
                collect_openapi(&path, out)?;
            }
        } else if specgen::input::is_openapi_file_name(&name) {
            out.push(path);
        }
    }
    Ok(())
}

/// Small documents cut from `document`: one per sampled component schema and one per sampled
/// path, each with the components it refers to, transitively.
fn split_document(document: &Value) -> Vec<Value> {
    let components = document.get("components").and_then(Value::as_object);
    let schemas = components
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object);
    let paths = document.get("paths").and_then(Value::as_object);
    let mut res = Vec::new();
    for (name, _) in sample(schemas, SCHEMAS_PER_DOCUMENT) {
        let pointer = format!("#/components/schemas/{name}");
        res.push(small_document(document, &Map::new(), &[pointer]));
    }
    for (path, item) in sample(paths, PATHS_PER_DOCUMENT) {
        let mut only = Map::new();
        only.insert(path.clone(), item.clone());
        res.push(small_document(document, &only, &refs_in(item)));
    }
    res
}

/// At most `n` entries of `map`, spread evenly over it.
fn sample(map: Option<&Map<String, Value>>, n: usize) -> Vec<(&String, &Value)> {
    let Some(map) = map else {
        return Vec::new();
    };
    let step = map.len().div_ceil(n).max(1);
    map.iter().step_by(step).collect()
}

/// A document with `document`'s version and info, `paths`, and the components that `refs`
/// (`#/components/<kind>/<name>`) name, with the components those refer to.
fn small_document(document: &Value, paths: &Map<String, Value>, refs: &[String]) -> Value {
    let mut components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut pending: Vec<String> = refs.to_vec();
    let mut seen = BTreeSet::new();
    while let Some(pointer) = pending.pop() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some(rest) = pointer.strip_prefix("#/components/") else {
            continue;
        };
        let Some((kind, name)) = rest.split_once('/') else {
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let Some(found) = document
            .get("components")
            .and_then(|c| c.get(kind))
            .and_then(|k| k.get(&name))
        else {
            continue;
        };
        pending.extend(refs_in(found));
        components
            .entry(kind.to_string())
            .or_default()
            .insert(name, found.clone());
    }
    let mut res = Map::new();
    for key in ["openapi", "info"] {
        if let Some(value) = document.get(key) {
            res.insert(key.to_string(), value.clone());
        }
    }
    res.insert("paths".to_string(), Value::Object(paths.clone()));
    if !components.is_empty() {
        res.insert("components".to_string(), json!(components));
    }
    Value::Object(res)
}

/// Every `$ref` inside `value` that points into the same document.
fn refs_in(value: &Value) -> Vec<String> {
    let mut res = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner) {
                        ("$ref", Value::String(target)) if target.starts_with("#/") => {
                            res.push(target.clone());
                        }
                        _ => stack.push(inner),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    res
}

/// The entries of `dir`, sorted; none when it does not exist.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut res = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    res.sort();
    Ok(res)
}
