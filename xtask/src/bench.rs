//! `cargo xtask bench [--quick] [--compile | --compile-only] [--only TEXT]`: how fast the
//! generator is, next to the cost of merely parsing its input, and how much memory it takes.
//! Figures are printed, never asserted: machines are noisy, so compare ratios within one run.
//!
//! Each input runs in a child process (the release build of this xtask, `bench-one`) so its
//! peak memory is its own. Phases, timed in the child: read (files from disk), parse floor
//! (the same bytes into a `serde_json` value, through `serde_json` or the generator's YAML
//! module, or through pulldown-cmark for Markdown), model (parse and lower into the model), emit (examples checked, root names,
//! tokens and formatting), write (files to a fresh directory, removed when the benchmark
//! ends). Synthetic Markdown specs of 1k, 10k and 100k models show how the cost grows with
//! size. Adversarial inputs (`--only adversarial`) show that cost stays linear where a naive
//! reader's would not: `allOf` diamonds (each schema includes the previous one twice), long
//! `allOf` chains, and Type cells nested thousands deep (which fail fast with a located
//! error); each row says how much the time grew against how much the input grew. With
//! `--compile`, Stripe's and GitHub's generated crates are checked with `cargo check`
//! (dependencies prebuilt), whole and with two of their group features alone, each with its
//! time and rustc's peak memory, and their lines counted; `--compile-only` measures only that.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use specgen::files::{SourceFile, SourceMap};
use specgen::{ApiInput, Layout, Options};

use crate::project_root;

/// One input of the benchmark.
struct Input {
    label: String,
    kind: &'static str,
    path: PathBuf,
}

/// The driver: builds the release binary, runs every input in it, prints a table.
pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    // `--compile-only`: the generated crates' build cost alone, without the generator's.
    let compile_only = args.iter().any(|a| a == "--compile-only");
    let compile = compile_only || args.iter().any(|a| a == "--compile");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let root = project_root();
    let shared = root.parent().map(|p| p.join("shared")).unwrap_or_default();
    let synthetic = root.join("target/bench/synthetic");
    let sizes: &[usize] = if quick {
        &[1000, 10_000]
    } else {
        &[1000, 10_000, 100_000]
    };
    for &n in sizes {
        write_synthetic(&synthetic.join(format!("{n}")), n)?;
    }
    let mut inputs = Vec::new();
    let corpus = shared.join("corpus");
    for (folder, docs) in [
        ("prove-identity__prove-sdk-server-java", "docs/models"),
        ("prove-identity__prove-sdk-server-go", "docs/models"),
        ("prove-identity__prove-sdk-server-typescript", "docs/models"),
        ("eGain__egain-api-java", "docs/models"),
        ("eGain__egain-api-python", "docs/models"),
        ("eGain__egain-api-typescript", "docs/models"),
        ("authlete__authlete-go-sdk", "docs/models"),
        ("authlete__authlete-ruby-sdk", "docs/models"),
        ("factuarea__factuarea-php", "docs/Models"),
        ("StackOneHQ__stackone-client-csharp", "docs/Models"),
    ] {
        inputs.push(Input {
            label: format!("docs {folder}"),
            kind: "docs",
            path: corpus.join(folder).join(docs),
        });
    }
    inputs.push(Input {
        label: "docs: all ten corpus folders together".into(),
        kind: "all-docs",
        path: corpus.clone(),
    });
    for spec in [
        "clerk-backend-api.yaml",
        "stripe-spec3-2023-09-12.yaml",
        "github-api.github.com.json",
    ] {
        inputs.push(Input {
            label: format!("openapi {spec}"),
            kind: "openapi",
            path: shared.join("openapi").join(spec),
        });
    }
    for &n in sizes {
        inputs.push(Input {
            label: format!("synthetic {n} models"),
            kind: "docs",
            path: synthetic.join(format!("{n}")),
        });
    }
    // `--only` picks the inputs (and, with `--compile`, the crates) whose label contains TEXT,
    // ignoring case.
    let only = only.map(|only| only.to_lowercase());
    let picked = |label: &str| {
        only.as_ref()
            .is_none_or(|only| label.to_lowercase().contains(only.as_str()))
    };
    inputs.retain(|i| picked(&i.label));
    if compile_only {
        return compile_costs(&root, &shared, &picked);
    }
    let adversarial = adversarial_inputs(&root.join("target/bench/adversarial"), quick)?;
    let adversarial: Vec<(Input, usize)> = adversarial
        .into_iter()
        .filter(|(input, _)| picked(&input.label))
        .collect();

    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--quiet", "--package", "xtask"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("building the release benchmark failed");
    }
    let exe = root.join("target/release/xtask");
    println!("{}", machine());
    if !adversarial.is_empty() {
        run_adversarial(
            &exe,
            &root.join("target/bench/out-adversarial"),
            &adversarial,
        )?;
    }
    if inputs.is_empty() {
        return Ok(());
    }
    println!(
        "{:<52} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9}",
        "input", "MB in", "read", "floor", "model", "emit", "write", "total", "x floor", "peak MB"
    );
    let runs = if quick { 1 } else { 3 };
    // Every run writes a fresh tree here, and all are removed at the end: removing thousands
    // of files between runs makes creating the next run's files slower on some filesystems
    // (ext4 without a journal skips recently freed inodes when it allocates one), which would
    // charge one run's clean-up to the next run's write phase.
    let out_root = root.join("target/bench/out");
    let _ = std::fs::remove_dir_all(&out_root);
    std::fs::create_dir_all(&out_root)?;
    let mut run_idx = 0;
    for input in &inputs {
        if !input.path.exists() {
            println!("{:<52} (missing: {})", input.label, input.path.display());
            continue;
        }
        let mut samples = Vec::new();
        for _ in 0..runs {
            run_idx += 1;
            let out = Command::new(&exe)
                .args(["bench-one", input.kind])
                .arg(&input.path)
                .arg(out_root.join(run_idx.to_string()))
                .output()?;
            if !out.status.success() {
                bail!(
                    "{} failed:\n{}",
                    input.label,
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            samples.push(parse_sample(&String::from_utf8_lossy(&out.stdout))?);
        }
        let med = median(&samples);
        println!(
            "{:<52} {:>7.1} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7.1} {:>9.0}",
            input.label,
            med.bytes as f64 / 1e6,
            ms(med.read),
            ms(med.floor),
            ms(med.model),
            ms(med.emit),
            ms(med.write),
            ms(med.total()),
            med.total().as_secs_f64() / med.floor.as_secs_f64().max(1e-9),
            med.peak_kb as f64 / 1024.0,
        );
    }
    let _ = std::fs::remove_dir_all(&out_root);
    if compile {
        compile_costs(&root, &shared, &picked)?;
    }
    Ok(())
}

/// The adversarial inputs, written to `dir`, each with its size (schemas, or nesting levels).
fn adversarial_inputs(dir: &Path, quick: bool) -> Result<Vec<(Input, usize)>> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let mut res = Vec::new();
    let header = "openapi: 3.0.3\ninfo: {title: adversarial, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A0:\n      type: object\n      properties: {p0: {type: string}}\n";
    // `A_i = allOf [A_(i-1), A_(i-1), {p_i}]`: flattened anew at every use, 4x the work per
    // two schemas.
    for n in [10, 20, 40] {
        let mut text = header.to_string();
        for i in 1..=n {
            let prev = i - 1;
            let _ = write!(
                text,
                "    A{i}:\n      allOf:\n        - $ref: '#/components/schemas/A{prev}'\n        - $ref: '#/components/schemas/A{prev}'\n        - type: object\n          properties: {{p{i}: {{type: string}}}}\n"
            );
        }
        let path = dir.join(format!("diamond-{n}.yaml"));
        std::fs::write(&path, text)?;
        res.push((
            Input {
                label: format!("adversarial: allOf diamond of {n}"),
                kind: "openapi",
                path,
            },
            n,
        ));
    }
    // `A_i = allOf [A_(i-1)]` beside a keyword of its own, listed outermost first: each schema
    // extends the previous one.
    let chains: &[usize] = if quick { &[1000] } else { &[1000, 10_000] };
    for &n in chains {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: adversarial, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in (1..=n).rev() {
            let prev = i - 1;
            let _ = write!(
                text,
                "    A{i}:\n      description: Extends A{prev}.\n      minProperties: 1\n      allOf:\n        - $ref: '#/components/schemas/A{prev}'\n"
            );
        }
        text.push_str("    A0:\n      type: object\n      properties: {p0: {type: string}}\n");
        let path = dir.join(format!("chain-{n}.yaml"));
        std::fs::write(&path, text)?;
        res.push((
            Input {
                label: format!("adversarial: allOf chain of {n}"),
                kind: "openapi",
                path,
            },
            n,
        ));
    }
    // A Java Type cell `List<List<...<Long>...>>`: a located error, however deep.
    for n in [1000, 10_000] {
        let folder = dir.join(format!("deep-cell-{n}"));
        std::fs::create_dir_all(&folder)?;
        let cell = format!("{}*Long*{}", "List\\<".repeat(n), ">".repeat(n));
        std::fs::write(
            folder.join("Deep.md"),
            format!(
                "# Deep\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `deep` | {cell} | :heavy_check_mark: | Nested {n} levels. |\n"
            ),
        )?;
        std::fs::write(folder.join("codegen.yaml"), "dialect: java\n")?;
        res.push((
            Input {
                label: format!("adversarial: Type cell nested {n} deep"),
                kind: "docs-error",
                path: folder,
            },
            n,
        ));
    }
    Ok(res)
}

/// Runs each adversarial input once (in a child, like the others) and prints its time with how
/// much it grew against the previous size of the same input.
fn run_adversarial(exe: &Path, out_root: &Path, inputs: &[(Input, usize)]) -> Result<()> {
    let _ = std::fs::remove_dir_all(out_root);
    println!(
        "{:<44} {:>6} {:>10} {:>10} {:>10} {:>8}  growth against the previous size",
        "adversarial input", "size", "model", "emit", "total", "peak MB"
    );
    let mut previous: Option<(String, usize, Duration)> = None;
    for (idx, (input, n)) in inputs.iter().enumerate() {
        let out = Command::new(exe)
            .args(["bench-one", input.kind])
            .arg(&input.path)
            .arg(out_root.join(idx.to_string()))
            .output()?;
        if !out.status.success() {
            bail!(
                "{} failed ({}):\n{}",
                input.label,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let sample = parse_sample(&stdout)?;
        let family = input
            .label
            .trim_end_matches(" deep")
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
            .to_string();
        let growth = match &previous {
            Some((prev_family, prev_n, prev_total)) if *prev_family == family => format!(
                "time x{:.1} for size x{:.1}",
                sample.total().as_secs_f64() / prev_total.as_secs_f64().max(1e-9),
                *n as f64 / *prev_n as f64
            ),
            _ => String::new(),
        };
        let error = stdout
            .split_whitespace()
            .find_map(|part| part.strip_prefix("error="))
            .map(|code| format!(" (fails: {code})"))
            .unwrap_or_default();
        println!(
            "{:<44} {:>6} {:>10} {:>10} {:>10} {:>8.0}  {growth}{error}",
            input.label,
            n,
            ms(sample.model),
            ms(sample.emit),
            ms(sample.total()),
            sample.peak_kb as f64 / 1024.0,
        );
        previous = Some((family, *n, sample.total()));
    }
    let _ = std::fs::remove_dir_all(out_root);
    println!();
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.1}ms", d.as_secs_f64() * 1000.0)
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    format!("machine: {cpus} cores, {model}; medians of repeated runs, each in its own process")
}

/// One run's figures.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    bytes: u64,
    read: Duration,
    floor: Duration,
    model: Duration,
    emit: Duration,
    write: Duration,
    peak_kb: u64,
}

impl Sample {
    /// Read to written files; the floor is measured beside it, not part of it.
    fn total(&self) -> Duration {
        self.read + self.model + self.emit + self.write
    }
}

fn parse_sample(line: &str) -> Result<Sample> {
    let mut s = Sample::default();
    for part in line.split_whitespace() {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        let micros = || value.parse::<u64>().map(Duration::from_micros);
        match key {
            "bytes" => s.bytes = value.parse()?,
            "read" => s.read = micros()?,
            "floor" => s.floor = micros()?,
            "model" => s.model = micros()?,
            "emit" => s.emit = micros()?,
            "write" => s.write = micros()?,
            "peak_kb" => s.peak_kb = value.parse()?,
            _ => {}
        }
    }
    Ok(s)
}

fn median(samples: &[Sample]) -> Sample {
    let mut sorted = samples.to_vec();
    sorted.sort_by_key(Sample::total);
    sorted[sorted.len() / 2]
}

/// The child: runs one input through every phase and prints `key=value` figures.
pub fn run_one(args: &[String]) -> Result<()> {
    let [kind, path, out] = args else {
        bail!("usage: bench-one <docs|all-docs|openapi> <path> <output directory>")
    };
    let (path, out) = (Path::new(path), Path::new(out));
    if out.exists() {
        bail!(
            "{} exists; the write phase needs a fresh directory",
            out.display()
        );
    }
    let started = Instant::now();
    let inputs: Vec<ApiInput> = match kind.as_str() {
        "docs" | "docs-error" => vec![specgen::input::read_api_dir(path, "bench", "bench")?],
        "all-docs" => {
            let mut res = Vec::new();
            let mut folders: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect();
            folders.sort();
            for folder in folders {
                let docs = ["docs/models", "docs/Models"]
                    .iter()
                    .map(|d| folder.join(d))
                    .find(|d| d.is_dir());
                if let Some(docs) = docs {
                    let name = folder
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("api")
                        .to_string();
                    res.push(specgen::input::read_api_dir(&docs, &name, &name)?);
                }
            }
            res
        }
        "openapi" => vec![specgen::input::read_openapi_file(path, "bench", "bench")?],
        other => bail!("unknown input kind `{other}`"),
    };
    let read = started.elapsed();
    let files: Vec<&SourceFile> = inputs
        .iter()
        .flat_map(|i| i.docs.iter().chain(&i.openapi).chain(&i.config))
        .collect();
    let bytes: u64 = files.iter().map(|f| f.text.len() as u64).sum();

    let started = Instant::now();
    parse_floor(&files);
    let floor = started.elapsed();

    // Model: each reader parses and lowers into the model.
    let started = Instant::now();
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let mut apis = Vec::new();
    for input in &inputs {
        let api = if input.openapi.is_empty() {
            specgen::markdown::read_api(&mut sources, input, &mut diagnostics)
        } else {
            specgen::openapi::read_api(&mut sources, input, &mut diagnostics)
        };
        apis.extend(api);
    }
    let model = started.elapsed();
    // An input that must fail: the figures up to its first error.
    if kind == "docs-error" {
        let Some(error) = diagnostics.iter().find(|d| d.is_error()) else {
            bail!("the input was expected to fail and did not");
        };
        println!(
            "bytes={bytes} read={} floor={} model={} emit=0 write=0 peak_kb={} files=0 error={}",
            read.as_micros(),
            floor.as_micros(),
            model.as_micros(),
            peak_memory_kb(),
            error.code.as_str()
        );
        return Ok(());
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        bail!(
            "the input has errors:\n{}",
            specgen::diagnostics::render_all(&diagnostics)
        );
    }

    let started = Instant::now();
    let options = Options::new(
        Layout::Crate {
            name: "bench".into(),
        },
        "cargo xtask bench",
    );
    let decisions = specgen::plan::build(&sources, &apis, Vec::new(), &mut diagnostics);
    let generated = specgen::emit::emit(&sources, &apis, &decisions, &options);
    let emit = started.elapsed();

    let started = Instant::now();
    let plan = specgen::sync::plan(out, &generated, &specgen::sync::Ownership::Manifest)?;
    plan.apply()?;
    let write = started.elapsed();

    let peak_kb = peak_memory_kb();
    println!(
        "bytes={bytes} read={} floor={} model={} emit={} write={} peak_kb={peak_kb} files={}",
        read.as_micros(),
        floor.as_micros(),
        model.as_micros(),
        emit.as_micros(),
        write.as_micros(),
        generated.len()
    );
    Ok(())
}

/// Parses the bytes the way a generator that did nothing else would: JSON and YAML into a
/// value tree, Markdown through pulldown-cmark's event stream.
fn parse_floor(files: &[&SourceFile]) {
    for file in files {
        if file.path.ends_with(".json") {
            let _ = std::hint::black_box(serde_json::from_str::<serde_json::Value>(&file.text));
        } else if file.path.ends_with(".yaml") || file.path.ends_with(".yml") {
            let _ = std::hint::black_box(specgen::yaml::from_str::<serde_json::Value>(&file.text));
        } else {
            let options = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            let events = pulldown_cmark::Parser::new_ext(&file.text, options).count();
            std::hint::black_box(events);
        }
    }
}

/// The process's peak resident set size, from `/proc/self/status` (Linux).
fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Synthetic Markdown docs (Java dialect) with `n` models: each has eight fields of mixed
/// types and links to two others, and every tenth model is an enum.
fn write_synthetic(dir: &Path, n: usize) -> Result<()> {
    if dir.join(".complete").exists() {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    let docs = dir.join("components");
    std::fs::create_dir_all(&docs)?;
    for i in 0..n {
        let mut text = format!("# Model{i}\n\nSynthetic model number {i}.\n\n");
        if i % 10 == 9 {
            text.push_str("## Values\n\n| Name | Value |\n| --- | --- |\n| `FIRST` | first |\n| `SECOND` | second |\n| `THIRD` | third |\n");
        } else {
            let (a, b) = ((i + 1) % n, (i * 7 + 3) % n);
            let (a, b) = (
                if a % 10 == 9 { (a + 1) % n } else { a },
                if b % 10 == 9 { (b + 1) % n } else { b },
            );
            text.push_str("## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n");
            let _ = writeln!(
                text,
                "| `id` | *String* | :heavy_check_mark: | Identifier of model {i}. | id-{i} |"
            );
            let _ = writeln!(
                text,
                "| `count` | *Optional\\<Long>* | :heavy_minus_sign: | A count. | 42 |"
            );
            let _ = writeln!(
                text,
                "| `ratio` | *Optional\\<Double>* | :heavy_minus_sign: | A ratio. | |"
            );
            let _ = writeln!(
                text,
                "| `enabled` | *boolean* | :heavy_check_mark: | A flag. | true |"
            );
            let _ = writeln!(
                text,
                "| `tags` | List\\<*String*> | :heavy_minus_sign: | Tags. | |"
            );
            let _ = writeln!(
                text,
                "| `attributes` | Map\\<String, *Object*> | :heavy_minus_sign: | Attributes. | |"
            );
            let _ = writeln!(
                text,
                "| `next` | [Optional\\<Model{a}>](Model{a}.md) | :heavy_minus_sign: | The next model. | |"
            );
            let _ = writeln!(
                text,
                "| `others` | List\\<[Model{b}](Model{b}.md)> | :heavy_minus_sign: | Related models. | |"
            );
        }
        std::fs::write(docs.join(format!("Model{i}.md")), text)?;
    }
    std::fs::write(dir.join(".complete"), "")?;
    Ok(())
}

/// `cargo check` of Stripe's and GitHub's generated crates, dependencies built first: the
/// whole crate (`full`, the default features), then two of its group features alone
/// (`--no-default-features --features <group>`): a named group (Stripe's `payment_intents`,
/// which holds `PaymentIntent`; GitHub's `issues`) and the group with the median closure of
/// types (ties to the smaller feature name). Each check's peak memory is the largest RSS of
/// the processes below it (rustc), as `/usr/bin/time -f %M` reports it. The client is left
/// off: these are the types' costs.
fn compile_costs(root: &Path, shared: &Path, picked: &dyn Fn(&str) -> bool) -> Result<()> {
    println!("\ngenerated crate build cost (cargo check, dependencies prebuilt, no incremental):");
    println!(
        "{:<8} {:<34} {:>7} {:>9} {:>10} {:>9}",
        "spec", "features", "types", "lines", "check", "peak MB"
    );
    for (spec, named) in [
        ("stripe-spec3-2023-09-12.yaml", "payment_intents"),
        ("github-api.github.com.json", "issues"),
    ] {
        if !picked(&format!("openapi {spec}")) {
            continue;
        }
        let name = spec.split(['-', '.']).next().unwrap_or("spec");
        let dir = root.join("target/bench/crates").join(name);
        let input =
            specgen::input::read_openapi_file(&shared.join("openapi").join(spec), name, name)?;
        let output = specgen::generate(
            &[input],
            &Options::new(
                Layout::Crate {
                    name: format!("bench-{name}"),
                },
                "cargo xtask bench",
            ),
        )
        .map_err(|d| anyhow::anyhow!("{}", specgen::diagnostics::render_all(&d)))?;
        let lines: usize = output
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        let types: usize = output.apis.iter().map(|api| api.types.len()).sum();
        // Forced: the run before edited the crate's `Cargo.toml` (below).
        std::fs::create_dir_all(&dir)?;
        specgen::sync::plan_with(
            &dir,
            &output.files,
            &specgen::sync::Ownership::Manifest,
            true,
        )?
        .apply()?;
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
        let groups = group_sizes(&manifest);
        std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n"))?;
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let target = root.join("target/bench/check-target");
        let lib = dir.join("src/lib.rs");
        let crate_root = std::fs::read_to_string(&lib)?;
        // Without incremental compilation: the timed check is the crate's as a fresh clone
        // builds it, not a rebuild from an earlier check's query cache. The crate root is
        // written anew before each check so that cargo checks the crate again.
        let check = |features: &[&str], timed: bool| -> Result<(bool, Duration, Option<u64>)> {
            let peak_file = target.join("peak-kb");
            let _ = std::fs::remove_file(&peak_file);
            let time = Path::new("/usr/bin/time");
            let mut command = if timed && time.exists() {
                let mut command = Command::new(time);
                command
                    .arg("-f")
                    .arg("%M")
                    .arg("-o")
                    .arg(&peak_file)
                    .arg(&cargo);
                command
            } else {
                Command::new(&cargo)
            };
            command.args(["check", "--quiet"]);
            if !features.is_empty() {
                command
                    .arg("--no-default-features")
                    .arg("--features")
                    .arg(features.join(","));
            }
            let started = Instant::now();
            let status = command
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", &target)
                .env("CARGO_INCREMENTAL", "0")
                .status()
                .context("cargo check")?;
            let elapsed = started.elapsed();
            let peak = std::fs::read_to_string(&peak_file)
                .ok()
                .and_then(|text| text.trim().lines().last()?.trim().parse().ok());
            Ok((status.success(), elapsed, peak))
        };
        // Dependencies first, with the crate's root emptied so only they are built.
        std::fs::write(&lib, "")?;
        let deps = check(&[], false);
        std::fs::write(&lib, &crate_root)?;
        deps?;
        let mut runs: Vec<(String, usize, Vec<&str>)> =
            vec![("full (default)".to_string(), types, Vec::new())];
        let mut sizes: Vec<&(String, usize)> = groups.iter().collect();
        sizes.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let median = sizes.get(sizes.len().saturating_sub(1) / 2).copied();
        let named = groups.iter().find(|(feature, _)| feature == named);
        for group in named.into_iter().chain(median) {
            if runs.iter().any(|run| run.2 == [group.0.as_str()]) {
                continue;
            }
            runs.push((group.0.clone(), group.1, vec![group.0.as_str()]));
        }
        for (label, n, features) in &runs {
            std::fs::write(&lib, &crate_root)?;
            let (ok, elapsed, peak) = check(features, true)?;
            println!(
                "{:<8} {:<34} {:>7} {:>9} {:>8.1} s {:>9}{}",
                name,
                label,
                n,
                if features.is_empty() {
                    lines.to_string()
                } else {
                    String::new()
                },
                elapsed.as_secs_f64(),
                peak.map_or_else(
                    || "?".to_string(),
                    |kb| format!("{:.0}", kb as f64 / 1024.0)
                ),
                if ok { "" } else { " (FAILED)" }
            );
        }
        if groups.is_empty() {
            println!("{name:<8} (no group features)");
        }
    }
    Ok(())
}

/// The group features of a generated manifest, each with how many types its operations
/// reach: read from the comment line above each (`# tag: 11 operations, 873 types.`).
fn group_sizes(manifest: &str) -> Vec<(String, usize)> {
    let mut res = Vec::new();
    let mut last_types = None;
    for line in manifest.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            last_types = comment
                .strip_suffix(" types.")
                .or_else(|| comment.strip_suffix(" type."))
                .and_then(|rest| rest.rsplit(' ').next())
                .and_then(|n| n.parse::<usize>().ok());
            continue;
        }
        if let (Some(n), Some((feature, _))) = (last_types.take(), line.split_once(" = [")) {
            res.push((feature.trim().to_string(), n));
        }
    }
    res
}
