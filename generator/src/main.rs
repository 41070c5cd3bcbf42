//! The `specgen` command: reads API descriptions from disk (folders of Markdown model docs,
//! OpenAPI documents, or folders with both), runs [`specgen::generate`] over them, and writes
//! the generated crate with [`specgen::sync`], rewriting only files that changed; or compares
//! two versions of one API ([`specgen::diff`]), each read from disk or from a git revision.
//!
//! Exit codes: 0 on success (warnings may have been printed), 1 when the input has errors or
//! the output cannot be written (nothing is written), 2 on usage errors, which include inputs
//! and config files that cannot be read, 3 when `diff` finds a change that breaks clients.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use specgen::diagnostics::{Severity, render_all};
use specgen::files::{Skipped, SourceFile};
use specgen::input::git::{self, Location};
use specgen::input::{CONFIG_FILE, Dir, decode, read_api, read_openapi_document};
use specgen::sync::{self, Ownership};
use specgen::{ApiInput, Layout, Options};

/// Named in every generated file's header as the way to regenerate it. Deliberately without
/// arguments or absolute paths, so output does not depend on where the command ran.
const REGENERATE: &str = "specgen generate";
/// Folder names that say nothing about the API; the module name comes from a parent instead.
const GENERIC_FOLDERS: &[&str] = &["models", "docs", "spec", "specs", "src"];
/// OpenAPI file names (without `.openapi` and the extension) that say nothing about the API;
/// the module name comes from the folder instead.
const GENERIC_DOCUMENTS: &[&str] = &["openapi", "out", "spec", "api", "swagger", "schema"];

#[derive(Debug, Parser)]
#[command(
    name = "specgen",
    version,
    about = "Generate a typed, documented Rust crate from API descriptions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a Rust crate from OpenAPI documents or folders of Speakeasy Markdown model docs.
    Generate(GenerateArgs),
    /// Compare two versions of an API: models and fields added or removed, wire renames, type,
    /// requiredness and nullability changes, enum values and union variants added or removed,
    /// constraints tightened or loosened, each marked breaking or not for requests and for
    /// responses. Exit status 0 when nothing breaks, 3 when something does.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The old version: a folder of Markdown model docs, an OpenAPI document, or `REV:PATH`,
    /// either of them at a git revision (`HEAD~1:specs/prove`; PATH from the top of the
    /// repository, or from the current folder when it starts with `./`).
    #[arg(value_name = "OLD")]
    old: String,

    /// The new version, in the same forms as OLD.
    #[arg(value_name = "NEW")]
    new: String,

    /// How to print the changes: `text` for people, `json` for CI bots.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// The spec config, used for both versions. Default: `codegen.yaml` inside each version's
    /// folder, if present.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// An OpenAPI 3.0 or 3.1 document (`.yaml`, `.yml` or `.json`; files its relative `$ref`s
    /// name are read too), or a folder of Markdown model docs (`*.md`, `*.mdx`, searched
    /// recursively, `README.md` skipped) that may also hold an OpenAPI document named
    /// `openapi.yaml`, `openapi.json` or `*.openapi.yaml` (the types then come from it). Each
    /// input is one API, and one module of the crate.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<PathBuf>,

    /// Where to write the crate; created if missing. specgen lists the files it writes in
    /// `DIR/.specgen-manifest` with a hash of their contents, and later overwrites or removes
    /// only those, and only while unchanged. It refuses a folder holding other files but no
    /// manifest, and any file in its way that it did not write or that was edited since,
    /// naming each (see `--force`).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// Write even over files in the way: files at the paths specgen generates are overwritten
    /// whoever wrote them, and files it wrote earlier and no longer generates are removed even
    /// if edited since. Other files in DIR are left alone.
    #[arg(long)]
    force: bool,

    /// The spec config. Default: `codegen.yaml` inside the input folder, if present (none for
    /// an OpenAPI document given as a file). Only allowed with a single INPUT.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Package name of the generated crate. Default: the name of the output folder. The
    /// config's `crate.name` (and `version`, `license`), when given, is used instead.
    #[arg(long, value_name = "CRATE", value_parser = parse_crate_name)]
    name: Option<String>,

    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,

    /// Also print notes (choices the generator made, such as names changed at the crate
    /// root); without it they are only counted.
    #[arg(long, short)]
    verbose: bool,
}

/// Why a run stopped.
#[derive(Debug)]
enum Failure {
    /// The command line asks for something impossible, or an input cannot be read (exit 2).
    Usage(String),
    /// The input has errors, already printed (exit 1).
    Input,
    /// The output cannot be written (exit 1).
    Output(String),
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Input | Failure::Output(_) => ExitCode::from(1),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Generate(args) => generate(&args).map(|()| ExitCode::SUCCESS),
        Command::Diff(args) => diff(&args),
    };
    match res {
        Ok(code) => code,
        Err(failure) => {
            match &failure {
                Failure::Usage(message) | Failure::Output(message) => eprintln!("error: {message}"),
                Failure::Input => {}
            }
            failure.exit_code()
        }
    }
}

fn generate(args: &GenerateArgs) -> Result<(), Failure> {
    if args.config.is_some() && args.inputs.len() > 1 {
        return Err(Failure::Usage(format!(
            "`--config` applies to a single INPUT, but {} were given\n  = hint: put a `{CONFIG_FILE}` in each input folder instead",
            args.inputs.len()
        )));
    }
    if args.out.exists() && !args.out.is_dir() {
        return Err(Failure::Usage(format!(
            "`--out {}` is not a directory",
            display_path(&args.out)
        )));
    }
    let crate_name = match &args.name {
        Some(name) => name.clone(),
        None => crate_name_from_dir(&args.out),
    };
    let inputs = args
        .inputs
        .iter()
        .map(|input| read_input(input, &shown_path(input, &args.out), args.config.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;

    let options = Options::new(Layout::Crate { name: crate_name }, REGENERATE);
    let output = match specgen::generate(&inputs, &options) {
        Ok(output) => output,
        Err(diagnostics) => {
            let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprint!("{}", render_all(&diagnostics));
            eprintln!(
                "specgen: {}, nothing written",
                plural(n_errors, "error", "errors")
            );
            return Err(Failure::Input);
        }
    };
    if !args.quiet {
        let (notes, shown): (Vec<_>, Vec<_>) = output
            .diagnostics
            .iter()
            .cloned()
            .partition(|d| d.severity == Severity::Note && !args.verbose);
        eprint!("{}", render_all(&shown));
        let dangling = output
            .diagnostics
            .iter()
            .filter(|d| d.code == specgen::diagnostics::Code::DanglingRef)
            .count();
        if dangling > 0 {
            eprintln!(
                "specgen: {} read as any JSON value",
                plural(dangling, "dangling `$ref`", "dangling `$ref`s")
            );
        }
        if !notes.is_empty() {
            eprintln!(
                "specgen: {} (`--verbose` shows them)",
                plural(notes.len(), "note", "notes")
            );
        }
        if !output.silenced.is_empty() {
            let warnings = output
                .silenced
                .iter()
                .filter(|d| d.severity == Severity::Warning);
            eprintln!(
                "specgen: {} and {} silenced by the config's `silence`",
                plural(warnings.count(), "warning", "warnings"),
                plural(
                    output
                        .silenced
                        .iter()
                        .filter(|d| d.severity == Severity::Note)
                        .count(),
                    "note",
                    "notes"
                )
            );
        }
    }

    let out = display_path(&args.out);
    let cannot_write = |err: io::Error| Failure::Output(format!("cannot write `{out}`: {err}"));
    let plan = sync::plan_with(&args.out, &output.files, &Ownership::Manifest, args.force)
        .map_err(cannot_write)?;
    let applied = plan.apply().map_err(cannot_write)?;
    if !args.quiet {
        let n_models: usize = output
            .report
            .apis
            .iter()
            .map(|api| api.structs + api.enums + api.unions + api.free_form + api.aliases)
            .sum();
        eprintln!(
            "specgen: {}, {} in `{out}`: {}",
            plural(output.report.apis.len(), "API", "APIs"),
            plural(n_models, "model", "models"),
            applied.summary()
        );
        eprint!("{}", output.report);
    }
    Ok(())
}

/// Exit status of a diff that found a change breaking clients.
const BREAKING: u8 = 3;

fn diff(args: &DiffArgs) -> Result<ExitCode, Failure> {
    let mut old = read_version(&args.old, args.config.as_deref())?;
    let new = read_version(&args.new, args.config.as_deref())?;
    // APIs are compared by name: both versions are the API NEW names.
    old.name.clone_from(&new.name);
    let options = Options::new(
        Layout::Crate {
            name: "diff".to_string(),
        },
        REGENERATE,
    );
    // Both versions are read before stopping, so every error of both is printed.
    let old_model = model_of(&old, &args.old, &options);
    let new_model = model_of(&new, &args.new, &options);
    let (Some(old_model), Some(new_model)) = (old_model, new_model) else {
        return Err(Failure::Input);
    };
    let changes = specgen::diff::diff(&old_model, &new_model);
    let report = match args.format {
        Format::Text => changes.to_string(),
        Format::Json => format!("{}\n", changes.to_json()),
    };
    // A reader that stops early (`| head`) is not an error; the exit status still tells.
    match io::Write::write_all(&mut io::stdout().lock(), report.as_bytes()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            return Err(Failure::Output(format!("cannot print the changes: {err}")));
        }
        _ => {}
    }
    Ok(if changes.is_breaking() {
        ExitCode::from(BREAKING)
    } else {
        ExitCode::SUCCESS
    })
}

/// The model of one version, or `None` after printing its errors.
fn model_of(input: &ApiInput, label: &str, options: &Options) -> Option<Vec<specgen::model::Api>> {
    match specgen::generate(std::slice::from_ref(input), options) {
        Ok(output) => Some(output.apis),
        Err(diagnostics) => {
            let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprint!("{}", render_all(&diagnostics));
            eprintln!(
                "specgen: {} in `{label}`, nothing compared",
                plural(n_errors, "error", "errors")
            );
            None
        }
    }
}

/// Reads one version for `diff`: a path on disk as [`read_input`] does, or `REV:PATH` (when
/// no such path exists and the text has a colon) from git.
fn read_version(text: &str, config: Option<&Path>) -> Result<ApiInput, Failure> {
    let path = Path::new(text);
    match text.split_once(':') {
        Some((rev, in_repo)) if !path.exists() && !rev.is_empty() => {
            read_at_revision(text, rev, in_repo, config)
        }
        _ => read_input(path, &display_path(path), config),
    }
}

/// Reads `PATH` at git revision `rev` (`text` is `REV:PATH` as typed): a folder like
/// [`read_input`] reads one, or an OpenAPI document with the files its `$ref`s name.
fn read_at_revision(
    text: &str,
    rev: &str,
    in_repo: &str,
    config: Option<&Path>,
) -> Result<ApiInput, Failure> {
    let cannot_read = |err: io::Error| Failure::Usage(format!("cannot read input `{text}`: {err}"));
    let cwd = std::env::current_dir().map_err(cannot_read)?;
    let location = Location::resolve(&cwd, rev, in_repo).map_err(cannot_read)?;
    let working = location.working_path();
    let mut tree = git::Tree::at(&location);
    let display = text.trim_end_matches('/');
    let api = match location.kind {
        git::Kind::Tree => {
            let name = module_name(&working).unwrap_or_else(|| "api".to_string());
            let ConfigFile { file, skipped } = ConfigFile::read(config, &working)?;
            let api = read_api(&mut tree, &name, display, file)
                .map(|api| with_skipped(api, skipped))
                .map_err(cannot_read)?;
            if api.docs.is_empty() && api.openapi.is_empty() && api.skipped.is_empty() {
                return Err(Failure::Usage(format!(
                    "no Markdown docs (`*.md`, `*.mdx`) found below `{display}`, and no OpenAPI document (`openapi.yaml`, `openapi.json`, `*.openapi.yaml`) in it"
                )));
            }
            api
        }
        git::Kind::Blob => {
            let file = location.path.rsplit('/').next().unwrap_or_default();
            check_document_name(Path::new(file), text)?;
            let name = document_module_name(&working);
            let folder = in_repo.rsplit_once('/').map_or("", |(dir, _)| dir);
            let root = format!("{rev}:{folder}");
            let parent = working.parent().unwrap_or(&location.top).to_path_buf();
            let ConfigFile {
                file: config,
                skipped,
            } = ConfigFile::read(config, &parent)?;
            read_openapi_document(&mut tree, file, &name, &root, config)
                .map(|api| with_skipped(api, skipped))
                .map_err(cannot_read)?
        }
    };
    Ok(api)
}

/// The config file at `path`, named relative to the API folder `base`. A config that is not
/// UTF-8 is not read: it comes back as skipped, to be reported at its first bad byte with the
/// run's other errors.
fn read_config(path: &Path, base: &Path) -> Result<ConfigFile, Failure> {
    let bytes = fs::read(path).map_err(|err| {
        Failure::Usage(format!(
            "cannot read config `{}`: {err}",
            display_path(path)
        ))
    })?;
    let display = relative_display(base, path);
    Ok(match decode(bytes) {
        Ok(text) => ConfigFile {
            file: Some(SourceFile::new(display, text)),
            skipped: None,
        },
        Err(reason) => ConfigFile {
            file: None,
            skipped: Some(Skipped {
                path: display,
                reason,
            }),
        },
    })
}

/// A `--config` file as read: its text, or why it was not read.
#[derive(Default)]
struct ConfigFile {
    file: Option<SourceFile>,
    skipped: Option<Skipped>,
}

impl ConfigFile {
    /// Reads `path` (named relative to `base`) when given.
    fn read(path: Option<&Path>, base: &Path) -> Result<ConfigFile, Failure> {
        path.map_or_else(|| Ok(ConfigFile::default()), |path| read_config(path, base))
    }
}

/// `api` with `skipped` (a config that was not read) among its skipped files.
fn with_skipped(mut api: ApiInput, skipped: Option<Skipped>) -> ApiInput {
    api.skipped.extend(skipped);
    api
}

/// Fails unless `file` is named like an OpenAPI document (`.yaml`, `.yml` or `.json`).
fn check_document_name(file: &Path, display: &str) -> Result<(), Failure> {
    let is_document = file
        .extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json");
    if is_document {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "input `{display}` is a file, but not an OpenAPI document (`.yaml`, `.yml` or `.json`)\n  = hint: pass an OpenAPI document, or a folder of Markdown model docs"
        )))
    }
}

/// Reads one input (a folder, or an OpenAPI document) into an [`ApiInput`], with `config`
/// instead of the folder's own `codegen.yaml` if given. Paths in it are shown behind
/// `display`.
fn read_input(input: &Path, display: &str, config: Option<&Path>) -> Result<ApiInput, Failure> {
    let display = display.to_string();
    let metadata = fs::metadata(input)
        .map_err(|err| Failure::Usage(format!("cannot read input `{display}`: {err}")))?;
    if !metadata.is_dir() {
        return read_document(input, &display, config);
    }

    let absolute = fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let name = module_name(&absolute).unwrap_or_else(|| "api".to_string());
    let ConfigFile { file, skipped } = ConfigFile::read(config, input)?;
    let api = read_api(&mut Dir::new(input), &name, &display, file)
        .map(|api| with_skipped(api, skipped))
        .map_err(|err| Failure::Usage(format!("cannot read input folder `{display}`: {err}")))?;
    if api.docs.is_empty() && api.openapi.is_empty() && api.skipped.is_empty() {
        return Err(Failure::Usage(format!(
            "no Markdown docs (`*.md`, `*.mdx`) found below `{display}`, and no OpenAPI document (`openapi.yaml`, `openapi.json`, `*.openapi.yaml`) in it"
        )));
    }
    Ok(api)
}
/// Reads an OpenAPI document given as a file, with the files its relative `$ref`s name.
fn read_document(input: &Path, display: &str, config: Option<&Path>) -> Result<ApiInput, Failure> {
    check_document_name(input, display)?;
    let absolute = fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let name = document_module_name(&absolute);
    let root = display.rsplit_once('/').map_or("", |(dir, _)| dir);
    let dir = input.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let ConfigFile {
        file: config,
        skipped,
    } = ConfigFile::read(config, dir)?;
    let file = input.file_name().unwrap_or_default().to_string_lossy();
    read_openapi_document(&mut Dir::new(dir), &file, &name, root, config)
        .map(|api| with_skipped(api, skipped))
        .map_err(|err| Failure::Usage(format!("cannot read input `{display}`: {err}")))
}

/// The module name for the API of the OpenAPI document at `absolute`: the file's name without
/// `.openapi` and the extension (`stripe.yaml`, `petstore.openapi.json`), or the folder's name
/// when that says nothing (`openapi.yaml`, `.speakeasy/out.openapi.yaml`).
fn document_module_name(absolute: &Path) -> String {
    let file = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(stem, _)| stem);
    let stem = stem.strip_suffix(".openapi").unwrap_or(stem);
    let generic = stem.is_empty()
        || GENERIC_DOCUMENTS
            .iter()
            .any(|generic| stem.eq_ignore_ascii_case(generic));
    if !generic {
        return stem.to_string();
    }
    absolute
        .parent()
        .and_then(module_name)
        .unwrap_or_else(|| "api".to_string())
}

/// How generated files and diagnostics name input `input`: as the user typed it when that is
/// relative, else relative to the output folder `out` (`../specs/pets`), so that the files
/// generated from the same layout are the same wherever it sits; the input's own name when
/// no relative path exists (another drive). Never absolute.
fn shown_path(input: &Path, out: &Path) -> String {
    if input.is_relative() {
        return display_path(input);
    }
    let own_name = || {
        input.file_name().map_or_else(
            || display_path(input),
            |name| name.to_string_lossy().into_owned(),
        )
    };
    let Ok(to) = fs::canonicalize(input) else {
        return own_name();
    };
    // The output folder may not exist yet: resolve its nearest existing ancestor.
    let out = if out.is_relative() {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(out),
            Err(_) => return own_name(),
        }
    } else {
        out.to_path_buf()
    };
    let mut missing = Vec::new();
    let mut existing = out.as_path();
    let from = loop {
        if let Ok(found) = fs::canonicalize(existing) {
            break found;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return own_name(),
        }
    };
    let mut from: Vec<String> = from
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    from.extend(
        missing
            .iter()
            .rev()
            .map(|name| name.to_string_lossy().into_owned()),
    );
    let to: Vec<String> = to
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if from.first() != to.first() {
        return own_name();
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// The path as the user typed it, `/`-separated and without trailing slashes.
fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() {
        text
    } else {
        trimmed.to_string()
    }
}

/// The path of the config file relative to the input folder, `/`-separated, because source
/// files of an API are named relative to its root. Falls back to the path as typed when no
/// relative path exists (another drive) or a path cannot be resolved.
fn relative_display(input: &Path, config: &Path) -> String {
    let (Ok(from), Ok(to)) = (fs::canonicalize(input), fs::canonicalize(config)) else {
        return display_path(config);
    };
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    if from.first() != to.first() {
        return display_path(config);
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The module name for the API in folder `absolute`: the folder's name, or the first parent's
/// name that is not a generic folder name like `docs` or `models`, nor hidden (`.speakeasy`).
fn module_name(absolute: &Path) -> Option<String> {
    absolute
        .ancestors()
        .filter_map(|dir| dir.file_name())
        .map(|name| name.to_string_lossy())
        .find(|name| {
            !name.starts_with('.')
                && !GENERIC_FOLDERS
                    .iter()
                    .any(|generic| name.eq_ignore_ascii_case(generic))
        })
        .map(|name| name.into_owned())
}

/// A package name from the output folder's name: lowercase ASCII letters, digits, `-` and `_`,
/// starting with a letter.
fn crate_name_from_dir(out: &Path) -> String {
    let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut parts: Vec<String> = Vec::new();
    for component in absolute.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    sanitize_crate_name(parts.last().map_or("", String::as_str))
}

fn sanitize_crate_name(name: &str) -> String {
    let mut res = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' {
            res.push(c);
        } else if !res.is_empty() && !res.ends_with('-') {
            res.push('-');
        }
    }
    let res = res.trim_end_matches('-');
    match res.chars().next() {
        None => "generated".to_string(),
        Some(first) if !first.is_ascii_alphabetic() => format!("api-{res}"),
        Some(_) => res.to_string(),
    }
}

fn parse_crate_name(name: &str) -> Result<String, String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_string())
    } else {
        Err("use ASCII letters, digits, `-` and `_`, starting with a letter".to_string())
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_name_skips_generic_folders() {
        let name = |path: &str| module_name(Path::new(path));
        assert_eq!(
            name("/c/prove-identity__prove-sdk-server-go/docs/models").as_deref(),
            Some("prove-identity__prove-sdk-server-go")
        );
        assert_eq!(name("/c/petstore/Models").as_deref(), Some("petstore"));
        assert_eq!(name("/c/petstore/src/spec").as_deref(), Some("petstore"));
        assert_eq!(name("/c/prove").as_deref(), Some("prove"));
        assert_eq!(name("/docs/models"), None);
    }

    #[test]
    fn document_module_names_skip_generic_file_names() {
        let name = |path: &str| document_module_name(Path::new(path));
        assert_eq!(name("/c/openapi/stripe-spec3.yaml"), "stripe-spec3");
        assert_eq!(name("/c/pets/petstore.openapi.json"), "petstore");
        assert_eq!(name("/c/pets/openapi.yaml"), "pets");
        assert_eq!(
            name("/c/eGain__egain-api-java/.speakeasy/out.openapi.yaml"),
            "eGain__egain-api-java"
        );
        assert_eq!(name("/c/factuarea/spec/openapi.json"), "factuarea");
    }

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(sanitize_crate_name("Prove SDK"), "prove-sdk");
        assert_eq!(sanitize_crate_name("my_api.rs"), "my_api-rs");
        assert_eq!(sanitize_crate_name("--x--"), "x");
        assert_eq!(sanitize_crate_name("3d"), "api-3d");
        assert_eq!(sanitize_crate_name("…"), "generated");
        assert_eq!(crate_name_from_dir(Path::new("/tmp/Out Dir/")), "out-dir");
        assert_eq!(crate_name_from_dir(Path::new("/tmp/a/b/..")), "a");
    }

    #[test]
    fn crate_name_argument_is_validated() {
        assert!(parse_crate_name("prove-api_2").is_ok());
        for bad in ["", "2x", "a b", "a.b", "-a"] {
            assert!(parse_crate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_paths_use_slashes_without_trailing_ones() {
        assert_eq!(display_path(Path::new("specs/prove/")), "specs/prove");
        assert_eq!(display_path(Path::new("/")), "/");
        assert_eq!(display_path(Path::new("../a\\b")), "../a/b");
    }
}
