//! Names: wire names derived by a [`NamingPolicy`], and Rust identifiers made from spec names
//! (case conversion, keywords, leading digits, invalid characters, collisions).

use std::collections::BTreeSet;

use super::NamingPolicy;

/// Splits a name into words: at separators (anything not a letter or digit), at lower-to-upper
/// changes (`clientId`), and before the last capital of an acronym that starts a new word
/// (`HTTPMeta` is `HTTP`, `Meta`). Go's plural initialisms stay whole (`PhotoURLs` is
/// `Photo`, `URLs`, not `UR`, `Ls`). Digits stay with the word before them (`V3Token` is
/// `V3`, `Token`).
pub fn words(name: &str) -> Vec<&str> {
    let mut res = Vec::new();
    for token in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let bytes = token.as_bytes();
        let mut start = 0;
        for i in 1..bytes.len() {
            let (prev, cur) = (bytes[i - 1], bytes[i]);
            let next = bytes.get(i + 1).copied();
            let boundary = if cur.is_ascii_uppercase() {
                // `tokenRequest`, `v3Token`, or the `M` of `HTTPMeta`.
                prev.is_ascii_lowercase()
                    || prev.is_ascii_digit() && start < i - 1
                    || prev.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase())
                        && !is_plural_suffix(bytes, i + 1)
            } else {
                false
            };
            if boundary {
                res.push(&token[start..i]);
                start = i;
            }
        }
        res.push(&token[start..]);
    }
    res
}

/// Whether the lowercase run at `at` is a lone plural `s` closing an acronym (`URLs`, `IDs`).
fn is_plural_suffix(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b's') && bytes.get(at + 1).is_none_or(|c| !c.is_ascii_lowercase())
}

fn capitalize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `client_id`
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `ClientId`
pub fn pascal_case(name: &str) -> String {
    words(name).iter().map(|w| capitalize(w)).collect()
}

/// `clientId`
pub fn camel_case(name: &str) -> String {
    let mut it = words(name).into_iter();
    let first = it.next().map(str::to_ascii_lowercase).unwrap_or_default();
    first + &it.map(capitalize).collect::<String>()
}

/// The wire name `policy` derives from an SDK member name.
pub fn apply_policy(policy: NamingPolicy, sdk_name: &str) -> String {
    match policy {
        // SDKs escape a member named like one of their reserved words with a trailing `_`.
        NamingPolicy::Sdk => match sdk_name.strip_suffix('_') {
            Some(stem) if stem.ends_with(|c: char| c.is_ascii_alphanumeric()) => stem.to_string(),
            _ => sdk_name.to_string(),
        },
        NamingPolicy::CamelCase => camel_case(sdk_name),
        NamingPolicy::SnakeCase => snake_case(sdk_name),
        NamingPolicy::PascalCase => pascal_case(sdk_name),
        NamingPolicy::KebabCase => snake_case(sdk_name).replace('_', "-"),
        NamingPolicy::ScreamingSnakeCase => snake_case(sdk_name).to_ascii_uppercase(),
    }
}

/// The initialisms Go SDKs write in capitals whatever the wire name's case (golint's list):
/// a Go field `ClientID` may stand for `clientId`, so these say nothing about the wire.
pub const GO_INITIALISMS: &[&str] = &[
    "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID",
    "IDS", "IP", "JSON", "JWT", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH",
    "TCP", "TLS", "TTL", "UDP", "UI", "UID", "UIDS", "URI", "URIS", "URL", "URLS", "UTF8", "UUID",
    "VM", "XML", "XMPP", "XSRF", "XSS",
];

/// `camelCase` or `PascalCase` that keeps the acronyms `keep` accepts as the name shows them
/// (`MaxFileSizeMB` is `maxFileSizeMB`, not `maxFileSizeMb`); a leading acronym is lowercased
/// in camelCase (`OTPCode` is `otpCode`). An acronym is a word of two or more capitals.
pub fn camel_case_keeping(name: &str, pascal: bool, keep: impl Fn(&str) -> bool) -> String {
    let mut res = String::with_capacity(name.len());
    for (i, word) in words(name).into_iter().enumerate() {
        let acronym = word.len() > 1
            && word.chars().any(|c| c.is_ascii_uppercase())
            && !word.chars().any(|c| c.is_ascii_lowercase());
        if i == 0 && !pascal {
            res.push_str(&word.to_ascii_lowercase());
        } else if acronym && keep(word.trim_end_matches(|c: char| c.is_ascii_digit())) {
            res.push_str(word);
        } else {
            res.push_str(&capitalize(word));
        }
    }
    res
}

/// Words made of words that name splitting would cut apart (`OAuth` is `O`, `Auth`): they stay
/// one word in Rust names, `oauth` and `Oauth`, never `o_auth`.
pub const COMPOUND_WORDS: &[&str] = &[
    "OAuth",
    "GitHub",
    "GitLab",
    "GraphQL",
    "WebAuthn",
    "JavaScript",
    "TypeScript",
    "LinkedIn",
    "YouTube",
    "PayPal",
    "WhatsApp",
    "iOS",
    "macOS",
];

/// How the words of Rust names are cased. Every word has one capital in `UpperCamelCase`
/// (`SamlAccount`, `Oauth`, `HttpMeta`: acronyms count as one word, as Rust's naming
/// conventions (RFC 430) have it), but for the acronyms an API's config spells (`SAML`,
/// `OAuth`), which are written so wherever they occur, whatever the spec's case. Compound words
/// ([`COMPOUND_WORDS`], the config's acronyms) and a letter cut from its digit (`M2M` is `M2`,
/// `M`) stay one word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Casing {
    /// The config's spellings (`acronyms`).
    pub acronyms: Vec<String>,
    /// Names the config gives (`renames`), written as given.
    pub verbatim: Vec<String>,
}

impl Casing {
    /// The words of `name`, with compound words joined.
    fn words(&self, name: &str) -> Vec<String> {
        let split = words(name);
        let compounds: Vec<String> = COMPOUND_WORDS
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .chain(self.acronyms.iter().map(|w| fold(w)))
            .collect();
        let mut res: Vec<String> = Vec::with_capacity(split.len());
        let mut i = 0;
        while i < split.len() {
            let joined = (2..=3).rev().find(|&n| {
                i + n <= split.len()
                    && compounds.contains(&split[i..i + n].concat().to_ascii_lowercase())
            });
            if let Some(n) = joined {
                res.push(split[i..i + n].concat());
                i += n;
                continue;
            }
            let word = split[i];
            // `M2M` is `M2`, `M`; `4XX` is `4`, `XX`.
            let cut_letter = word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic()
                || word.len() == 2 && word.chars().all(|c| c == 'X' || c == 'x');
            match res.last_mut() {
                Some(last)
                    if cut_letter
                        && last.ends_with(|c: char| c.is_ascii_digit())
                        && (word.len() == 2
                            || last.starts_with(|c: char| c.is_ascii_alphabetic())) =>
                {
                    last.push_str(word);
                }
                _ => res.push(word.to_string()),
            }
            i += 1;
        }
        res
    }

    /// `UpperCamelCase` of `name`; a `_` stays between two numbers (`V3_2`).
    pub fn pascal(&self, name: &str) -> String {
        if self.verbatim.iter().any(|v| v == name) {
            return name.to_string();
        }
        let mut res = String::with_capacity(name.len());
        for word in self.words(name) {
            if res.ends_with(|c: char| c.is_ascii_digit())
                && word.starts_with(|c: char| c.is_ascii_digit())
            {
                res.push('_');
            }
            match self.acronyms.iter().find(|a| fold(a) == fold(&word)) {
                Some(spelled) => res.push_str(spelled),
                None => res.push_str(&capitalize(&word)),
            }
        }
        res
    }

    /// `snake_case` of `name`.
    pub fn snake(&self, name: &str) -> String {
        self.words(name)
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("_")
    }
}

/// The longest name the readers make up for an inline schema's type; longer ones are cut in
/// the middle ([`shorten`]).
pub const MAX_MADE_UP_NAME_LEN: usize = 48;

/// `name` in at most `max` characters (when it has two words or more): its first words, which
/// say whose it is (the operation or schema), and its last words, which say what it is (the
/// property), without the path between them: Stripe's 177 characters of
/// `PostCustomersCustomerSubscriptions...InvoicePaymentMethodOptionsParamFinancialConnectionsPermissionsItem`
/// are `PostCustomersCustomerConnectionsPermissionsItem`.
/// Deterministic; distinct names may meet, which the caller's [`UniqueNames`] numbers.
pub fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let split = words(name);
    if split.len() < 2 {
        return name.to_string();
    }
    // The last words, up to two thirds of the budget (at least one word), then the first ones.
    let mut tail = 0;
    let mut tail_len = 0;
    for word in split.iter().rev() {
        if tail > 0 && tail_len + word.len() > max * 2 / 3 {
            break;
        }
        tail += 1;
        tail_len += word.len();
    }
    let mut head = 0;
    let mut head_len = 0;
    for word in &split[..split.len() - tail] {
        if head > 0 && head_len + word.len() + tail_len > max {
            break;
        }
        head += 1;
        head_len += word.len();
    }
    let tail = &split[split.len() - tail..];
    let mut head = &split[..head];
    // The cut shows no word twice (`PhasePhase`).
    if head.len() > 1 && head.last() == tail.first() {
        head = &head[..head.len() - 1];
    }
    head.concat() + &tail.concat()
}

/// The number a name spells out in English words, as SDKs name a member whose wire name is a
/// number (`2021` is `twoThousandAndTwentyOne` in TypeScript, `two_thousand_and_twenty_one` in
/// Python); `None` unless the name has two words or more and each is a number word (a member
/// named `one` is more likely named so on the wire too).
pub fn spelled_number(name: &str) -> Option<u64> {
    if words(name).len() < 2 {
        return None;
    }
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let (mut total, mut current, mut seen) = (0u64, 0u64, false);
    for word in words(name) {
        let word = word.to_ascii_lowercase();
        if let Some(n) = SMALL.iter().position(|w| *w == word) {
            current = current.checked_add(n as u64)?;
        } else if let Some(n) = TENS.iter().position(|w| *w == word) {
            current = current.checked_add(20 + 10 * n as u64)?;
        } else {
            match word.as_str() {
                "hundred" => current = current.checked_mul(100)?,
                "thousand" => {
                    total = total.checked_add(current.checked_mul(1000)?)?;
                    current = 0;
                }
                "million" => {
                    total = total.checked_add(current.checked_mul(1_000_000)?)?;
                    current = 0;
                }
                "and" if seen => continue,
                _ => return None,
            }
        }
        seen = true;
    }
    seen.then_some(total + current)
}

/// A name reduced to lowercase letters and digits, for matching names across spellings
/// (`client_id`, `clientId` and `ClientID` all become `clientid`).
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Rust keywords of every edition; these become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; these get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Whether `ident` must be written `r#ident` in Rust source.
pub fn is_raw_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident) && !NOT_RAW.contains(&ident)
}

/// A `snake_case` Rust identifier for a field or module (without any `r#` prefix; see
/// [`is_raw_keyword`]).
pub fn snake_ident(name: &str) -> String {
    sanitize(&snake_case(&clean(name)), "field")
}

/// An `UpperCamelCase` Rust identifier for a type or variant.
pub fn pascal_ident(name: &str) -> String {
    let pascal = pascal_case(&clean(name));
    let res = sanitize(&pascal, "Value");
    // Types named like keywords (`Self`) get the suffix from `sanitize`; `r#` is not allowed
    // for type names in paths that users write, so avoid it for Pascal names altogether.
    if is_raw_keyword(&res) {
        format!("{res}_")
    } else {
        res
    }
}

/// A Rust type name for a spec name: kept as it is when it already is a clean `UpperCamelCase`
/// identifier (so `KYCInternal` stays reachable under its own name), else made one.
pub fn type_ident(name: &str) -> String {
    let clean = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().any(|c| c.is_ascii_lowercase())
        && !is_raw_keyword(name)
        && !NOT_RAW.contains(&name);
    if clean {
        name.to_string()
    } else {
        pascal_ident(name)
    }
}

/// Replaces characters that cannot appear in an identifier with word breaks, and spells out a
/// leading minus so `-1` and `1` stay apart.
fn clean(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        if c.is_alphanumeric() && c.is_ascii() || c == '_' {
            out.push(c);
        } else if i == 0 && c == '-' {
            out.push_str("minus ");
        } else if i == 0 && c == '+' {
            out.push_str("plus ");
        } else {
            out.push(' ');
        }
    }
    out
}

fn sanitize(ident: &str, empty: &str) -> String {
    let ident = ident.trim_matches('_');
    let mut res = if ident.is_empty() {
        empty.to_string()
    } else {
        ident.to_string()
    };
    if res.starts_with(|c: char| c.is_ascii_digit()) {
        res = if empty.starts_with(char::is_uppercase) {
            format!("V{res}")
        } else {
            format!("_{res}")
        };
    }
    if NOT_RAW.contains(&res.as_str()) {
        res.push('_');
    }
    res
}

/// The longest module name that becomes a file or folder name unchanged; longer ones are cut
/// and end in a hash of the whole name. File systems allow 255 bytes per name, Windows 260 per
/// path by default, and a module's file sits a few folders deep.
pub const MAX_FILE_MODULE_LEN: usize = 64;

/// File stems Windows reserves for devices in every folder, whatever the case and extension.
const WINDOWS_DEVICES: &[&str] = &["con", "prn", "aux", "nul"];

/// Whether a file or folder named `name` (any extension) would be a device on Windows: `con`,
/// `prn`, `aux`, `nul`, `com0`..`com9`, `lpt0`..`lpt9`, in any case.
pub fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_ascii_lowercase();
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        return true;
    }
    let digit = |rest: &str| rest.len() == 1 && rest.as_bytes()[0].is_ascii_digit();
    stem.strip_prefix("com").is_some_and(digit) || stem.strip_prefix("lpt").is_some_and(digit)
}

/// A module name (already a `snake_case` identifier) that is also safe as the name of its file
/// (`name.rs`) or folder (`name/mod.rs`): `mod` would be the folder's own `mod.rs`, and Windows
/// device names cannot be files, so both get a trailing `_` (`mod_`, `con_`); names longer than
/// [`MAX_FILE_MODULE_LEN`] are cut and end in `_` and a hash of the whole name, so distinct
/// long names stay distinct. Deterministic.
pub fn file_module(name: &str) -> String {
    let mut res = if name.len() > MAX_FILE_MODULE_LEN {
        let hash = format!("{:08x}", fnv1a32(name.as_bytes()));
        let mut cut = MAX_FILE_MODULE_LEN - hash.len() - 1;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}_{hash}", name[..cut].trim_end_matches('_'))
    } else {
        name.to_string()
    };
    if res.eq_ignore_ascii_case("mod") || is_windows_device(&res) {
        res.push('_');
    }
    res
}

/// Whether `name` can be the file or folder name of a module as it is (see [`file_module`]).
pub fn is_file_module(name: &str) -> bool {
    name.len() <= MAX_FILE_MODULE_LEN + 3
        && !name.eq_ignore_ascii_case("mod")
        && !is_windows_device(name)
}

fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Hands out names that are unique within one scope: the first taker of a name keeps it, later
/// ones get `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Marks `name` as taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `wanted` if free, else the first free `wanted2`, `wanted3`, ...; the flag says whether
    /// the name had to change.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        if self.taken.insert(wanted.to_string()) {
            return (wanted.to_string(), false);
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let res = (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("an unbounded range always has a free name");
        self.taken.insert(res.clone());
        (res, true)
    }

    /// [`UniqueNames::claim`] for a module that has a file or folder of its own: the name is
    /// made safe as a file name first ([`file_module`]), and numbered candidates that are not
    /// (`com` taken makes `com2`, a Windows device) are skipped. The flag says whether the
    /// name differs from `wanted`.
    pub fn claim_file_module(&mut self, wanted: &str) -> (String, bool) {
        let base = file_module(wanted);
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let res = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{sep}{n}")))
            .find(|candidate| !self.taken.contains(candidate) && is_file_module(candidate))
            .expect("an unbounded range always has a free name");
        self.taken.insert(res.clone());
        let changed = res != wanted;
        (res, changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_derive_wire_names() {
        let cases = [
            (NamingPolicy::Sdk, "clientId", "clientId"),
            (NamingPolicy::SnakeCase, "clientId", "client_id"),
            (NamingPolicy::CamelCase, "ProveID", "proveId"),
            (
                NamingPolicy::CamelCase,
                "ClientRequestID",
                "clientRequestId",
            ),
            (NamingPolicy::PascalCase, "client_id", "ClientId"),
            (NamingPolicy::KebabCase, "acceptLanguage", "accept-language"),
            (NamingPolicy::ScreamingSnakeCase, "grantType", "GRANT_TYPE"),
        ];
        for (policy, sdk, wire) in cases {
            assert_eq!(apply_policy(policy, sdk), wire, "{policy} of {sdk}");
        }
    }

    #[test]
    fn spelled_numbers_are_read_back() {
        assert_eq!(spelled_number("twoThousandAndTwentyOne"), Some(2021));
        assert_eq!(spelled_number("two_thousand_and_twenty_two"), Some(2022));
        assert_eq!(spelled_number("NinetyNine"), Some(99));
        assert_eq!(spelled_number("oneHundredAndFive"), Some(105));
        assert_eq!(spelled_number("zero"), None);
        assert_eq!(spelled_number("one"), None);
        assert_eq!(spelled_number("twoFactor"), None);
        assert_eq!(spelled_number("and"), None);
        assert_eq!(spelled_number(""), None);
    }

    #[test]
    fn camel_case_keeps_the_acronyms_it_is_told_to() {
        let not_go = |word: &str| !GO_INITIALISMS.contains(&word);
        for (sdk, wire) in [
            ("MaxFileSizeMB", "maxFileSizeMB"),
            ("AllowOTPRetry", "allowOTPRetry"),
            ("ClientID", "clientId"),
            ("PhotoURLs", "photoUrls"),
            ("OTPCode", "otpCode"),
            ("HTTPMeta", "httpMeta"),
            ("Street1", "street1"),
        ] {
            assert_eq!(camel_case_keeping(sdk, false, not_go), wire, "{sdk}");
        }
        assert_eq!(
            camel_case_keeping("AllowOTPRetry", true, not_go),
            "AllowOTPRetry"
        );
        assert_eq!(
            camel_case_keeping("MaxFileSizeMB", false, |_| false),
            camel_case("MaxFileSizeMB")
        );
    }

    #[test]
    fn sdk_policy_undoes_the_escape_of_reserved_words() {
        assert_eq!(apply_policy(NamingPolicy::Sdk, "case_"), "case");
        assert_eq!(apply_policy(NamingPolicy::Sdk, "clientId"), "clientId");
        assert_eq!(apply_policy(NamingPolicy::Sdk, "_"), "_");
        assert_eq!(apply_policy(NamingPolicy::Sdk, "trailing__"), "trailing__");
    }

    #[test]
    fn words_split_camel_acronyms_and_separators() {
        let cases: [(&str, &[&str]); 9] = [
            ("clientId", &["client", "Id"]),
            ("HTTPMeta", &["HTTP", "Meta"]),
            ("PhotoURLs", &["Photo", "URLs"]),
            ("ClientIDs", &["Client", "IDs"]),
            ("APIKeyHashes", &["API", "Key", "Hashes"]),
            ("V3TokenRequest", &["V3", "Token", "Request"]),
            ("uptime_last_1d", &["uptime", "last", "1d"]),
            ("$filter[tags]", &["filter", "tags"]),
            ("Idempotency-Key", &["Idempotency", "Key"]),
        ];
        for (name, want) in cases {
            assert_eq!(words(name), want, "words({name:?})");
        }
    }

    #[test]
    fn identifiers_are_sanitised() {
        let snake = [
            ("clientId", "client_id"),
            ("ProveID", "prove_id"),
            ("HTTPMeta", "http_meta"),
            ("type", "type"),
            ("self", "self_"),
            ("_default", "default"),
            ("3ds", "_3ds"),
            ("$filter[tags]", "filter_tags"),
            ("", "field"),
            ("__", "field"),
        ];
        for (input, want) in snake {
            assert_eq!(snake_ident(input), want, "snake_ident({input:?})");
        }
        assert!(is_raw_keyword("type") && !is_raw_keyword("self_"));
        let pascal = [
            ("V3TokenRequest", "V3TokenRequest"),
            ("HUMAN_ASSURANCE", "HumanAssurance"),
            ("eGain Article", "EGainArticle"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("1", "V1"),
            ("Self", "Self_"),
            ("", "Value"),
        ];
        for (input, want) in [
            ("KYCInternal", "KYCInternal"),
            ("OTP", "Otp"),
            ("user_name", "UserName"),
        ] {
            assert_eq!(type_ident(input), want, "type_ident({input:?})");
        }
        for (input, want) in pascal {
            assert_eq!(pascal_ident(input), want, "pascal_ident({input:?})");
        }
    }

    #[test]
    fn file_modules_are_never_mod_windows_devices_or_too_long() {
        for (name, want) in [
            ("pet", "pet"),
            ("mod", "mod_"),
            ("Mod", "Mod_"),
            ("con", "con_"),
            ("aux", "aux_"),
            ("nul", "nul_"),
            ("prn", "prn_"),
            ("com1", "com1_"),
            ("lpt9", "lpt9_"),
            ("com", "com"),
            ("com10", "com10"),
            ("console", "console"),
        ] {
            assert_eq!(file_module(name), want, "file_module({name:?})");
        }
        for device in ["CON", "con.rs", "Aux.txt", "COM3", "lpt0.md", "nul "] {
            assert!(is_windows_device(device), "{device}");
        }
        let long_a = "a".repeat(250);
        let long_b = format!("{}b", "a".repeat(249));
        let (a, b) = (file_module(&long_a), file_module(&long_b));
        assert!(
            a.len() <= MAX_FILE_MODULE_LEN && b.len() <= MAX_FILE_MODULE_LEN,
            "{a} {b}"
        );
        assert_ne!(a, b, "distinct long names stay distinct");
        assert_eq!(a, file_module(&long_a), "deterministic");

        let mut names = UniqueNames::default();
        assert_eq!(names.claim_file_module("com"), ("com".to_string(), false));
        // `com2` to `com9` would be devices: skipped.
        assert_eq!(names.claim_file_module("com"), ("com10".to_string(), true));
        assert_eq!(names.claim_file_module("mod"), ("mod_".to_string(), true));
        assert_eq!(names.claim_file_module("mod_"), ("mod_2".to_string(), true));
    }

    #[test]
    fn casing_writes_each_word_one_way() {
        let plain = Casing::default();
        for (name, pascal, snake) in [
            ("SAMLAccount", "SamlAccount", "saml_account"),
            ("SamlAccount", "SamlAccount", "saml_account"),
            (
                "VerificationFromOauth",
                "VerificationFromOauth",
                "verification_from_oauth",
            ),
            (
                "CreateOAuthApplicationRequest",
                "CreateOauthApplicationRequest",
                "create_oauth_application_request",
            ),
            (
                "create_o_auth_application",
                "CreateOauthApplication",
                "create_oauth_application",
            ),
            (
                "CreateM2MTokenRequest",
                "CreateM2mTokenRequest",
                "create_m2m_token_request",
            ),
            ("V3TokenRequest", "V3TokenRequest", "v3_token_request"),
            ("V3_2", "V3_2", "v3_2"),
            ("Passkey2", "Passkey2", "passkey2"),
            ("GitHubApp", "GithubApp", "github_app"),
            (
                "CreatePetResponse4XXItem",
                "CreatePetResponse4xxItem",
                "create_pet_response4xx_item",
            ),
        ] {
            assert_eq!(plain.pascal(name), pascal, "pascal({name:?})");
            assert_eq!(plain.snake(name), snake, "snake({name:?})");
        }
        let spelled = Casing {
            acronyms: vec!["SAML".into(), "OAuth".into()],
            verbatim: vec!["HTTPThing".into()],
        };
        assert_eq!(spelled.pascal("HTTPThing"), "HTTPThing");
        assert_eq!(spelled.pascal("SamlAccount"), "SAMLAccount");
        assert_eq!(
            spelled.pascal("VerificationFromOauth"),
            "VerificationFromOAuth"
        );
        assert_eq!(spelled.snake("FromOAuth"), "from_oauth");
        assert_eq!(spelled.snake("SAMLAccount"), "saml_account");
    }

    #[test]
    fn long_made_up_names_keep_their_first_and_last_words() {
        let long = "PostCustomersCustomerSubscriptionsSubscriptionExposedIdRequestPaymentSettingsPaymentMethodOptionsUsBankAccountInvoicePaymentMethodOptionsParamFinancialConnectionsPermissionsItem";
        let short = shorten(long, MAX_MADE_UP_NAME_LEN);
        assert!(short.len() <= MAX_MADE_UP_NAME_LEN, "{short}");
        assert_eq!(short, "PostCustomersCustomerConnectionsPermissionsItem");
        assert_eq!(
            shorten("AbcdPhasePhaseEfgh", 14),
            "AbcdPhaseEfgh",
            "no word twice at the cut"
        );
        assert_eq!(
            shorten("PetOwner", 4),
            "PetOwner",
            "the first and last words stay"
        );
        assert_eq!(shorten("Pet", 1), "Pet");
        assert_eq!(shorten("PetOwner", 56), "PetOwner");
    }

    #[test]
    fn unique_names_number_later_takers() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("Foo"), ("Foo".to_string(), false));
        assert_eq!(names.claim("Foo"), ("Foo2".to_string(), true));
        assert_eq!(names.claim("V3"), ("V3".to_string(), false));
        assert_eq!(names.claim("V3"), ("V3_2".to_string(), true));
        assert_eq!(fold("Client_ID"), "clientid");
    }
}
