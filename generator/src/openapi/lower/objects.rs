//! Object schemas: a struct of the properties (each a field), the type of the properties it
//! does not list (`additionalProperties`), and the `anyOf`/`oneOf` groups that only narrow its
//! properties (alternatives), or else a map or a free-form object.

use crate::diagnostics::{Code, Severity};
use crate::model::names::{self, UniqueNames};
use crate::model::{
    Additional, Alternatives, Branch, Constraints, Field, Struct, Type, TypeId, TypeKind,
    WireSource,
};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::keywords::constraints;
use super::layers::{Layer, Prop, keyword};
use super::schema::Plan;
use super::unions::Group;
use super::{Hint, Lowered, Lowerer, Ns, Target};

/// What an object schema says besides its properties.
#[derive(Default)]
pub(super) struct Extras<'a> {
    /// Its `additionalProperties` schema (or `true`), when it admits unlisted properties.
    pub(super) additional: Option<Layer<'a>>,
    /// Its `anyOf`/`oneOf` groups whose members only require and narrow listed properties.
    pub(super) alternatives: Vec<Group<'a>>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn struct_kind(&mut self, id: TypeId, props: &[Prop<'a>]) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let mut field_names = UniqueNames::default();
        let fields = props
            .iter()
            .filter(|p| !p.node.flag("x-speakeasy-ignore"))
            .map(|p| self.field(&owner, ns, p, &mut field_names))
            .collect();
        TypeKind::Struct(Struct {
            fields,
            ..Struct::default()
        })
    }

    /// Adds to a struct what its schema says besides its properties: the type of the
    /// properties it does not list, and the alternatives it must satisfy. A rule that every
    /// alternative adds to the same property is a rule of that property.
    pub(super) fn struct_extras(&mut self, id: TypeId, kind: &mut TypeKind, extras: Extras<'a>) {
        let TypeKind::Struct(it) = kind else {
            return;
        };
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        if let Some((loc, node)) = extras.additional {
            let (ty, constraints) = if node.is_object() {
                let value_hint = format!("{owner}Value");
                let value = self.schema(&loc, node, Hint::new(&value_hint), ns, Target::Inline);
                (value.element_type(), value.constraints)
            } else {
                (Type::Any, Constraints::default())
            };
            it.additional = Some(Box::new(Additional {
                ty,
                constraints,
                span: self.docs.span(self.sources, &loc),
            }));
        }
        let has_map = it.additional.is_some() || self.keep_unknown_fields;
        for group in extras.alternatives {
            let Some((first, _)) = group.members.first() else {
                continue;
            };
            let exactly_one = first.pointer.contains("/oneOf/");
            let mut branches = Vec::new();
            let mut unlisted = None;
            for (member_loc, member) in &group.members {
                let required: Vec<String> = member
                    .get("required")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Node::as_str)
                    .map(str::to_string)
                    .collect();
                if let Some(name) = required
                    .iter()
                    .find(|name| !it.fields.iter().any(|f| f.wire_name == **name))
                {
                    unlisted.get_or_insert_with(|| (member_loc.clone(), name.clone()));
                }
                let rules = member
                    .get("properties")
                    .map(Node::entries)
                    .unwrap_or_default()
                    .iter()
                    .map(|(name, schema)| {
                        let at = member_loc.child2("properties", name);
                        (name.clone(), constraints(&[(at, schema)]))
                    })
                    .filter(|(_, rules)| !rules.is_empty())
                    .collect();
                branches.push(Branch {
                    required,
                    rules,
                    span: self.docs.span(self.sources, member_loc),
                });
            }
            if let Some((at, name)) = unlisted
                && !has_map
            {
                let what = format!(
                    "an alternative requiring `{name}`, which `properties` does not list (so it is not kept),"
                );
                self.warn_unchecked(&at, &what);
                continue;
            }
            // The rules every alternative adds to a property hold whenever it is present.
            for field in &mut it.fields {
                let mut common = branches.iter().map(|b| {
                    b.rules
                        .iter()
                        .find(|(name, _)| *name == field.wire_name)
                        .map(|(_, rules)| rules.clone())
                });
                if let Some(Some(first)) = common.next()
                    && common.all(|rules| rules.as_ref() == Some(&first))
                {
                    narrow_constraints(&mut field.constraints, &first);
                    for branch in &mut branches {
                        branch.rules.retain(|(name, _)| *name != field.wire_name);
                    }
                }
            }
            it.alternatives.push(Alternatives {
                exactly_one,
                branches,
                span: self.docs.span(self.sources, &group.layer),
            });
        }
    }

    /// Warns that `what` is not checked by the generated code.
    fn warn_unchecked(&mut self, loc: &Loc, what: &str) {
        let message = format!(
            "{what} is not supported; `{}` is generated without checking it",
            self.docs.display(loc)
        );
        self.diagnose(
            Severity::Warning,
            loc,
            Code::Unsupported,
            message,
            "list the property under `properties`",
        );
    }

    fn field(
        &mut self,
        owner: &str,
        ns: Ns,
        prop: &Prop<'a>,
        field_names: &mut UniqueNames,
    ) -> Field {
        let shown = prop
            .node
            .str("x-speakeasy-name-override")
            .unwrap_or(&prop.name);
        let lowered = self.schema(
            &prop.loc,
            prop.node,
            Hint::property(owner, shown),
            ns,
            Target::Inline,
        );
        let (rust_name, renamed) = field_names.claim(&names::snake_ident(shown));
        if renamed {
            let message = format!(
                "property `{}` is named `{rust_name}` in Rust: an earlier property of `{owner}` has the same Rust name (at `{}`)",
                prop.name,
                self.docs.display(&prop.loc)
            );
            self.diagnose(
                Severity::Warning,
                &prop.loc,
                Code::RenamedField,
                message,
                "name the property with `x-speakeasy-name-override`",
            );
        }
        let Lowered {
            ty,
            nullable,
            constraints,
            ann,
        } = lowered;
        Field {
            sdk_name: prop.name.clone(),
            wire_name: prop.name.clone(),
            wire_source: WireSource::Spec,
            rust_name,
            ty,
            required: prop.required,
            nullable,
            deprecated: ann.deprecated,
            description: ann.description,
            example: ann.example,
            default: ann.default,
            constraints,
            read_only: ann.read_only,
            write_only: ann.write_only,
            span: self.docs.span(self.sources, &prop.loc),
        }
    }
}

/// Keys a member of an `anyOf`/`oneOf` may have and still only narrow its object: which
/// properties it requires, and rules on them.
const NARROWING: &[&str] = &[
    "required",
    "properties",
    "type",
    "description",
    "title",
    "$comment",
];

/// Keys a property of such a member may have: rules (and annotations) only.
const PROPERTY_RULES: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "type",
    "description",
    "title",
    "$comment",
];

/// Removes from `groups` those whose members only require properties and add rules to
/// properties that `props` lists (`anyOf: [{required: [a]}, {required: [b]}]`), and returns
/// them: they are rules of the object, not variants.
pub(super) fn take_alternatives<'a>(
    groups: &mut Vec<Group<'a>>,
    props: &[Prop<'a>],
) -> Vec<Group<'a>> {
    if props.is_empty() {
        return Vec::new();
    }
    let narrows = |node: &Node| {
        node.is_object()
            && node.entries().iter().all(|(key, value)| {
                NARROWING.contains(&key.as_str())
                    && (key != "type" || value.as_str() == Some("object"))
            })
            && node.get("properties").is_none_or(|properties| {
                properties.entries().iter().all(|(name, rules)| {
                    props.iter().find(|p| p.name == *name).is_some_and(|base| {
                        rules.is_object()
                            && rules.entries().iter().all(|(key, value)| {
                                PROPERTY_RULES.contains(&key.as_str())
                                    && (key != "type" || base.node.get("type") == Some(value))
                            })
                    })
                })
            })
    };
    let (alternatives, rest): (Vec<Group<'a>>, Vec<Group<'a>>) = std::mem::take(groups)
        .into_iter()
        .partition(|group| group.members.iter().all(|(_, member)| narrows(member)));
    *groups = rest;
    alternatives
}

/// Sets the rules of `more` on `base` (a rule `more` has replaces the one of `base`).
fn narrow_constraints(base: &mut Constraints, more: &Constraints) {
    macro_rules! take {
        ($($name:ident),*) => {
            $(if more.$name.is_some() {
                base.$name.clone_from(&more.$name);
            })*
        };
    }
    take!(
        min_length,
        max_length,
        pattern,
        minimum,
        maximum,
        multiple_of,
        min_items,
        max_items,
        min_properties,
        max_properties
    );
    base.exclusive_minimum |= more.exclusive_minimum;
    base.exclusive_maximum |= more.exclusive_maximum;
    base.unique_items |= more.unique_items;
}

/// The `additionalProperties` of an object with properties, when it admits other properties:
/// a schema, or `true`.
pub(super) fn additional_of<'a>(layers: &[Layer<'a>]) -> Option<Layer<'a>> {
    match keyword(layers, "additionalProperties") {
        Some((loc, value)) if value.is_object() || *value == Node::Bool(true) => Some((loc, value)),
        _ => None,
    }
}

/// An object schema: a struct of its properties; without properties a map of its
/// `additionalProperties` (or single `patternProperties`) schema; otherwise free-form.
pub(super) fn object_plan<'a>(
    layers: &[Layer<'a>],
    props: Vec<Prop<'a>>,
    target: Target,
) -> Plan<'a> {
    if !props.is_empty() {
        let additional = additional_of(layers);
        return Plan::Struct(
            props,
            Extras {
                additional,
                alternatives: Vec::new(),
            },
        );
    }
    let c = constraints(layers);
    match keyword(layers, "additionalProperties") {
        Some((loc, value)) if value.is_object() => return Plan::Map((loc, value), c),
        Some((_, Node::Bool(false))) if matches!(target, Target::Named(_)) => {
            return Plan::Struct(Vec::new(), Extras::default());
        }
        _ => {}
    }
    if let Some((loc, patterns)) = keyword(layers, "patternProperties")
        && let [(pattern, value)] = patterns.entries()
        && value.is_object()
    {
        return Plan::Map((loc.child(pattern), value), c);
    }
    Plan::FreeForm(c)
}
