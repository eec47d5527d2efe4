//! Static website configuration (`PUT/GET/DELETE /?website`) and the
//! decisions the website endpoint makes with it: which key a path serves,
//! and which redirect a routing rule answers.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// Most routing rules.
pub(crate) const MAX_ROUTING_RULES: usize = 100;

/// Checks a `WebsiteConfiguration`: `IndexDocument/Suffix` (unless every
/// request is redirected), optional `RedirectAllRequestsTo/Protocol`,
/// `ErrorDocument/Key` and up to 100 `RoutingRules`, each with one condition
/// and a redirect that replaces the key or its prefix (not both).
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let redirect_all = doc.child("RedirectAllRequestsTo");
    if let Some(r) = redirect_all {
        one_of("Protocol", r.required("Protocol")?, &["http", "https"])?;
    }
    match doc.child("IndexDocument") {
        Some(index) => {
            let suffix = index.required("Suffix")?;
            if suffix.contains('/') {
                return Err(CosError::invalid_argument(
                    "The IndexDocument Suffix must not contain a slash.",
                ));
            }
        }
        None if redirect_all.is_none() => return Err(CosError::malformed_xml()),
        None => {}
    }
    if let Some(error) = doc.child("ErrorDocument") {
        error.required("Key")?;
        if let Some(v) = error.text_of("OriginalHttpStatus") {
            one_of("OriginalHttpStatus", v, &["Enabled", "Disabled"])?;
        }
    }
    if let Some(rules) = doc.child("RoutingRules") {
        let count = rules.all("RoutingRule").count();
        if count == 0 {
            return Err(CosError::malformed_xml());
        }
        if count > MAX_ROUTING_RULES {
            return Err(CosError::invalid_argument(format!(
                "The number of routing rules should not exceed {MAX_ROUTING_RULES}."
            )));
        }
        for rule in rules.all("RoutingRule") {
            check_rule(rule)?;
        }
    }
    doc.reorder(&[
        "IndexDocument",
        "RedirectAllRequestsTo",
        "AutoAddressing",
        "ErrorDocument",
        "RoutingRules",
    ]);
    Ok(())
}

fn check_rule(rule: &Elem) -> Result<(), CosError> {
    let cond = rule.required_child("Condition")?;
    let code = cond.text_of("HttpErrorCodeReturnedEquals");
    let prefix = cond.text_of("KeyPrefixEquals");
    match (code, prefix) {
        (Some(c), None) => {
            if !c.parse::<u16>().is_ok_and(|c| (400..500).contains(&c)) {
                return Err(CosError::invalid_argument(
                    "HttpErrorCodeReturnedEquals must be a 4XX status code.",
                ));
            }
        }
        (None, Some(_)) => {}
        _ => return Err(CosError::malformed_xml()),
    }
    let redirect = rule.required_child("Redirect")?;
    if let Some(p) = redirect.text_of("Protocol") {
        one_of("Protocol", p, &["http", "https"])?;
    }
    if let Some(c) = redirect.text_of("HttpRedirectCode") {
        one_of("HttpRedirectCode", c, &["301", "302", "307"])?;
    }
    match (
        redirect.child("ReplaceKeyWith"),
        redirect.child("ReplaceKeyPrefixWith"),
    ) {
        (Some(_), Some(_)) => Err(CosError::invalid_argument(
            "A redirect may not have both ReplaceKeyWith and ReplaceKeyPrefixWith.",
        )),
        (None, Some(_)) if prefix.is_none() => Err(CosError::invalid_argument(
            "ReplaceKeyPrefixWith needs a KeyPrefixEquals condition.",
        )),
        _ => Ok(()),
    }
}

/// The key a website request for `key` (the decoded path without its
/// leading `/`) serves: the index document for the root and for "folders"
/// (keys ending in `/`).
pub(crate) fn index_key(doc: &Elem, key: &str) -> String {
    let suffix = doc
        .child("IndexDocument")
        .and_then(|i| i.text_of("Suffix"))
        .unwrap_or("index.html");
    if key.is_empty() || key.ends_with('/') {
        format!("{key}{suffix}")
    } else {
        key.to_string()
    }
}

/// The index document suffix, if one is configured.
pub(crate) fn suffix(doc: &Elem) -> Option<&str> {
    doc.child("IndexDocument").and_then(|i| i.text_of("Suffix"))
}

/// The error document's key and whether it is answered with the original
/// status (`OriginalHttpStatus` not `Disabled`) rather than `200`.
pub(crate) fn error_document(doc: &Elem) -> Option<(&str, bool)> {
    let e = doc.child("ErrorDocument")?;
    let key = e.text_of("Key").filter(|k| !k.is_empty())?;
    Some((key, e.text_of("OriginalHttpStatus") != Some("Disabled")))
}

/// A redirect the website endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// `301`, `302` or `307`.
    pub status: u16,
    /// `Location`.
    pub location: String,
}

/// `RedirectAllRequestsTo`: every request goes to the same host and path
/// with the configured protocol.
pub(crate) fn redirect_all(doc: &Elem, host: &str, path: &str) -> Option<Redirect> {
    let protocol = doc.child("RedirectAllRequestsTo")?.text_of("Protocol")?;
    Some(Redirect {
        status: 301,
        location: format!("{protocol}://{host}{path}"),
    })
}

/// The first routing rule that applies to `key`: a `KeyPrefixEquals` rule
/// before the object is looked up (`error` `None`), an
/// `HttpErrorCodeReturnedEquals` rule once it failed with that status.
pub(crate) fn route(doc: &Elem, host: &str, key: &str, error: Option<u16>) -> Option<Redirect> {
    let rules = doc.child("RoutingRules")?;
    for rule in rules.all("RoutingRule") {
        let Some(cond) = rule.child("Condition") else {
            continue;
        };
        let applies = match (error, cond.text_of("HttpErrorCodeReturnedEquals")) {
            (Some(status), Some(code)) => code.parse::<u16>().ok() == Some(status),
            (None, None) => cond
                .text_of("KeyPrefixEquals")
                .is_some_and(|p| key.starts_with(p)),
            _ => false,
        };
        if !applies {
            continue;
        }
        let Some(redirect) = rule.child("Redirect") else {
            continue;
        };
        let new_key = if let Some(with) = redirect.text_of("ReplaceKeyWith") {
            with.to_string()
        } else if let Some(with) = redirect.text_of("ReplaceKeyPrefixWith") {
            let prefix = cond.text_of("KeyPrefixEquals").unwrap_or("");
            format!("{with}{}", key.strip_prefix(prefix).unwrap_or(key))
        } else {
            key.to_string()
        };
        let protocol = redirect.text_of("Protocol").unwrap_or("http");
        let status = redirect
            .text_of("HttpRedirectCode")
            .and_then(|c| c.parse().ok())
            .unwrap_or(301);
        return Some(Redirect {
            status,
            location: format!(
                "{protocol}://{host}/{}",
                crate::encoding::list_encode(&new_key)
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_index() {
        let mut doc = Elem::parse(
            "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules>\
             <RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyWith>404.html</ReplaceKeyWith></Redirect></RoutingRule>\
             <RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyPrefixWith>documents/</ReplaceKeyPrefixWith><HttpRedirectCode>302</HttpRedirectCode></Redirect></RoutingRule>\
             </RoutingRules></WebsiteConfiguration>",
            "WebsiteConfiguration",
        )
        .unwrap();
        validate(&mut doc).unwrap();
        assert_eq!(index_key(&doc, ""), "index.html");
        assert_eq!(index_key(&doc, "a/"), "a/index.html");
        assert_eq!(index_key(&doc, "a"), "a");
        assert_eq!(
            route(&doc, "h", "docs/x y.html", None),
            Some(Redirect {
                status: 302,
                location: "http://h/documents/x%20y.html".into()
            })
        );
        assert_eq!(route(&doc, "h", "other", None), None);
        assert_eq!(
            route(&doc, "h", "gone", Some(404)).unwrap().location,
            "https://h/404.html"
        );
        let bad = "<WebsiteConfiguration><RoutingRules/></WebsiteConfiguration>";
        let mut e = Elem::parse(bad, "WebsiteConfiguration").unwrap();
        assert_eq!(validate(&mut e).unwrap_err().code, "MalformedXML");
    }
}
