//! [`Pattern`]: the spec's ECMA-262 `pattern`s, run on `regex` in linear time where their
//! translation means the same, else on `fancy-regex` within a backtracking budget; `regress`
//! tells which grammar a pattern is written in.

use std::fmt;

use super::pattern_syntax::{Syntax, translate};
use super::{Match, MatchPattern};

/// An ECMA-262 regular expression (the dialect OpenAPI specifies for `pattern`), compiled the
/// first time it is used and then kept: generated code holds each pattern in a `static`.
///
/// A match never costs more than a bound that does not grow with the pattern's worst case.
/// Patterns whose meaning the `regex` crate's syntax expresses exactly (literals, classes,
/// `\d`, `\w`, `\s`, `.`, groups, alternation, greedy and lazy repetition, `^` and `$`) are
/// translated and run by `regex`, in time linear in the text. Patterns with lookaround,
/// backreferences or word boundaries are translated for `fancy-regex`, a backtracking engine,
/// and run with at most [`BACKTRACK_LIMIT`] backtracking steps: a text on which the pattern
/// would need more is reported as [`Rule::PatternBudget`](super::Rule::PatternBudget) rather than matched for minutes.
/// specgen warns when it generates code for a pattern of the second kind
/// ([`runs_in_linear_time`]). A backreference to a group that has not matched fails here,
/// where ECMA-262 has it match the empty string.
pub struct Pattern {
    source: &'static str,
    engine: std::sync::OnceLock<Option<Engine>>,
}

/// How many times a pattern that cannot run in linear time may backtrack while matching one
/// text, after which the match is given up ([`Match::OverBudget`]). Real patterns on real
/// values backtrack a few hundred times at most.
pub const BACKTRACK_LIMIT: usize = 100_000;

/// The engine a pattern runs on.
pub(super) enum Engine {
    /// The `regex` crate, on the translation of a pattern it expresses exactly.
    Fast(regex::Regex),
    /// `fancy-regex` with a backtracking limit, on the translation of a pattern with
    /// lookaround, backreferences or word boundaries.
    Bounded(fancy_regex::Regex),
    /// A valid ECMA-262 pattern that neither engine expresses (Unicode property escapes,
    /// for one): it cannot be checked in bounded time, so every check of it is reported as
    /// [`Rule::PatternBudget`](super::Rule::PatternBudget).
    Unbounded,
}

impl Pattern {
    /// The pattern `source`, not compiled yet.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            engine: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `text` (patterns are not anchored); `None`
    /// when the pattern is not a valid ECMA-262 regular expression, which specgen reports
    /// when it generates the code, leaving such patterns out, and when telling would exceed
    /// the pattern's budget (see [`Pattern::matches`]).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        match self.matches(text) {
            Match::Yes => Some(true),
            Match::No => Some(false),
            Match::Invalid | Match::OverBudget => None,
        }
    }

    /// Whether the pattern matches somewhere in `text`, in bounded time.
    pub fn matches(&self, text: &str) -> Match {
        let engine = self.engine.get_or_init(|| compile_engine(self.source));
        let found = match engine {
            None => return Match::Invalid,
            Some(Engine::Fast(regex)) => regex.is_match(text),
            Some(Engine::Bounded(regex)) => match regex.is_match(text) {
                Ok(found) => found,
                Err(_) => return Match::OverBudget,
            },
            Some(Engine::Unbounded) => return Match::OverBudget,
        };
        if found { Match::Yes } else { Match::No }
    }
}

impl MatchPattern for Pattern {
    fn source(&self) -> &'static str {
        self.source
    }

    fn matches(&self, text: &str) -> Match {
        Pattern::matches(self, text)
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Compiles an OpenAPI `pattern`: as a Unicode regular expression (the `u` flag, which JSON
/// Schema recommends), or, when the pattern uses syntax that only the older non-Unicode
/// grammar allows (such as `\-` outside a class), without it.
pub fn compile_pattern(source: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(source, "u").or_else(|_| regress::Regex::new(source))
}

/// Whether the runtime matches `source` in time linear in the text: the `regex` crate runs
/// it. `false` for patterns that run on the backtracking engine with a budget, and for
/// invalid ones.
pub fn runs_in_linear_time(source: &str) -> bool {
    matches!(compile_engine(source), Some(Engine::Fast(_)))
}

/// The engine for `source`: `regex` on its translation when there is one, else `fancy-regex`
/// on its translation with lookaround, backreferences and word boundaries; `None` when the
/// pattern is not ECMA-262. Patterns valid only without the `u` flag are translated with that
/// grammar's identity escapes.
pub(super) fn compile_engine(source: &str) -> Option<Engine> {
    let syntax = if regress::Regex::with_flags(source, "u").is_ok() {
        Syntax::Unicode
    } else if regress::Regex::new(source).is_ok() {
        Syntax::Legacy
    } else {
        return None;
    };
    let fast = translate(source, syntax, false).and_then(|it| regex::Regex::new(&it).ok());
    if let Some(fast) = fast {
        return Some(Engine::Fast(fast));
    }
    let bounded = translate(source, syntax, true).and_then(|it| {
        fancy_regex::RegexBuilder::new(&it)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .ok()
    });
    Some(bounded.map_or(Engine::Unbounded, Engine::Bounded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::*;

    #[test]
    fn patterns_with_lookaround_match_like_ecma_262() {
        let patterns = [
            "\\bis\\b",
            "\\Bs\\B",
            "^(?=.*\\d)(?=.*[a-z]).{6,}$",
            "^(?!www\\.)[a-z.]+$",
            "(?<=\\$)\\d+",
            "(?<!-)\\b\\d+",
            "^(\\w)\\w*\\1$",
            "^(?<q>['\"]).*\\k<q>$",
            "^[a-z]+(?=\\d)",
            "^\\uD83D\\uDE00|^é$",
        ];
        let inputs = [
            "",
            "this is it",
            "this",
            "is",
            "abc123",
            "abcdef",
            "www.example.com",
            "example.com",
            "$42",
            "-42",
            " 42",
            "abca",
            "abcb",
            "'quoted'",
            "'mixed\"",
            "ab1",
            "😀",
            "é",
            "sis",
            "s is",
            "ex.ample",
        ];
        for pattern in patterns {
            let translated = translate(pattern, Syntax::Unicode, true)
                .unwrap_or_else(|| panic!("{pattern} is not translated"));
            let bounded = fancy_regex::Regex::new(&translated)
                .unwrap_or_else(|err| panic!("{pattern} as {translated}: {err}"));
            let ecma = regress::Regex::with_flags(pattern, "u").expect("valid ECMA-262");
            for input in inputs {
                assert_eq!(
                    bounded.is_match(input).unwrap(),
                    ecma.find(input).is_some(),
                    "{pattern:?} (as {translated:?}) on {input:?}"
                );
            }
        }
    }

    #[test]
    fn backtracking_patterns_give_up_within_their_budget() {
        // Words separated by single spaces, as a spec might write it; 2^n steps for regress.
        static NESTED: Pattern = Pattern::new("^(\\w+\\s?)*\\b$");
        let long = format!("{}!", "a".repeat(200));
        assert_eq!(NESTED.matches("two words"), Match::Yes);
        assert_eq!(NESTED.matches("two  words"), Match::No);
        assert_eq!(NESTED.matches(&long), Match::OverBudget);
        assert_eq!(NESTED.is_match(&long), None);
        let mut errors = ValidationErrors::new();
        rules::pattern(&long, &NESTED, &Path::ROOT, &mut errors);
        assert_eq!(
            errors.iter().map(Violation::rule).collect::<Vec<_>>(),
            [&Rule::PatternBudget("^(\\w+\\s?)*\\b$")]
        );
        // Unicode properties run on the bounded engine too.
        static PROPERTY: Pattern = Pattern::new("^\\p{Lu}[\\p{Ll}\\d]$");
        assert_eq!(PROPERTY.matches("Éa"), Match::Yes);
        assert_eq!(PROPERTY.matches("éa"), Match::No);
        // A pattern neither engine expresses is never run unbounded.
        static LEGACY: Pattern = Pattern::new("^\\a$");
        assert_eq!(LEGACY.matches("a"), Match::OverBudget);
    }
}
