//! Plan to Rust: one file per named type, a `mod.rs` per namespace, and a root module that
//! re-exports every type under its own name. Tokens are built with `quote` and printed with
//! `prettyplease`, so output is deterministic and needs no external formatter. Every decision
//! (names, layout, boxing, which types validate, which examples are tested) is read from the
//! [`Plan`]; this module only prints it.
//!
//! - `items.rs` writes one type, `modules.rs` the `mod.rs` files; `docs.rs` makes spec Markdown safe for rustdoc; `notes.rs` puts what a
//!   field's type does not show (formats, constraints, defaults) into words; `rename.rs` picks
//!   serde rename rules; `ident.rs` turns names into identifier tokens.
//! - `validate.rs` writes every type's `Validate` impl (the spec's rules as plain code), and
//!   `examples.rs` each API's example tests (the examples the plan found to fit).
//! - `client.rs` writes each API's client module (feature `client`), on top of the client
//!   runtime [`CLIENT_RUNTIME`].
//! - `features.rs` writes the group features (the `cfg` of each gated item, the manifest's
//!   `[features]` lines, the crate docs' list); only [`Layout::Crate`] output has them, since
//!   the crate holding [`Layout::Module`] output writes its own manifest.
//! - Generated code uses a small runtime module, [`RUNTIME`], which is written by hand.

mod client;
mod docs;
mod examples;
mod features;
mod ident;
pub(crate) mod items;
mod modules;
mod notes;
mod rename;
mod scope;
#[cfg(test)]
mod tests;
pub(crate) mod validate;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use proc_macro2::TokenStream;

use crate::files::SourceMap;
use crate::model::{Api, TypeId};
use crate::plan::Plan;
use crate::plan::tree::Namespace;
use crate::{GeneratedFile, Layout, Options};

/// The source of the runtime module that generated code refers to as `crate::runtime`:
/// `Nullable` for optional fields that may also be `null`, `Base64` for binary content, and
/// validation (`Validate`, `ValidationErrors`, the `rules` generated code calls).
/// [`Layout::Crate`] output includes it as `src/runtime.rs`; a crate holding
/// [`Layout::Module`] output declares it itself (the committed `generated` crate is where this
/// text lives). It needs the `serde`, `serde_json`, `base64`, `chrono`, `regress`, `regex` and
/// `fancy-regex` crates.
pub const RUNTIME: &str = include_str!("../../../generated/src/runtime.rs");

/// The source of the HTTP runtime that generated clients use as `crate::client` (cargo feature
/// `client`): [`Layout::Crate`] output of an API with operations includes it as
/// `src/client.rs`; the committed `generated` crate is where this text lives. It needs
/// `reqwest`, `tokio`, `percent-encoding` and `serde_urlencoded` besides the crates of
/// [`RUNTIME`].
pub const CLIENT_RUNTIME: &str = include_str!("../../../generated/src/client.rs");

/// One file to emit.
#[derive(Clone, Copy)]
enum Job<'a> {
    /// The root module.
    Root,
    /// The example tests of an API.
    Examples { api: usize },
    /// The client module of an API with operations.
    Client { api: usize },
    /// The `mod.rs` of a namespace.
    Namespace { api: usize, ns: &'a Namespace },
    /// The file of one type.
    Type {
        api: usize,
        ns: &'a Namespace,
        id: TypeId,
    },
}

/// A compile-time assertion that the type `name` takes at most `budget` bytes (see
/// [`crate::model::size::budget`]).
fn size_check(name: &str, budget: u64) -> TokenStream {
    let ty = ident::ident(name);
    let budget = usize::try_from(budget).unwrap_or(usize::MAX);
    quote::quote! {
        #[allow(deprecated)]
        const _: () = crate::runtime::check_size::<#ty>(#budget);
    }
}

/// Emits all files for `apis` as `plan` decided them, sorted by path; the examples that fit
/// become each API's example tests.
///
/// Files are independent of each other, so they are emitted by as many threads as the machine
/// has cores (each with its own token streams, which are not `Send`); the output does not
/// depend on how the work was split.
pub fn emit(
    sources: &SourceMap,
    apis: &[Api],
    plan: &Plan,
    options: &Options,
) -> Vec<GeneratedFile> {
    let api_roots: Vec<&str> = apis.iter().map(|api| api.source_root.as_str()).collect();
    let all_roots = api_roots.join(", ");
    let mut files = Vec::new();
    let has_client = apis.iter().any(|api| !api.operations.is_empty());
    let no_features = crate::plan::groups::Features::default();
    let features = match &options.layout {
        Layout::Crate { .. } => &plan.features,
        Layout::Module { .. } => &no_features,
    };
    let (dir, root_file) = match &options.layout {
        Layout::Crate { name } => {
            files.push(GeneratedFile {
                path: "Cargo.toml".into(),
                contents: cargo_toml(
                    name,
                    apis,
                    &header_line(options, "#", &all_roots),
                    has_client,
                    &features::manifest_lines(features),
                ),
            });
            if has_client {
                files.push(GeneratedFile {
                    path: "src/client.rs".into(),
                    contents: format!(
                        "// @generated by `{}`: specgen's client runtime, the same in every crate \
                         it writes. Do not edit by hand.\n\n{CLIENT_RUNTIME}",
                        docs::single_line(&options.regenerate_command)
                    ),
                });
            }
            files.push(GeneratedFile {
                path: "src/runtime.rs".into(),
                contents: runtime_file(&options.regenerate_command),
            });
            ("src".to_string(), "src/lib.rs".to_string())
        }
        Layout::Module { dir } => {
            let dir = dir.trim_matches('/').to_string();
            let root_file = join_path(&dir, "mod.rs");
            (dir, root_file)
        }
    };
    // The biggest files (the root module and the example tests, which grow with the whole API)
    // are emitted by this thread once the shared queue is empty, when the other threads have
    // sent most of their files: their large transient token trees then reuse memory this
    // thread's allocator has free, rather than growing another thread's.
    let big: Vec<Job<'_>> = std::iter::once(Job::Root)
        .chain((0..apis.len()).map(|api| Job::Examples { api }))
        .chain((0..apis.len()).map(|api| Job::Client { api }))
        .collect();
    let mut jobs = Vec::new();
    for (api, tree) in plan.trees.iter().enumerate() {
        for ns in tree.namespaces() {
            jobs.push(Job::Namespace { api, ns });
            jobs.extend(ns.types.iter().map(|&id| Job::Type { api, ns, id }));
        }
    }
    let emitter = Emitter {
        sources,
        apis,
        plan,
        options,
        features,
        dir: &dir,
        root_file: &root_file,
        all_roots: &all_roots,
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len() / MIN_JOBS_PER_THREAD)
        .max(1);
    let next = AtomicUsize::new(0);
    let next_job = || jobs.get(next.fetch_add(1, Ordering::Relaxed)).copied();
    let (emitter, next_job) = (&emitter, &next_job);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<GeneratedFile>();
        for _ in 1..threads {
            let sender = sender.clone();
            scope.spawn(move || {
                while let Some(job) = next_job() {
                    if let Some(file) = emitter.file(job) {
                        if sender.send(file).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(sender);
        // The files of other threads are copied as they arrive, so that they are kept in memory
        // this thread allocated: an allocator with an arena per thread (glibc's) would otherwise
        // keep a second arena of output alive beside the one the model left free.
        let adopt = |file: GeneratedFile| GeneratedFile {
            path: file.path.as_str().to_owned(),
            contents: file.contents.as_str().to_owned(),
        };
        for job in std::iter::from_fn(next_job).chain(big) {
            files.extend(emitter.file(job));
            files.extend(receiver.try_iter().map(adopt));
        }
        files.extend(receiver.iter().map(adopt));
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Below this many files per thread, starting a thread costs more than it saves.
const MIN_JOBS_PER_THREAD: usize = 16;

/// Everything a file of the output is made from.
struct Emitter<'a> {
    sources: &'a SourceMap,
    apis: &'a [Api],
    plan: &'a Plan,
    options: &'a Options,
    /// The group features: the plan's for a standalone crate, none for module output.
    features: &'a crate::plan::groups::Features,
    /// Directory of the root module.
    dir: &'a str,
    root_file: &'a str,
    /// The source roots of every API, for the root module's header.
    all_roots: &'a str,
}

impl Emitter<'_> {
    /// The file of `job`; `None` for an API's example tests when it has none.
    fn file(&self, job: Job<'_>) -> Option<GeneratedFile> {
        let header = |source: &str| header_line(self.options, "//", source);
        let api_dir = |api: usize| join_path(self.dir, &self.plan.trees[api].module);
        let ns_dir = |api: usize, ns: &Namespace| {
            ns.modules
                .iter()
                .fold(api_dir(api), |dir, module| join_path(&dir, module))
        };
        Some(match job {
            Job::Root => {
                let root = modules::root_module(
                    self.apis,
                    &self.plan.trees,
                    &self.plan.roots,
                    &self.options.layout,
                    self.features,
                );
                GeneratedFile {
                    path: self.root_file.to_string(),
                    contents: render(&header(self.all_roots), root),
                }
            }
            Job::Examples { api: idx } => {
                let (api, tree) = (&self.apis[idx], &self.plan.trees[idx]);
                let examples = self.plan.examples_of(idx);
                let tokens = examples::examples_file(
                    self.sources,
                    api,
                    tree,
                    examples,
                    &self.plan.patterns,
                    &self.plan.apis[idx].serde_gates,
                    (self.features, idx),
                )?;
                GeneratedFile {
                    path: join_path(&api_dir(idx), &format!("{}.rs", tree.examples_module)),
                    contents: render(&header(&api.source_root), tokens),
                }
            }
            Job::Client { api: idx } => {
                let (api, tree) = (&self.apis[idx], &self.plan.trees[idx]);
                let plan = self.plan.clients[idx].as_ref()?;
                let module = tree.client_module.as_deref()?;
                let crate_name = match &self.options.layout {
                    Layout::Crate { name } => Some(name.as_str()),
                    Layout::Module { .. } => None,
                };
                GeneratedFile {
                    path: join_path(&api_dir(idx), &format!("{module}.rs")),
                    contents: space_members(&render(
                        &header(&api.source_root),
                        client::client_file(api, tree, plan, crate_name, (self.features, idx)),
                    )),
                }
            }
            Job::Namespace { api: idx, ns } => {
                let (api, tree) = (&self.apis[idx], &self.plan.trees[idx]);
                let examples_module = (ns.segments.is_empty() && self.has_examples(idx))
                    .then_some(tree.examples_module.as_str());
                let client_module = if ns.segments.is_empty() {
                    tree.client_module.as_deref()
                } else {
                    None
                };
                let module = modules::namespace_module(
                    api,
                    tree,
                    ns,
                    examples_module,
                    client_module,
                    (self.features, idx),
                );
                GeneratedFile {
                    path: join_path(&ns_dir(idx, ns), "mod.rs"),
                    contents: render(&header(&api.source_root), module),
                }
            }
            Job::Type { api: idx, ns, id } => {
                let (api, tree) = (&self.apis[idx], &self.plan.trees[idx]);
                let cx = scope::Context {
                    api,
                    tree,
                    boxed: &self.plan.apis[idx].boxed,
                    validates: &self.plan.apis[idx].validates,
                    serde_gates: &self.plan.apis[idx].serde_gates,
                    patterns: &self.plan.patterns,
                };
                let source = &self.sources.get(api.get(id).span.file).path;
                GeneratedFile {
                    path: join_path(&ns_dir(idx, ns), &format!("{}.rs", tree.place(id).file)),
                    contents: render(&header(source), {
                        let mut tokens = items::type_file(&cx, id);
                        if let Some(budget) = self.options.size_budget {
                            let bound = crate::model::size::budget(api, id, budget);
                            tokens.extend(size_check(&tree.place(id).name, bound));
                        }
                        tokens
                    }),
                }
            }
        })
    }

    /// Whether API `idx` has an example tests file: when an example fits its type.
    fn has_examples(&self, idx: usize) -> bool {
        self.plan.examples_of(idx).iter().any(examples::is_tested)
    }
}

/// The first line of a generated file, in the comment syntax `comment`. `@generated` is the
/// marker rustfmt's `format_generated_files` and other tools look for.
fn header_line(options: &Options, comment: &str, source: &str) -> String {
    format!(
        "{comment} @generated by `{}` from {}. Do not edit by hand.\n",
        docs::single_line(&options.regenerate_command),
        docs::single_line(source)
    )
}

/// `dir/name`, or `name` at the top.
fn join_path(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A header, a blank line, and the tokens printed by prettyplease; one trailing newline.
/// prettyplease puts no blank lines between items, so items are printed in groups and the
/// groups joined with blank lines: the inner docs, then each run of `use` or `mod` items of
/// one visibility, then every other item on its own.
fn render(header: &str, tokens: TokenStream) -> String {
    let file = syn::parse2::<syn::File>(tokens).unwrap_or_else(|err| {
        panic!("emitted tokens do not parse as a Rust file (a bug in emit): {err}")
    });
    let mut groups: Vec<syn::File> = Vec::new();
    if !file.attrs.is_empty() {
        groups.push(syn::File {
            shebang: None,
            attrs: file.attrs,
            items: Vec::new(),
        });
    }
    let mut last_kind = None;
    for item in file.items {
        let kind = match &item {
            syn::Item::Use(it) => Some(("use", matches!(it.vis, syn::Visibility::Public(_)))),
            syn::Item::Mod(it) if it.content.is_none() => {
                Some(("mod", matches!(it.vis, syn::Visibility::Public(_))))
            }
            _ => None,
        };
        let joins = kind.is_some() && kind == last_kind && !groups.is_empty();
        match groups.last_mut() {
            Some(group) if joins => group.items.push(item),
            _ => groups.push(syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![item],
            }),
        }
        last_kind = kind;
    }
    let mut out = format!("{header}\n");
    for (idx, group) in groups.iter().enumerate() {
        if idx > 0 {
            out.push_str("\n\n");
        }
        out.push_str(prettyplease::unparse(group).trim_end());
    }
    out.push('\n');
    out
}

/// `text` with a blank line between the items of an `impl` block, as rustfmt keeps them in
/// hand-written code (prettyplease writes none): before an indented doc comment, attribute or
/// `pub` item that follows a closing brace.
fn space_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut after_close = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indented = trimmed.len() < line.len();
        let starts_member = ["///", "#[", "pub "]
            .iter()
            .any(|start| trimmed.starts_with(start));
        if after_close && indented && starts_member {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        after_close = indented && trimmed == "}";
    }
    out
}

/// The manifest of a standalone crate. No `[workspace]` table, so the crate can be a member of
/// a workspace (or get one from whoever builds it). The dependencies are the same whatever the
/// crate uses, so the manifest depends on nothing but the name: chrono (dates, date-times),
/// base64 (binary content, in the runtime module), regress, regex and fancy-regex (patterns)
/// unused are free.
///
/// The package's name, version and license are the first that an API's config gives
/// (`crate:`), else the layout's name, `0.1.0` and none. A crate whose APIs have operations
/// also gets the `client` feature and its optional dependencies (reqwest on rustls, tokio,
/// percent-encoding, serde_urlencoded). A crate whose APIs have groups of operations ends its
/// `[features]` with them (`default = ["full"]`, see [`features::manifest_lines`]).
fn cargo_toml(
    name: &str,
    apis: &[Api],
    header: &str,
    client: bool,
    group_features: &str,
) -> String {
    let given = |get: fn(&crate::model::Package) -> Option<&String>| {
        apis.iter().find_map(|api| get(&api.package))
    };
    // A JSON string is a valid TOML basic string.
    let toml = |text: &str| serde_json::to_string(text).expect("a string serializes");
    let name = toml(given(|p| p.name.as_ref()).map_or(name, String::as_str));
    let version = toml(given(|p| p.version.as_ref()).map_or("0.1.0", String::as_str));
    let license = given(|p| p.license.as_ref())
        .map(|license| format!("license = {}\n", toml(license)))
        .unwrap_or_default();
    let client_deps = if client {
        "percent-encoding = { version = \"2\", optional = true }\n\
         reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\"], optional = true }\n\
         serde_urlencoded = { version = \"0.7\", optional = true }\n\
         tokio = { version = \"1\", features = [\"time\", \"sync\"], optional = true }\n"
    } else {
        ""
    };
    let client_feature = if client {
        "# The HTTP client of the operations; types-only users leave it off.\n\
         client = [\"dep:percent-encoding\", \"dep:reqwest\", \"dep:serde_urlencoded\", \"dep:tokio\"]\n"
    } else {
        ""
    };
    let round_trip = crate::plan::ROUND_TRIP_FEATURE;
    format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\n{license}edition = \"2021\"\npublish = false\n\n\
         [dependencies]\n\
         base64 = \"0.22\"\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
         fancy-regex = {{ version = \"0.20\", default-features = false, features = [\"std\", \"perf\", \"unicode\", \"variable-lookbehinds\"] }}\n\
         regex = {{ version = \"1\", default-features = false, features = [\"std\", \"perf\"] }}\n\
         regress = {{ version = \"0.12\", default-features = false, features = [\"std\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n{client_deps}\n\
         [features]\n{client_feature}\
         # Both serde directions on every type: responses written back (caches, proxies) and\n\
         # requests read; without it a type only sent is `Serialize` alone and a type only\n\
         # received `Deserialize` alone.\n\
         {round_trip} = []\n{group_features}"
    )
}

/// `src/runtime.rs` of a standalone crate: [`RUNTIME`] behind a header.
fn runtime_file(regenerate_command: &str) -> String {
    format!(
        "// @generated by `{}`: specgen's runtime module, the same in every crate it writes. \
         Do not edit by hand.\n\n{RUNTIME}",
        docs::single_line(regenerate_command)
    )
}
