//! OAuth 2.0 token requests: a model whose grant type field shows a grant type of RFC 6749 in
//! its Example cell (`client_credentials`) is the form an SDK posts to a token endpoint, and
//! the standard fixes the names of its parameters (`grant_type`, `client_id`,
//! `client_secret`, …) whatever case the rest of the API uses. SDKs rename them like any
//! field (Prove's Java, Go and TypeScript docs show `clientId` / `ClientID`), so the naming
//! policy would guess `clientId`; the standard's names are taken instead, still as a guess.

use crate::markdown::types::{Prim, TypeExpr};
use crate::model::names::fold;

use super::RawField;

/// The grant types of RFC 6749 (sections 4.1 to 4.4 and 6).
const GRANT_TYPES: &[&str] = &[
    "authorization_code",
    "client_credentials",
    "password",
    "refresh_token",
];

/// Extension grant types are absolute URIs under this prefix (RFC 6749 section 4.5, RFC 7521).
const GRANT_TYPE_URN: &str = "urn:ietf:params:oauth:grant-type:";

/// Token request parameters: RFC 6749 (sections 2.3.1, 4.1.3, 4.3.2, 4.4.2, 6), RFC 7636
/// (`code_verifier`) and RFC 7521 (client assertions).
const PARAMETERS: &[&str] = &[
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "redirect_uri",
    "username",
    "password",
    "scope",
    "refresh_token",
    "code_verifier",
    "assertion",
    "client_assertion",
    "client_assertion_type",
];

/// For a token request model, the standard's name of each of its fields that is a token
/// request parameter (`None` for the others); `None` for any other model.
pub(super) fn parameter_names(fields: &[RawField]) -> Option<Vec<Option<&'static str>>> {
    let grant_type = fields.iter().find(|f| fold(&f.sdk_name) == "granttype")?;
    if grant_type.ty.expr != TypeExpr::Prim(Prim::String) {
        return None;
    }
    let example = grant_type.example.as_ref()?.0.trim().trim_matches('"');
    if !GRANT_TYPES.contains(&example) && !example.starts_with(GRANT_TYPE_URN) {
        return None;
    }
    Some(
        fields
            .iter()
            .map(|f| {
                let folded = fold(&f.sdk_name);
                PARAMETERS.iter().copied().find(|p| fold(p) == folded)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{FileId, Span};
    use crate::markdown::types::{CellType, Wrapper};

    fn field(name: &str, example: Option<&str>) -> RawField {
        let span = Span::new(FileId(0), 0..1);
        RawField {
            sdk_name: name.into(),
            deprecated: None,
            ty: CellType {
                expr: TypeExpr::Prim(Prim::String),
                wrapper: Wrapper::None,
            },
            required: true,
            description: None,
            example: example.map(|e| (e.to_string(), span)),
            span,
            type_span: span,
            unreadable: None,
        }
    }

    #[test]
    fn a_grant_type_example_marks_a_token_request() {
        let fields = [
            field("ClientID", Some("customer_id")),
            field("ClientSecret", None),
            field("GrantType", Some("client_credentials")),
            field("Audience", None),
        ];
        assert_eq!(
            parameter_names(&fields),
            Some(vec![
                Some("client_id"),
                Some("client_secret"),
                Some("grant_type"),
                None
            ])
        );
        let urn = [field(
            "grantType",
            Some("urn:ietf:params:oauth:grant-type:jwt-bearer"),
        )];
        assert_eq!(parameter_names(&urn), Some(vec![Some("grant_type")]));
        // Without the standard's value, a grant type says nothing (Authlete's enums are
        // `AUTHORIZATION_CODE`), nor does a model without one.
        let other = [field("grantType", Some("AUTHORIZATION_CODE"))];
        assert_eq!(parameter_names(&other), None);
        assert_eq!(parameter_names(&[field("clientId", None)]), None);
        assert_eq!(parameter_names(&[field("grantType", None)]), None);
    }
}
