//! Golden tests of the OpenAPI reader: every folder under `tests/fixtures/openapi` (an API
//! folder with an `openapi.yaml` or `openapi.json`) is generated and compared with
//! `<case>.expected`, which holds the files, the diagnostics, the report and a summary of the
//! model (what the emitter does not show yet, such as union tagging, defaults and
//! constraints). Every folder under `tests/fixtures/openapi-errors` is compared with
//! `<case>.stderr`: the errors of a run that fails, or the warnings of one that degrades.
//! `UPDATE_EXPECT=1` rewrites the expected files.

use std::fmt::Write as _;

use specgen::model::{Api, Constraints, Type, TypeKind};

#[test]
fn openapi_fixtures_generate_expected_rust() {
    tests::run_fixtures("openapi", |output| {
        let mut text = tests::render_run(&output.files, output);
        text.push_str("//- model\n");
        for api in &output.apis {
            text.push_str(&summary(api));
        }
        text
    });
}

#[test]
fn openapi_error_fixtures_report_expected_diagnostics() {
    tests::run_error_fixtures("openapi-errors");
}

/// Both spellings of nullability, in a 3.0 and a 3.1 document with the same schemas, give the
/// same Rust: of fields, and of array items and map values.
#[test]
fn nullability_spellings_of_3_0_and_3_1_agree() {
    let generate = |case: &str| {
        let dir = tests::fixtures("openapi").join(case);
        let output = specgen::generate(&[tests::load(&dir)], &tests::options("nullable"))
            .expect("fixture generates");
        tests::render_files(&output.files)
            .replace(case, "CASE")
            .replace(&case.replace('-', "_"), "CASE")
    };
    for (old, new) in [
        ("nullable-3-0", "nullable-3-1"),
        ("nullable-items-3-0", "nullable-items-3-1"),
    ] {
        assert_eq!(
            generate(old),
            generate(new),
            "3.0 and 3.1 nullability differ: {old} and {new}"
        );
    }
}

#[test]
fn openapi_generation_is_deterministic() {
    for case in tests::cases("openapi") {
        let run = || {
            let input = tests::load(&case);
            let name = input.name.clone();
            let output =
                specgen::generate(&[input], &tests::options(&name)).expect("fixture generates");
            format!(
                "{}{}",
                tests::render_files(&output.files),
                output.apis.iter().map(summary).collect::<String>()
            )
        };
        let first = run();
        for _ in 0..2 {
            assert_eq!(
                first,
                run(),
                "{}: output differs between runs",
                case.display()
            );
        }
    }
}

/// What the model says beyond the generated files, one line per type and field: kinds,
/// union tagging and variants, nullability, defaults, examples, constraints, read/write-only.
fn summary(api: &Api) -> String {
    let mut out = String::new();
    let ty = |t: &Type| type_name(api, t);
    for def in &api.types {
        let ns = if def.namespace.is_empty() {
            String::new()
        } else {
            format!("{}::", def.namespace.join("::"))
        };
        let _ = write!(out, "{ns}{} ({})", def.rust_name, def.name);
        if def.deprecated.is_some() {
            out.push_str(" deprecated");
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                out.push_str(": struct\n");
                for f in &s.fields {
                    let _ = write!(out, "  {} `{}`: {}", f.rust_name, f.wire_name, ty(&f.ty));
                    let flags = [
                        (f.required, "required"),
                        (f.nullable, "nullable"),
                        (f.read_only, "read-only"),
                        (f.write_only, "write-only"),
                        (f.deprecated.is_some(), "deprecated"),
                    ];
                    for (on, flag) in flags {
                        if on {
                            let _ = write!(out, " {flag}");
                        }
                    }
                    if let Some(default) = &f.default {
                        let _ = write!(out, " default={default}");
                    }
                    if let Some(example) = &f.example {
                        let _ = write!(out, " example={example:?}");
                    }
                    if !f.constraints.is_empty() {
                        let _ = write!(out, " {}", rules(&f.constraints));
                    }
                    out.push('\n');
                }
                if let Some(additional) = &s.additional {
                    let _ = write!(out, "  additional properties: {}", ty(&additional.ty));
                    if !additional.constraints.is_empty() {
                        let _ = write!(out, " {}", rules(&additional.constraints));
                    }
                    out.push('\n');
                }
                for alternatives in &s.alternatives {
                    let branches: Vec<String> = alternatives
                        .branches
                        .iter()
                        .map(|b| {
                            let mut text = format!("required {:?}", b.required);
                            for (name, c) in &b.rules {
                                let _ = write!(text, " {name} {}", rules(c));
                            }
                            text
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "  {}: {}",
                        if alternatives.exactly_one {
                            "exactly one of"
                        } else {
                            "any of"
                        },
                        branches.join(" | ")
                    );
                }
            }
            TypeKind::Enum(e) => {
                let values: Vec<String> = e
                    .values
                    .iter()
                    .map(|v| format!("{}={:?}", v.rust_name, v.wire_value))
                    .collect();
                let _ = writeln!(
                    out,
                    ": {:?} enum{} [{}]",
                    e.repr,
                    if e.open { " (open)" } else { "" },
                    values.join(", ")
                );
            }
            TypeKind::Union(u) => {
                let _ = writeln!(out, ": union {:?}", u.tagging);
                for v in &u.variants {
                    let _ = write!(out, "  {} ({}): {}", v.rust_name, v.name, ty(&v.ty));
                    if let Some(tag) = &v.tag {
                        let _ = write!(out, " tag={tag:?}");
                    }
                    out.push('\n');
                }
            }
            TypeKind::FreeForm => out.push_str(": free-form\n"),
            TypeKind::Alias(t) => {
                let _ = writeln!(out, ": alias of {}", ty(t));
            }
        }
    }
    out
}

fn type_name(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Array(inner) => format!("[{}]", type_name(api, inner)),
        Type::Map(inner) => format!("{{{}}}", type_name(api, inner)),
        Type::Nullable(inner) => format!("{}?", type_name(api, inner)),
        Type::Ref(id) => api.get(*id).rust_name.clone(),
        other => format!("{other:?}"),
    }
}

/// The rules that are set, as `{name=value, ...}`.
fn rules(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    };
    add("minLength", c.min_length.map(|v| v.to_string()));
    add("maxLength", c.max_length.map(|v| v.to_string()));
    add("pattern", c.pattern.clone());
    add("format", c.format.clone());
    add("minimum", c.minimum.map(|v| v.to_string()));
    add("maximum", c.maximum.map(|v| v.to_string()));
    add(
        "exclusiveMinimum",
        c.exclusive_minimum.then(|| "true".to_string()),
    );
    add(
        "exclusiveMaximum",
        c.exclusive_maximum.then(|| "true".to_string()),
    );
    add("multipleOf", c.multiple_of.map(|v| v.to_string()));
    add("minItems", c.min_items.map(|v| v.to_string()));
    add("maxItems", c.max_items.map(|v| v.to_string()));
    add("uniqueItems", c.unique_items.then(|| "true".to_string()));
    add("minProperties", c.min_properties.map(|v| v.to_string()));
    add("maxProperties", c.max_properties.map(|v| v.to_string()));
    if !c.allowed.is_empty() {
        let allowed: Vec<String> = c.allowed.iter().map(|v| v.to_string()).collect();
        add("allowed", Some(format!("[{}]", allowed.join(", "))));
    }
    add("items", c.items.as_deref().map(rules));
    format!("{{{}}}", parts.join(", "))
}

/// A default that does not fit its field (`tests/fixtures/warnings/default-misfit`) is left out
/// of the model and of the generated code, one warning each; the fitting one stays.
#[test]
fn defaults_that_do_not_fit_are_left_out() {
    let dir = tests::fixtures("warnings").join("default-misfit");
    let output = specgen::generate(&[tests::load(&dir)], &tests::options("default-misfit"))
        .expect("fixture generates");
    let fields: Vec<(String, bool)> = output.apis[0]
        .types
        .iter()
        .filter_map(|ty| match &ty.kind {
            TypeKind::Struct(it) if ty.name == "Settings" => Some(it),
            _ => None,
        })
        .flat_map(|it| &it.fields)
        .map(|field| (field.wire_name.clone(), field.default.is_some()))
        .collect();
    let with_default: Vec<&str> = fields
        .iter()
        .filter(|(_, default)| *default)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(fields.len(), 6, "{fields:?}");
    assert_eq!(with_default, ["notify"]);
    let misfits = output
        .diagnostics
        .iter()
        .filter(|d| d.code == specgen::diagnostics::Code::DefaultMisfit)
        .count();
    assert_eq!(misfits, fields.len() - with_default.len());
    let code = tests::render_files(&output.files);
    assert!(code.contains("fn default_notify()"), "{code}");
    assert_eq!(code.matches("fn default_").count(), 1, "{code}");
}
