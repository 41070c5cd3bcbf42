//! The module dependency rules of ARCHITECTURE.md, checked on the source: the emitter is
//! reached only from `generate()`, it reads nothing from the readers, and no top-level module
//! takes part in an import cycle.
//!
//! A module's dependencies are the `crate::<module>` paths its files name outside comments.
//! `crate::runtime` is left out: in the emitter it is mostly the generated crate's runtime,
//! written into tokens, and the generator's copy of it imports nothing from the generator.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module to the top-level modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut res: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("the source folder is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("below the source folder");
            let first = relative.components().next().expect("a file name");
            let first = first.as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "layering" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
            let names = res.entry(module.clone()).or_default();
            for line in text.lines() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for (idx, _) in code.match_indices("crate::") {
                    let rest = &code[idx + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module && name != "runtime" {
                        names.insert(name);
                    }
                }
            }
        }
    }
    res
}

/// Whether `from` reaches `to` in `graph`.
fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(module) = stack.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module.clone()) {
            stack.extend(graph.get(&module).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn the_scan_sees_the_phases_imports() {
    let graph = graph();
    for (from, to) in [("emit", "plan"), ("plan", "model"), ("report", "plan")] {
        assert!(
            graph.get(from).is_some_and(|names| names.contains(to)),
            "{from} is expected to name {to}: {graph:?}"
        );
    }
}

#[test]
fn only_generate_reaches_the_emitter() {
    let graph = graph();
    let importers: Vec<&String> = graph
        .iter()
        .filter(|(module, names)| *module != "lib" && names.contains("emit"))
        .map(|(module, _)| module)
        .collect();
    assert!(
        importers.is_empty(),
        "modules naming `crate::emit`: {importers:?}"
    );
}

#[test]
fn the_emitter_reads_nothing_from_the_readers() {
    let graph = graph();
    let readers = [
        "markdown",
        "openapi",
        "input",
        "config",
        "crosscheck",
        "yaml",
    ];
    let named: Vec<&&str> = readers
        .iter()
        .filter(|reader| reaches(&graph, "emit", reader))
        .collect();
    assert!(named.is_empty(), "the emitter reaches {named:?}");
}

#[test]
fn no_module_is_on_an_import_cycle() {
    let graph = graph();
    let cyclic: Vec<(&String, &String)> = graph
        .iter()
        .flat_map(|(module, names)| names.iter().map(move |next| (module, next)))
        .filter(|(module, next)| reaches(&graph, next, module))
        .collect();
    assert!(
        cyclic.is_empty(),
        "imports that lead back to the importing module: {cyclic:?}"
    );
}
