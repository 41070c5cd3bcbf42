//! The client module of an API with operations, as the plan ([`ClientPlan`]) names it: the
//! `SERVERS`, the wrapper struct with a constructor, a function per security scheme making its
//! `Auth`, and one `async` method per operation on top of the runtime's `Client`
//! (`crate::client`); then the params structs and the error enums of the operations.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::scope::path_tokens;
use super::{docs, features, ident};
use crate::model::operation::{
    BodyEncoding, Operation, Parameter, ParameterIn, SecurityScheme, Server, Status,
};
use crate::model::{Api, IntFormat, NumberFormat, Type, TypeId};
use crate::plan::client::{
    ClientPlan, OperationPlan, RUNTIME_ITEMS, StatusPlan, Success, is_required,
};
use crate::plan::groups::{Features, Gate};
use crate::plan::tree::{self, ApiTree};

/// The client module of `api`. `crate_name`: the crate's name for the example, when it is
/// known (a standalone crate). `gates`: the crate's group features and the API's index; each
/// operation's method, params struct and error enum are compiled with its group, and each
/// model imported with the groups of the operations that name it.
pub(crate) fn client_file(
    api: &Api,
    tree: &ApiTree,
    plan: &ClientPlan,
    crate_name: Option<&str>,
    gates: (&Features, usize),
) -> TokenStream {
    let scope = ClientScope::new(api, tree, plan, gates);
    let module_doc = docs::inner(&format!(
        "The client of the API's operations: [`{}`], with one method per operation.",
        plan.name
    ));
    let allow_deprecated = scope.deprecated.then(|| quote! { #![allow(deprecated)] });
    let uses = scope.use_items(api, plan);
    let servers = servers_const(&api.service.servers);
    let wrapper = wrapper(api, tree, plan, &scope, crate_name);
    let params: Vec<TokenStream> = plan
        .operations
        .iter()
        .filter_map(|op| {
            let cfg = scope.op_cfg(op);
            let item = params_struct(&api.operations[op.index], op, plan, &scope)?;
            Some(quote! { #cfg #item })
        })
        .collect();
    let errors: Vec<TokenStream> = plan
        .operations
        .iter()
        .filter_map(|op| {
            let cfg = scope.op_cfg(op);
            let item = error_enum(op, plan, &scope)?;
            Some(quote! { #cfg #item })
        })
        .collect();
    quote! {
        #module_doc
        #allow_deprecated
        #uses
        #servers
        #wrapper
        #(#params)*
        #(#errors)*
    }
}

/// How model types are written in the client module.
struct ClientScope {
    /// Tokens for each referenced type: its name when imported, else its path.
    refs: BTreeMap<TypeId, TokenStream>,
    /// `use` items for the imported types: the `cfg` of the operations naming them (as a gate
    /// and as tokens) and module path, to names.
    imports: BTreeMap<(Gate, Vec<String>), BTreeSet<String>>,
    /// The `cfg` of each gate of [`Self::imports`].
    import_cfgs: BTreeMap<Gate, TokenStream>,
    /// Per operation (its index in the API), the `cfg` of its items.
    op_cfgs: BTreeMap<usize, TokenStream>,
    /// Whether a referenced type is deprecated.
    deprecated: bool,
    /// The Rust type of dates (see [`crate::model::dates`]).
    date: &'static str,
    /// The Rust type of date-times.
    date_time: &'static str,
}

impl ClientScope {
    fn new(
        api: &Api,
        tree: &ApiTree,
        plan: &ClientPlan,
        (features, api_idx): (&Features, usize),
    ) -> ClientScope {
        let mut referenced = BTreeSet::new();
        // Per type, the groups of the operations that name it.
        let mut users: BTreeMap<TypeId, BTreeSet<usize>> = BTreeMap::new();
        let mut op_cfgs = BTreeMap::new();
        for op in &plan.operations {
            let operation = &api.operations[op.index];
            let mut named = BTreeSet::new();
            for param in &operation.parameters {
                collect(&param.field.ty, &mut named);
            }
            if let Some(ty) = op.body.as_ref().and_then(|b| b.ty.as_ref()) {
                collect(ty, &mut named);
            }
            if let Success::Json(ty) = &op.success {
                collect(ty, &mut named);
            }
            for status in &op.statuses {
                if let Some((_, Some(ty))) = &status.variant {
                    collect(ty, &mut named);
                }
            }
            let group = features.operation_group(api_idx, op.index);
            for &id in &named {
                users.entry(id).or_default().extend(group);
            }
            let gate = features.operation_gate(api_idx, op.index);
            op_cfgs.insert(op.index, features::cfg(features, &gate));
            referenced.extend(named);
        }
        let mut taken: BTreeSet<String> = RUNTIME_ITEMS.iter().map(|s| s.to_string()).collect();
        taken.insert(plan.name.clone());
        for op in &plan.operations {
            taken.extend(op.params_struct.clone());
            taken.extend(op.error.clone());
        }
        for name in ["Box", "Option", "Result", "String", "Vec"] {
            taken.insert(name.to_string());
        }
        let mut targets: Vec<(Vec<String>, TypeId)> = referenced
            .into_iter()
            .map(|id| (tree::relative_path(&[], tree.place(id)), id))
            .collect();
        targets.sort();
        let mut scope = ClientScope {
            refs: BTreeMap::new(),
            imports: BTreeMap::new(),
            import_cfgs: BTreeMap::new(),
            op_cfgs,
            deprecated: false,
            date: crate::model::dates::date_type(api),
            date_time: crate::model::dates::date_time_type(api),
        };
        for (path, id) in targets {
            if let Some(it) = crate::model::replace::replacement(api, id) {
                scope.refs.insert(id, path_tokens(&it.path));
                continue;
            }
            scope.deprecated |= api.get(id).deprecated.is_some();
            let name = &tree.place(id).name;
            let tokens = if taken.insert(name.clone()) {
                let gate = features.groups_gate(users.get(&id).into_iter().flatten().copied());
                scope
                    .import_cfgs
                    .entry(gate.clone())
                    .or_insert_with(|| features::cfg(features, &gate));
                scope
                    .imports
                    .entry((gate, path[..path.len() - 1].to_vec()))
                    .or_default()
                    .insert(name.clone());
                let it = ident::ident(name);
                quote! { #it }
            } else {
                ident::path(&path)
            };
            scope.refs.insert(id, tokens);
        }
        scope
    }

    /// The `cfg` of the items of operation `op`.
    fn op_cfg(&self, op: &OperationPlan) -> TokenStream {
        self.op_cfgs.get(&op.index).cloned().unwrap_or_default()
    }

    fn use_items(&self, api: &Api, plan: &ClientPlan) -> TokenStream {
        let mut runtime = vec!["Auth", "Client", "Error", "Request", "Response"];
        for (idx, _) in &plan.auth {
            match &api.service.security_schemes[*idx].1 {
                SecurityScheme::ClientCredentials { .. } => runtime.push("ClientCredentials"),
                SecurityScheme::ApiKey { .. } => runtime.push("KeyPlace"),
                _ => {}
            }
        }
        runtime.sort_unstable();
        runtime.dedup();
        let runtime = runtime.into_iter().map(ident::ident);
        let mut res = quote! { use crate::client::{#(#runtime),*}; };
        for ((gate, module), names) in &self.imports {
            let cfg = &self.import_cfgs[gate];
            let module = ident::path(module);
            let names: Vec<_> = names.iter().map(|name| ident::ident(name)).collect();
            let tree = match names.as_slice() {
                [one] => quote! { #one },
                _ => quote! { { #(#names),* } },
            };
            res.extend(quote! { #cfg use #module::#tree; });
        }
        res
    }

    /// The owned Rust type of `ty`.
    fn rust_type(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::String => quote! { String },
            Type::Date => path_tokens(self.date),
            Type::DateTime => path_tokens(self.date_time),
            Type::Binary => quote! { crate::runtime::Base64 },
            Type::Integer(IntFormat::Int32) => quote! { i32 },
            Type::Integer(IntFormat::Int64 | IntFormat::Unspecified) => quote! { i64 },
            Type::Number(NumberFormat::Float) => quote! { f32 },
            Type::Number(_) => quote! { f64 },
            Type::Boolean => quote! { bool },
            Type::Any => quote! { serde_json::Value },
            Type::Array(item) => {
                let item = self.rust_type(item);
                quote! { Vec<#item> }
            }
            Type::Map(value) => {
                let value = self.rust_type(value);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            Type::Nullable(inner) => {
                let inner = self.rust_type(inner);
                quote! { Option<#inner> }
            }
            Type::Ref(id) => self
                .refs
                .get(id)
                .cloned()
                .unwrap_or_else(|| quote! { serde_json::Value }),
        }
    }

    /// The type of an argument holding `ty`, and whether it is a reference: `&str` for
    /// strings, slices for arrays, scalars by value, anything else by reference.
    fn argument_type(&self, ty: &Type) -> (TokenStream, bool) {
        match ty {
            Type::String => (quote! { &str }, true),
            Type::Date | Type::DateTime if self.date_time == "String" => (quote! { &str }, true),
            Type::Integer(_) | Type::Number(_) | Type::Boolean => (self.rust_type(ty), false),
            Type::Array(item) => {
                let item = self.rust_type(item);
                (quote! { &[#item] }, true)
            }
            _ => {
                let ty = self.rust_type(ty);
                (quote! { &#ty }, true)
            }
        }
    }
}

/// Every named type in `ty`.
fn collect(ty: &Type, out: &mut BTreeSet<TypeId>) {
    match ty {
        Type::Ref(id) => {
            out.insert(*id);
        }
        Type::Array(inner) | Type::Map(inner) | Type::Nullable(inner) => collect(inner, out),
        _ => {}
    }
}

/// The URL of `server` with each variable at its default.
fn server_url(server: &Server) -> String {
    server
        .variables
        .iter()
        .fold(server.url.clone(), |url, (name, value)| {
            url.replace(&format!("{{{name}}}"), value)
        })
}

/// `SERVERS`: the URLs of the spec's servers, the default first; nothing when it names none.
fn servers_const(servers: &[Server]) -> TokenStream {
    if servers.is_empty() {
        return TokenStream::new();
    }
    let list: Vec<String> = servers
        .iter()
        .map(|server| {
            let description = docs::single_line(&docs::description(server.description.as_deref()));
            let url = docs::inline_code(&server_url(server));
            if description.is_empty() {
                format!("- {url}")
            } else {
                format!("- {url}: {description}")
            }
        })
        .collect();
    let doc = docs::outer(&docs::join(&[
        "The servers of the API, the default first:".to_string(),
        list.join("\n"),
    ]));
    let urls: Vec<String> = servers.iter().map(server_url).collect();
    let n = Literal::usize_unsuffixed(urls.len());
    quote! {
        #doc
        pub const SERVERS: [&str; #n] = [#(#urls),*];
    }
}

/// The wrapper struct and its impl.
fn wrapper(
    api: &Api,
    tree: &ApiTree,
    plan: &ClientPlan,
    scope: &ClientScope,
    crate_name: Option<&str>,
) -> TokenStream {
    let name = ident::ident(&plan.name);
    let title = docs::single_line(&docs::description(api.description.as_deref()));
    let mut intro = format!(
        "A client of the `{}` API: one method per operation, on top of the runtime's [`Client`] \
         (authentication, retries, timeouts).",
        api.name
    );
    if !title.is_empty() {
        intro = format!("{title}\n\n{intro}");
    }
    let construct = if api.service.servers.is_empty() {
        "Make one with [`Self::with_base_url`], or wrap a [`Client`] you configured with \
         [`Self::from_client`]."
    } else {
        "Make one with [`Self::new`] (the default server), [`Self::with_base_url`] (another \
         server, a mock), or wrap a [`Client`] you configured (retries, timeouts, your own \
         `reqwest::Client`) with [`Self::from_client`]."
    };
    let example = crate_name
        .map(|krate| example(api, tree, plan, krate))
        .unwrap_or_default();
    let doc = docs::outer(&docs::join(&[intro, construct.to_string(), example]));
    let new = (!api.service.servers.is_empty()).then(|| {
        quote! {
            /// A client of the default server (the first of [`SERVERS`]) authenticating with
            /// `auth`.
            pub fn new(auth: Auth) -> Result<#name, Error> {
                #name::with_base_url(SERVERS[0], auth)
            }
        }
    });
    let auth: Vec<TokenStream> = plan
        .auth
        .iter()
        .map(|(idx, function)| {
            let (scheme_name, scheme) = &api.service.security_schemes[*idx];
            auth_function(scheme_name, scheme, function)
        })
        .collect();
    let methods: Vec<TokenStream> = plan
        .operations
        .iter()
        .map(|op| {
            let cfg = scope.op_cfg(op);
            let method = method(&api.operations[op.index], op, scope);
            quote! { #cfg #method }
        })
        .collect();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: Client,
        }

        #[allow(clippy::result_large_err)]
        impl #name {
            #new

            /// A client of the server at `base_url` authenticating with `auth`.
            pub fn with_base_url(base_url: impl Into<String>, auth: Auth) -> Result<#name, Error> {
                Ok(#name::from_client(Client::builder(base_url).auth(auth).build()?))
            }

            /// A client sending its requests through `client`.
            pub fn from_client(client: Client) -> #name {
                #name { client }
            }

            /// The runtime client the requests go through.
            pub fn client(&self) -> &Client {
                &self.client
            }

            #(#auth)*
            #(#methods)*
        }
    }
}

/// The doc example of the wrapper in crate `krate`.
fn example(api: &Api, tree: &ApiTree, plan: &ClientPlan, krate: &str) -> String {
    let krate = krate.replace('-', "_");
    let client_module = tree.client_module.as_deref().unwrap_or("client");
    let module = format!("{krate}::{}::{client_module}", tree.module);
    // The scheme the operations ask for first, else the first the client offers.
    let wanted = api
        .operations
        .iter()
        .flat_map(|op| &op.security)
        .flat_map(|requirement| &requirement.schemes)
        .find_map(|(scheme, _)| {
            plan.auth
                .iter()
                .find(|(idx, _)| &api.service.security_schemes[*idx].0 == scheme)
        });
    let auth = wanted
        .or(plan.auth.first())
        .map(|(idx, function)| {
            let args = match &api.service.security_schemes[*idx].1 {
                SecurityScheme::ClientCredentials { .. } => "\"client-id\", \"client-secret\"",
                SecurityScheme::Basic => "\"user\", \"password\"",
                _ => "\"secret\"",
            };
            format!("{}::{function}({args})", plan.name)
        })
        .unwrap_or_else(|| format!("{krate}::client::Auth::None"));
    let make = if api.service.servers.is_empty() {
        format!(
            "{}::with_base_url(\"https://api.example.com\", {auth})?",
            plan.name
        )
    } else {
        format!("{}::new({auth})?", plan.name)
    };
    format!(
        "```no_run\n# fn main() -> Result<(), Box<dyn std::error::Error>> {{\nuse {module}::{};\n\n\
         let client = {make};\n# let _ = client;\n# Ok(())\n# }}\n```",
        plan.name
    )
}

/// The function making the `Auth` of security scheme `scheme_name`.
fn auth_function(scheme_name: &str, scheme: &SecurityScheme, function: &str) -> TokenStream {
    let function = ident::ident(function);
    let scheme_doc = docs::inline_code(scheme_name);
    match scheme {
        SecurityScheme::Bearer => {
            let doc = docs::outer(&format!(
                "The credentials of the {scheme_doc} scheme: `token` as a bearer token."
            ));
            quote! {
                #doc
                pub fn #function(token: impl Into<String>) -> Auth {
                    Auth::Bearer(token.into())
                }
            }
        }
        SecurityScheme::Basic => {
            let doc = docs::outer(&format!(
                "The credentials of the {scheme_doc} scheme: HTTP basic authentication."
            ));
            quote! {
                #doc
                pub fn #function(username: impl Into<String>, password: impl Into<String>) -> Auth {
                    Auth::Basic { username: username.into(), password: password.into() }
                }
            }
        }
        SecurityScheme::ApiKey { name, location } => {
            let (place, words) = match location {
                ParameterIn::Query => (quote! { KeyPlace::Query }, "query parameter"),
                ParameterIn::Cookie => (quote! { KeyPlace::Cookie }, "cookie"),
                _ => (quote! { KeyPlace::Header }, "header"),
            };
            let doc = docs::outer(&format!(
                "The credentials of the {scheme_doc} scheme: `key` in the {words} {}.",
                docs::inline_code(name)
            ));
            quote! {
                #doc
                pub fn #function(key: impl Into<String>) -> Auth {
                    Auth::ApiKey { name: #name.to_string(), place: #place, value: key.into() }
                }
            }
        }
        SecurityScheme::ClientCredentials { token_url, .. } => {
            let doc = docs::outer(&format!(
                "The credentials of the {scheme_doc} scheme: OAuth 2 client credentials, \
                 exchanged at {} for an access token that is kept until it expires.",
                docs::inline_code(token_url)
            ));
            quote! {
                #doc
                pub fn #function(client_id: impl Into<String>, client_secret: impl Into<String>) -> Auth {
                    Auth::ClientCredentials(ClientCredentials {
                        client_id: client_id.into(),
                        client_secret: client_secret.into(),
                        token_url: #token_url.to_string(),
                        scopes: Vec::new(),
                    })
                }
            }
        }
        SecurityScheme::Other { .. } => TokenStream::new(),
    }
}

/// Where a parameter goes, in words.
fn location_words(param: &Parameter) -> String {
    let wire = docs::inline_code(&param.field.wire_name);
    match param.location {
        ParameterIn::Path => format!("path parameter {wire}"),
        ParameterIn::Query => format!("query parameter {wire}"),
        ParameterIn::Header => format!("header {wire}"),
        ParameterIn::Cookie => format!("cookie {wire}"),
    }
}

/// The error type of an operation: its enum, or the runtime's `Error` as it is.
fn error_type(op: &OperationPlan) -> TokenStream {
    match &op.error {
        Some(error) => {
            let error = ident::ident(error);
            quote! { Error<#error> }
        }
        None => quote! { Error },
    }
}

fn method(operation: &Operation, op: &OperationPlan, scope: &ClientScope) -> TokenStream {
    let name = ident::ident(&op.method);
    let mut args = Vec::new();
    let mut chain = Vec::new();
    let mut param_docs = Vec::new();
    for param_plan in &op.params {
        let param = &operation.parameters[param_plan.index];
        let field = ident::ident(&param_plan.name);
        let value = if op.params_struct.is_some() {
            quote! { &params.#field }
        } else {
            let (ty, by_ref) = scope.argument_type(&param.field.ty);
            let optional = !is_required(param);
            if optional {
                args.push(quote! { #field: Option<#ty> });
            } else {
                args.push(quote! { #field: #ty });
            }
            let description =
                docs::single_line(&docs::description(param.field.description.as_deref()));
            param_docs.push(format!(
                "- `{}`: the {}{}",
                param_plan.name,
                location_words(param),
                if description.is_empty() {
                    String::new()
                } else {
                    format!(". {description}")
                }
            ));
            if by_ref && !optional {
                quote! { #field }
            } else {
                quote! { &#field }
            }
        };
        let wire = &param.field.wire_name;
        chain.push(match param.location {
            ParameterIn::Path => quote! { .path_param(#wire, #value) },
            ParameterIn::Query => {
                let explode = param.explode;
                quote! { .query_param(#wire, #value, #explode) }
            }
            ParameterIn::Header => quote! { .header_param(#wire, #value) },
            ParameterIn::Cookie => quote! { .cookie_param(#wire, #value) },
        });
    }
    if let Some(params) = &op.params_struct {
        let params = ident::ident(params);
        args.insert(0, quote! { params: &#params });
    }
    if op.anonymous {
        chain.insert(0, quote! { .anonymous() });
    }
    let mut body_stmt = TokenStream::new();
    let mut mutable = TokenStream::new();
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let (arg_ty, write) = match (&body.ty, body.encoding) {
            (Some(ty), encoding) => {
                let (arg_ty, by_ref) = scope.argument_type(ty);
                let value = if by_ref {
                    quote! { body }
                } else {
                    quote! { &body }
                };
                let write = if encoding == BodyEncoding::Form {
                    quote! { form_body(#value) }
                } else {
                    quote! { json_body(#value) }
                };
                (arg_ty, write)
            }
            (None, BodyEncoding::Multipart) => {
                args.push(quote! { content_type: &str });
                (quote! { Vec<u8> }, quote! { bytes(content_type, body) })
            }
            (None, _) => (quote! { Vec<u8> }, quote! { bytes(#media, body) }),
        };
        if body.required {
            args.push(quote! { body: #arg_ty });
            chain.push(quote! { .#write });
        } else {
            args.push(quote! { body: Option<#arg_ty> });
            mutable = quote! { mut };
            body_stmt = quote! {
                if let Some(body) = body {
                    request = request.#write;
                }
            };
        }
    }
    let success_ty = match &op.success {
        Success::Json(ty) => scope.rust_type(ty),
        Success::Bytes => quote! { Vec<u8> },
        Success::Empty => quote! { () },
    };
    let error_ty = error_type(op);
    let lift = op
        .error
        .is_some()
        .then(|| quote! { .map_err(Error::into_operation) });
    let success = match &op.success {
        Success::Json(_) => quote! { response.json() #lift },
        Success::Bytes => quote! { Ok(response.into_bytes()) },
        Success::Empty => quote! { Ok(response.empty()) },
    };
    let typed_default = op
        .statuses
        .iter()
        .any(|s| s.status == Status::Default && s.variant.is_some());
    let mut arms = Vec::new();
    for status in &op.statuses {
        let pattern = match status.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote! { #code }
            }
            Status::Range(class) => {
                // The codes of the class the operation documents one by one have arms of
                // their own before this one, which must not overlap them.
                let exact: Vec<u16> = op
                    .statuses
                    .iter()
                    .filter_map(|s| match s.status {
                        Status::Code(code) if code / 100 == u16::from(class) => Some(code),
                        _ => None,
                    })
                    .collect();
                let ranges = class_ranges(u16::from(class) * 100, &exact);
                if ranges.is_empty() {
                    continue;
                }
                let ranges = ranges.into_iter().map(|(low, high)| {
                    let low = Literal::u16_unsuffixed(low);
                    if low.to_string() == high.to_string() {
                        return quote! { #low };
                    }
                    let high = Literal::u16_unsuffixed(high);
                    quote! { #low..=#high }
                });
                quote! { #(#ranges)|* }
            }
            Status::Default => quote! { _ },
        };
        let answer = match (&status.variant, &op.error) {
            (Some((variant, ty)), Some(error)) => {
                let error = ident::ident(error);
                let variant = ident::ident(variant);
                if ty.is_some() {
                    quote! { Err(response.documented(#error::#variant)) }
                } else {
                    quote! { Err(response.documented_empty(#error::#variant)) }
                }
            }
            // A raw status needs its own arm only before a typed `default`.
            _ if typed_default && status.status != Status::Default => {
                quote! { Err(response.unexpected()) }
            }
            _ => continue,
        };
        arms.push(quote! { #pattern => #answer, });
    }
    if !typed_default {
        arms.push(quote! { _ => Err(response.unexpected()), });
    }
    let http_method = operation.method.as_str();
    let path = &operation.path;
    let doc = docs::outer(&method_doc(operation, op, &param_docs));
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> Result<Response<#success_ty>, #error_ty> {
            let #mutable request = Request::new(#http_method, #path) #(#chain)*;
            #body_stmt
            let response = self.client.send(request).await #lift ?;
            match response.status {
                200..=299 => #success,
                #(#arms)*
            }
        }
    }
}

/// The codes from `start` to `start + 99` without those of `exact`, as inclusive ranges.
fn class_ranges(start: u16, exact: &[u16]) -> Vec<(u16, u16)> {
    let mut res = Vec::new();
    let mut low = start;
    for code in start..start + 100 {
        if exact.contains(&code) {
            if low < code {
                res.push((low, code - 1));
            }
            low = code + 1;
        }
    }
    if low < start + 100 {
        res.push((low, start + 99));
    }
    res
}

/// The rustdoc of an operation's method: summary, description, method and path, parameters,
/// errors.
fn method_doc(operation: &Operation, op: &OperationPlan, param_docs: &[String]) -> String {
    let summary = docs::description(operation.summary.as_deref());
    let description = docs::description(operation.description.as_deref());
    let endpoint = format!(
        "`{} {}`",
        operation.method,
        docs::single_line(&operation.path).replace('`', "'")
    );
    let anonymous = if op.anonymous {
        "Sent without the client's credentials: the spec asks for none.".to_string()
    } else {
        String::new()
    };
    let params = if let Some(params) = &op.params_struct {
        format!("The parameters are in [`{params}`].")
    } else if param_docs.is_empty() {
        String::new()
    } else {
        format!("Parameters:\n\n{}", param_docs.join("\n"))
    };
    let mut errors = Vec::new();
    for status in &op.statuses {
        let words = status_words(status.status);
        let description = docs::single_line(&docs::description(status.description.as_deref()));
        let description = if description.is_empty() {
            String::new()
        } else {
            format!(" ({description})")
        };
        match (&status.variant, &op.error) {
            (Some((variant, _)), Some(error)) => errors.push(format!(
                "- {words}{description}: [`Error::Api`] with [`{error}::{variant}`]"
            )),
            _ => errors.push(format!(
                "- {words}{description}: [`Error::Status`] with the raw body"
            )),
        }
    }
    if !op.statuses.iter().any(|s| s.status == Status::Default) {
        errors.push("- any other status: [`Error::Status`] with the raw body".to_string());
    }
    errors.push(
        "- a body that does not read as its type: [`Error::Decode`]; no connection, a timeout: \
         [`Error::Transport`]"
            .to_string(),
    );
    docs::join(&[
        summary,
        description,
        endpoint,
        anonymous,
        params,
        format!("# Errors\n\n{}", errors.join("\n")),
    ])
}

/// A status in words for docs.
fn status_words(status: Status) -> String {
    match status {
        Status::Code(code) => format!("`{code}`"),
        Status::Range(class) => format!("`{class}XX`"),
        Status::Default => "any other status".to_string(),
    }
}

/// The params struct of an operation, when it has one.
fn params_struct(
    operation: &Operation,
    op: &OperationPlan,
    plan: &ClientPlan,
    scope: &ClientScope,
) -> Option<TokenStream> {
    let name = ident::ident(op.params_struct.as_ref()?);
    let mut all_optional = true;
    let fields: Vec<TokenStream> = op
        .params
        .iter()
        .map(|param_plan| {
            let param = &operation.parameters[param_plan.index];
            let field = ident::ident(&param_plan.name);
            let ty = scope.rust_type(&param.field.ty);
            let required = is_required(param);
            all_optional &= !required;
            let ty = if required {
                ty
            } else {
                quote! { Option<#ty> }
            };
            let description = docs::description(param.field.description.as_deref());
            let doc = docs::outer(&docs::join(&[
                description,
                format!("The {}.", location_words(param)),
            ]));
            quote! {
                #doc
                pub #field: #ty,
            }
        })
        .collect();
    let default = all_optional.then(|| quote! { , Default });
    let doc = docs::outer(&format!(
        "The parameters of [`{}::{}`].",
        plan.name, op.method
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The error enum of an operation, when it documents error bodies.
fn error_enum(op: &OperationPlan, plan: &ClientPlan, scope: &ClientScope) -> Option<TokenStream> {
    let name = ident::ident(op.error.as_ref()?);
    let variants: Vec<TokenStream> = op
        .statuses
        .iter()
        .filter_map(|status: &StatusPlan| {
            let (variant, ty) = status.variant.as_ref()?;
            let variant = ident::ident(variant);
            let description = docs::single_line(&docs::description(status.description.as_deref()));
            let words = match status.status {
                Status::Default => "Any status the operation does not list".to_string(),
                other => format!("Status {}", status_words(other)),
            };
            let doc = docs::outer(&if description.is_empty() {
                format!("{words}.")
            } else {
                format!("{words}: {description}")
            });
            Some(match ty {
                Some(ty) => {
                    let ty = scope.rust_type(ty);
                    quote! { #doc #variant(#ty), }
                }
                None => quote! { #doc #variant, },
            })
        })
        .collect();
    let doc = docs::outer(&format!(
        "The documented error responses of [`{}::{}`], in [`Error::Api`].",
        plan.name, op.method
    ));
    let large = op
        .large_error
        .then(|| quote! { #[allow(clippy::large_enum_variant)] });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #large
        pub enum #name {
            #(#variants)*
        }
    })
}

#[cfg(test)]
mod tests {
    use super::class_ranges;

    #[test]
    fn ranges_leave_out_the_codes_documented_one_by_one() {
        assert_eq!(class_ranges(400, &[]), vec![(400, 499)]);
        assert_eq!(
            class_ranges(400, &[400, 409, 410]),
            vec![(401, 408), (411, 499)]
        );
        assert_eq!(class_ranges(500, &[499, 599]), vec![(500, 598)]);
    }
}
