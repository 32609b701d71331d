//! Public IP addresses (Lớp 4): parsing, the non-public ranges that are errors and the
//! documentation ranges that are warnings (input.md, "Non-public addresses").

use std::net::{IpAddr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::messages::tr;

/// IPv4 ranges that are never public, with what they are.
const NON_PUBLIC_V4: &[(&str, &str)] = &[
    ("0.0.0.0/8", "\"this network\""),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared address space"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.168.0.0/16", "private"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("255.255.255.255/32", "broadcast"),
];

/// IPv6 ranges that are never public.
const NON_PUBLIC_V6: &[(&str, &str)] = &[
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("fc00::/7", "unique local"),
    ("fe80::/10", "link-local"),
    ("ff00::/8", "multicast"),
];

/// Documentation ranges (RFC 5737, RFC 3849): real systems never have these.
const DOCUMENTATION_V4: &[(&str, &str)] =
    &[("192.0.2.0/24", "documentation"), ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation")];
const DOCUMENTATION_V6: &[(&str, &str)] = &[("2001:db8::/32", "documentation")];

/// A range of the lists above, found to overlap an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// The range as written in input.md, e.g. `10.0.0.0/8`.
    pub range: String,
    /// What it is, e.g. `private`.
    pub what: &'static str,
    /// Found through the IPv4 address an IPv6 address embeds.
    pub embedded: bool,
}

impl std::fmt::Display for Hit {
    /// `10.0.0.0/8 (private)`, and for an embedded IPv4 address `… as an IPv4-mapped or
    /// IPv4-compatible address`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (range, what) = (&self.range, what_text(self.what));
        if self.embedded {
            f.write_str(&tr!("{range} ({what}) as an IPv4-mapped or IPv4-compatible address", range, what))
        } else {
            write!(f, "{range} ({what})")
        }
    }
}

/// What a range is (the second column of the lists above), in the user's language.
fn what_text(what: &str) -> String {
    match what {
        "\"this network\"" => tr!("\"this network\""),
        "private" => tr!("private"),
        "shared address space" => tr!("shared address space"),
        "loopback" => tr!("loopback"),
        "link-local" => tr!("link-local"),
        "multicast" => tr!("multicast"),
        "reserved" => tr!("reserved"),
        "broadcast" => tr!("broadcast"),
        "unspecified" => tr!("unspecified"),
        "unique local" => tr!("unique local"),
        "documentation" => tr!("documentation"),
        other => other.to_owned(),
    }
}

/// A checked address: its canonical form and the documentation range it falls in, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    /// Canonical text (`2402:800::1`, `113.160.92.64/29`): what duplicates are compared by.
    pub canonical: String,
    /// A documentation range it overlaps (a warning).
    pub documentation: Option<Hit>,
}

/// Why an address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not an IPv4 or IPv6 address or CIDR block.
    Unparsable,
    /// In (or, for a block, overlapping) a non-public range.
    NonPublic(Hit),
}

fn v4(s: &str) -> Ipv4Net {
    s.parse().expect("static range")
}

fn v6(s: &str) -> Ipv6Net {
    s.parse().expect("static range")
}

fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// The IPv6 forms of an IPv4 range: IPv4-mapped `::ffff:a.b.c.d` and IPv4-compatible `::a.b.c.d`.
fn embedded(net: Ipv4Net) -> [Ipv6Net; 2] {
    let o = net.network().octets();
    let mapped = Ipv6Addr::from(u128::from(0xffff_u32) << 32 | u128::from(u32::from_be_bytes(o)));
    let compat = Ipv6Addr::from(u128::from(u32::from_be_bytes(o)));
    let len = net.prefix_len() + 96;
    [Ipv6Net::new(mapped, len).expect("≤128"), Ipv6Net::new(compat, len).expect("≤128")]
}

/// The first range of `v4s`/`v6s` that `net` overlaps. An IPv6 address or block is also judged by
/// the IPv4 address it embeds (IPv4-mapped or IPv4-compatible).
fn find(net: &IpNet, v4s: &[(&str, &'static str)], v6s: &[(&str, &'static str)]) -> Option<Hit> {
    match net {
        IpNet::V4(_) => v4s.iter().find(|(r, _)| overlaps(net, &IpNet::V4(v4(r)))).map(|(r, what)| Hit {
            range: (*r).to_owned(),
            what,
            embedded: false,
        }),
        IpNet::V6(_) => {
            if let Some((r, what)) = v6s.iter().find(|(r, _)| overlaps(net, &IpNet::V6(v6(r)))) {
                return Some(Hit { range: (*r).to_owned(), what, embedded: false });
            }
            v4s.iter()
                .find(|(r, _)| embedded(v4(r)).iter().any(|e| overlaps(net, &IpNet::V6(*e))))
                .map(|(r, what)| Hit { range: (*r).to_owned(), what, embedded: true })
        }
    }
}

/// Parses `s` as an address or a CIDR block and checks it is public.
pub(crate) fn check(s: &str) -> Result<Checked, Refused> {
    let net: IpNet = if s.contains('/') {
        s.parse().map_err(|_| Refused::Unparsable)?
    } else {
        let addr: IpAddr = s.parse().map_err(|_| Refused::Unparsable)?;
        IpNet::from(addr)
    };
    if let Some(hit) = find(&net, NON_PUBLIC_V4, NON_PUBLIC_V6) {
        return Err(Refused::NonPublic(hit));
    }
    let canonical = if s.contains('/') { net.trunc().to_string() } else { net.addr().to_string() };
    let documentation = find(&net, DOCUMENTATION_V4, DOCUMENTATION_V6);
    Ok(Checked { canonical, documentation })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> String {
        match check(s) {
            Err(Refused::NonPublic(h)) => h.range,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn public_addresses_pass() {
        for s in ["14.160.32.5", "113.160.92.64/29", "2402:800:6371:1::25", "8.8.8.8", "2001:ee0::/32"] {
            assert!(check(s).is_ok(), "{s}");
        }
        assert_eq!(check("2402:800:6371:1:0:0:0:25").unwrap().canonical, "2402:800:6371:1::25");
        assert_eq!(check("113.160.92.65/29").unwrap().canonical, "113.160.92.64/29");
    }

    #[test]
    fn every_non_public_range_is_refused() {
        assert_eq!(refused("0.1.2.3"), "0.0.0.0/8");
        assert_eq!(refused("10.1.2.3"), "10.0.0.0/8");
        assert_eq!(refused("100.64.0.1"), "100.64.0.0/10");
        assert_eq!(refused("127.0.0.1"), "127.0.0.0/8");
        assert_eq!(refused("169.254.1.1"), "169.254.0.0/16");
        assert_eq!(refused("172.31.255.255"), "172.16.0.0/12");
        assert_eq!(refused("192.168.1.1"), "192.168.0.0/16");
        assert_eq!(refused("224.0.0.1"), "224.0.0.0/4");
        assert_eq!(refused("250.1.1.1"), "240.0.0.0/4");
        assert_eq!(refused("255.255.255.255"), "240.0.0.0/4");
        assert_eq!(refused("::"), "::/128");
        assert_eq!(refused("::1"), "::1/128");
        assert_eq!(refused("fd00::1"), "fc00::/7");
        assert_eq!(refused("fe80::1"), "fe80::/10");
        assert_eq!(refused("ff02::1"), "ff00::/8");
        assert_eq!(refused("::ffff:10.0.0.1"), "10.0.0.0/8");
        assert_eq!(refused("::192.168.0.1"), "192.168.0.0/16");
        // a block is refused when any part of it is non-public
        assert_eq!(refused("10.0.0.0/7"), "10.0.0.0/8");
        assert_eq!(refused("172.0.0.0/8"), "172.16.0.0/12");
        assert_eq!(refused("0.0.0.0/0"), "0.0.0.0/8");
        assert_eq!(refused("::ffff:0:0/96"), "0.0.0.0/8");
    }

    #[test]
    fn garbage_and_documentation() {
        for s in ["300.1.1.1", "1.2.3", "010.1.1.1", "1.2.3.4/33", "fe80::1%eth0", "abc", "1.2.3.4 "] {
            assert_eq!(check(s), Err(Refused::Unparsable), "{s}");
        }
        assert_eq!(check("203.0.113.10").unwrap().documentation.unwrap().range, "203.0.113.0/24");
        assert_eq!(check("2001:db8::1").unwrap().documentation.unwrap().range, "2001:db8::/32");
        assert!(check("14.160.32.5").unwrap().documentation.is_none());
    }
}
