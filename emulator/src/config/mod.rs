//! Bucket configurations beyond ACL, CORS and tags: what each sub-resource
//! accepts, how it is stored, and the decisions some of them drive.
//!
//! The XML ones are kept as the tree the client sent ([`tree::Elem`]),
//! validated and put in COS's element order by their kind's module; the
//! policy is JSON ([`policy`]). [`BucketConfigs`] holds them all on the
//! bucket, and [`BucketConfigs::to_records`] / [`BucketConfigs::from_records`]
//! are their form in the journal: each document as text, read back through
//! the same parser.

pub(crate) mod accelerate;
pub(crate) mod domain;
pub(crate) mod encryption;
pub(crate) mod glob;
pub(crate) mod inventory;
pub(crate) mod lifecycle;
pub(crate) mod logging;
pub(crate) mod origin;
pub(crate) mod policy;
pub(crate) mod referer;
pub(crate) mod replication;
pub(crate) mod tree;
pub(crate) mod versioning;
pub(crate) mod website;

use std::collections::BTreeMap;

use crate::errors::CosError;
use policy::Policy;
use tree::Elem;

/// An XML bucket configuration sub-resource (`?lifecycle`, …). Inventory
/// configurations are kept by id apart from the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Sub {
    Lifecycle,
    Versioning,
    Replication,
    Website,
    Referer,
    Domain,
    Origin,
    Logging,
    Inventory,
    Accelerate,
    Encryption,
}

/// Every [`Sub`], in routing order.
pub(crate) const SUBS: [Sub; 11] = [
    Sub::Lifecycle,
    Sub::Versioning,
    Sub::Replication,
    Sub::Website,
    Sub::Referer,
    Sub::Domain,
    Sub::Origin,
    Sub::Logging,
    Sub::Inventory,
    Sub::Accelerate,
    Sub::Encryption,
];

impl Sub {
    /// The query name selecting it.
    pub fn name(self) -> &'static str {
        match self {
            Sub::Lifecycle => "lifecycle",
            Sub::Versioning => "versioning",
            Sub::Replication => "replication",
            Sub::Website => "website",
            Sub::Referer => "referer",
            Sub::Domain => "domain",
            Sub::Origin => "origin",
            Sub::Logging => "logging",
            Sub::Inventory => "inventory",
            Sub::Accelerate => "accelerate",
            Sub::Encryption => "encryption",
        }
    }

    /// The sub-resource named `name` (a query parameter).
    pub fn from_name(name: &str) -> Option<Sub> {
        SUBS.into_iter().find(|s| s.name() == name)
    }

    /// The action name in policies and logs: `Lifecycle` in
    /// `PutBucketLifecycle`.
    pub fn action(self) -> &'static str {
        match self {
            Sub::Lifecycle => "Lifecycle",
            Sub::Versioning => "Versioning",
            Sub::Replication => "Replication",
            Sub::Website => "Website",
            Sub::Referer => "Referer",
            Sub::Domain => "Domain",
            Sub::Origin => "Origin",
            Sub::Logging => "Logging",
            Sub::Inventory => "Inventory",
            Sub::Accelerate => "Accelerate",
            Sub::Encryption => "Encryption",
        }
    }

    /// The document's root element.
    pub fn root(self) -> &'static str {
        match self {
            Sub::Lifecycle => "LifecycleConfiguration",
            Sub::Versioning => "VersioningConfiguration",
            Sub::Replication => "ReplicationConfiguration",
            Sub::Website => "WebsiteConfiguration",
            Sub::Referer => "RefererConfiguration",
            Sub::Domain => "DomainConfiguration",
            Sub::Origin => "OriginConfiguration",
            Sub::Logging => "BucketLoggingStatus",
            Sub::Inventory => "InventoryConfiguration",
            Sub::Accelerate => "AccelerateConfiguration",
            Sub::Encryption => "ServerSideEncryptionConfiguration",
        }
    }

    /// Whether `DELETE /?{name}` exists (COS has none for versioning,
    /// referer, logging and accelerate: they are switched off by a PUT).
    pub fn deletable(self) -> bool {
        !matches!(
            self,
            Sub::Versioning | Sub::Referer | Sub::Logging | Sub::Accelerate
        )
    }

    /// The `404` of a GET when nothing is configured (COS's codes; versioning,
    /// logging and accelerate answer `200` instead).
    pub fn not_found(self) -> CosError {
        let (code, message) = match self {
            Sub::Lifecycle => (
                "NoSuchLifecycleConfiguration",
                "The lifecycle configuration does not exist.",
            ),
            Sub::Replication => (
                "ReplicationConfigurationnotFoundError",
                "Cannot find the replication configuration.",
            ),
            Sub::Website => (
                "NoSuchWebsiteConfiguration",
                "The specified bucket does not have a website configuration.",
            ),
            Sub::Referer => (
                "NoSuchRefererConfiguration",
                "The referer configuration does not exist.",
            ),
            Sub::Domain => (
                "NoSuchDomainConfiguration",
                "The specified domain configuration does not exist.",
            ),
            Sub::Origin => (
                "NoSuchOriginConfiguration",
                "The origin configuration does not exist.",
            ),
            Sub::Inventory => (
                "NoSuchInventoryConfiguration",
                "The specified inventory configuration does not exist.",
            ),
            Sub::Encryption => (
                "NoSuchEncryptionConfiguration",
                "The server side encryption configuration was not found.",
            ),
            Sub::Versioning | Sub::Logging | Sub::Accelerate => (
                "NoSuchConfiguration",
                "The specified configuration does not exist.",
            ),
        };
        CosError::new(404, code, message)
    }

    /// Validates `doc` (already parsed with [`Sub::root`]) and puts it in
    /// COS's element order. `id` is the inventory id of the request.
    pub fn validate(self, doc: &mut Elem, id: &str) -> Result<(), CosError> {
        match self {
            Sub::Lifecycle => lifecycle::validate(doc),
            Sub::Versioning => versioning::validate(doc),
            Sub::Replication => replication::validate(doc),
            Sub::Website => website::validate(doc),
            Sub::Referer => referer::validate(doc),
            Sub::Domain => domain::validate(doc),
            Sub::Origin => origin::validate(doc),
            Sub::Logging => logging::validate(doc),
            Sub::Inventory => inventory::validate(doc, id),
            Sub::Accelerate => accelerate::validate(doc),
            Sub::Encryption => encryption::validate(doc),
        }
    }
}

/// A bucket's configurations besides ACL, CORS and tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BucketConfigs {
    /// The bucket policy.
    pub policy: Option<Policy>,
    /// The XML configurations but inventory, by sub-resource.
    pub docs: BTreeMap<Sub, Elem>,
    /// Inventory configurations by id.
    pub inventory: BTreeMap<String, Elem>,
}

/// Record name of the policy.
const POLICY_RECORD: &str = "policy";
/// Record name prefix of an inventory configuration (`inventory/{id}`).
const INVENTORY_RECORD: &str = "inventory/";

impl BucketConfigs {
    /// The stored document of `sub`.
    pub fn get(&self, sub: Sub) -> Option<&Elem> {
        self.docs.get(&sub)
    }

    /// (name, document) pairs for the journal.
    pub fn to_records(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(p) = &self.policy {
            out.push((POLICY_RECORD.to_string(), p.to_json()));
        }
        for (sub, doc) in &self.docs {
            out.push((sub.name().to_string(), doc.to_text()));
        }
        for (id, doc) in &self.inventory {
            out.push((format!("{INVENTORY_RECORD}{id}"), doc.to_text()));
        }
        out
    }

    /// Reads back what [`BucketConfigs::to_records`] wrote; an unknown name
    /// or an unreadable document is an error (a damaged record).
    pub fn from_records(records: Vec<(String, String)>) -> Result<BucketConfigs, String> {
        let mut out = BucketConfigs::default();
        for (name, text) in records {
            let bad = |e: CosError| format!("stored {name} configuration: {}", e.message);
            if name == POLICY_RECORD {
                out.policy = Some(Policy::restore(&text).map_err(bad)?);
            } else if let Some(id) = name.strip_prefix(INVENTORY_RECORD) {
                let doc = Elem::parse(&text, Sub::Inventory.root()).map_err(bad)?;
                out.inventory.insert(id.to_string(), doc);
            } else {
                let sub = Sub::from_name(&name)
                    .ok_or_else(|| format!("unknown stored configuration {name}"))?;
                let doc = Elem::parse(&text, sub.root()).map_err(bad)?;
                out.docs.insert(sub, doc);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let mut c = BucketConfigs::default();
        let mut v = Elem::parse(
            "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
            "VersioningConfiguration",
        )
        .unwrap();
        Sub::Versioning.validate(&mut v, "").unwrap();
        c.docs.insert(Sub::Versioning, v);
        let inv = "<InventoryConfiguration><Id>a</Id><IsEnabled>true</IsEnabled><Destination><COSBucketDestination><Format>CSV</Format><Bucket>qcs::cos:ap-guangzhou::b-1250000000</Bucket><Encryption><SSE-COS></SSE-COS></Encryption></COSBucketDestination></Destination><Schedule><Frequency>Daily</Frequency></Schedule><IncludedObjectVersions>All</IncludedObjectVersions></InventoryConfiguration>";
        let mut inv = Elem::parse(inv, "InventoryConfiguration").unwrap();
        Sub::Inventory.validate(&mut inv, "a").unwrap();
        assert_eq!(inv.text_of("IsEnabled"), Some("True"));
        c.inventory.insert("a".into(), inv);
        c.policy = Some(
            Policy::restore(r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"allow","Action":["*"],"Resource":["*"]}],"version":"2.0"}"#)
                .unwrap(),
        );
        let back = BucketConfigs::from_records(c.to_records()).unwrap();
        assert_eq!(back, c);
        assert!(BucketConfigs::from_records(vec![("bogus".into(), "<a/>".into())]).is_err());
    }
}
