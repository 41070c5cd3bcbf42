//! The [`Validate`] trait, the [`Path`] of a value inside the value being validated, and the
//! [`ValidationErrors`] a validation returns; the standard types generated fields use pass
//! the check on to what they hold.

use std::fmt;

use super::{Nullable, Rule, Violation};

/// The most nested values [`Validate`] descends into; deeper values are reported once as a
/// [`Rule::MaxDepth`] violation instead of being checked, so that a hostile value cannot
/// overflow the stack. JSON that `serde_json` reads is never this deep (it stops at 128
/// levels).
pub const MAX_DEPTH: usize = 256;

/// A value that knows the rules its spec gives it (lengths, patterns, ranges, item counts,
/// formats, allowed values) and checks them, with everything nested in it.
///
/// Every generated type implements it (those without rules with the default
/// [`Validate::validate_at`], which checks nothing), and so do the standard types generated fields use
/// (`Option`, `Vec`, `BTreeMap`, `Box`, [`Nullable`], strings, numbers ...), which have no rules
/// of their own but pass the check on to what they hold.
///
/// ```text
/// use my_api::Validate;
///
/// if let Err(errors) = request.validate() {
///     for violation in &errors {
///         eprintln!("{}: {}", violation.pointer(), violation);
///     }
/// }
/// ```
pub trait Validate {
    /// Checks the value and everything nested in it, and returns every violation found, each
    /// with the JSON pointer of the offending value in wire names.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.validate_at(&Path::ROOT, &mut errors);
        errors.into_result()
    }

    /// Adds the violations of the value, which sits at `at` in the value being validated, to
    /// `errors`. This is what implementations write and what they call on the values they
    /// hold; callers usually want [`Validate::validate`]. The default checks nothing: a
    /// generated type without rules, in itself or in anything it holds, implements the
    /// trait in one line (`impl Validate for Tag {}`), so that `validate()` is there on every
    /// type whatever the spec's rules, and a spec adding or dropping a rule changes no
    /// signature.
    #[inline]
    fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
}

/// Where a value sits inside the value being validated: a chain of object keys (wire names)
/// and array indexes, kept on the stack and turned into a JSON pointer only when a violation
/// needs one.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
    depth: usize,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Path<'static> {
    /// The value being validated itself (the empty JSON pointer).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
        depth: 0,
    };
}

impl<'a> Path<'a> {
    /// The value under the object key `key` (a wire name or map key) of this one.
    #[inline]
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
            depth: self.depth + 1,
        }
    }

    /// The item at `index` of this array.
    #[inline]
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
            depth: self.depth + 1,
        }
    }

    /// How many keys and indexes lead here from the root.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The JSON pointer (RFC 6901) of this place: `/individual/addresses/0/postalCode`, or the
    /// empty string for the root; `~` and `/` in keys are written `~0` and `~1`.
    pub fn pointer(&self) -> String {
        let mut segments = Vec::with_capacity(self.depth);
        let mut current = Some(self);
        while let Some(path) = current {
            segments.push(path.segment);
            current = path.parent;
        }
        let mut res = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(key) => {
                    res.push('/');
                    for c in key.chars() {
                        match c {
                            '~' => res.push_str("~0"),
                            '/' => res.push_str("~1"),
                            c => res.push(c),
                        }
                    }
                }
                Segment::Index(index) => {
                    res.push('/');
                    res.push_str(&index.to_string());
                }
            }
        }
        res
    }
}

impl fmt::Display for Path<'_> {
    /// The JSON pointer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pointer())
    }
}

/// Every violation found by [`Validate::validate`], in the order the values were visited
/// (fields in spec order, items in array order).
///
/// Iterate over it, by reference or by value, to get each [`Violation`]; its `Display` writes
/// one violation per line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// No violations yet.
    pub fn new() -> ValidationErrors {
        ValidationErrors::default()
    }

    /// How many violations there are.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// The violations as a slice.
    pub fn as_slice(&self) -> &[Violation] {
        &self.violations
    }

    /// Adds a violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// `Ok(())` when there are no violations, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Leaves the offending values out of the violations from number `start` on. Generated
    /// code calls it for fields whose values must not end up in logs (write-only fields and
    /// passwords).
    pub fn redact_from(&mut self, start: usize) {
        for violation in self.violations.iter_mut().skip(start) {
            violation.value = None;
        }
    }

    /// Whether `at` is too deep to descend into; if so, reports it (as [`Rule::MaxDepth`]).
    /// Implementations of [`Validate`] for containers call it before looking inside.
    #[inline]
    pub fn too_deep(&mut self, at: &Path<'_>) -> bool {
        if at.depth < MAX_DEPTH {
            return false;
        }
        self.push_too_deep(at);
        true
    }

    #[cold]
    fn push_too_deep(&mut self, at: &Path<'_>) {
        self.push(Violation::new(at, Rule::MaxDepth(MAX_DEPTH), None));
    }
}

impl fmt::Display for ValidationErrors {
    /// One violation per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, violation) in self.violations.iter().enumerate() {
            if idx > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// Types without rules of their own: nothing to check.
macro_rules! no_rules {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Validate for $ty {
                #[inline]
                fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
            }
        )*
    };
}

no_rules!(
    String,
    str,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
);

impl<T: Validate + ?Sized> Validate for Box<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(at, errors);
    }
}

impl<T: Validate> Validate for Option<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(at, errors);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if let Nullable::Value(value) = self {
            value.validate_at(at, errors);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        for (idx, item) in self.iter().enumerate() {
            item.validate_at(&at.index(idx), errors);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        self.as_slice().validate_at(at, errors);
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if errors.too_deep(at) {
            return;
        }
        for (key, value) in self {
            value.validate_at(&at.key(key), errors);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_keys() {
        let root = Path::ROOT;
        let a = root.key("a/b");
        let b = a.index(3);
        let c = b.key("~x");
        assert_eq!(c.pointer(), "/a~1b/3/~0x");
        assert_eq!(c.depth(), 3);
        assert_eq!(root.pointer(), "");
    }
}
