//! Wire names shown outside the model docs: an operation doc page names a parameter in its
//! summary or description (`Get client-invoice by invoiceId`) and in the `UsageSnippet` path
//! template (`/portals/{portalID}/…`) as the wire spells it, beside the Parameters table's SDK
//! name (`invoice_id`). Python SDKs always write snake_case members, so a Python doc without
//! Example cells (Wingspan's, 2023) does not show whether the API is snake_case or camelCase;
//! these names are then the only sign, and the naming policy is inferred from them.

use std::collections::BTreeSet;

use crate::files::Span;
use crate::markdown::doc::Inline;
use crate::markdown::operations::page::OperationDoc;
use crate::model::names::{fold, words};

/// A parameter's SDK name and a spelling of it an operation doc shows outside its tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sample {
    /// The Parameters table's name (`invoice_id`).
    pub sdk: String,
    /// The name as the prose or the path template writes it (`invoiceId`).
    pub wire: String,
    /// The operation's heading.
    pub span: Span,
}

/// Every distinct (SDK name, shown name) pair of the pages' operations, for parameters whose
/// name has two words or more (a one-word name is spelled alike by every policy, and prose
/// capitalises words at will): a word of the summary or description, or a `{name}` of the
/// path template, that is the parameter's name up to case and separators.
pub fn operation_samples(pages: &[OperationDoc]) -> Vec<Sample> {
    let mut seen = BTreeSet::new();
    let mut res = Vec::new();
    for op in pages {
        let Some(table) = &op.parameters else {
            continue;
        };
        let params: Vec<&str> = table
            .rows
            .iter()
            .filter_map(|row| match row.cells.first()?.inlines.as_slice() {
                [Inline::Code(name)] => Some(name.as_str()),
                _ => None,
            })
            .filter(|name| words(name).len() >= 2)
            .collect();
        let prose = [op.summary.as_deref(), op.description.as_deref()];
        let template = op
            .snippet
            .as_ref()
            .and_then(|s| s.path.as_deref())
            .unwrap_or_default();
        let shown = prose
            .into_iter()
            .flatten()
            .flat_map(|text| text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
            .chain(template_names(template));
        for word in shown.filter(|w| !w.is_empty()) {
            for &sdk in &params {
                if fold(word) == fold(sdk) && seen.insert((sdk.to_string(), word.to_string())) {
                    res.push(Sample {
                        sdk: sdk.to_string(),
                        wire: word.to_string(),
                        span: op.span,
                    });
                }
            }
        }
    }
    res
}

/// The `{name}`s of a path template.
fn template_names(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileId;
    use crate::markdown::operations::page;

    const PAGE: &str = "# Invoice\n\n### Available Operations\n\n\
* [get](#get) - Get invoice by invoiceId\n* [list](#list) - List invoices\n\n\
## get\n\nGet invoice by invoiceId, or by `invoice_id` in the SDK.\n\n\
<!-- UsageSnippet language=\"python\" operationID=\"getInvoice\" method=\"get\" path=\"/invoices/{invoiceId}/items/{itemID}\" -->\n\n\
### Parameters\n\n| Parameter | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `invoice_id` | *str* | :heavy_check_mark: | N/A |\n| `item_id` | *str* | :heavy_check_mark: | N/A |\n| `id` | *str* | :heavy_minus_sign: | N/A |\n\n\
## list\n\nList invoices by Id.\n\n### Parameters\n\n| Parameter | Type | Required | Description |\n| --- | --- | --- | --- |\n\
| `id` | *str* | :heavy_check_mark: | N/A |\n";

    #[test]
    fn prose_and_path_templates_show_parameter_names() {
        let pages = page::parse(FileId(0), PAGE);
        let shown: Vec<(String, String)> = operation_samples(&pages)
            .into_iter()
            .map(|s| (s.sdk, s.wire))
            .collect();
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // Summary and description repeat `invoiceId` (kept once); the description's
        // `invoice_id` and the template's `{invoiceId}`, `{itemID}` are evidence too; `id`, one
        // word, is spelled alike by every policy and says nothing.
        assert_eq!(
            shown,
            vec![
                pair("invoice_id", "invoiceId"),
                pair("invoice_id", "invoice_id"),
                pair("item_id", "itemID"),
            ]
        );
    }

    #[test]
    fn template_names_are_the_braced_parts() {
        let names: Vec<&str> = template_names("/a/{b}/c/{dId}").collect();
        assert_eq!(names, vec!["b", "dId"]);
        assert_eq!(template_names("/plain").count(), 0);
    }
}
