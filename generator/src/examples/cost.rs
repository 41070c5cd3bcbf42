//! A bound on the steps a backtracking regular expression engine (`regress`, as the generated
//! code runs the patterns the `regex` crate cannot express) takes to find an ECMA-262 pattern
//! in a text of a given length, from the pattern's shape alone. Examples whose bound is over
//! [`BUDGET`] are not matched at all: a pattern such as `^(\w+\s?)+\1$` can take a
//! backtracking engine longer than any build may wait on a text of forty characters.
//!
//! The bound counts, for each part of the pattern, the ways it can match from one place
//! (`ways`) and the steps that trying all of them takes (`work`): a sequence tries its second
//! part once for each way of its first, an alternation tries every branch, a repetition of at
//! most `m` rounds tries every number of rounds up to `m` (a round past the minimum consumes a
//! character, so `m` is at most the minimum plus the text's length), a lookaround is tried
//! once and never backtracked into, and a backreference compares up to the whole text. The
//! total is the work from every start position. The bound is loose (it ignores every way a
//! match fails early), so it only ever says no to patterns that nest repetitions or repeat
//! alternatives, where the real cost does explode.

/// The most steps spent matching one example against one pattern.
pub(super) const BUDGET: f64 = 1e7;

/// Groups nested deeper than this are not read (the bound is then unknown).
const MAX_NESTING: usize = 128;

/// An upper bound on the steps of a backtracking search for `pattern` in a text of `len`
/// characters; `None` when the pattern is not read (syntax the bound does not know).
pub(super) fn backtracking_work(pattern: &str, len: usize) -> Option<f64> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        len: len as f64,
    };
    let cost = parser.alternation(0)?;
    if parser.pos != parser.chars.len() {
        return None;
    }
    Some((parser.len + 1.0) * cost.work)
}

/// The ways a part can match from one place, and the steps trying all of them takes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost {
    ways: f64,
    work: f64,
}

/// A single step with a single outcome: a character, a class, an assertion.
const STEP: Cost = Cost {
    ways: 1.0,
    work: 1.0,
};

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// The text's length in characters.
    len: f64,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let res = self.peek() == Some(c);
        if res {
            self.pos += 1;
        }
        res
    }

    /// Branches separated by `|`, up to a `)` or the end.
    fn alternation(&mut self, depth: usize) -> Option<Cost> {
        if depth > MAX_NESTING {
            return None;
        }
        let mut res = self.sequence(depth)?;
        while self.eat('|') {
            let branch = self.sequence(depth)?;
            res = Cost {
                ways: res.ways + branch.ways,
                work: res.work + branch.work,
            };
        }
        Some(res)
    }

    fn sequence(&mut self, depth: usize) -> Option<Cost> {
        let mut res = Cost {
            ways: 1.0,
            work: 0.0,
        };
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let part = self.quantified(atom)?;
            res = Cost {
                ways: res.ways * part.ways,
                work: res.work + res.ways * part.work,
            };
        }
        Some(res)
    }

    /// The atom at the current place (a character, class, escape or group).
    fn atom(&mut self, depth: usize) -> Option<Cost> {
        let c = self.peek()?;
        self.pos += 1;
        match c {
            '(' => {
                let lookaround = if self.eat('?') {
                    match self.peek()? {
                        ':' => {
                            self.pos += 1;
                            false
                        }
                        '=' | '!' => {
                            self.pos += 1;
                            true
                        }
                        '<' => {
                            self.pos += 1;
                            if self.eat('=') || self.eat('!') {
                                true
                            } else {
                                // A named group: `(?<name>`.
                                while self.peek()? != '>' {
                                    self.pos += 1;
                                }
                                self.pos += 1;
                                false
                            }
                        }
                        _ => return None,
                    }
                } else {
                    false
                };
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return None;
                }
                Some(if lookaround {
                    // Tried once where it stands; never backtracked into.
                    Cost {
                        ways: 1.0,
                        work: inner.work,
                    }
                } else {
                    inner
                })
            }
            '[' => {
                // A class: one step, whatever it holds.
                loop {
                    match self.peek()? {
                        ']' => {
                            self.pos += 1;
                            break Some(STEP);
                        }
                        '\\' => self.pos += 2,
                        _ => self.pos += 1,
                    }
                }
            }
            '\\' => self.escape(),
            '*' | '+' | '?' => None,
            _ => Some(STEP),
        }
    }

    /// The rest of an escape after its `\`.
    fn escape(&mut self) -> Option<Cost> {
        let c = self.peek()?;
        self.pos += 1;
        let backreference = Cost {
            ways: 1.0,
            work: self.len + 1.0,
        };
        match c {
            '1'..='9' => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                Some(backreference)
            }
            'k' if self.peek() == Some('<') => {
                while self.peek()? != '>' {
                    self.pos += 1;
                }
                self.pos += 1;
                Some(backreference)
            }
            'p' | 'P' | 'u' if self.peek() == Some('{') => {
                while self.peek()? != '}' {
                    self.pos += 1;
                }
                self.pos += 1;
                Some(STEP)
            }
            'u' | 'x' => {
                let digits = if c == 'u' { 4 } else { 2 };
                for _ in 0..digits {
                    if self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                }
                Some(STEP)
            }
            'c' => {
                if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.pos += 1;
                }
                Some(STEP)
            }
            _ => Some(STEP),
        }
    }

    /// `atom` with the quantifier that follows it, if one does.
    fn quantified(&mut self, atom: Cost) -> Option<Cost> {
        let (min, max) = match self.peek() {
            Some('{') => match self.braces() {
                Some(bounds) => bounds,
                // Not a quantifier: a literal `{`, read as the next atom.
                None => return Some(atom),
            },
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                match c {
                    '*' => (0.0, None),
                    '+' => (1.0, None),
                    _ => (0.0, Some(1.0)),
                }
            }
            _ => return Some(atom),
        };
        // Lazy or greedy, every number of rounds may be tried.
        self.eat('?');
        // Past the minimum, each round consumes a character.
        let rounds = max.map_or(min + self.len, |max: f64| max.min(min + self.len));
        Some(repeat(atom, rounds))
    }

    /// A `{n}`, `{n,}` or `{n,m}` quantifier, consumed; `None` (consuming nothing) for a `{`
    /// that starts none.
    fn braces(&mut self) -> Option<(f64, Option<f64>)> {
        let start = self.pos;
        self.pos += 1;
        let number = |p: &mut Parser| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            let digits: String = p.chars[from..p.pos].iter().collect();
            (!digits.is_empty()).then(|| digits.parse::<f64>().unwrap_or(f64::INFINITY))
        };
        let res = (|| {
            let min = number(self)?;
            let max = if self.eat(',') {
                number(self)
            } else {
                Some(min)
            };
            self.eat('}').then_some((min, max))
        })();
        if res.is_none() {
            self.pos = start;
        }
        res
    }
}

/// Up to `rounds` rounds of `body`: every number of rounds is tried.
fn repeat(body: Cost, rounds: f64) -> Cost {
    if body.ways <= 1.0 {
        return Cost {
            ways: rounds + 1.0,
            work: rounds * body.work,
        };
    }
    // Σ p^k for k in 0..=m ways, Σ p^(k-1) · w for k in 1..=m steps.
    let p = body.ways;
    Cost {
        ways: (p.powf(rounds + 1.0) - 1.0) / (p - 1.0),
        work: body.work * (p.powf(rounds) - 1.0) / (p - 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within_budget(pattern: &str, len: usize) -> bool {
        backtracking_work(pattern, len).is_some_and(|work| work <= BUDGET)
    }

    #[test]
    fn simple_patterns_are_cheap_and_nested_repetition_is_not() {
        // Lookarounds, backreferences, word boundaries and properties, on texts of a size
        // examples have.
        for pattern in [
            r"^(?=.*[A-Z])(?=.*\d)(?!.*\s).{8,64}$",
            r"^(\w+)-\1$",
            r"\bfoo\b",
            r"^\p{Lu}\p{L}*$",
            r"^(?<year>\d{4})-\k<year>$",
            r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
        ] {
            assert!(within_budget(pattern, 40), "{pattern}");
        }
        for pattern in [r"^(a+)+$", r"^(\w+\s?)+\1$", r"(a|a)*b", r"^((ab)*)*c(?=x)"] {
            assert!(!within_budget(pattern, 40), "{pattern}");
        }
        // The bound grows with the text.
        let short = backtracking_work(r"^(\w+)\s\1$", 10).unwrap();
        let long = backtracking_work(r"^(\w+)\s\1$", 1000).unwrap();
        assert!(short < long);
    }

    #[test]
    fn quantifier_syntax_and_literal_braces() {
        let lit = backtracking_work("a{x}", 5).unwrap();
        let counted = backtracking_work("a{2,3}", 5).unwrap();
        assert!(lit > 0.0 && counted > 0.0);
        // Syntax the bound does not read leaves it unknown.
        assert_eq!(backtracking_work("(?", 5), None);
        assert_eq!(backtracking_work("*a", 5), None);
        assert_eq!(backtracking_work("(a", 5), None);
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(backtracking_work(&deep, 5), None);
    }
}
