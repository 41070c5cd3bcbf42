//! The checks generated code calls, one per rule. Each adds a [`Violation`] at `at` to
//! `errors` when `value` breaks the rule.

use std::cmp::Ordering;

use super::{Number, Path, Rule, ValidationErrors, Violation, format_matches};

/// Strings in violations are cut to this many characters.
const SHOWN_CHARS: usize = 64;

/// A string as JSON text, cut to 64 characters.
pub fn show_str(value: &str) -> String {
    let mut chars = value.char_indices();
    match chars.nth(SHOWN_CHARS) {
        None => serde_json::to_string(value).unwrap_or_default(),
        Some((end, _)) => {
            let cut = serde_json::to_string(&value[..end]).unwrap_or_default();
            format!("{}…\"", &cut[..cut.len() - 1])
        }
    }
}

/// A JSON value as compact text, cut to 64 characters.
pub fn show_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => show_str(text),
        other => {
            let text = other.to_string();
            match text.char_indices().nth(SHOWN_CHARS) {
                None => text,
                Some((end, _)) => format!("{}…", &text[..end]),
            }
        }
    }
}

#[cold]
#[inline(never)]
fn push(at: &Path<'_>, rule: Rule, value: String, errors: &mut ValidationErrors) {
    errors.push(Violation::new(at, rule, Some(value)));
}

/// The number of characters (Unicode code points) of `value`, counted only as far as
/// needed to compare with `limit`.
#[inline]
fn chars_compare(value: &str, limit: u64) -> Ordering {
    let bytes = value.len() as u64;
    // Every character is one to four bytes.
    if bytes < limit {
        return Ordering::Less;
    }
    if bytes / 4 > limit {
        return Ordering::Greater;
    }
    (value.chars().count() as u64).cmp(&limit)
}

/// `anyOf` (`exactly_one` false) or `oneOf` of an object's alternatives, of which
/// `satisfied` hold; the violation shows how many did.
#[inline]
pub fn alternatives(
    satisfied: usize,
    exactly_one: bool,
    alternatives: &'static [&'static str],
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if exactly_one && satisfied != 1 {
        push(
            at,
            Rule::OneOf(alternatives),
            format!("{satisfied} satisfied"),
            errors,
        );
    } else if satisfied == 0 {
        push(
            at,
            Rule::AnyOf(alternatives),
            format!("{satisfied} satisfied"),
            errors,
        );
    }
}

/// `minLength`.
#[inline]
pub fn min_length(value: &str, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if chars_compare(value, min) == Ordering::Less {
        push(at, Rule::MinLength(min), show_str(value), errors);
    }
}

/// `maxLength`.
#[inline]
pub fn max_length(value: &str, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if chars_compare(value, max) == Ordering::Greater {
        push(at, Rule::MaxLength(max), show_str(value), errors);
    }
}

/// `pattern`. A pattern that does not compile counts as not matching; a string the
/// pattern cannot decide within its budget breaks [`Rule::PatternBudget`].
#[inline]
pub fn pattern(
    value: &str,
    pattern: &'static (impl MatchPattern + ?Sized),
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    match pattern.matches(value) {
        Match::Yes => {}
        Match::OverBudget => {
            push(
                at,
                Rule::PatternBudget(pattern.source()),
                show_str(value),
                errors,
            );
        }
        Match::No | Match::Invalid => {
            push(at, Rule::Pattern(pattern.source()), show_str(value), errors);
        }
    }
}

/// `format`, for the formats [`format_matches`] knows; others pass.
#[inline]
pub fn format(value: &str, format: &'static str, at: &Path<'_>, errors: &mut ValidationErrors) {
    if format_matches(format, value) == Some(false) {
        push(at, Rule::Format(format), show_str(value), errors);
    }
}

/// `minimum`.
#[inline]
pub fn minimum<N: Number>(value: N, min: f64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if value.compare(min) == Some(Ordering::Less) {
        push(at, Rule::Minimum(min), value.to_string(), errors);
    }
}

/// `exclusiveMinimum`.
#[inline]
pub fn exclusive_minimum<N: Number>(
    value: N,
    min: f64,
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if matches!(value.compare(min), Some(Ordering::Less | Ordering::Equal)) {
        push(at, Rule::ExclusiveMinimum(min), value.to_string(), errors);
    }
}

/// `maximum`.
#[inline]
pub fn maximum<N: Number>(value: N, max: f64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if value.compare(max) == Some(Ordering::Greater) {
        push(at, Rule::Maximum(max), value.to_string(), errors);
    }
}

/// `exclusiveMaximum`.
#[inline]
pub fn exclusive_maximum<N: Number>(
    value: N,
    max: f64,
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if matches!(
        value.compare(max),
        Some(Ordering::Greater | Ordering::Equal)
    ) {
        push(at, Rule::ExclusiveMaximum(max), value.to_string(), errors);
    }
}

/// `multipleOf`.
#[inline]
pub fn multiple_of<N: Number>(value: N, step: f64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if !value.is_multiple_of(step) {
        push(at, Rule::MultipleOf(step), value.to_string(), errors);
    }
}

/// `minItems`, given the number of items.
#[inline]
pub fn min_items(len: usize, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if (len as u64) < min {
        push(at, Rule::MinItems(min), len.to_string(), errors);
    }
}

/// `maxItems`, given the number of items.
#[inline]
pub fn max_items(len: usize, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if (len as u64) > max {
        push(at, Rule::MaxItems(max), len.to_string(), errors);
    }
}

/// `minProperties`, given the number of properties or entries.
#[inline]
pub fn min_properties(len: usize, min: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if (len as u64) < min {
        push(at, Rule::MinProperties(min), len.to_string(), errors);
    }
}

/// `maxProperties`, given the number of properties or entries.
#[inline]
pub fn max_properties(len: usize, max: u64, at: &Path<'_>, errors: &mut ValidationErrors) {
    if (len as u64) > max {
        push(at, Rule::MaxProperties(max), len.to_string(), errors);
    }
}

/// `uniqueItems`: reports the first item equal to an earlier one, equal as JSON Schema
/// has it (numbers by value: `0.0` equals `-0.0`, `1` equals `1.0`). Items are compared
/// by a canonical JSON text, so that the check stays linear and gives the same answer
/// for short and long arrays.
pub fn unique_items<T>(items: &[T], at: &Path<'_>, errors: &mut ValidationErrors)
where
    T: PartialEq + serde::Serialize,
{
    let mut seen = std::collections::HashMap::with_capacity(items.len());
    let repeated = items.iter().enumerate().find_map(|(later, item)| {
        let value = serde_json::to_value(item).ok()?;
        let mut text = String::new();
        super::canonical_json(&value, &mut text);
        seen.insert(text, later).map(|earlier| (earlier, later))
    });
    if let Some((earlier, later)) = repeated {
        push(
            at,
            Rule::UniqueItems,
            format!("item {later} repeats item {earlier}"),
            errors,
        );
    }
}

/// `enum`/`const` on a string: one of `strings` (the allowed values that are strings);
/// `allowed` are all allowed values as JSON text, for the message.
pub fn one_of_str(
    value: &str,
    strings: &[&str],
    allowed: &'static [&'static str],
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !strings.contains(&value) {
        push(at, Rule::Enum(allowed), show_str(value), errors);
    }
}

/// `enum`/`const` on a number that the generated code has compared with the allowed
/// values itself: `member` says whether it is one of them.
pub fn one_of_number<N: Number>(
    value: N,
    member: bool,
    allowed: &'static [&'static str],
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !member {
        push(at, Rule::Enum(allowed), value.to_string(), errors);
    }
}

/// `enum`/`const` on a boolean: one of `flags`.
pub fn one_of_bool(
    value: bool,
    flags: &[bool],
    allowed: &'static [&'static str],
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    if !flags.contains(&value) {
        push(at, Rule::Enum(allowed), value.to_string(), errors);
    }
}

/// `enum`/`const` on any JSON value: equal to one of `allowed` (JSON texts), numbers
/// compared by value.
pub fn one_of_json(
    value: &serde_json::Value,
    allowed: &'static [&'static str],
    at: &Path<'_>,
    errors: &mut ValidationErrors,
) {
    let member = allowed.iter().any(|text| {
        serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|candidate| super::json_equal(&candidate, value))
    });
    if !member {
        push(at, Rule::Enum(allowed), show_json(value), errors);
    }
}

/// The outcome of matching a [`MatchPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The pattern matches somewhere in the text.
    Yes,
    /// It does not.
    No,
    /// The pattern is not a valid ECMA-262 regular expression.
    Invalid,
    /// Telling would take more than the pattern's budget .
    OverBudget,
}

/// A compiled `pattern`, as the [`pattern`] check runs it (the runtime's `Pattern`).
pub trait MatchPattern {
    /// The pattern as the spec writes it.
    fn source(&self) -> &'static str;

    /// Whether the pattern matches somewhere in `text`, in bounded time.
    fn matches(&self, text: &str) -> Match;
}
