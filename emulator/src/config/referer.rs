//! Hotlink protection (`PUT/GET /?referer`) and the check it makes.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// Most domains in the list.
pub(crate) const MAX_DOMAINS: usize = 1000;

/// Checks a `RefererConfiguration`: `Status`, `RefererType`, a non-empty
/// `DomainList`, optional `EmptyReferConfiguration` and
/// `VerifySignatureURL`; puts them in COS's order.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    one_of("Status", doc.required("Status")?, &["Enabled", "Disabled"])?;
    one_of(
        "RefererType",
        doc.required("RefererType")?,
        &["White-List", "Black-List"],
    )?;
    let domains: Vec<&str> = doc
        .required_child("DomainList")?
        .all("Domain")
        .map(|d| d.text.as_str())
        .collect();
    if domains.is_empty() || domains.iter().any(|d| d.is_empty()) {
        return Err(CosError::malformed_xml());
    }
    if domains.len() > MAX_DOMAINS {
        return Err(CosError::invalid_argument(format!(
            "The domain list should not exceed {MAX_DOMAINS} domains."
        )));
    }
    if let Some(v) = doc.text_of("EmptyReferConfiguration") {
        one_of("EmptyReferConfiguration", v, &["Allow", "Deny"])?;
    }
    if let Some(v) = doc.text_of("VerifySignatureURL") {
        one_of("VerifySignatureURL", v, &["Enabled", "Disabled"])?;
    }
    doc.reorder(&[
        "Status",
        "RefererType",
        "DomainList",
        "EmptyReferConfiguration",
        "VerifySignatureURL",
    ]);
    Ok(())
}

/// Whether a request with this `Referer` (absent or empty: `None`) may go on.
/// Only an `Enabled` configuration checks anything; a signed request is
/// checked only with `VerifySignatureURL` `Enabled` (COS's default leaves
/// signed requests alone). A missing referer follows
/// `EmptyReferConfiguration` (default `Deny`); otherwise the referer's host
/// (scheme, port and path dropped) must match a domain of a white list, or
/// none of a black list. Domains match exactly or with `*` wildcards
/// (`*.qq.com`), case-insensitively.
pub(crate) fn allows(doc: &Elem, referer: Option<&str>, signed: bool) -> bool {
    if doc.text_of("Status") != Some("Enabled") {
        return true;
    }
    if signed && doc.text_of("VerifySignatureURL") != Some("Enabled") {
        return true;
    }
    let Some(referer) = referer.map(str::trim).filter(|r| !r.is_empty()) else {
        return doc.text_of("EmptyReferConfiguration") == Some("Allow");
    };
    let host = referer_host(referer);
    let listed = doc
        .child("DomainList")
        .map(|l| {
            l.all("Domain")
                .any(|d| domain_matches(&referer_host(&d.text), &host))
        })
        .unwrap_or(false);
    match doc.text_of("RefererType") {
        Some("Black-List") => !listed,
        _ => listed,
    }
}

/// The host of a referer or domain entry, lower case: scheme, path, query
/// and port dropped.
fn referer_host(value: &str) -> String {
    let rest = value.split_once("://").map_or(value, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    host.to_ascii_lowercase()
}

fn domain_matches(pattern: &str, host: &str) -> bool {
    super::glob::matches(pattern, host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &str, empty: &str, domains: &[&str]) -> Elem {
        let list: String = domains
            .iter()
            .map(|d| format!("<Domain>{d}</Domain>"))
            .collect();
        let mut e = Elem::parse(&format!(
            "<RefererConfiguration><Status>Enabled</Status><RefererType>{kind}</RefererType><DomainList>{list}</DomainList><EmptyReferConfiguration>{empty}</EmptyReferConfiguration></RefererConfiguration>"
        ), "RefererConfiguration").unwrap();
        validate(&mut e).unwrap();
        e
    }

    #[test]
    fn white_and_black_lists() {
        let w = doc(
            "White-List",
            "Deny",
            &["*.qq.com", "https://example.com:8080"],
        );
        assert!(allows(&w, Some("https://www.qq.com/a?b"), false));
        assert!(allows(&w, Some("http://EXAMPLE.com/x"), false));
        assert!(!allows(&w, Some("https://qq.com.evil.net/"), false));
        assert!(!allows(&w, None, false));
        assert!(allows(&w, None, true), "signed requests are not checked");
        let b = doc("Black-List", "Allow", &["bad.example.com"]);
        assert!(!allows(&b, Some("http://bad.example.com/p"), false));
        assert!(allows(&b, Some("http://good.example.com/p"), false));
        assert!(allows(&b, Some(""), false));
    }
}
