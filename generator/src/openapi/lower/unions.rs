//! `oneOf`/`anyOf` unions and schemas of several types: the members, how their variants are
//! told apart on the wire (discriminator, a constant property, or untagged), each variant's type
//! and name, and the order untagged variants are tried in.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};

use crate::model::names::{self, UniqueNames};
use crate::model::{Constraints, Tagging, Type, TypeId, TypeKind, Union, Variant};
use crate::openapi::Loc;
use crate::openapi::tree::{self, Node};

use super::enums::value_name;
use super::keywords::{constraints, prim};
use super::layers::{Layer, Prop, declared_types, keyword, merge_props, properties, value};
use super::nullable::{non_null_members, only_annotations};
use super::objects::{Extras, additional_of};
use super::refs::component_name;
use super::{Ann, Hint, Lowerer, Target};

/// The members of one `oneOf`/`anyOf` (without its `null` members).
pub(super) struct Group<'a> {
    pub(super) layer: Loc,
    pub(super) members: Vec<Layer<'a>>,
    discriminator: Option<&'a Node>,
}

/// A union member with what tagging needs to know about it.
struct Member<'a> {
    loc: Loc,
    node: &'a Node,
    /// The target when the member is a `$ref`.
    target: Option<Loc>,
    props: Vec<Prop<'a>>,
    object: bool,
}

/// How a union's variants are told apart, with each variant's tag.
enum Tags {
    Untagged,
    Internal(String, Vec<String>),
    Adjacent(String, String, Vec<String>),
}

impl<'a> Lowerer<'a> {
    /// A union member with its properties (refs and `allOf` followed) and whether it is an
    /// object (so that a tag property can sit beside its fields).
    fn member(&mut self, loc: &Loc, node: &'a Node) -> Member<'a> {
        let target = match node.str("$ref") {
            Some(reference) if only_annotations(node, &["$ref"]) => self.follow(loc, reference),
            _ => None,
        };
        let (body_loc, body) = match &target {
            Some(t) => (t.clone(), self.docs.node(t).unwrap_or(node)),
            None => (loc.clone(), node),
        };
        let layers = self.layers(&body_loc, body).unwrap_or_default();
        let props = properties(&layers);
        let types = declared_types(&layers);
        let object = union_groups(&self.null_refs, &layers).is_empty()
            && value(&layers, "enum").is_none()
            && (types.is_empty() && !props.is_empty() || types == ["object"]);
        Member {
            loc: loc.clone(),
            node,
            target,
            props,
            object,
        }
    }

    /// The const (or single `enum` value) of property `name` of a member.
    fn const_of(&mut self, member: &Member<'a>, name: &str) -> Option<String> {
        let prop = member.props.iter().find(|p| p.name == name)?;
        let mut node = prop.node;
        if let Some(reference) = node.str("$ref") {
            let target = self.resolve(&prop.loc, reference)?;
            node = self.node(&target)?;
        }
        if let Some(value) = node.get("const") {
            return value.scalar_text().filter(|_| !matches!(value, Node::Null));
        }
        match node.get("enum")?.items() {
            [only] if !matches!(only, Node::Null) => only.scalar_text(),
            _ => None,
        }
    }

    /// How the variants of a union are told apart on the wire: by the `discriminator` (tags
    /// from its mapping, the variant's const, or the schema name); else by a property that
    /// every variant fixes to a distinct value: adjacently when the variants are all
    /// `{tag, content}` pairs, internally otherwise; else untagged.
    fn tagging(&mut self, group: &Group<'a>, members: &[Member<'a>]) -> Tags {
        if members.is_empty() || !members.iter().all(|m| m.object) {
            return Tags::Untagged;
        }
        if let Some(disc) = group.discriminator
            && let Some(property) = disc.str("propertyName")
        {
            let mapping: Vec<(String, Loc)> = disc
                .get("mapping")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .filter_map(|(value, reference)| {
                    let reference = reference.as_str()?;
                    let loc = if reference.contains(['#', '/', '.']) {
                        self.docs.resolve(group.layer.doc, reference).ok()?
                    } else {
                        let loc = Loc {
                            doc: 0,
                            pointer: format!("/components/schemas/{}", tree::escape(reference)),
                        };
                        self.docs.node(&loc)?;
                        loc
                    };
                    Some((value.clone(), loc))
                })
                .collect();
            let mut tags = Vec::new();
            for member in members {
                let mapped = member.target.as_ref().and_then(|t| {
                    mapping
                        .iter()
                        .find(|(_, loc)| loc == t)
                        .map(|(value, _)| value.clone())
                });
                let tag = mapped
                    .or_else(|| self.const_of(member, property))
                    .or_else(|| member.target.as_ref().and_then(component_name));
                match tag {
                    Some(tag) => tags.push(tag),
                    None => return Tags::Untagged,
                }
            }
            if distinct(&tags) {
                return Tags::Internal(property.to_string(), tags);
            }
            return Tags::Untagged;
        }
        if members.len() < 2 {
            return Tags::Untagged;
        }
        let first: Vec<String> = members[0].props.iter().map(|p| p.name.clone()).collect();
        for property in &first {
            let tags: Option<Vec<String>> =
                members.iter().map(|m| self.const_of(m, property)).collect();
            let Some(tags) = tags.filter(|t| distinct(t)) else {
                continue;
            };
            let pairs = members.iter().all(|m| m.props.len() == 2);
            let content = first.iter().find(|p| *p != property);
            if pairs
                && let Some(content) = content
                && members
                    .iter()
                    .all(|m| m.props.iter().any(|p| p.name == *content))
            {
                return Tags::Adjacent(property.clone(), content.clone(), tags);
            }
            return Tags::Internal(property.clone(), tags);
        }
        Tags::Untagged
    }

    /// A union of the members of `group`; with `parent` properties (an `allOf` around a
    /// `oneOf`), every variant is a struct of the parent's properties and its own.
    pub(super) fn union_kind(
        &mut self,
        id: TypeId,
        group: Group<'a>,
        parent: Vec<Prop<'a>>,
    ) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let members: Vec<Member<'a>> = group
            .members
            .iter()
            .map(|(loc, node)| self.member(loc, node))
            .collect();
        let tags = self.tagging(&group, &members);
        let (tagging, tag_values) = match tags {
            Tags::Untagged => (Tagging::Untagged, Vec::new()),
            Tags::Internal(property, values) => (Tagging::Internal { property }, values),
            Tags::Adjacent(tag, content, values) => (Tagging::Adjacent { tag, content }, values),
        };
        let mut variant_names = UniqueNames::default();
        let mut variants = Vec::new();
        for (idx, member) in members.iter().enumerate() {
            let tag = tag_values.get(idx).cloned();
            let title = member.node.str("title");
            let target_name = member
                .target
                .as_ref()
                .map(|t| self.named(t))
                .map(|t| self.slots[t.0 as usize].name.clone());
            let suffix = target_name
                .as_deref()
                .or(title)
                .or(tag.as_deref())
                .map_or_else(|| (idx + 1).to_string(), names::pascal_ident);
            let variant_hint = format!("{owner}{suffix}");
            // The rules of an inline member that is no type of its own (`{type: string,
            // maxLength: 3}`) stay with the variant.
            let mut variant_rules = Constraints::default();
            let ty = if let Tagging::Adjacent { content, .. } = &tagging {
                let prop = member
                    .props
                    .iter()
                    .find(|p| p.name == *content)
                    .cloned()
                    .expect("adjacent tagging checked every member has the content property");
                self.schema(
                    &prop.loc,
                    prop.node,
                    Hint::new(&variant_hint),
                    ns,
                    Target::Inline,
                )
                .ty
            } else if !parent.is_empty() && member.object {
                let mut props = parent.clone();
                merge_props(&mut props, member.props.clone());
                let variant = self.register(member.loc.clone(), None, &variant_hint, ns);
                let mut kind = self.struct_kind(variant, &props);
                let (body_loc, body) = match &member.target {
                    Some(t) => (t.clone(), self.docs.node(t).unwrap_or(member.node)),
                    None => (member.loc.clone(), member.node),
                };
                let extras = Extras {
                    additional: additional_of(&[(body_loc, body)]),
                    alternatives: Vec::new(),
                };
                self.struct_extras(variant, &mut kind, extras);
                self.fill(variant, kind, &Ann::of(member.node));
                Type::Ref(variant)
            } else {
                let lowered = self.schema(
                    &member.loc,
                    member.node,
                    Hint::new(&variant_hint),
                    ns,
                    Target::Inline,
                );
                variant_rules = lowered.constraints;
                lowered.ty
            };
            // A `$ref` variant is named after its schema; an inline one after its title or
            // tag, or else its position when it got a type of its own, or else its type.
            let made_here = matches!(ty, Type::Ref(t) if self.by_loc.get(&member.loc) == Some(&t));
            let name = match (&target_name, title.or(tag.as_deref())) {
                (Some(name), _) => name.clone(),
                (None, Some(_)) => suffix,
                (None, None) if made_here => suffix,
                (None, None) => {
                    given_name(member.node, &ty).unwrap_or_else(|| self.synthetic_name(&ty))
                }
            };
            let (rust_name, _) = variant_names.claim(&names::pascal_ident(&name));
            variants.push(Variant {
                name,
                rust_name,
                ty,
                tag,
                constraints: variant_rules,
                description: member
                    .node
                    .str("description")
                    .filter(|d| !d.trim().is_empty())
                    .map(str::to_string),
                span: self.docs.span(self.sources, &member.loc),
            });
        }
        TypeKind::Union(Union { variants, tagging })
    }

    /// A union of primitive types (`type: [string, integer]`).
    pub(super) fn types_kind(
        &mut self,
        id: TypeId,
        types: &[String],
        layers: &[Layer<'a>],
    ) -> TypeKind {
        let (owner, ns) = {
            let slot = &self.slots[id.0 as usize];
            (slot.rust_name.clone(), slot.ns)
        };
        let mut variant_names = UniqueNames::default();
        let mut variants = Vec::new();
        let loc = self.slots[id.0 as usize].loc.clone();
        for ty in types {
            // The schema's rules apply to every type it admits (each variant checks those
            // of its kind).
            let mut rules = constraints(layers);
            let ty = match ty.as_str() {
                "object" => Type::Map(Box::new(Type::Any)),
                "array" => match keyword(layers, "items") {
                    Some((items_loc, items)) if items.is_object() => {
                        let item_hint = format!("{owner}Item");
                        let item = self.schema(
                            &items_loc,
                            items,
                            Hint::new(&item_hint),
                            ns,
                            Target::Inline,
                        );
                        if !item.constraints.is_empty() {
                            rules.items = Some(Box::new(item.constraints.clone()));
                        }
                        Type::Array(Box::new(item.element_type()))
                    }
                    _ => Type::Array(Box::new(Type::Any)),
                },
                other => match prim(other, layers) {
                    Some((ty, prim_rules)) => {
                        rules = prim_rules;
                        ty
                    }
                    None => Type::Any,
                },
            };
            let name = self.synthetic_name(&ty);
            let (rust_name, _) = variant_names.claim(&names::pascal_ident(&name));
            variants.push(Variant {
                name,
                rust_name,
                ty,
                tag: None,
                constraints: rules,
                description: None,
                span: self.docs.span(self.sources, &loc.child("type")),
            });
        }
        TypeKind::Union(Union {
            variants,
            tagging: Tagging::Untagged,
        })
    }

    /// `Str`, `Integer`, `ArrayOfStr`, or a named type's name: what a union variant of a type
    /// without a name of its own is called (as Speakeasy's docs call them).
    fn synthetic_name(&self, ty: &Type) -> String {
        match ty {
            Type::String => "Str".to_string(),
            Type::Integer(_) => "Integer".to_string(),
            Type::Number(_) => "Number".to_string(),
            Type::Boolean => "Boolean".to_string(),
            Type::Date => "Date".to_string(),
            Type::DateTime => "DateTime".to_string(),
            Type::Binary => "Binary".to_string(),
            Type::Any => "Any".to_string(),
            Type::Array(inner) => format!("ArrayOf{}", self.synthetic_name(inner)),
            Type::Map(inner) => format!("MapOf{}", self.synthetic_name(inner)),
            // Named like the value it holds when not null: a variant keeps its name when its
            // items become nullable.
            Type::Nullable(inner) => self.synthetic_name(inner),
            Type::Ref(id) => self.slots[id.0 as usize].rust_name.clone(),
        }
    }

    /// Sort key of an untagged variant: the first variant that fits wins, so the most
    /// specific come first. Objects with more required properties, then with more properties;
    /// closed enums; booleans, integers, dates and date-times; other numbers; strings; arrays;
    /// other unions and open enums; maps, free-form objects and any value last.
    pub(super) fn specificity(
        &self,
        ty: &Type,
        depth: usize,
    ) -> (u8, Reverse<usize>, Reverse<usize>) {
        let rank = |r: u8| (r, Reverse(0), Reverse(0));
        match ty {
            Type::Ref(id) if depth < 8 => match &self.slots[id.0 as usize].kind {
                Some(TypeKind::Struct(s)) => (
                    0,
                    Reverse(s.fields.iter().filter(|f| f.required).count()),
                    Reverse(s.fields.len()),
                ),
                Some(TypeKind::Enum(e)) if !e.open => rank(1),
                Some(TypeKind::Alias(inner)) => self.specificity(inner, depth + 1),
                Some(TypeKind::FreeForm) => rank(7),
                _ => rank(6),
            },
            Type::Boolean | Type::Integer(_) | Type::Date | Type::DateTime => rank(2),
            Type::Number(_) => rank(3),
            Type::String | Type::Binary => rank(4),
            Type::Array(_) => rank(5),
            Type::Map(_) => rank(7),
            Type::Nullable(inner) => self.specificity(inner, depth + 1),
            Type::Any | Type::Ref(_) => rank(8),
        }
    }
}

/// The name an inline union member's schema gives its variant, better than its type's
/// (`Str`): its one value (`const: auto`, `enum: [""]` is `Empty`), or its string format
/// (`format: email` is `Email`).
fn given_name(node: &Node, ty: &Type) -> Option<String> {
    let one_value = node.get("const").or_else(|| match node.get("enum") {
        Some(Node::Array(values)) if values.len() == 1 => values.first(),
        _ => None,
    });
    if let Some(value) = one_value.and_then(Node::scalar_text) {
        return Some(value_name(&value));
    }
    match ty {
        Type::String => node
            .str("format")
            .filter(|f| f.chars().any(|c| c.is_ascii_alphabetic()))
            .map(names::pascal_ident),
        _ => None,
    }
}

fn distinct(values: &[String]) -> bool {
    let set: HashSet<&String> = values.iter().collect();
    set.len() == values.len()
}

/// The `oneOf`/`anyOf` groups of two or more members besides `null`, in layer order.
pub(super) fn union_groups<'a>(
    null_refs: &BTreeSet<String>,
    layers: &[Layer<'a>],
) -> Vec<Group<'a>> {
    let mut res = Vec::new();
    for (loc, node) in layers {
        for key in ["oneOf", "anyOf"] {
            let members = non_null_members(null_refs, loc, node, key);
            if members.len() >= 2 {
                res.push(Group {
                    layer: loc.clone(),
                    members,
                    discriminator: node
                        .get("discriminator")
                        .or_else(|| value(layers, "discriminator")),
                });
            }
        }
    }
    res
}
