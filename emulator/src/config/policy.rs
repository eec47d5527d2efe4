//! Bucket policies (`PUT/GET/DELETE /?policy`): the JSON document, its
//! validation, and its evaluation for requests that are not the owner's.
//!
//! A policy is a list of statements: an effect (`allow`/`deny`), principals
//! (`{"qcs": ["qcs::cam::uin/A:uin/B", "qcs::cam::anyone:anyone"]}`),
//! actions (`name/cos:GetObject`, wildcards allowed) and resources
//! (`qcs::cos:{Region}:uid/{APPID}:{Bucket}/{key pattern}`). Keys are matched
//! case-insensitively on input; COS answers them as
//! `{"Statement":[{"Principal","Effect","Action","Resource","Condition"}],"version":"2.0"}`.

use serde_json::{Map, Value};

use super::glob;
use crate::errors::CosError;

/// The principal that stands for everyone, signed or not.
pub(crate) const ANYONE: &str = "qcs::cam::anyone:anyone";
/// Most statements in one policy.
pub(crate) const MAX_STATEMENTS: usize = 1000;

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Allow,
    Deny,
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principals: Vec<String>,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// The condition block, as sent (see [`Policy::evaluate`]).
    pub condition: Option<Value>,
}

/// A bucket's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Policy {
    pub statements: Vec<Statement>,
}

/// What a policy says about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// A matching `allow` statement and no matching `deny`.
    Allow,
    /// A matching `deny` statement: it wins over any allow.
    Deny,
    /// No statement applies: the ACLs decide.
    NoOpinion,
}

/// What the policy is checked against for the bucket it is put on.
pub(crate) struct Owner<'a> {
    pub appid: &'a str,
    pub bucket: &'a str,
    pub region: &'a str,
}

fn malformed(message: &str) -> CosError {
    CosError::new(400, "MalformedPolicy", message)
}

/// The value of `key` in `obj`, matched case-insensitively.
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// A string or an array of strings, non-empty, else `message`.
fn strings(value: Option<&Value>, message: &str) -> Result<Vec<String>, CosError> {
    let list = match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| malformed(message))?,
        _ => return Err(malformed(message)),
    };
    if list.is_empty() || list.iter().any(|s| s.trim().is_empty()) {
        return Err(malformed(message));
    }
    Ok(list)
}

impl Policy {
    /// Parses and validates a policy put on `owner`'s bucket:
    /// `400 MalformedPolicy` for anything that is not a policy COS would
    /// take (not JSON, no statements, a bad effect, principal, action, or a
    /// resource outside this bucket).
    pub fn parse(text: &str, owner: &Owner<'_>) -> Result<Policy, CosError> {
        let root: Value = serde_json::from_str(text)
            .map_err(|_| malformed("The policy is not a valid JSON document."))?;
        let root = root
            .as_object()
            .ok_or_else(|| malformed("The policy must be a JSON object."))?;
        if let Some(v) = get(root, "version") {
            if v.as_str() != Some("2.0") {
                return Err(malformed("Policy has invalid version"));
            }
        }
        let statements = match get(root, "statement") {
            Some(Value::Array(items)) => items.clone(),
            Some(obj @ Value::Object(_)) => vec![obj.clone()],
            _ => return Err(malformed("Policy has no statement")),
        };
        if statements.is_empty() {
            return Err(malformed("Policy has no statement"));
        }
        if statements.len() > MAX_STATEMENTS {
            return Err(malformed("Policy has too many statements"));
        }
        let statements = statements
            .iter()
            .map(|s| Statement::parse(s, owner))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy { statements })
    }

    /// Parses a policy the journal kept (validated when it was put).
    pub fn restore(text: &str) -> Result<Policy, CosError> {
        let owner = Owner {
            appid: "",
            bucket: "",
            region: "",
        };
        Self::parse_unchecked(text, &owner)
    }

    fn parse_unchecked(text: &str, owner: &Owner<'_>) -> Result<Policy, CosError> {
        let root: Value =
            serde_json::from_str(text).map_err(|_| malformed("stored policy unreadable"))?;
        let statements = root
            .as_object()
            .and_then(|r| get(r, "statement"))
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("stored policy unreadable"))?;
        let statements = statements
            .iter()
            .map(|s| Statement::parse_with(s, owner, false))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy { statements })
    }

    /// The document COS answers: compact JSON, statements with `Principal`,
    /// `Effect` (lower case), `Action`, `Resource` and `Condition` (when
    /// given), then `"version":"2.0"`.
    pub fn to_json(&self) -> String {
        let statements: Vec<String> = self.statements.iter().map(Statement::to_json).collect();
        format!(
            "{{\"Statement\":[{}],\"version\":\"2.0\"}}",
            statements.join(",")
        )
    }

    /// Evaluates the policy for a request by `who` (a CAM principal such as
    /// `qcs::cam::uin/A:uin/B`; `None` for an anonymous request) doing
    /// `action` (`GetObject`, …) on `resource`
    /// (`qcs::cos:{Region}:uid/{APPID}:{Bucket}/{Key}`). A matching `deny`
    /// wins; then a matching `allow`. Conditions are not evaluated: an
    /// `allow` with a `Condition` never applies and a `deny` with one always
    /// does, so a policy never grants more than COS would.
    pub fn evaluate(&self, who: Option<&str>, action: &str, resource: &str) -> Decision {
        let mut allowed = false;
        for s in &self.statements {
            if !s.covers(who, action, resource) {
                continue;
            }
            match (s.effect, s.condition.is_some()) {
                (Effect::Deny, _) => return Decision::Deny,
                (Effect::Allow, false) => allowed = true,
                (Effect::Allow, true) => {}
            }
        }
        if allowed {
            Decision::Allow
        } else {
            Decision::NoOpinion
        }
    }
}

impl Statement {
    fn parse(value: &Value, owner: &Owner<'_>) -> Result<Statement, CosError> {
        Self::parse_with(value, owner, true)
    }

    fn parse_with(value: &Value, owner: &Owner<'_>, check: bool) -> Result<Statement, CosError> {
        let obj = value
            .as_object()
            .ok_or_else(|| malformed("Policy has invalid statement"))?;
        let effect = match get(obj, "effect").and_then(Value::as_str) {
            Some(e) if e.eq_ignore_ascii_case("allow") => Effect::Allow,
            Some(e) if e.eq_ignore_ascii_case("deny") => Effect::Deny,
            _ => return Err(malformed("Policy has invalid effect")),
        };
        let principals = match get(obj, "principal") {
            Some(Value::Object(p)) => strings(get(p, "qcs"), "Policy has invalid principal")?,
            Some(Value::String(s)) if s == "*" => vec![ANYONE.to_string()],
            _ => return Err(malformed("Policy has invalid principal")),
        };
        let actions = strings(get(obj, "action"), "Policy has invalid action")?;
        let resources = strings(get(obj, "resource"), "Policy has invalid resource")?;
        if check {
            if principals
                .iter()
                .any(|p| p != "*" && !p.starts_with("qcs::cam::"))
            {
                return Err(malformed("Policy has invalid principal"));
            }
            if actions.iter().any(|a| {
                let a = a.to_ascii_lowercase();
                a != "*" && !a.starts_with("name/cos:") && !a.starts_with("cos:")
            }) {
                return Err(malformed("Policy has invalid action"));
            }
            if resources.iter().any(|r| !resource_of(r, owner)) {
                return Err(malformed("Policy has invalid resource"));
            }
        }
        let condition = match get(obj, "condition") {
            None | Some(Value::Null) => None,
            Some(c @ Value::Object(_)) => Some(c.clone()),
            Some(_) => return Err(malformed("Policy has invalid condition")),
        };
        let sid = get(obj, "sid").and_then(Value::as_str).map(str::to_string);
        Ok(Statement {
            sid,
            effect,
            principals,
            actions,
            resources,
            condition,
        })
    }

    fn to_json(&self) -> String {
        let list = |v: &[String]| Value::from(v.to_vec()).to_string();
        let mut out = String::from("{");
        if let Some(sid) = &self.sid {
            out.push_str(&format!("\"Sid\":{},", Value::from(sid.as_str())));
        }
        out.push_str(&format!(
            "\"Principal\":{{\"qcs\":{}}},\"Effect\":\"{}\",\"Action\":{},\"Resource\":{}",
            list(&self.principals),
            match self.effect {
                Effect::Allow => "allow",
                Effect::Deny => "deny",
            },
            list(&self.actions),
            list(&self.resources),
        ));
        if let Some(c) = &self.condition {
            out.push_str(&format!(",\"Condition\":{c}"));
        }
        out.push('}');
        out
    }

    fn covers(&self, who: Option<&str>, action: &str, resource: &str) -> bool {
        self.principals.iter().any(|p| principal_matches(p, who))
            && self.actions.iter().any(|a| action_matches(a, action))
            && self.resources.iter().any(|r| glob::matches(r, resource))
    }
}

/// Whether `resource` names `owner`'s bucket: `*`, or
/// `qcs::cos:{region or *}:uid/{appid}:{bucket}[/…]`.
fn resource_of(resource: &str, owner: &Owner<'_>) -> bool {
    if resource == "*" {
        return true;
    }
    let Some(rest) = resource.strip_prefix("qcs::cos:") else {
        return false;
    };
    let Some((region, rest)) = rest.split_once(':') else {
        return false;
    };
    let Some(rest) = rest.strip_prefix("uid/") else {
        return false;
    };
    let Some((appid, path)) = rest.split_once(':') else {
        return false;
    };
    let bucket = path.split('/').next().unwrap_or("");
    (region.is_empty() || region == "*" || region == owner.region)
        && appid == owner.appid
        && (bucket == owner.bucket || bucket == "*")
}

/// `anyone` (and `*`) covers every caller, anonymous ones included; a root
/// account `qcs::cam::uin/A:uin/A` covers its sub-users; otherwise the
/// principal must match (wildcards allowed).
fn principal_matches(pattern: &str, who: Option<&str>) -> bool {
    if pattern == ANYONE || pattern == "*" {
        return true;
    }
    let Some(who) = who else {
        return false;
    };
    if glob::matches(pattern, who) {
        return true;
    }
    // qcs::cam::uin/A:uin/A → every qcs::cam::uin/A:uin/…
    let root_of = |id: &str| {
        id.strip_prefix("qcs::cam::uin/")
            .and_then(|r| r.split_once(":uin/"))
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    match (root_of(pattern), root_of(who)) {
        (Some((a, b)), Some((wa, _))) => a == b && a == wa,
        _ => false,
    }
}

/// `name/cos:GetObject`, `cos:GetObject`, `name/cos:Get*`, `*`: compared
/// case-insensitively with the request's action.
fn action_matches(pattern: &str, action: &str) -> bool {
    let p = pattern.trim();
    if p == "*" {
        return true;
    }
    let lower = p.to_ascii_lowercase();
    let p = lower
        .strip_prefix("name/cos:")
        .or_else(|| lower.strip_prefix("cos:"))
        .unwrap_or(&lower);
    glob::matches(p, action)
}

/// The resource string of a request: `qcs::cos:{region}:uid/{appid}:{bucket}/{key}`
/// (`key` empty for bucket operations).
pub(crate) fn resource(region: &str, appid: &str, bucket: &str, key: &str) -> String {
    format!("qcs::cos:{region}:uid/{appid}:{bucket}/{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNER: Owner<'static> = Owner {
        appid: "1250000000",
        bucket: "examplebucket-1250000000",
        region: "ap-guangzhou",
    };

    fn res(key: &str) -> String {
        resource(
            "ap-guangzhou",
            "1250000000",
            "examplebucket-1250000000",
            key,
        )
    }

    #[test]
    fn parses_node_shapes_and_answers_cos_shape() {
        let p = Policy::parse(
            r#"{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":["name/cos:PutObject","name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}]}"#,
            &OWNER,
        )
        .unwrap();
        assert_eq!(
            p.to_json(),
            r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"Effect":"allow","Action":["name/cos:PutObject","name/cos:GetObject"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}],"version":"2.0"}"#
        );
        assert_eq!(Policy::restore(&p.to_json()).unwrap(), p);
        let sub = Some("qcs::cam::uin/100000000001:uin/100000000011");
        assert_eq!(p.evaluate(sub, "getobject", &res("a")), Decision::Allow);
        assert_eq!(
            p.evaluate(None, "getobject", &res("a")),
            Decision::NoOpinion
        );
        assert_eq!(
            p.evaluate(sub, "deleteobject", &res("a")),
            Decision::NoOpinion
        );
    }

    #[test]
    fn anyone_prefix_and_deny() {
        let p = Policy::parse(
            r#"{"Statement":[
              {"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"Allow","Action":["name/cos:Get*","name/cos:HeadObject"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*"]},
              {"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"Deny","Action":["*"],"Resource":"qcs::cos:*:uid/1250000000:examplebucket-1250000000/public/secret*"}]}"#,
            &OWNER,
        )
        .unwrap();
        assert_eq!(
            p.evaluate(None, "getobject", &res("public/a")),
            Decision::Allow
        );
        assert_eq!(
            p.evaluate(None, "getobject", &res("private/a")),
            Decision::NoOpinion
        );
        assert_eq!(
            p.evaluate(None, "getobject", &res("public/secret.txt")),
            Decision::Deny
        );
        assert_eq!(
            p.evaluate(None, "putobject", &res("public/a")),
            Decision::NoOpinion
        );
    }

    #[test]
    fn malformed_policies() {
        let bad = [
            "not json",
            "[]",
            r#"{"Statement":[]}"#,
            r#"{"version":"1.0","Statement":[{"Effect":"allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["*"],"Resource":["*"]}]}"#,
            r#"{"Statement":[{"Effect":"maybe","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["*"],"Resource":["*"]}]}"#,
            r#"{"Statement":[{"Effect":"allow","Principal":{"qcs":[]},"Action":["*"],"Resource":["*"]}]}"#,
            r#"{"Statement":[{"Effect":"allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["s3:GetObject"],"Resource":["*"]}]}"#,
            r#"{"Statement":[{"Effect":"allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["*"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:otherbucket-1250000000/*"]}]}"#,
            r#"{"Statement":[{"Effect":"allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["*"]}]}"#,
        ];
        for text in bad {
            assert_eq!(
                Policy::parse(text, &OWNER).unwrap_err().code,
                "MalformedPolicy",
                "{text}"
            );
        }
    }

    #[test]
    fn conditions_never_grant_and_always_deny() {
        let p = Policy::parse(
            r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"Allow","Action":["name/cos:GetObject"],"Resource":["*"],"Condition":{"ip_equal":{"qcs:ip":["10.0.0.0/8"]}}}]}"#,
            &OWNER,
        )
        .unwrap();
        assert_eq!(
            p.evaluate(None, "getobject", &res("a")),
            Decision::NoOpinion
        );
        assert!(
            p.to_json()
                .contains(r#""Condition":{"ip_equal":{"qcs:ip":["10.0.0.0/8"]}}"#)
        );
        let root = Policy::parse(
            r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::uin/100000000002:uin/100000000002"]},"Effect":"Allow","Action":["*"],"Resource":["*"]}]}"#,
            &OWNER,
        )
        .unwrap();
        assert_eq!(
            root.evaluate(
                Some("qcs::cam::uin/100000000002:uin/3"),
                "getobject",
                &res("a")
            ),
            Decision::Allow
        );
        assert_eq!(
            root.evaluate(
                Some("qcs::cam::uin/100000000003:uin/3"),
                "getobject",
                &res("a")
            ),
            Decision::NoOpinion
        );
    }
}
