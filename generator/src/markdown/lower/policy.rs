//! The naming policy: the dialect's default, a wire name guessed from an SDK name (undoing
//! what the dialect's SDKs do to names), and the policy inferred from the wire names the docs
//! show, when they show enough of them in another case than the SDK's.

use crate::files::Span;
use crate::markdown::types::Dialect;
use crate::model::{NamingPolicy, WireSource, names};

use super::evidence::WireNames;
use super::naming;
use super::{Entry, Shape};

/// A naming policy read off the wire names the docs show.
pub(super) struct InferredPolicy {
    pub(super) policy: NamingPolicy,
    /// Evidence names the policy reproduces from their SDK names.
    pub(super) explained: usize,
    /// Evidence names that tell policies apart (not the same in every case).
    pub(super) informative: usize,
    /// The first place the policy is read from.
    pub(super) first: Span,
    /// Where the names come from, for the note.
    pub(super) from: &'static str,
}

const POLICIES: [NamingPolicy; 6] = [
    NamingPolicy::Sdk,
    NamingPolicy::CamelCase,
    NamingPolicy::SnakeCase,
    NamingPolicy::PascalCase,
    NamingPolicy::KebabCase,
    NamingPolicy::ScreamingSnakeCase,
];

/// How many shown wire names each policy reproduces from their SDK names.
#[derive(Default)]
struct Tally {
    /// For each informative name, which policies reproduce it.
    explains: Vec<[bool; POLICIES.len()]>,
    first: Option<Span>,
}

/// The naming policy that best inverts how a dialect's SDK names its members: Java, TypeScript
/// and PHP keep camelCase wire names as they are, Python and Ruby keep snake_case ones, and Go
/// and C# capitalise them, so camelCase is the likeliest wire form there.
pub fn default_policy(dialect: Dialect) -> NamingPolicy {
    match dialect {
        Dialect::Java | Dialect::TypeScript | Dialect::Php | Dialect::Python | Dialect::Ruby => {
            NamingPolicy::Sdk
        }
        Dialect::Go | Dialect::CSharp => NamingPolicy::CamelCase,
    }
}

/// The wire name `policy` derives from the SDK name of a field of the model `title`, undoing
/// what the dialect's SDKs are known to do to names: C# appends `Value` to a property named
/// like its class (`Address.AddressValue` is `address`), SDKs spell out numbers (`2021` is
/// `twoThousandAndTwentyOne`), and camelCase keeps the acronyms the doc shows (Go `MaxFileSizeMB` is `maxFileSizeMB`) except, in Go, the initialisms Go SDKs
/// capitalise whatever the wire says (`ClientID` is `clientId`).
pub fn guess_wire_name(
    dialect: Dialect,
    policy: NamingPolicy,
    title: &str,
    sdk_name: &str,
) -> String {
    let base = match dialect {
        Dialect::CSharp => sdk_name
            .strip_suffix("Value")
            .filter(|stem| *stem == title)
            .unwrap_or(sdk_name),
        _ => sdk_name,
    };
    // SDKs spell out a wire name that is a number (`2021` is `twoThousandAndTwentyOne`).
    if let Some(number) = names::spelled_number(base) {
        return number.to_string();
    }
    let keep = |word: &str| dialect != Dialect::Go || !names::GO_INITIALISMS.contains(&word);
    match policy {
        NamingPolicy::CamelCase => names::camel_case_keeping(base, false, keep),
        NamingPolicy::PascalCase => names::camel_case_keeping(base, true, keep),
        _ => names::apply_policy(policy, base),
    }
}

impl Tally {
    /// Counts one shown name. `loose` compares camelCase and PascalCase spellings up to the
    /// case of their acronyms: a path template's `{portalID}` shows a camelCase API whatever
    /// the policy makes of `ID`.
    fn add(
        &mut self,
        dialect: Dialect,
        title: &str,
        sdk: &str,
        wire: &str,
        span: Option<Span>,
        loose: bool,
    ) {
        let spelled: Vec<String> = POLICIES
            .iter()
            .map(|&p| guess_wire_name(dialect, p, title, sdk))
            .collect();
        if spelled.iter().all(|s| s == &spelled[0]) {
            return;
        }
        let mut explains = [false; POLICIES.len()];
        for ((same, spelling), policy) in explains.iter_mut().zip(&spelled).zip(POLICIES) {
            let camel = matches!(policy, NamingPolicy::CamelCase | NamingPolicy::PascalCase);
            *same = spelling == wire
                || loose
                    && camel
                    && spelling.eq_ignore_ascii_case(wire)
                    && spelling.chars().next() == wire.chars().next();
        }
        self.explains.push(explains);
        if let Some(span) = span {
            self.first = Some(self.first.map_or(span, |f: Span| f.min(span)));
        }
    }

    /// The policy that reproduces the most names, if it reproduces more than the default does,
    /// at least four in five of them, and at least two that the default does not: a lone
    /// `reply-to` among one-word names (which camelCase, snake_case and kebab-case spell alike)
    /// does not make an API kebab-case.
    fn decide(&self, default: NamingPolicy, from: &'static str) -> Option<InferredPolicy> {
        let default = POLICIES.iter().position(|&p| p == default)?;
        let count = |p: usize| self.explains.iter().filter(|e| e[p]).count();
        let best = (0..POLICIES.len()).max_by_key(|&p| (count(p), std::cmp::Reverse(p)))?;
        let beats = self
            .explains
            .iter()
            .filter(|e| e[best] && !e[default])
            .count();
        let informative = self.explains.len();
        (best != default
            && beats >= 2
            && count(best) > count(default)
            && count(best) * 5 >= informative * 4)
            .then_some(InferredPolicy {
                policy: POLICIES[best],
                explained: count(best),
                informative,
                first: self.first?,
                from,
            })
    }
}

/// The policy that the docs' own wire JSON shows, when it is not the dialect's default: the
/// policy that reproduces the most evidence names (among names some policies spell differently)
/// from their SDK names, if it reproduces at least two, more than the default does, and at least
/// four in five of them. A Python SDK of a camelCase API shows `answer_source` where the wire has
/// `answerSource`, and its examples say so. Where the Example cells show fewer than two such
/// names, the parameter names the operation docs show in prose and path templates count too
/// ([`naming`]): Wingspan's Python docs (2023) have no Example cells, and only their summaries
/// (`Get client-invoice by invoiceId`, parameter `invoice_id`) show that the API is camelCase.
pub(super) fn infer_policy(
    dialect: Dialect,
    default: NamingPolicy,
    entries: &[Entry],
    evidence: &WireNames,
    samples: &[naming::Sample],
) -> Option<InferredPolicy> {
    let mut tally = Tally::default();
    for (&(idx, field_idx), (wire, source)) in evidence {
        let Shape::Struct(fields) = &entries[idx].shape else {
            continue;
        };
        let span = match source {
            WireSource::Evidence { span } => Some(*span),
            _ => None,
        };
        let sdk = &fields[field_idx].sdk_name;
        tally.add(dialect, &entries[idx].title, sdk, wire, span, false);
    }
    if tally.explains.len() >= 2 {
        return tally.decide(default, "the Example cells");
    }
    for sample in samples {
        tally.add(
            dialect,
            "",
            &sample.sdk,
            &sample.wire,
            Some(sample.span),
            true,
        );
    }
    tally.decide(
        default,
        "the Example cells and the operation docs (parameters named in summaries and path templates)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{FileId, Span};

    #[test]
    fn one_name_does_not_change_the_policy() {
        let span = Span::new(FileId(0), 0..1);
        let tally = |names: &[(&str, &str)]| {
            let mut tally = Tally::default();
            for (sdk, wire) in names {
                tally.add(Dialect::CSharp, "Email", sdk, wire, Some(span), false);
            }
            tally
        };
        // One-word names are spelled alike by camelCase, snake_case and kebab-case; only
        // `reply-to` tells them apart, and one name is not enough.
        let lone = tally(&[
            ("Body", "body"),
            ("From", "from"),
            ("Subject", "subject"),
            ("ReplyTo", "reply-to"),
        ]);
        assert!(
            lone.decide(NamingPolicy::CamelCase, "the Example cells")
                .is_none()
        );
        let two = tally(&[
            ("Body", "body"),
            ("ReplyTo", "reply-to"),
            ("SentAt", "sent-at"),
        ]);
        let inferred = two
            .decide(NamingPolicy::CamelCase, "the Example cells")
            .expect("two kebab-case names");
        assert_eq!(inferred.policy, NamingPolicy::KebabCase);
        assert_eq!((inferred.explained, inferred.informative), (3, 3));
    }

    #[test]
    fn operation_names_infer_the_policy() {
        let span = Span::new(FileId(0), 0..1);
        let sample = |sdk: &str, wire: &str| naming::Sample {
            sdk: sdk.into(),
            wire: wire.into(),
            span,
        };
        let samples = [
            sample("invoice_id", "invoiceId"),
            sample("member_id", "memberId"),
            // A path template's acronym still shows camelCase.
            sample("portal_id", "portalID"),
        ];
        let inferred = infer_policy(
            Dialect::Python,
            NamingPolicy::Sdk,
            &[],
            &WireNames::new(),
            &samples,
        )
        .expect("three camelCase names");
        assert_eq!(inferred.policy, NamingPolicy::CamelCase);
        assert_eq!((inferred.explained, inferred.informative), (3, 3));
        // Prose that shows the SDK's own spelling as often leaves the default.
        let mixed = [
            sample("invoice_id", "invoiceId"),
            sample("member_id", "memberId"),
            sample("invoice_id", "invoice_id"),
            sample("member_id", "member_id"),
        ];
        assert!(
            infer_policy(
                Dialect::Python,
                NamingPolicy::Sdk,
                &[],
                &WireNames::new(),
                &mixed
            )
            .is_none()
        );
        // A single name is not enough.
        assert!(
            infer_policy(
                Dialect::Python,
                NamingPolicy::Sdk,
                &[],
                &WireNames::new(),
                &samples[..1]
            )
            .is_none()
        );
        // Loose matching is for shown names of the operation docs only.
        let mut tally = Tally::default();
        tally.add(
            Dialect::Python,
            "",
            "portal_id",
            "portalID",
            Some(span),
            false,
        );
        assert_eq!(tally.explains, [[false; POLICIES.len()]]);
    }
}
