//! Spec text made safe to show: as one inline code span (in generated prose and in
//! diagnostics), and without the control and bidirectional formatting characters rustc denies
//! in comments and literals.

/// `text` verbatim as one inline code span, for spec values shown in generated prose (patterns,
/// defaults): control characters removed, line breaks and tabs as spaces, fenced with more
/// backticks than any run inside, and padded with a space where CommonMark would otherwise
/// read a leading or trailing backtick or space as part of the fence. Nothing inside a code
/// span is a link, a tag or a URL to rustdoc, so any text is safe there.
pub(crate) fn inline_code(text: &str) -> String {
    let text: String = strip_unsafe_chars(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    if text.is_empty() {
        return "` `".to_string();
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let edge = |c: Option<char>| matches!(c, Some('`' | ' '));
    let pad = if (edge(text.chars().next()) || edge(text.chars().last())) && !text.trim().is_empty()
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Removes control characters other than line feeds and tabs, and the bidirectional formatting
/// characters that rustc denies in comments and literals.
pub(crate) fn strip_unsafe_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            !bidi && (!c.is_control() || c == '\n' || c == '\t')
        })
        .collect()
}
