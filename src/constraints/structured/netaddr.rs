//! Models of `net/url` and `net`/`net/netip` parsing: which strings `url.Parse`, `net.ParseIP`,
//! `netip.ParseAddr` and `net.ParseCIDR` accept, and the properties guards read from the result
//! (`u.Scheme`, `u.Host`, `u.Query().Get(k)`, `ip.IsLoopback()`, `a.Is4()`...).

use std::net::IpAddr;

/// The parts of a parsed URL that guards compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Url {
    pub scheme: String,
    pub user: String,
    pub host: String,
    pub path: String,
    pub raw_query: String,
    pub fragment: String,
}

fn unescape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `url.Parse(s)` (the subset of its rules that decides success for ordinary input: control
/// characters, a missing scheme before `:`, bad escapes, bad host characters).
pub fn parse_url(s: &str) -> Option<Url> {
    if s.bytes().any(|c| c < 0x20 || c == 0x7f) {
        return None;
    }
    let (rest, fragment) = match s.split_once('#') {
        Some((r, f)) => (r, unescape(f)?),
        None => (s, String::new()),
    };
    let mut u = Url {
        fragment,
        ..Url::default()
    };
    // getScheme: letters, then letters/digits/+-. up to ':'.
    let mut rest = rest;
    for (i, c) in rest.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return None,
            ':' => {
                u.scheme = rest[..i].to_ascii_lowercase();
                rest = &rest[i + 1..];
                break;
            }
            _ => break,
        }
    }
    if let Some((r, q)) = rest.split_once('?') {
        u.raw_query = q.to_string();
        rest = r;
    }
    if let Some(auth) = rest.strip_prefix("//") {
        let end = auth.find('/').unwrap_or(auth.len());
        let (authority, path) = auth.split_at(end);
        let host = match authority.rsplit_once('@') {
            Some((user, host)) => {
                u.user = unescape(user)?;
                host
            }
            None => authority,
        };
        let ok_char = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:[]%".contains(c);
        if !host.chars().all(ok_char) {
            return None;
        }
        u.host = unescape(host)?;
        rest = path;
    } else if u.scheme.is_empty() && rest.split('/').next().unwrap_or("").contains(':') {
        // "first path segment in URL cannot contain colon"
        return None;
    }
    u.path = unescape(rest)?;
    Some(u)
}

/// `url.ParseQuery(raw)` then `.Get(key)`: the first value of `key`, "" when absent.
pub fn query_get(raw: &str, key: &str) -> String {
    for pair in raw.split(['&']) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let un = |s: &str| unescape(&s.replace('+', " "));
        if un(k).as_deref() == Some(key) {
            return un(v).unwrap_or_default();
        }
    }
    String::new()
}

/// `net.ParseIP` / `netip.ParseAddr` (no zones).
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// `net.ParseCIDR`: the address and the prefix length.
pub fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (a, n) = s.split_once('/')?;
    let ip = parse_ip(a)?;
    if n.is_empty() || n.len() > 3 || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let bits: u8 = n.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

/// The boolean methods of `net.IP` (`net == true`) and `netip.Addr`, by Go name.
pub fn ip_method(ip: &IpAddr, name: &str, net: bool) -> Option<bool> {
    // net.IP treats IPv4-mapped IPv6 addresses as IPv4; netip.Addr does not.
    let v4 = match ip {
        IpAddr::V4(a) => Some(*a),
        IpAddr::V6(a) if net => a.to_ipv4_mapped(),
        IpAddr::V6(_) => None,
    };
    Some(match (name, v4) {
        ("Is4", _) => matches!(ip, IpAddr::V4(_)),
        ("Is6", _) => matches!(ip, IpAddr::V6(_)),
        ("Is4In6", _) => matches!(ip, IpAddr::V6(a) if a.to_ipv4_mapped().is_some()),
        ("IsLoopback", Some(a)) => a.is_loopback(),
        ("IsLoopback", None) => ip.is_loopback(),
        ("IsUnspecified", Some(a)) => a.is_unspecified(),
        ("IsUnspecified", None) => ip.is_unspecified(),
        ("IsMulticast", Some(a)) => a.is_multicast(),
        ("IsMulticast", None) => ip.is_multicast(),
        ("IsPrivate", Some(a)) => a.is_private(),
        ("IsPrivate", None) => matches!(ip, IpAddr::V6(a) if (a.segments()[0] & 0xfe00) == 0xfc00),
        ("IsLinkLocalUnicast", Some(a)) => a.is_link_local(),
        ("IsLinkLocalUnicast", None) => {
            matches!(ip, IpAddr::V6(a) if (a.segments()[0] & 0xffc0) == 0xfe80)
        }
        _ => return None,
    })
}

/// Addresses with every property combination the models above distinguish.
pub const IP_POOL: [&str; 10] = [
    "192.0.2.1",
    "127.0.0.1",
    "10.0.0.1",
    "2001:db8::1",
    "::1",
    "0.0.0.0",
    "224.0.0.1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_as_go_parses_them() {
        let u = parse_url("https://internal.example/a%20b?token=x&y=1#f").expect("valid");
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str()),
            ("https", "internal.example")
        );
        assert_eq!(
            (u.path.as_str(), u.raw_query.as_str()),
            ("/a b", "token=x&y=1")
        );
        assert_eq!(query_get(&u.raw_query, "token"), "x");
        assert_eq!(query_get(&u.raw_query, "none"), "");
        assert_eq!(parse_url(":x"), None, "missing protocol scheme");
        assert_eq!(parse_url("http://a b/"), None, "invalid host");
        assert_eq!(parse_url("/%zz"), None, "bad escape");
        assert_eq!(parse_url("a:b").map(|u| u.scheme), Some("a".into()));
    }

    #[test]
    fn ip_properties_follow_net_and_netip() {
        let mapped = parse_ip("::ffff:127.0.0.1").expect("valid");
        assert_eq!(ip_method(&mapped, "IsLoopback", true), Some(true));
        assert_eq!(ip_method(&mapped, "Is4", false), Some(false));
        assert_eq!(parse_cidr("10.0.0.0/33"), None);
        assert_eq!(parse_ip("1.2.3"), None);
    }
}
