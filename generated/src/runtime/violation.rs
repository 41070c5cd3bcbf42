//! One broken rule ([`Violation`]) and the rules of the spec ([`Rule`]), written as sentences.

use std::fmt;

use super::Path;

/// One broken rule: where (a JSON pointer in wire names), which rule with its limit, and the
/// offending value when it is safe to show.
///
/// `Display` writes `/code: must be at most 8 characters long, got "ABCDEFGHIJ"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pointer: String,
    rule: Rule,
    pub(super) value: Option<String>,
}

impl Violation {
    /// A violation of `rule` by the value at `at`; `value` is the offending value as it should
    /// be shown (JSON text, or a count), if it may be shown.
    pub fn new(at: &Path<'_>, rule: Rule, value: Option<String>) -> Violation {
        Violation {
            pointer: at.pointer(),
            rule,
            value,
        }
    }

    /// The JSON pointer (RFC 6901) of the offending value, in wire names:
    /// `/individual/addresses/0/postalCode`; empty for the validated value itself.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The rule that is broken, with its limit.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The offending value as JSON text (strings shortened to 64 characters), or the count
    /// that is out of range; `None` for values that are not shown (write-only fields,
    /// passwords) and for rules without one.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str("(root)")?;
        } else {
            f.write_str(&self.pointer)?;
        }
        write!(f, ": {}", self.rule)?;
        match (&self.rule, &self.value) {
            (_, None) => Ok(()),
            (Rule::UniqueItems, Some(value)) => write!(f, " ({value})"),
            (_, Some(value)) => write!(f, ", got {value}"),
        }
    }
}

/// A rule of the spec (a JSON Schema validation keyword) with its limit.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// `minLength`: at least this many characters (Unicode code points).
    MinLength(u64),
    /// `maxLength`: at most this many characters (Unicode code points).
    MaxLength(u64),
    /// `pattern`: an ECMA-262 regular expression that must match somewhere in the string.
    Pattern(&'static str),
    /// `pattern`, not decided: matching the string would take the pattern more than its
    /// backtracking budget (`BACKTRACK_LIMIT` in the patterns part), so the string is rejected unchecked.
    PatternBudget(&'static str),
    /// `format`: one of `date`, `date-time`, `email`, `ipv4`, `ipv6`, `uri`, `uuid`.
    Format(&'static str),
    /// `minimum`: at least this.
    Minimum(f64),
    /// `exclusiveMinimum`: greater than this.
    ExclusiveMinimum(f64),
    /// `maximum`: at most this.
    Maximum(f64),
    /// `exclusiveMaximum`: less than this.
    ExclusiveMaximum(f64),
    /// `multipleOf`: a whole multiple of this.
    MultipleOf(f64),
    /// `minItems`: at least this many items.
    MinItems(u64),
    /// `maxItems`: at most this many items.
    MaxItems(u64),
    /// `uniqueItems`: no two items are equal.
    UniqueItems,
    /// `minProperties`: at least this many properties (or map entries).
    MinProperties(u64),
    /// `maxProperties`: at most this many properties (or map entries).
    MaxProperties(u64),
    /// `enum` or `const`: one of these values, as JSON text.
    Enum(&'static [&'static str]),
    /// Not a spec rule: the value is nested deeper than this many levels, so it was not
    /// checked further (see [`MAX_DEPTH`](super::MAX_DEPTH)).
    MaxDepth(usize),
    /// `anyOf` of alternatives an object must satisfy (properties it must have, rules on
    /// them): at least one of these, each written as the properties it requires.
    AnyOf(&'static [&'static str]),
    /// `oneOf` of such alternatives: exactly one of these.
    OneOf(&'static [&'static str]),
}

impl Rule {
    /// The JSON Schema keyword of the rule (`maxLength`); `maxDepth` for [`Rule::MaxDepth`].
    pub fn keyword(&self) -> &'static str {
        match self {
            Rule::MinLength(_) => "minLength",
            Rule::MaxLength(_) => "maxLength",
            Rule::Pattern(_) | Rule::PatternBudget(_) => "pattern",
            Rule::Format(_) => "format",
            Rule::Minimum(_) => "minimum",
            Rule::ExclusiveMinimum(_) => "exclusiveMinimum",
            Rule::Maximum(_) => "maximum",
            Rule::ExclusiveMaximum(_) => "exclusiveMaximum",
            Rule::MultipleOf(_) => "multipleOf",
            Rule::MinItems(_) => "minItems",
            Rule::MaxItems(_) => "maxItems",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinProperties(_) => "minProperties",
            Rule::MaxProperties(_) => "maxProperties",
            Rule::Enum(_) => "enum",
            Rule::MaxDepth(_) => "maxDepth",
            Rule::AnyOf(_) => "anyOf",
            Rule::OneOf(_) => "oneOf",
        }
    }
}

impl fmt::Display for Rule {
    /// What the value must be: `must be at most 8 characters long`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: u64, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match self {
            Rule::MinLength(n) => write!(
                f,
                "must be at least {n} {} long",
                plural(*n, "character", "characters")
            ),
            Rule::MaxLength(n) => write!(
                f,
                "must be at most {n} {} long",
                plural(*n, "character", "characters")
            ),
            Rule::Pattern(pattern) => write!(f, "must match the pattern {pattern}"),
            Rule::PatternBudget(pattern) => write!(
                f,
                "could not be checked against the pattern {pattern} within its backtracking budget"
            ),
            Rule::Format(format) => write!(f, "must be a valid {format}"),
            Rule::Minimum(n) => write!(f, "must be at least {n}"),
            Rule::ExclusiveMinimum(n) => write!(f, "must be greater than {n}"),
            Rule::Maximum(n) => write!(f, "must be at most {n}"),
            Rule::ExclusiveMaximum(n) => write!(f, "must be less than {n}"),
            Rule::MultipleOf(n) => write!(f, "must be a multiple of {n}"),
            Rule::MinItems(n) => {
                write!(f, "must have at least {n} {}", plural(*n, "item", "items"))
            }
            Rule::MaxItems(n) => write!(f, "must have at most {n} {}", plural(*n, "item", "items")),
            Rule::UniqueItems => f.write_str("must not have duplicate items"),
            Rule::MinProperties(n) => write!(
                f,
                "must have at least {n} {}",
                plural(*n, "property", "properties")
            ),
            Rule::MaxProperties(n) => write!(
                f,
                "must have at most {n} {}",
                plural(*n, "property", "properties")
            ),
            Rule::Enum([only]) => write!(f, "must be {only}"),
            Rule::Enum(values) => write!(f, "must be one of {}", values.join(", ")),
            Rule::MaxDepth(n) => write!(f, "is nested deeper than {n} levels and was not checked"),
            Rule::AnyOf(alternatives) => write!(
                f,
                "must satisfy at least one of the alternatives {}",
                alternatives.join(", ")
            ),
            Rule::OneOf(alternatives) => write!(
                f,
                "must satisfy exactly one of the alternatives {}",
                alternatives.join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::runtime::*;

    #[test]
    fn violations_read_as_sentences() {
        let mut errors = ValidationErrors::new();
        let at = Path::ROOT.key("code");
        rules::max_length("ABCDEFGHIJ", 8, &at, &mut errors);
        rules::min_items(0, 1, &Path::ROOT, &mut errors);
        rules::one_of_number(2_i64, false, &["1", "3"], &at, &mut errors);
        rules::unique_items(&[1, 2, 1], &at, &mut errors);
        let start = errors.len();
        rules::min_length("secret", 12, &Path::ROOT.key("password"), &mut errors);
        errors.redact_from(start);
        assert_eq!(
            errors.to_string(),
            "/code: must be at most 8 characters long, got \"ABCDEFGHIJ\"\n\
             (root): must have at least 1 item, got 0\n\
             /code: must be one of 1, 3, got 2\n\
             /code: must not have duplicate items (item 2 repeats item 0)\n\
             /password: must be at least 12 characters long"
        );
        let keywords: Vec<&str> = errors.iter().map(|v| v.rule().keyword()).collect();
        assert_eq!(
            keywords,
            ["maxLength", "minItems", "enum", "uniqueItems", "minLength"]
        );
        assert_eq!(errors.clone().into_result(), Err(errors));
        assert_eq!(ValidationErrors::new().into_result(), Ok(()));
    }
}
