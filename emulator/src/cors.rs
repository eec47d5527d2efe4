//! Bucket CORS configuration (spec §4.7) and rule matching (spec §5.5).

use crate::errors::CosError;
use crate::xml::{XmlWriter, child_text, children};

/// Most rules in one configuration.
pub(crate) const MAX_RULES: usize = 100;
/// Methods a rule may allow.
const METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/// One `CORSRule`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CorsRule {
    pub id: Option<String>,
    pub allowed_origins: Vec<String>,
    pub allowed_methods: Vec<String>,
    pub allowed_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age_seconds: Option<i64>,
}

/// A bucket's `CORSConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CorsConfig {
    pub rules: Vec<CorsRule>,
    pub response_vary: Option<bool>,
}

fn texts(node: roxmltree::Node<'_, '_>, name: &str) -> Vec<String> {
    children(node, name)
        .map(|c| {
            c.descendants()
                .filter_map(|d| if d.is_text() { d.text() } else { None })
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

impl CorsConfig {
    /// Parses and validates a `CORSConfiguration` document.
    pub fn parse(text: &str) -> Result<CorsConfig, CosError> {
        let doc = crate::xml::parse_body(text, "CORSConfiguration")?;
        let root = doc.root_element();
        let mut config = CorsConfig::default();
        for rule in children(root, "CORSRule") {
            let r = CorsRule {
                id: child_text(rule, "ID").map(|s| s.trim().to_string()),
                allowed_origins: texts(rule, "AllowedOrigin"),
                allowed_methods: texts(rule, "AllowedMethod"),
                allowed_headers: texts(rule, "AllowedHeader"),
                expose_headers: texts(rule, "ExposeHeader"),
                max_age_seconds: match child_text(rule, "MaxAgeSeconds") {
                    None => None,
                    Some(v) if v.trim().is_empty() => None,
                    Some(v) => Some(v.trim().parse::<i64>().map_err(|_| {
                        CosError::invalid_argument("MaxAgeSeconds must be an integer.")
                    })?),
                },
            };
            if r.allowed_origins.iter().all(String::is_empty) || r.allowed_methods.is_empty() {
                return Err(CosError::malformed_xml());
            }
            for m in &r.allowed_methods {
                if !METHODS.contains(&m.as_str()) {
                    return Err(CosError::invalid_argument(format!(
                        "Found unsupported HTTP method in CORS config. Unsupported method is {m}"
                    )));
                }
            }
            // Origins and header names are sent back in Access-Control-*
            // headers: a character reference for CR or LF must not split them.
            let sent_back = r
                .allowed_origins
                .iter()
                .chain(&r.allowed_headers)
                .chain(&r.expose_headers);
            for v in sent_back {
                if crate::http::breaks_header_line(v) {
                    return Err(CosError::invalid_argument(format!(
                        "CORS rule value {v:?} contains CR, LF or NUL."
                    )));
                }
            }
            for o in &r.allowed_origins {
                if o.matches('*').count() > 1 {
                    return Err(CosError::invalid_argument(format!(
                        "AllowedOrigin \"{o}\" can not have more than one wildcard."
                    )));
                }
            }
            config.rules.push(r);
        }
        if config.rules.is_empty() {
            return Err(CosError::malformed_xml());
        }
        if config.rules.len() > MAX_RULES {
            return Err(CosError::invalid_argument(
                "The number of CORS rules should not exceed allowed limit of 100 rules.",
            ));
        }
        config.response_vary = match child_text(root, "ResponseVary") {
            None => None,
            Some(v) => match v.trim() {
                "" => None,
                "true" => Some(true),
                "false" => Some(false),
                _ => return Err(CosError::malformed_xml()),
            },
        };
        Ok(config)
    }

    /// The stored document, rules in order.
    pub fn to_xml(&self) -> Vec<u8> {
        let mut w = XmlWriter::new();
        w.open("CORSConfiguration");
        for r in &self.rules {
            w.open("CORSRule");
            if let Some(id) = &r.id {
                w.elem("ID", id);
            }
            if let Some(age) = r.max_age_seconds {
                w.elem("MaxAgeSeconds", &age.to_string());
            }
            for o in &r.allowed_origins {
                w.elem("AllowedOrigin", o);
            }
            for m in &r.allowed_methods {
                w.elem("AllowedMethod", m);
            }
            for h in &r.allowed_headers {
                w.elem("AllowedHeader", h);
            }
            for h in &r.expose_headers {
                w.elem("ExposeHeader", h);
            }
            w.close("CORSRule");
        }
        if let Some(v) = self.response_vary {
            w.elem("ResponseVary", if v { "true" } else { "false" });
        }
        w.close("CORSConfiguration");
        w.finish()
    }

    /// The first rule allowing `origin`, `method` and every header of `headers`.
    pub fn find(&self, origin: &str, method: &str, headers: &[String]) -> Option<&CorsRule> {
        self.rules.iter().find(|r| {
            r.allowed_origins.iter().any(|o| origin_matches(o, origin))
                && r.allowed_methods.iter().any(|m| m == method)
                && headers.iter().all(|h| {
                    r.allowed_headers.iter().any(|a| {
                        a == "*" || wildcard_match(&a.to_ascii_lowercase(), &h.to_ascii_lowercase())
                    })
                })
        })
    }
}

/// Origin match: exact, or with one `*` standing for any substring.
pub(crate) fn origin_matches(pattern: &str, origin: &str) -> bool {
    wildcard_match(pattern, origin)
}

fn wildcard_match(pattern: &str, value: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == value,
        Some((pre, post)) => {
            value.len() >= pre.len() + post.len() && value.starts_with(pre) && value.ends_with(post)
        }
    }
}

impl CorsRule {
    /// `Access-Control-Allow-Origin` for a request from `origin`: `*` when the
    /// matching AllowedOrigin is `*`, else the request origin.
    pub fn allow_origin(&self, origin: &str) -> String {
        if self.allowed_origins.iter().any(|o| o == "*") {
            "*".to_string()
        } else {
            origin.to_string()
        }
    }
}
