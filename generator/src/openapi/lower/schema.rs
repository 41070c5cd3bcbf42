//! One schema lowered: what it is ([`Plan`]: a primitive, array, map, struct, free-form object,
//! enum or union), decided over its `allOf` layers, then made a type expression in place or a
//! named type.

use crate::diagnostics::{Code, Severity};
use crate::model::{Constraints, Enum, Type, TypeKind};
use crate::openapi::Loc;
use crate::openapi::tree::Node;

use super::keywords::{constraints, prim};
use super::layers::{Layer, Prop, declared_types, keyword, properties};
use super::nullable::{only_annotations, own_nullable, passthrough};
use super::objects::{Extras, object_plan, take_alternatives};
use super::unions::{Group, union_groups};
use super::{Ann, Hint, Lowered, Lowerer, Ns, Target, documented};

/// What a schema turns out to be, before any named type is made for it.
pub(super) enum Plan<'a> {
    Plain(Type, Constraints),
    Array(Option<Layer<'a>>, Constraints),
    Map(Layer<'a>, Constraints),
    Struct(Vec<Prop<'a>>, Extras<'a>),
    FreeForm(Constraints),
    Enum(Enum),
    Union(Group<'a>, Vec<Prop<'a>>),
    Types(Vec<String>, Vec<Layer<'a>>),
}

impl<'a> Lowerer<'a> {
    /// Lowers the schema `node` at `loc`. Inline schemas that need a named type get one named
    /// `hint`, in namespace `ns`.
    pub(super) fn schema(
        &mut self,
        loc: &Loc,
        node: &'a Node,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
    ) -> Lowered {
        let res = self.schema_inner(loc, node, hint, ns, target);
        if !self.schema_types.contains_key(loc) {
            self.schema_types.insert(loc.clone(), documented(&res));
        }
        res
    }

    /// [`Lowerer::schema`], without recording the result for the examples.
    fn schema_inner(
        &mut self,
        loc: &Loc,
        node: &'a Node,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
    ) -> Lowered {
        let ann = Ann::of(node);
        if let Target::Inline = target
            && let Some(&id) = self.by_loc.get(loc)
        {
            return Lowered {
                ty: Type::Ref(id),
                nullable: self.is_nullable(loc),
                constraints: Constraints::default(),
                ann,
            };
        }
        if !node.is_object() {
            if !matches!(node, Node::Bool(_)) {
                let message = format!(
                    "`{}` is not a schema (an object or a boolean); it is generated as any JSON value",
                    self.docs.display(loc)
                );
                self.diagnose(
                    Severity::Warning,
                    loc,
                    Code::NotASchema,
                    message,
                    "write the schema as an object, such as `{type: string}`",
                );
            }
            return self.plain(Type::Any, false, Constraints::default(), ann, target);
        }
        // A union admits `null` when a member does (refs and wrappers are followed below).
        let nullable = if node.get("oneOf").is_some() || node.get("anyOf").is_some() {
            self.is_nullable(loc)
        } else {
            own_nullable(node)
        };
        if let Some(reference) = node.str("$ref")
            && only_annotations(node, &["$ref"])
        {
            let (ty, target_nullable) = match self.follow(loc, reference) {
                Some(to) => {
                    let nullable = self.is_nullable(&to);
                    (Type::Ref(self.named(&to)), nullable)
                }
                None => (Type::Any, false),
            };
            return self.plain(
                ty,
                nullable || target_nullable,
                Constraints::default(),
                ann,
                target,
            );
        }
        if let Some((member_loc, member)) = passthrough(&self.null_refs, loc, node) {
            let mut res = self.schema(&member_loc, member, hint, ns, target);
            res.nullable |= nullable;
            res.ann = ann.or(res.ann);
            if let Target::Named(id) = target {
                // The wrapper's own description and deprecation describe the type.
                let slot = &mut self.slots[id.0 as usize];
                if res.ann.description.is_some() {
                    slot.description.clone_from(&res.ann.description);
                }
                if res.ann.deprecated.is_some() {
                    slot.deprecated.clone_from(&res.ann.deprecated);
                }
            }
            return res;
        }
        let Some(layers) = self.layers(loc, node) else {
            return self.plain(Type::Any, nullable, Constraints::default(), ann, target);
        };
        let plan = self.plan(loc, &layers, target);
        self.realize(loc, plan, hint, ns, target, nullable, ann)
    }

    /// A type expression: in place, or as the alias `target` names.
    fn plain(
        &mut self,
        ty: Type,
        nullable: bool,
        constraints: Constraints,
        ann: Ann,
        target: Target,
    ) -> Lowered {
        let ty = match target {
            Target::Inline => ty,
            Target::Named(id) => {
                self.fill(id, TypeKind::Alias(ty), &ann);
                Type::Ref(id)
            }
        };
        Lowered {
            ty,
            nullable,
            constraints,
            ann,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn realize(
        &mut self,
        loc: &Loc,
        plan: Plan<'a>,
        hint: Hint<'_>,
        ns: Ns,
        target: Target,
        nullable: bool,
        ann: Ann,
    ) -> Lowered {
        // The name the parts of an array or map are named after.
        let own_hint = |cx: &Self| match target {
            Target::Named(id) => cx.slots[id.0 as usize].rust_name.clone(),
            Target::Inline => hint.name(),
        };
        let named = |cx: &mut Self| match target {
            Target::Named(id) => id,
            Target::Inline => cx.register(loc.clone(), None, &hint.name(), ns),
        };
        let kind = match plan {
            Plan::Plain(ty, constraints) => {
                return self.plain(ty, nullable, constraints, ann, target);
            }
            Plan::Array(items, mut constraints) => {
                let ty = match items {
                    Some((items_loc, items)) => {
                        let item_hint = format!("{}Item", own_hint(self));
                        let item = self.schema(
                            &items_loc,
                            items,
                            Hint::new(&item_hint),
                            ns,
                            Target::Inline,
                        );
                        let ty = item.element_type();
                        if !item.constraints.is_empty() {
                            constraints.items = Some(Box::new(item.constraints));
                        }
                        ty
                    }
                    None => Type::Any,
                };
                return self.plain(
                    Type::Array(Box::new(ty)),
                    nullable,
                    constraints,
                    ann,
                    target,
                );
            }
            Plan::Map((value_loc, value), mut constraints) => {
                let value_hint = format!("{}Value", own_hint(self));
                let value = self.schema(
                    &value_loc,
                    value,
                    Hint::new(&value_hint),
                    ns,
                    Target::Inline,
                );
                let ty = value.element_type();
                if !value.constraints.is_empty() {
                    constraints.items = Some(Box::new(value.constraints));
                }
                return self.plain(Type::Map(Box::new(ty)), nullable, constraints, ann, target);
            }
            Plan::FreeForm(constraints) => match target {
                Target::Inline => {
                    return self.plain(
                        Type::Map(Box::new(Type::Any)),
                        nullable,
                        constraints,
                        ann,
                        target,
                    );
                }
                Target::Named(id) => {
                    self.fill(id, TypeKind::FreeForm, &ann);
                    return Lowered {
                        ty: Type::Ref(id),
                        nullable,
                        constraints,
                        ann,
                    };
                }
            },
            Plan::Struct(props, extras) => {
                let id = named(self);
                let mut kind = self.struct_kind(id, &props);
                self.struct_extras(id, &mut kind, extras);
                (id, kind)
            }
            Plan::Enum(it) => (named(self), TypeKind::Enum(it)),
            Plan::Union(group, parent) => {
                let id = named(self);
                let kind = self.union_kind(id, group, parent);
                (id, kind)
            }
            Plan::Types(types, layers) => {
                let id = named(self);
                let kind = self.types_kind(id, &types, &layers);
                (id, kind)
            }
        };
        let (id, kind) = kind;
        self.fill(id, kind, &ann);
        Lowered {
            ty: Type::Ref(id),
            nullable,
            constraints: Constraints::default(),
            ann,
        }
    }

    /// Decides what a (merged) schema is.
    fn plan(&mut self, loc: &Loc, layers: &[Layer<'a>], target: Target) -> Plan<'a> {
        for (layer_loc, layer) in layers {
            self.check_keywords(layer_loc, layer);
        }
        for (layer_loc, layer) in layers {
            for key in ["not", "if", "$dynamicRef", "prefixItems"] {
                if layer.get(key).is_some() {
                    self.warn_unsupported(&layer_loc.child(key), &format!("`{key}`"));
                    return Plan::Plain(Type::Any, Constraints::default());
                }
            }
        }
        let props = properties(layers);
        let mut groups = union_groups(&self.null_refs, layers);
        let alternatives = take_alternatives(&mut groups, &props);
        if groups.len() > 1 {
            let message = format!(
                "`{}` has {} `oneOf`/`anyOf` groups; only the properties around them are generated",
                self.docs.display(loc),
                groups.len()
            );
            self.diagnose(
                Severity::Warning,
                loc,
                Code::UnionGroups,
                message,
                "a schema with one `oneOf` (or `anyOf`) becomes a Rust enum; several cannot be combined yet",
            );
        } else if let Some(group) = groups.pop() {
            return Plan::Union(group, props);
        }
        let types = declared_types(layers);
        if let Some((enum_loc, values)) = keyword(layers, "enum") {
            return self.enum_plan(&enum_loc, values.items(), layers, &types, target);
        }
        if let Some((const_loc, value)) = keyword(layers, "const") {
            return self.enum_plan(
                &const_loc,
                std::slice::from_ref(value),
                layers,
                &types,
                target,
            );
        }
        let has = |key: &str| layers.iter().any(|(_, n)| n.get(key).is_some());
        let ty = match types.as_slice() {
            [] if !props.is_empty()
                || has("additionalProperties")
                || has("patternProperties")
                || has("required")
                || has("minProperties")
                || has("maxProperties") =>
            {
                "object"
            }
            [] if has("items") => "array",
            [] if has("pattern") || has("minLength") || has("maxLength") => "string",
            [] => return Plan::Plain(Type::Any, constraints(layers)),
            [one] => one.as_str(),
            _ => return Plan::Types(types, layers.to_vec()),
        };
        match ty {
            "object" => match object_plan(layers, props, target) {
                Plan::FreeForm(c) => {
                    if let Some((at, patterns)) = keyword(layers, "patternProperties")
                        && patterns.entries().len() > 1
                    {
                        let message = format!(
                            "an object of several `patternProperties` is not supported; `{}` is generated as a free-form JSON object (`serde_json::Map`)",
                            self.docs.display(&at)
                        );
                        self.diagnose(
                            Severity::Warning,
                            &at,
                            Code::Unsupported,
                            message,
                            "the properties are kept as they are on the wire, without Rust types",
                        );
                    }
                    Plan::FreeForm(c)
                }
                Plan::Struct(props, extras) => Plan::Struct(
                    props,
                    Extras {
                        alternatives,
                        ..extras
                    },
                ),
                other => other,
            },
            "array" => match keyword(layers, "items") {
                Some((items_loc, items)) if !matches!(items, Node::Array(_)) => {
                    Plan::Array(Some((items_loc, items)), constraints(layers))
                }
                Some((items_loc, _)) => {
                    self.warn_unsupported(&items_loc, "an array of `items` (a tuple)");
                    Plan::Array(None, constraints(layers))
                }
                None => Plan::Array(None, constraints(layers)),
            },
            "null" => Plan::Plain(Type::Any, Constraints::default()),
            other => match prim(other, layers) {
                Some((ty, constraints)) => Plan::Plain(ty, constraints),
                None => {
                    let at = keyword(layers, "type").map_or_else(|| loc.clone(), |(l, _)| l);
                    self.warn_unsupported(&at, &format!("type `{other}`"));
                    Plan::Plain(Type::Any, Constraints::default())
                }
            },
        }
    }
}
