//! The parts of an OpenAPI document's operations that are not schemas: servers, security
//! schemes and requirements, parameter styles, statuses. Pure functions over the value tree;
//! the schemas of parameters and bodies are lowered with the models (`lower`).

use crate::model::operation::{
    ParameterIn, SecurityRequirement, SecurityScheme, Server, Service, Style,
};

use super::tree::Node;

/// The servers and security schemes of the document `root`.
///
/// `resolve` follows a `$ref` of a security scheme to its node (schemes may be references).
pub fn service<'a>(root: &'a Node, resolve: impl Fn(&str) -> Option<&'a Node>) -> Service {
    let servers = root
        .get("servers")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(server)
        .collect();
    let mut security_schemes: Vec<(String, SecurityScheme)> = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(name, node)| {
            let node = match node.str("$ref") {
                Some(reference) => resolve(reference)?,
                None => node,
            };
            Some((name.clone(), security_scheme(node)?))
        })
        .collect();
    security_schemes.sort_by(|a, b| a.0.cmp(&b.0));
    Service {
        servers,
        security_schemes,
    }
}

/// A server object; `None` without a `url`.
fn server(node: &Node) -> Option<Server> {
    let url = node.str("url")?.to_string();
    let variables = node
        .get("variables")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|(name, variable)| {
            let default = variable
                .get("default")
                .and_then(Node::scalar_text)
                .unwrap_or_default();
            (name.clone(), default)
        })
        .collect();
    Some(Server {
        url,
        description: node.str("description").map(str::to_string),
        variables,
    })
}

/// A security scheme object; `None` when it has no `type`.
fn security_scheme(node: &Node) -> Option<SecurityScheme> {
    let kind = node.str("type")?;
    Some(match kind {
        "http" => match node.str("scheme").map(str::to_ascii_lowercase).as_deref() {
            Some("bearer") => SecurityScheme::Bearer,
            Some("basic") => SecurityScheme::Basic,
            other => SecurityScheme::Other {
                kind: format!("http ({})", other.unwrap_or("no scheme")),
            },
        },
        "apiKey" => match (
            node.str("name"),
            node.str("in").and_then(ParameterIn::parse),
        ) {
            (Some(name), Some(location)) if location != ParameterIn::Path => {
                SecurityScheme::ApiKey {
                    name: name.to_string(),
                    location,
                }
            }
            _ => SecurityScheme::Other {
                kind: "apiKey (without a name or place)".to_string(),
            },
        },
        "oauth2" => {
            let flows = node.get("flows");
            match flows.and_then(|f| f.get("clientCredentials")) {
                Some(flow) if flow.str("tokenUrl").is_some() => SecurityScheme::ClientCredentials {
                    token_url: flow.str("tokenUrl").unwrap_or_default().to_string(),
                    scopes: flow
                        .get("scopes")
                        .map(Node::entries)
                        .unwrap_or_default()
                        .iter()
                        .map(|(scope, _)| scope.clone())
                        .collect(),
                },
                _ => {
                    let names: Vec<&str> = flows
                        .map(Node::entries)
                        .unwrap_or_default()
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect();
                    SecurityScheme::Other {
                        kind: format!("oauth2 ({})", names.join(", ")),
                    }
                }
            }
        }
        other => SecurityScheme::Other {
            kind: other.to_string(),
        },
    })
}

/// The security requirements a `security` array lists; `None` when `node` is not an array.
pub fn security(node: &Node) -> Option<Vec<SecurityRequirement>> {
    let Node::Array(alternatives) = node else {
        return None;
    };
    Some(
        alternatives
            .iter()
            .map(|alternative| SecurityRequirement {
                schemes: alternative
                    .entries()
                    .iter()
                    .map(|(scheme, scopes)| {
                        let scopes = scopes
                            .items()
                            .iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect();
                        (scheme.clone(), scopes)
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// Where a parameter goes, its style and whether it explodes, from its `in`, `style` and
/// `explode` (with OpenAPI's defaults: `form` explodes, other styles do not). `None` when
/// `in` is missing or unknown.
pub fn placement(param: &Node) -> Option<(ParameterIn, Style, bool)> {
    let location = param.str("in").and_then(ParameterIn::parse)?;
    let style = param
        .str("style")
        .and_then(Style::parse)
        .unwrap_or(location.default_style());
    let explode = match param.get("explode") {
        Some(Node::Bool(explode)) => *explode,
        _ => style == Style::Form,
    };
    Some((location, style, explode))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::operation::{BodyEncoding, Method, Status};

    fn node(json: &str) -> Node {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn servers_and_schemes_are_read_with_their_settings() {
        let root = node(
            r##"{
              "servers": [{"url": "https://{region}.example.com/v1",
                           "variables": {"region": {"default": "eu"}}},
                          {"description": "no url"}],
              "components": {"securitySchemes": {
                "token": {"type": "http", "scheme": "Bearer"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "/token", "scopes": {"read": "", "write": ""}}}},
                "code": {"type": "oauth2", "flows": {"authorizationCode": {}}},
                "shared": {"$ref": "#/x"}
              }},
              "x": {"type": "http", "scheme": "basic"}
            }"##,
        );
        let service = service(&root, |r| root.at_pointer(r.strip_prefix('#')?));
        assert_eq!(service.servers.len(), 1);
        assert_eq!(
            service.servers[0].variables,
            [("region".into(), "eu".into())]
        );
        let names: Vec<&str> = service
            .security_schemes
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["code", "key", "oauth", "shared", "token"]);
        let scheme = |name: &str| {
            &service
                .security_schemes
                .iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
        };
        assert_eq!(scheme("token"), &SecurityScheme::Bearer);
        assert_eq!(scheme("shared"), &SecurityScheme::Basic);
        assert_eq!(
            scheme("key"),
            &SecurityScheme::ApiKey {
                name: "X-Key".into(),
                location: ParameterIn::Header
            }
        );
        assert_eq!(
            scheme("oauth"),
            &SecurityScheme::ClientCredentials {
                token_url: "/token".into(),
                scopes: vec!["read".into(), "write".into()]
            }
        );
        assert!(
            matches!(scheme("code"), SecurityScheme::Other { kind } if kind.contains("authorizationCode"))
        );
    }

    #[test]
    fn parameters_take_openapi_defaults_for_style_and_explode() {
        let p = |json| placement(&node(json));
        assert_eq!(
            p(r#"{"in": "query"}"#),
            Some((ParameterIn::Query, Style::Form, true))
        );
        assert_eq!(
            p(r#"{"in": "path"}"#),
            Some((ParameterIn::Path, Style::Simple, false))
        );
        assert_eq!(
            p(r#"{"in": "query", "style": "deepObject", "explode": true}"#),
            Some((ParameterIn::Query, Style::DeepObject, true))
        );
        assert_eq!(
            p(r#"{"in": "query", "explode": false}"#),
            Some((ParameterIn::Query, Style::Form, false))
        );
        assert_eq!(p(r#"{"in": "body"}"#), None);
    }

    #[test]
    fn security_lists_alternatives_of_schemes() {
        let reqs = security(&node(r#"[{"a": [], "b": ["x"]}, {}]"#)).unwrap();
        assert_eq!(reqs.len(), 2);
        assert_eq!(
            reqs[0].schemes,
            [("a".into(), vec![]), ("b".into(), vec!["x".to_string()])]
        );
        assert!(reqs[1].schemes.is_empty());
        assert_eq!(security(&node("{}")), None);
    }

    #[test]
    fn statuses_methods_and_encodings_parse() {
        assert_eq!(Status::parse("200"), Some(Status::Code(200)));
        assert_eq!(Status::parse("4XX"), Some(Status::Range(4)));
        assert_eq!(Status::parse("5xx"), Some(Status::Range(5)));
        assert_eq!(Status::parse("default"), Some(Status::Default));
        assert_eq!(Status::parse("20"), None);
        assert_eq!(Status::parse("600"), None);
        assert!(Status::Range(4).matches(404) && !Status::Range(4).matches(500));
        assert!(Status::Code(204).is_success() && !Status::Default.is_success());
        assert_eq!(Status::Range(4).to_string(), "4XX");
        assert_eq!(Method::parse("post"), Some(Method::Post));
        assert_eq!(Method::parse("x-foo"), None);
        assert!(!Method::Post.is_idempotent() && Method::Put.is_idempotent());
        assert_eq!(
            BodyEncoding::of("application/json; charset=utf-8"),
            BodyEncoding::Json
        );
        assert_eq!(
            BodyEncoding::of("application/problem+json"),
            BodyEncoding::Json
        );
        assert_eq!(
            BodyEncoding::of("application/x-www-form-urlencoded"),
            BodyEncoding::Form
        );
        assert_eq!(
            BodyEncoding::of("multipart/form-data"),
            BodyEncoding::Multipart
        );
        assert_eq!(BodyEncoding::of("text/plain"), BodyEncoding::Text);
        assert_eq!(BodyEncoding::of("image/png"), BodyEncoding::Bytes);
    }
}
