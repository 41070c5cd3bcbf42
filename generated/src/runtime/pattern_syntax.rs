//! ECMA-262 patterns translated into the syntax of the `regex` crate (and, with lookaround and
//! backreferences, of `fancy-regex`) with the same meaning.

/// Which ECMA-262 grammar a pattern is read with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    /// With the `u` flag.
    Unicode,
    /// Without it (Annex B): any punctuation may be escaped, and a `]` or `}` that closes
    /// nothing is a literal.
    Legacy,
}

/// ECMA-262's `\s`: white space and line terminators.
const ECMA_SPACE: &str = "\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// An ECMA-262 pattern (read in Unicode mode) in the syntax of the `regex` crate with the same
/// meaning, when it uses only what both express alike; `None` otherwise. Every literal is
/// written as `\x{..}` unless it is an ASCII letter or digit, so no character means more in
/// one syntax than in the other.
pub fn translate_pattern(source: &str) -> Option<String> {
    translate(source, Syntax::Unicode, false)
}

/// ECMA-262's `\w`, as a class body.
const ECMA_WORD: &str = "0-9A-Za-z_";

/// [`translate_pattern`] for `syntax`; with `fancy`, for `fancy-regex`, which also has
/// lookaround, backreferences (by number and by name), Unicode property escapes and, written
/// as lookaround, ECMA-262's ASCII word boundaries.
pub(super) fn translate(source: &str, syntax: Syntax, fancy: bool) -> Option<String> {
    let legacy = syntax == Syntax::Legacy;
    let mut out = String::with_capacity(source.len() * 2);
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '^' | '$' | '|' | '*' | '+' | '?' | ')' => out.push(c),
            '(' => {
                if chars.peek() != Some(&'?') {
                    out.push('(');
                    continue;
                }
                chars.next();
                match chars.next()? {
                    ':' => out.push_str("(?:"),
                    look @ ('=' | '!') if fancy => {
                        out.push_str("(?");
                        out.push(look);
                    }
                    '<' if fancy => match chars.peek().copied()? {
                        look @ ('=' | '!') => {
                            chars.next();
                            out.push_str("(?<");
                            out.push(look);
                        }
                        _ => {
                            out.push_str("(?P<");
                            out.push_str(&group_name(&mut chars)?);
                            out.push('>');
                        }
                    },
                    _ => return None,
                }
            }
            '{' => match quantifier(&chars) {
                Some(quantifier) => {
                    for _ in 0..quantifier.chars().count() {
                        chars.next();
                    }
                    out.push('{');
                    out.push_str(&quantifier);
                }
                None if legacy => push_literal(&mut out, '{'),
                None => return None,
            },
            '.' => out.push_str("[^\\x{A}\\x{D}\\x{2028}\\x{2029}]"),
            '[' => translate_class(&mut chars, &mut out, legacy, fancy)?,
            '\\' => match chars.next()? {
                'd' => out.push_str("[0-9]"),
                'D' => out.push_str("[^0-9]"),
                'w' => {
                    out.push('[');
                    out.push_str(ECMA_WORD);
                    out.push(']');
                }
                'W' => {
                    out.push_str("[^");
                    out.push_str(ECMA_WORD);
                    out.push(']');
                }
                's' => {
                    out.push('[');
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                'S' => {
                    out.push_str("[^");
                    out.push_str(ECMA_SPACE);
                    out.push(']');
                }
                'b' if fancy => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
                ),
                'B' if fancy => out.push_str(
                    "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
                ),
                property @ ('p' | 'P') if fancy && !legacy => {
                    out.push_str(&unicode_property(property, &mut chars)?);
                }
                'k' if fancy && chars.peek() == Some(&'<') => {
                    chars.next();
                    out.push_str("(?:\\k<");
                    out.push_str(&group_name(&mut chars)?);
                    out.push_str(">)");
                }
                // In the legacy grammar `\1` may be an octal escape; only Unicode mode is sure.
                d @ '1'..='9' if fancy && !legacy => {
                    out.push_str("(?:\\");
                    out.push(d);
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                    out.push(')');
                }
                escape => push_literal(&mut out, escaped_char(escape, &mut chars, legacy)?),
            },
            ']' | '}' if legacy => push_literal(&mut out, c),
            ']' | '}' => return None,
            literal => push_literal(&mut out, literal),
        }
    }
    Some(out)
}

/// The rest of a quantifier after its `{` (`2}`, `2,}`, `2,5}`), if one follows.
fn quantifier(chars: &std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut res = String::new();
    let mut digits = 0;
    let mut commas = 0;
    for c in chars.clone() {
        res.push(c);
        match c {
            '0'..='9' => digits += 1,
            ',' if digits > 0 && commas == 0 => commas += 1,
            '}' if digits > 0 => return Some(res),
            _ => return None,
        }
    }
    None
}

/// A Unicode property escape after its `\\p` or `\\P` (`{Lu}`, `{Script=Greek}`), as the
/// same escape for `fancy-regex`, whose Unicode tables know ECMA-262's names.
fn unicode_property(
    property: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Option<String> {
    if chars.next()? != '{' {
        return None;
    }
    let mut res = format!("\\{property}{{");
    loop {
        match chars.next()? {
            '}' if !res.ends_with('{') => break,
            c if c.is_ascii_alphanumeric() || c == '_' || c == '=' => res.push(c),
            _ => return None,
        }
    }
    res.push('}');
    Some(res)
}

/// A group name after its `<`, up to and without the `>`: ASCII letters, digits and `_`.
fn group_name(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut name = String::new();
    loop {
        match chars.next()? {
            '>' if !name.is_empty() => return Some(name),
            c if c.is_ascii_alphanumeric() || c == '_' => name.push(c),
            _ => return None,
        }
    }
}

/// The rest of a class after its `[`, translated; `None` for what the translation leaves out
/// (empty classes). `\D`, `\W` and `\S` become nested negated classes.
fn translate_class(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
    legacy: bool,
    fancy: bool,
) -> Option<()> {
    out.push('[');
    if chars.peek() == Some(&'^') {
        chars.next();
        out.push('^');
    }
    let mut empty = true;
    loop {
        let item = match chars.next()? {
            ']' => break,
            '\\' => match chars.next()? {
                'd' => {
                    out.push_str("0-9");
                    empty = false;
                    continue;
                }
                'w' => {
                    out.push_str(ECMA_WORD);
                    empty = false;
                    continue;
                }
                's' => {
                    out.push_str(ECMA_SPACE);
                    empty = false;
                    continue;
                }
                // A negated set inside a class is a nested class (`[a[^0-9]]`).
                negated @ ('D' | 'W' | 'S') => {
                    out.push_str("[^");
                    out.push_str(match negated {
                        'D' => "0-9",
                        'W' => ECMA_WORD,
                        _ => ECMA_SPACE,
                    });
                    out.push(']');
                    empty = false;
                    continue;
                }
                property @ ('p' | 'P') if fancy && !legacy => {
                    out.push_str(&unicode_property(property, chars)?);
                    empty = false;
                    continue;
                }
                'b' => '\u{8}',
                '-' => '-',
                escape => escaped_char(escape, chars, legacy)?,
            },
            c => c,
        };
        empty = false;
        push_class_char(out, item);
        if chars.peek() == Some(&'-') {
            chars.next();
            match chars.peek().copied()? {
                ']' => push_class_char(out, '-'),
                _ => {
                    let end = match chars.next()? {
                        '\\' => match chars.next()? {
                            '-' => '-',
                            'b' => '\u{8}',
                            escape => escaped_char(escape, chars, legacy)?,
                        },
                        c => c,
                    };
                    if end < item {
                        return None;
                    }
                    out.push('-');
                    push_class_char(out, end);
                }
            }
        }
    }
    if empty {
        return None;
    }
    out.push(']');
    Some(())
}

/// The character an escape (after its `\`) stands for: control escapes, `\xHH`,
/// `\uHHHH`, `\u{H..}`, `\0` and escaped syntax characters, and in the `legacy` grammar any
/// escaped character that is not an ASCII letter or digit; `None` for the rest
/// (backreferences, word boundaries, properties, ...).
fn escaped_char(
    escape: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    legacy: bool,
) -> Option<char> {
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
        let mut value = 0u32;
        for _ in 0..n {
            value = value * 16 + chars.next()?.to_digit(16)?;
        }
        Some(value)
    };
    Some(match escape {
        't' => '\t',
        'n' => '\n',
        'v' => '\u{B}',
        'f' => '\u{C}',
        'r' => '\r',
        '0' if !chars.peek().is_some_and(char::is_ascii_digit) => '\0',
        'x' => char::from_u32(hex(chars, 2)?)?,
        'u' if chars.peek() == Some(&'{') && !legacy => {
            chars.next();
            let mut value = 0u32;
            loop {
                match chars.next()? {
                    '}' => break,
                    d => value = value.checked_mul(16)?.checked_add(d.to_digit(16)?)?,
                }
            }
            char::from_u32(value)?
        }
        'u' => {
            let unit = hex(chars, 4)?;
            // In Unicode mode a surrogate pair written as two escapes is one character.
            if (0xD800..0xDC00).contains(&unit) && !legacy {
                let mut rest = chars.clone();
                let escape = rest.next() == Some('\\') && rest.next() == Some('u');
                let low = if escape { hex(&mut rest, 4) } else { None };
                if let Some(low @ 0xDC00..0xE000) = low {
                    *chars = rest;
                    return char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                }
            }
            char::from_u32(unit)?
        }
        c if "^$\\.*+?()[]{}|/".contains(c) => c,
        c if legacy && !c.is_ascii_alphanumeric() => c,
        _ => return None,
    })
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

fn push_class_char(out: &mut String, c: char) {
    out.push_str(&format!("\\x{{{:X}}}", c as u32));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::patterns::{Engine, compile_engine};
    use crate::runtime::*;

    #[test]
    fn patterns_translate_only_what_means_the_same() {
        assert_eq!(
            translate_pattern("^[A-Z]{2}-\\d+$").as_deref(),
            Some("^[\\x{41}-\\x{5A}]{2}\\x{2D}[0-9]+$")
        );
        assert_eq!(
            translate_pattern("a.b").as_deref(),
            Some("a[^\\x{A}\\x{D}\\x{2028}\\x{2029}]b")
        );
        assert_eq!(
            translate_pattern("[^\\s\\]-]").as_deref(),
            Some(
                "[^\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}\\x{5D}\\x{2D}]"
            )
        );
        for untranslated in [
            "\\bword", "(?=a)", "(a)\\1", "\\p{Lu}", "[]", "[^]", "(?<n>a)", "a]", "\\c",
        ] {
            assert_eq!(translate_pattern(untranslated), None, "{untranslated}");
        }
        // A negated set inside a class is a nested class, which `regex` reads as a union.
        assert_eq!(translate_pattern("[\\D]").as_deref(), Some("[[^0-9]]"));
    }

    #[test]
    fn translated_patterns_match_like_ecma_262() {
        let patterns = [
            "^[A-Z0-9-]{4,12}$",
            "^[0-9]{5}(-[0-9]{4})?$",
            "^\\+[1-9][0-9]{7,14}$",
            "^\\d{3}-\\d{2}-\\d{4}$",
            "^[a-z]+(?:_[a-z]+)*$",
            "\\w+@\\w+\\.com",
            "^.{2,3}$",
            "^\\S+\\s\\S+$",
            "a|bc|",
            "^[^a-c]*$",
            "x*?y+?z??",
            "^\\u00e9\\x41\\u{1F600}?$",
            "[\\[\\]\\\\/.]",
            "^[\\t\\n\\v\\f\\r\\0]+$",
            "^(ab){2}$",
            "^[a-]$",
            "^[\\--/]$",
            "^[\\w\\W]+$",
            "^[^\\D]+$",
            "^[a\\S]$",
            "^[^\\W\\s]*$",
        ];
        let inputs = [
            "",
            "a",
            "ab",
            "abab",
            "SKU-0001",
            "sku-0001",
            "12345",
            "12345-6789",
            "1234",
            "+14155550100",
            "123-45-6789",
            "foo_bar_baz",
            "Foo",
            "me@mail.com",
            "xy",
            "xyz",
            "x\ny",
            "x\u{2028}",
            "é",
            "éA",
            "éA😀",
            "😀😀",
            "a b",
            "a  b",
            "\u{a0}b",
            "[",
            "]",
            "\\",
            "/",
            ".",
            "\t\n",
            "\u{0}",
            "-",
            ".",
            "zzzz",
            "xyyyz",
            "bc",
        ];
        for pattern in patterns {
            let translated =
                translate_pattern(pattern).unwrap_or_else(|| panic!("{pattern} is not translated"));
            let fast = regex::Regex::new(&translated)
                .unwrap_or_else(|err| panic!("{pattern} as {translated}: {err}"));
            let ecma = regress::Regex::with_flags(pattern, "u").expect("valid ECMA-262");
            for input in inputs {
                assert_eq!(
                    fast.is_match(input),
                    ecma.find(input).is_some(),
                    "{pattern:?} (as {translated:?}) on {input:?}"
                );
            }
            let pattern = Box::leak(pattern.to_string().into_boxed_str());
            assert!(
                matches!(compile_engine(pattern), Some(Engine::Fast(_))),
                "{pattern}"
            );
        }
        // Lookaround, backreferences and word boundaries run with a budget.
        assert!(matches!(
            compile_engine("\\bis\\b"),
            Some(Engine::Bounded(_))
        ));
        assert!(!runs_in_linear_time("\\bis\\b") && runs_in_linear_time("^a+$"));
        // The legacy grammar's escapes are translated too.
        assert!(matches!(compile_engine("[\\w-.]"), Some(Engine::Fast(_))));
        assert!(matches!(
            compile_engine("^\\d+\\-\\d+$"),
            Some(Engine::Fast(_))
        ));
        assert!(compile_engine("(").is_none());
        let word = Pattern::new("\\bis\\b");
        assert_eq!(word.is_match("this is it"), Some(true));
        assert_eq!(word.is_match("this"), Some(false));
        assert_eq!(Pattern::new("(").is_match("x"), None);
    }
}
