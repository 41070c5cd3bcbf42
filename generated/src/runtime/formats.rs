//! The `format`s with a real check: dates and date-times (RFC 3339), emails, IP addresses,
//! URIs and UUIDs.

/// Whether `value` is valid in `format`, for the formats with a real check: `date` and
/// `date-time` (RFC 3339), `email` (an RFC 5321 mailbox: dot-atom or quoted local part, a
/// domain name or address literal), `ipv4`, `ipv6`, `uri` (an absolute RFC 3986 URI) and
/// `uuid`. `None` for other formats, which are not checked.
pub fn format_matches(format: &str, value: &str) -> Option<bool> {
    Some(match format {
        "date" => is_date(value),
        "date-time" => {
            value.len() >= 20
                && value.as_bytes()[10].eq_ignore_ascii_case(&b't')
                && is_date(&value[..10])
                && is_time(&value.as_bytes()[11..])
        }
        "email" => is_email(value),
        "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => is_uri(value),
        "uuid" => is_uuid(value),
        _ => return None,
    })
}

pub(super) fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && {
            let number = |range: std::ops::Range<usize>| {
                bytes[range]
                    .iter()
                    .fold(0u32, |acc, digit| acc * 10 + u32::from(digit - b'0'))
            };
            let (year, month, day) = (number(0..4), number(5..7), number(8..10));
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 0,
            };
            (1..=days).contains(&day)
        }
}

/// An RFC 3339 time with its offset, after a date-time's `T`: `HH:MM:SS`, a fraction of
/// one or more digits, then `Z` or `±HH:MM`. A second of 60 is a leap second.
fn is_time(bytes: &[u8]) -> bool {
    // Two digits at `at` as a number at most `max`.
    let two = |at: usize, max: u8| {
        bytes.get(at..at + 2).is_some_and(|pair| {
            pair.iter().all(u8::is_ascii_digit) && (pair[0] - b'0') * 10 + (pair[1] - b'0') <= max
        })
    };
    let clock = two(0, 23)
        && bytes.get(2) == Some(&b':')
        && two(3, 59)
        && bytes.get(5) == Some(&b':')
        && two(6, 60);
    if !clock {
        return false;
    }
    let mut rest = &bytes[8..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', offset @ ..] if offset.len() == 5 => {
            let offset_ok = |bytes: &[u8]| {
                let two = |at: usize, max: u8| {
                    bytes[at..at + 2].iter().all(u8::is_ascii_digit)
                        && (bytes[at] - b'0') * 10 + (bytes[at + 1] - b'0') <= max
                };
                two(0, 23) && bytes[2] == b':' && two(3, 59)
            };
            offset_ok(offset)
        }
        _ => false,
    }
}

fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(idx, b)| match idx {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = if let Some(quoted) = local
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        let mut escaped = false;
        quoted.chars().all(|c| {
            let ok = escaped || (c != '"' && (c == ' ' || c.is_ascii_graphic()));
            escaped = !escaped && c == '\\';
            ok
        }) && !escaped
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(atext))
    };
    let domain_ok = if let Some(literal) = domain
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        literal.parse::<std::net::Ipv4Addr>().is_ok()
            || literal
                .strip_prefix("IPv6:")
                .is_some_and(|v6| v6.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !domain.is_empty()
            && domain.len() <= 253
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    local.len() <= 64 && local_ok && domain_ok
}

fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let bytes = rest.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() {
        let b = bytes[idx];
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(idx + 1) && hex(idx + 2)) {
                return false;
            }
            idx += 3;
            continue;
        }
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !allowed {
            return false;
        }
        idx += 1;
    }
    scheme_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_a_check() {
        let cases = [
            ("date", "2024-02-29", true),
            ("date", "2023-02-29", false),
            ("date", "2024-2-29", false),
            ("date-time", "2024-05-01T12:30:00Z", true),
            ("date-time", "2024-05-01t12:30:00.5+02:00", true),
            ("date-time", "2024-05-01 12:30:00Z", false),
            ("date-time", "2024-05-01T12:30:00", false),
            ("uuid", "6F1C2A9E-0B7D-4C3E-9A51-2F8E7D6C5B4A", true),
            ("uuid", "6f1c2a9e0b7d4c3e9a512f8e7d6c5b4a", false),
            ("email", "a.b+c@example.co.uk", true),
            ("email", "\"a b\"@example.com", true),
            ("email", "a@[IPv6:::1]", true),
            ("email", "a..b@example.com", false),
            ("email", "a@-example.com", false),
            ("email", "@example.com", false),
            ("uri", "https://example.com/a?b=c#d", true),
            ("uri", "urn:isbn:0451450523", true),
            ("uri", "mailto:a@b.c", true),
            ("uri", "/relative/path", false),
            ("uri", "https://example.com/a b", false),
            ("uri", "https://example.com/%zz", false),
            ("ipv4", "192.168.0.1", true),
            ("ipv4", "256.1.1.1", false),
            ("ipv6", "2001:db8::1", true),
            ("ipv6", "2001:db8::g", false),
        ];
        for (format, value, valid) in cases {
            assert_eq!(
                format_matches(format, value),
                Some(valid),
                "{format}: {value}"
            );
        }
        assert_eq!(format_matches("phone", "x"), None);
    }
}
