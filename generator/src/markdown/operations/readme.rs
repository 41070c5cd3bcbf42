//! Servers and security schemes from an SDK's root `README.md`, for a client built from the
//! SDK's docs alone.
//!
//! | part | from |
//! |---|---|
//! | servers | `## Server Selection`: the `Server` column of its table (`| Name | Server | Description |` or `| # | Server | ... |`), with `` `var` (default is `value`) `` variables; else the first URL quoted in the code of `### Override Server URL Per-Client` (reported) |
//! | security schemes | `## Authentication`: each row of the `| Name | Type | Scheme |` table; `http` rows are bearer or basic, `oauth2` client-credentials rows take their token URL from `security.token_url` in the config, `apiKey` rows their header from `security.api_key_header` |
//! | operation security | any one of the schemes, for every operation whose docs give none, except the token endpoint of a client-credentials scheme |
//!
//! A row that cannot be read, or that lacks a fact the config does not give, is left out with a
//! located warning; a fact taken from the config or guessed is a note (`service-facts`).

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::files::{FileId, SourceMap, Span};
use crate::markdown::doc::{self, Cell, Inline, Section, Table};
use crate::model::operation::{
    Operation, ParameterIn, SecurityRequirement, SecurityScheme, Server, Service,
};

/// The servers and security schemes the README `file` (already in `sources`) describes.
pub fn read(
    sources: &SourceMap,
    file: FileId,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Service {
    let document = doc::parse(file, &sources.get(file).text);
    let mut service = Service::default();
    let sections = flatten(&document.sections);
    if let Some(section) = sections.iter().find(|s| is_heading(s, "Server Selection")) {
        service.servers = servers(sources, section, diagnostics);
    }
    let table = sections
        .iter()
        .filter(|s| is_heading(s, "Authentication") || is_heading(s, "Per-Client Security Schemes"))
        .flat_map(|s| &s.tables)
        .find(|table| is_security_table(table));
    if let Some(table) = table {
        for row in &table.rows {
            let cells: Vec<&Cell> = row.cells.iter().collect();
            if let Some(scheme) = scheme(sources, &cells, row.span, config, diagnostics)
                && !service
                    .security_schemes
                    .iter()
                    .any(|(name, _)| *name == scheme.0)
            {
                service.security_schemes.push(scheme);
            }
        }
    }
    service.security_schemes.sort_by(|a, b| a.0.cmp(&b.0));
    service
}

/// Gives every operation without security any one of `service`'s schemes, except the token
/// endpoint of a client-credentials scheme, which the client calls to get its token.
pub fn apply_security(service: &Service, operations: &mut [Operation]) {
    let token_paths: Vec<&str> = service
        .security_schemes
        .iter()
        .filter_map(|(_, scheme)| match scheme {
            SecurityScheme::ClientCredentials { token_url, .. } => Some(token_url.as_str()),
            _ => None,
        })
        .collect();
    let any: Vec<SecurityRequirement> = service
        .security_schemes
        .iter()
        .map(|(name, _)| SecurityRequirement {
            schemes: vec![(name.clone(), Vec::new())],
        })
        .collect();
    for op in operations
        .iter_mut()
        .filter(|op| op.security.is_empty() && !token_paths.contains(&op.path.as_str()))
    {
        op.security = any.clone();
    }
}

/// Every section, subsections after their parent, in document order.
fn flatten(sections: &[Section]) -> Vec<&Section> {
    let mut res = Vec::new();
    for section in sections {
        res.push(section);
        res.extend(flatten(&section.subsections));
    }
    res
}

/// Whether the section's heading is `title`, ignoring emoji and other decoration around it.
fn is_heading(section: &Section, title: &str) -> bool {
    section.heading.text.trim().eq_ignore_ascii_case(title)
}

fn header_texts(table: &Table) -> Vec<String> {
    table
        .header
        .iter()
        .map(|cell| cell.plain_text().trim().to_ascii_lowercase())
        .collect()
}

fn is_security_table(table: &Table) -> bool {
    header_texts(table).starts_with(&["name".into(), "type".into(), "scheme".into()])
}

/// The servers of a `## Server Selection` section.
fn servers(
    sources: &SourceMap,
    section: &Section,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Server> {
    let mut res = Vec::new();
    for table in flatten(std::slice::from_ref(section))
        .into_iter()
        .flat_map(|s| &s.tables)
    {
        let header = header_texts(table);
        let Some(at) = header.iter().position(|h| h == "server") else {
            continue;
        };
        let description = header.iter().position(|h| h == "description");
        let variables = header.iter().position(|h| h == "variables");
        for row in &table.rows {
            let Some(url) = row
                .cells
                .get(at)
                .map(codes)
                .and_then(|c| c.into_iter().next())
            else {
                diagnostics.push(
                    Diagnostic::warning(
                        sources,
                        row.span,
                        Code::ServiceFacts,
                        "this server row names no URL; it is left out",
                    )
                    .with_hint(
                        "the Server cell holds the URL in backticks: `https://api.example.com`",
                    ),
                );
                continue;
            };
            let description = description
                .and_then(|i| row.cells.get(i))
                .map(|cell| cell.plain_text().trim().to_string())
                .filter(|text| !text.is_empty());
            let variables = variables
                .and_then(|i| row.cells.get(i))
                .map(|cell| server_variables(&cell.raw))
                .unwrap_or_default();
            res.push(Server {
                url,
                description,
                variables,
            });
        }
        if !res.is_empty() {
            return res;
        }
    }
    // A single server shows only in the override example's code.
    let example = flatten(std::slice::from_ref(section))
        .into_iter()
        .filter(|s| s.heading.text.contains("Per-Client"))
        .flat_map(|s| &s.code_blocks)
        .find_map(|(_, code)| quoted_url(&code.text).map(|url| (url, code.span)));
    if let Some((url, span)) = example {
        diagnostics.push(
            Diagnostic::at(
                Severity::Note,
                sources,
                span,
                Code::ServiceFacts,
                format!("the server URL `{url}` is taken from the override example: the README lists no servers"),
            )
            .with_hint("check that the example shows the API's default server"),
        );
        res.push(Server {
            url,
            description: None,
            variables: Vec::new(),
        });
    }
    res
}

/// The variables of a Variables cell: `` `port` (default is `32400`) ``, each with its default.
fn server_variables(raw: &str) -> Vec<(String, String)> {
    let mut res = Vec::new();
    for part in raw.split(", ") {
        let pieces: Vec<&str> = part.split('`').collect();
        // `name` (default is `value`) splits into ["", name, " (default is ", value, ")"].
        if let [_, name, middle, value, ..] = pieces.as_slice()
            && middle.contains("default")
        {
            res.push((name.to_string(), value.to_string()));
        }
    }
    res
}

/// The first `"http://..."` or `'https://...'` string in `code`.
fn quoted_url(code: &str) -> Option<String> {
    code.match_indices("http").find_map(|(at, _)| {
        let quote = code[..at]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '"' | '\''))?;
        let rest = &code[at..];
        let url = &rest[..rest.find(quote)?];
        (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_string())
    })
}

/// The inline code spans of a cell.
fn codes(cell: &Cell) -> Vec<String> {
    cell.inlines
        .iter()
        .filter_map(|inline| match inline {
            Inline::Code(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// The scheme of one row of the security table: its name and what it is.
fn scheme(
    sources: &SourceMap,
    cells: &[&Cell],
    row: Span,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, SecurityScheme)> {
    let [name, kind, scheme, ..] = cells else {
        return None;
    };
    let fields = codes(name);
    let kind_text = kind.plain_text().trim().to_string();
    let kind = kind_text.to_ascii_lowercase();
    let scheme = scheme.plain_text().trim().to_string();
    let lower = scheme.to_ascii_lowercase();
    let unread = |diagnostics: &mut Vec<Diagnostic>, why: String, hint: &str| {
        diagnostics.push(
            Diagnostic::warning(sources, row, Code::ServiceFacts, why).with_hint(hint.to_string()),
        );
    };
    // One credential names the scheme; several are the fields of one scheme of that kind.
    let scheme_name = match fields.as_slice() {
        [one] => one.clone(),
        [] => {
            unread(
                diagnostics,
                "this security scheme row names no credential; it is left out".into(),
                "the Name cell lists the credentials in backticks: `Bearer`",
            );
            return None;
        }
        _ if kind == "http" => lower.trim_start_matches("http ").to_string(),
        _ => kind.clone(),
    };
    let res = match (kind.as_str(), lower.as_str()) {
        ("http", "http bearer") => SecurityScheme::Bearer,
        ("http", "http basic") => SecurityScheme::Basic,
        ("oauth2", flow) if flow.contains("client credentials") => {
            let Some(token_url) = config.security.token_url.clone() else {
                unread(
                    diagnostics,
                    format!(
                        "security scheme `{scheme_name}` is OAuth 2 client credentials, but the README does not give its token URL; it is left out"
                    ),
                    "give the token endpoint as `security.token_url` in codegen.yaml (`/token`, relative to the server URL)",
                );
                return None;
            };
            note(
                sources,
                row,
                diagnostics,
                &scheme_name,
                &format!("token URL `{token_url}`"),
            );
            SecurityScheme::ClientCredentials {
                token_url,
                scopes: Vec::new(),
            }
        }
        ("apikey", _) => {
            let Some(header) = config.security.api_key_header.clone() else {
                unread(
                    diagnostics,
                    format!(
                        "security scheme `{scheme_name}` is an API key, but the README does not say where it is sent; it is left out"
                    ),
                    "give its header as `security.api_key_header` in codegen.yaml (`X-API-Key`)",
                );
                return None;
            };
            note(
                sources,
                row,
                diagnostics,
                &scheme_name,
                &format!("header `{header}`"),
            );
            SecurityScheme::ApiKey {
                name: header,
                location: ParameterIn::Header,
            }
        }
        _ => {
            unread(
                diagnostics,
                format!(
                    "security scheme `{scheme_name}` is `{kind_text}` `{scheme}`, which specgen does not know; it is left out"
                ),
                "known schemes: http HTTP Bearer, http HTTP Basic, oauth2 OAuth2 Client Credentials Flow, apiKey",
            );
            return None;
        }
    };
    Some((scheme_name, res))
}

fn note(
    sources: &SourceMap,
    row: Span,
    diagnostics: &mut Vec<Diagnostic>,
    scheme: &str,
    fact: &str,
) {
    diagnostics.push(Diagnostic::at(
        Severity::Note,
        sources,
        row,
        Code::ServiceFacts,
        format!("security scheme `{scheme}`: {fact} from codegen.yaml"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::SourceFile;

    const README: &str = "# SDK\n\n## Server Selection\n\n### Select Server by Index\n\n\
| # | Server | Variables |\n| - | ------ | --------- |\n\
| 0 | `{protocol}://{ip}:{port}` | `protocol` (default is `http`), `port` (default is `32400`) |\n\
| 1 | no url | |\n\n\
## Authentication\n\n### Per-Client Security Schemes\n\n\
| Name | Type | Scheme |\n| ---- | ---- | ------ |\n\
| `ClientID`<br/>`ClientSecret`<br/>`TokenURL` | oauth2 | OAuth2 Client Credentials Flow |\n\
| `Bearer` | http | HTTP Bearer |\n\
| `Key` | apiKey | API key |\n\
| `X` | mutualTLS | mTLS |\n";

    fn run(config: &Config) -> (Service, Vec<Diagnostic>) {
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("README.md", README));
        let mut diagnostics = Vec::new();
        let service = read(&sources, file, config, &mut diagnostics);
        (service, diagnostics)
    }

    #[test]
    fn reads_servers_with_variables_and_reports_rows_without_url() {
        let (service, diagnostics) = run(&Config::default());
        assert_eq!(service.servers.len(), 1);
        assert_eq!(service.servers[0].url, "{protocol}://{ip}:{port}");
        assert_eq!(
            service.servers[0].variables,
            [
                ("protocol".into(), "http".into()),
                ("port".into(), "32400".into())
            ]
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message.contains("names no URL"))
        );
    }

    #[test]
    fn schemes_needing_config_are_left_out_with_a_warning_until_given() {
        let (service, diagnostics) = run(&Config::default());
        let names: Vec<&str> = service
            .security_schemes
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["Bearer"]);
        for needed in [
            "security.token_url",
            "security.api_key_header",
            "does not know",
        ] {
            assert!(
                diagnostics.iter().any(|d| d.message.contains(needed)
                    || d.hint.as_deref().is_some_and(|h| h.contains(needed))),
                "{needed}: {diagnostics:#?}"
            );
        }
        let mut config = Config::default();
        config.security.token_url = Some("/token".into());
        config.security.api_key_header = Some("X-API-Key".into());
        let (service, _) = run(&config);
        assert_eq!(
            service.security_schemes,
            [
                ("Bearer".to_string(), SecurityScheme::Bearer),
                (
                    "Key".to_string(),
                    SecurityScheme::ApiKey {
                        name: "X-API-Key".into(),
                        location: ParameterIn::Header
                    }
                ),
                (
                    "oauth2".to_string(),
                    SecurityScheme::ClientCredentials {
                        token_url: "/token".into(),
                        scopes: Vec::new()
                    }
                ),
            ]
        );
    }

    #[test]
    fn security_goes_to_every_operation_but_the_token_endpoint() {
        let mut config = Config::default();
        config.security.token_url = Some("/token".into());
        let (service, _) = run(&config);
        let op = |path: &str| Operation {
            name: path.into(),
            id: None,
            method: crate::model::operation::Method::Post,
            path: path.into(),
            summary: None,
            description: None,
            group: None,
            deprecated: false,
            parameters: Vec::new(),
            request: None,
            responses: Vec::new(),
            security: Vec::new(),
            span: Span::new(FileId(0), 0..0),
        };
        let mut operations = [op("/token"), op("/pets")];
        apply_security(&service, &mut operations);
        assert!(operations[0].security.is_empty());
        let offered: Vec<&str> = operations[1]
            .security
            .iter()
            .map(|requirement| requirement.schemes[0].0.as_str())
            .collect();
        assert_eq!(offered, ["Bearer", "oauth2"]);
    }

    #[test]
    fn a_single_server_comes_from_the_override_example() {
        let readme = "## Server Selection\n\n### Override Server URL Per-Client\n\nFor example:\n\n\
```go\ns := sdk.New(sdk.WithServerURL(\"https://api.example.com/v1\"))\n```\n";
        let mut sources = SourceMap::default();
        let file = sources.add(SourceFile::new("README.md", readme));
        let mut diagnostics = Vec::new();
        let service = read(&sources, file, &Config::default(), &mut diagnostics);
        assert_eq!(service.servers[0].url, "https://api.example.com/v1");
        assert_eq!(diagnostics[0].severity, Severity::Note);
        assert_eq!(
            quoted_url("$sdk->setServerURL('https://api.example.com/v2')"),
            Some("https://api.example.com/v2".to_string())
        );
        assert_eq!(quoted_url("see http://x and \"nothing\""), None);
    }
}
