//! Object versions (COS docs 35521, 7749, 7743, 7745): what a bucket's
//! versioning state makes of a write or a delete, version ids, delete
//! markers, and the `GET /?versions` listing.
//!
//! The store keeps, per key, the current object (when the latest version is
//! one) apart from the older versions and delete markers, so that everything
//! that reads only current objects (GET Bucket, HEAD, the website) is
//! untouched by versioning. The functions here are pure: given a key's
//! versions and the bucket's state they compute the new versions and what
//! must be recorded and unlinked, and the store commits and installs that.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as BASE64;

use crate::config::Sub;
use crate::errors::CosError;
use crate::store::{Bucket, ObjectMeta};

/// A bucket's versioning state as writes see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versioning {
    /// Never configured: one version per key, replaced in place (no ids).
    Unversioned,
    /// Every write and delete adds a version with a new id.
    Enabled,
    /// Writes and deletes replace the `null` version; older versions stay.
    Suspended,
}

impl Versioning {
    /// The state the bucket's `?versioning` configuration sets.
    pub fn of(bucket: &Bucket) -> Versioning {
        match bucket
            .configs
            .get(Sub::Versioning)
            .and_then(|d| d.text_of("Status"))
        {
            Some("Enabled") => Versioning::Enabled,
            Some("Suspended") => Versioning::Suspended,
            _ => Versioning::Unversioned,
        }
    }

    /// Whether answers name versions (`x-cos-version-id`, `null` for the
    /// null version): once versioning was set, it can only be suspended, so
    /// every bucket that ever had it does.
    pub fn reported(self) -> bool {
        self != Versioning::Unversioned
    }
}

/// Which version a request addresses (its `versionId` parameter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VersionRef {
    /// No `versionId` (or an empty one): the latest version.
    Latest,
    /// `versionId=null`: the version written while versioning was off or suspended.
    Null,
    /// A version id.
    Id(String),
}

impl VersionRef {
    /// From a `versionId` value (absent and empty mean the latest).
    pub fn parse(value: Option<&str>) -> VersionRef {
        match value.map(str::trim) {
            None | Some("") => VersionRef::Latest,
            Some("null") => VersionRef::Null,
            Some(id) => VersionRef::Id(id.to_string()),
        }
    }

    /// Whether `id` (a version's id, `None` for the null version) is the one meant.
    fn matches(&self, id: Option<&str>) -> bool {
        match self {
            VersionRef::Latest => false,
            VersionRef::Null => id.is_none(),
            VersionRef::Id(want) => id == Some(want.as_str()),
        }
    }
}

/// How a version id is written in headers and listings: the id, or `null`.
pub(crate) fn label(id: Option<&str>) -> &str {
    id.unwrap_or("null")
}

/// A delete marker: the latest version of a key deleted on a versioned bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeleteMarker {
    /// Its id; `None` for a null marker (deleted while suspended).
    pub version_id: Option<String>,
    /// When the delete happened.
    pub last_modified: SystemTime,
}

/// One version of a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Version {
    Object(Arc<ObjectMeta>),
    Marker(DeleteMarker),
}

impl Version {
    /// Its id (`None` for the null version).
    pub fn version_id(&self) -> Option<&str> {
        match self {
            Version::Object(m) => m.version_id.as_deref(),
            Version::Marker(d) => d.version_id.as_deref(),
        }
    }

    fn file(&self) -> Option<PathBuf> {
        match self {
            Version::Object(m) => Some(m.file.clone()),
            Version::Marker(_) => None,
        }
    }
}

/// A version that is not the current object (an older one or a delete
/// marker), with its place in the key's history: `seq` grows with every
/// version that enters the history, so newest first is `seq` descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Noncurrent {
    pub seq: u64,
    pub version: Version,
}

/// Every version of one key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyVersions {
    /// The latest version when it is an object.
    pub current: Option<Arc<ObjectMeta>>,
    /// The others, newest first. When `current` is `None` and this is not
    /// empty, the first is a delete marker (the latest version).
    pub older: Vec<Noncurrent>,
}

/// What a change does to the records of a key.
#[derive(Debug, Default)]
pub(crate) struct Edit {
    /// The key's versions afterwards.
    pub after: KeyVersions,
    /// Whether the current object record changed (to `after.current`).
    pub current_changed: bool,
    /// History records to write.
    pub put: Vec<Noncurrent>,
    /// History records to remove, by `seq`.
    pub removed: Vec<u64>,
    /// Bodies no version points at any more (unlinked after the commit).
    pub unlink: Vec<PathBuf>,
}

/// Monotonic sequence numbers: microseconds since the epoch, bumped past the
/// last one handed out, so they are unique and grow even within one
/// microsecond or if the clock steps back.
#[derive(Debug, Default)]
pub(crate) struct Sequence(AtomicU64);

impl Sequence {
    /// The next number.
    pub fn next(&self) -> u64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(0);
        let mut last = self.0.load(Ordering::Relaxed);
        loop {
            let next = now.max(last.saturating_add(1));
            match self
                .0
                .compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return next,
                Err(seen) => last = seen,
            }
        }
    }

    /// Makes later numbers greater than `seq` (one read back at start).
    pub fn observe(&self, seq: u64) {
        self.0.fetch_max(seq, Ordering::Relaxed);
    }
}

/// The version id of sequence number `seq`, in COS's form: base64 (no
/// padding) of the decimal `u64::MAX - seq`, e.g.
/// `MTg0NDUxNzgyMDMwODg0NzI0Njc` (`18445178203088472467`). Nothing orders
/// versions by id (base64 does not keep the numbers' order): a key's history
/// is kept newest first.
pub(crate) fn version_id(seq: u64) -> String {
    BASE64.encode((u64::MAX - seq).to_string())
}

/// The sequence number a version id was made from, if it is one of ours.
pub(crate) fn seq_of(id: &str) -> Option<u64> {
    let bytes = BASE64.decode(id).ok()?;
    let n: u64 = std::str::from_utf8(&bytes).ok()?.parse().ok()?;
    Some(u64::MAX - n)
}

/// `404 NoSuchVersion`.
pub(crate) fn no_such_version() -> CosError {
    CosError::new(
        404,
        "NoSuchVersion",
        "The specified version does not exist.",
    )
}

/// `404 NoSuchKey` for a delete marker (the latest version, or the one
/// named), with `x-cos-delete-marker: true` and its id (COS doc 7745: a
/// version id naming a delete marker answers 404).
fn deleted(marker: &DeleteMarker) -> CosError {
    CosError::no_such_key()
        .with_header("x-cos-delete-marker", "true")
        .with_header("x-cos-version-id", label(marker.version_id.as_deref()))
}

/// Where an addressed object version is.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// The current object.
    Current(Arc<ObjectMeta>),
    /// An older version, by its `seq`.
    Older(u64, Arc<ObjectMeta>),
}

impl Found {
    /// The version's metadata.
    pub fn meta(&self) -> &Arc<ObjectMeta> {
        match self {
            Found::Current(m) | Found::Older(_, m) => m,
        }
    }
}

impl KeyVersions {
    /// The object version `which` names: `404 NoSuchKey` when the key has
    /// none (or its latest version is a delete marker, or the one named is),
    /// `404 NoSuchVersion` for an id the key does not have.
    pub fn find(&self, which: &VersionRef) -> Result<Found, CosError> {
        if let VersionRef::Latest = which {
            return match (&self.current, self.older.first()) {
                (Some(m), _) => Ok(Found::Current(m.clone())),
                (
                    None,
                    Some(Noncurrent {
                        version: Version::Marker(d),
                        ..
                    }),
                ) => Err(deleted(d)),
                _ => Err(CosError::no_such_key()),
            };
        }
        if let Some(m) = &self.current {
            if which.matches(m.version_id.as_deref()) {
                return Ok(Found::Current(m.clone()));
            }
        }
        for n in &self.older {
            if which.matches(n.version.version_id()) {
                return match &n.version {
                    Version::Object(m) => Ok(Found::Older(n.seq, m.clone())),
                    Version::Marker(d) => Err(deleted(d)),
                };
            }
        }
        if self.current.is_none() && self.older.is_empty() {
            return Err(CosError::no_such_key());
        }
        Err(no_such_version())
    }

    /// Every version, newest first, with whether it is the latest.
    pub fn all(&self) -> impl Iterator<Item = (Version, bool)> + '_ {
        self.current
            .iter()
            .map(|m| Version::Object(m.clone()))
            .chain(self.older.iter().map(|n| n.version.clone()))
            .enumerate()
            .map(|(i, v)| (v, i == 0))
    }

    /// Removes the null version from the history (replaced by a new one).
    fn drop_null(&mut self, edit: &mut Edit) {
        self.older.retain(|n| {
            if n.version.version_id().is_some() {
                return true;
            }
            edit.removed.push(n.seq);
            edit.unlink.extend(n.version.file());
            false
        });
    }

    /// Moves the current object (if any) into the history, or drops it when
    /// it is the null version and `replace_null` (a suspended write).
    fn retire_current(&mut self, replace_null: bool, seq: &Sequence, edit: &mut Edit) {
        let Some(old) = self.current.take() else {
            return;
        };
        edit.current_changed = true;
        if replace_null && old.version_id.is_none() {
            edit.unlink.push(old.file.clone());
            return;
        }
        let n = Noncurrent {
            seq: seq.next(),
            version: Version::Object(old),
        };
        edit.put.push(n.clone());
        self.older.insert(0, n);
    }

    /// Puts a new delete marker first in the history.
    fn push_marker(&mut self, marker: DeleteMarker, seq: &Sequence, edit: &mut Edit) {
        let n = Noncurrent {
            seq: seq.next(),
            version: Version::Marker(marker),
        };
        edit.put.push(n.clone());
        self.older.insert(0, n);
    }

    /// After the current object went away: an object heading the history
    /// becomes current again (a marker stays where it is: it is the latest).
    fn promote(&mut self, edit: &mut Edit) {
        if self.current.is_some() {
            return;
        }
        if let Some(Noncurrent {
            seq,
            version: Version::Object(m),
        }) = self.older.first().cloned()
        {
            self.older.remove(0);
            edit.removed.push(seq);
            self.current = Some(m);
            edit.current_changed = true;
        }
    }
}

/// A write of `meta` (whose `version_id` is set here) on a bucket in `state`.
pub(crate) fn write(
    before: &KeyVersions,
    state: Versioning,
    mut meta: ObjectMeta,
    seq: &Sequence,
) -> Edit {
    let mut kv = before.clone();
    let mut edit = Edit::default();
    match state {
        Versioning::Unversioned => {
            meta.version_id = None;
            if let Some(old) = kv.current.take() {
                edit.unlink.push(old.file.clone());
            }
            // Versions left from before (none on a never-versioned bucket).
            kv.drop_null(&mut edit);
        }
        Versioning::Enabled => {
            meta.version_id = Some(version_id(seq.next()));
            kv.retire_current(false, seq, &mut edit);
        }
        Versioning::Suspended => {
            meta.version_id = None;
            kv.retire_current(true, seq, &mut edit);
            kv.drop_null(&mut edit);
        }
    }
    kv.current = Some(Arc::new(meta));
    edit.current_changed = true;
    edit.after = kv;
    edit
}

/// What a DELETE did, for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deleted {
    /// Nothing versioned: an unversioned bucket's delete, or a version the
    /// key does not have.
    Plain,
    /// A delete marker was created (versioning on or suspended).
    Marker { version_id: Option<String> },
    /// The version named was removed for good.
    Version {
        version_id: Option<String>,
        was_marker: bool,
    },
}

/// A DELETE of `which` on a bucket in `state`; `now` stamps a new marker.
pub(crate) fn delete(
    before: &KeyVersions,
    state: Versioning,
    which: &VersionRef,
    now: SystemTime,
    seq: &Sequence,
) -> (Edit, Deleted) {
    let mut kv = before.clone();
    let mut edit = Edit::default();
    let outcome = match (which, state) {
        (VersionRef::Latest, Versioning::Unversioned) => {
            if let Some(old) = kv.current.take() {
                edit.current_changed = true;
                edit.unlink.push(old.file.clone());
            }
            Deleted::Plain
        }
        (VersionRef::Latest, Versioning::Enabled) => {
            kv.retire_current(false, seq, &mut edit);
            let version_id = Some(version_id(seq.next()));
            kv.push_marker(
                DeleteMarker {
                    version_id: version_id.clone(),
                    last_modified: now,
                },
                seq,
                &mut edit,
            );
            Deleted::Marker { version_id }
        }
        (VersionRef::Latest, Versioning::Suspended) => {
            kv.retire_current(true, seq, &mut edit);
            kv.drop_null(&mut edit);
            kv.push_marker(
                DeleteMarker {
                    version_id: None,
                    last_modified: now,
                },
                seq,
                &mut edit,
            );
            Deleted::Marker { version_id: None }
        }
        (which, _) => {
            let mut outcome = Deleted::Plain;
            if kv
                .current
                .as_ref()
                .is_some_and(|m| which.matches(m.version_id.as_deref()))
            {
                if let Some(old) = kv.current.take() {
                    edit.current_changed = true;
                    edit.unlink.push(old.file.clone());
                    outcome = Deleted::Version {
                        version_id: old.version_id.clone(),
                        was_marker: false,
                    };
                }
            } else if let Some(i) = kv
                .older
                .iter()
                .position(|n| which.matches(n.version.version_id()))
            {
                let n = kv.older.remove(i);
                edit.removed.push(n.seq);
                edit.unlink.extend(n.version.file());
                outcome = Deleted::Version {
                    version_id: n.version.version_id().map(str::to_string),
                    was_marker: matches!(n.version, Version::Marker(_)),
                };
            }
            kv.promote(&mut edit);
            outcome
        }
    };
    edit.after = kv;
    (edit, outcome)
}

/// What a `GET /?versions` asks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Query<'a> {
    pub prefix: &'a str,
    pub delimiter: &'a str,
    pub key_marker: &'a str,
    /// Only with `key_marker`: list that key's versions after this one.
    pub version_id_marker: &'a str,
    pub max_keys: usize,
}

/// One version in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    pub key: String,
    pub version: Version,
    pub latest: bool,
}

/// One page of a versions listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VersionListing {
    /// Versions and delete markers, by key, newest first within a key.
    pub entries: Vec<Listed>,
    /// Distinct common prefixes, in order.
    pub common_prefixes: Vec<String>,
    pub truncated: bool,
    /// When truncated: the last key (or common prefix) listed and the last
    /// version's id (`None`: a common prefix ended the page).
    pub next: Option<(String, Option<Option<String>>)>,
}

/// Keys of both maps from `start` on, in order, each once.
fn merged_keys<'a>(
    current: &'a BTreeMap<String, Arc<ObjectMeta>>,
    history: &'a BTreeMap<String, Vec<Noncurrent>>,
    start: std::ops::Bound<&'a str>,
) -> impl Iterator<Item = &'a String> + 'a {
    use std::ops::Bound::Unbounded;
    let mut a = current
        .range::<str, _>((start, Unbounded))
        .map(|(k, _)| k)
        .peekable();
    let mut b = history
        .range::<str, _>((start, Unbounded))
        .map(|(k, _)| k)
        .peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x == y => {
            b.next();
            a.next()
        }
        (Some(x), Some(y)) if x < y => a.next(),
        (Some(_), Some(_)) => b.next(),
        (Some(_), None) => a.next(),
        (None, _) => b.next(),
    })
}

/// Lists the versions of a bucket S3-style (COS doc 35521): keys starting
/// with `prefix`, after `key_marker` (with `version_id_marker`: that key's
/// versions after the one named, then the next keys), rolled up at
/// `delimiter`, at most `max_keys` entries (versions, markers and common
/// prefixes). `max_keys` 0 lists nothing and is not truncated.
pub(crate) fn list(
    current: &BTreeMap<String, Arc<ObjectMeta>>,
    history: &BTreeMap<String, Vec<Noncurrent>>,
    q: &Query<'_>,
) -> VersionListing {
    use std::ops::Bound;
    let mut out = VersionListing::default();
    if q.max_keys == 0 {
        return out;
    }
    let resume_in_key = !q.key_marker.is_empty() && !q.version_id_marker.is_empty();
    let start = if q.key_marker.is_empty() || q.key_marker < q.prefix {
        Bound::Included(q.prefix)
    } else if resume_in_key {
        Bound::Included(q.key_marker)
    } else {
        Bound::Excluded(q.key_marker)
    };
    let marker = VersionRef::parse(Some(q.version_id_marker));
    let mut count = 0usize;
    let mut last: Option<(String, Option<Option<String>>)> = None;
    'keys: for key in merged_keys(current, history, start) {
        if !key.starts_with(q.prefix) {
            if key.as_str() > q.prefix {
                break;
            }
            continue;
        }
        let rolled = if q.delimiter.is_empty() {
            None
        } else {
            key[q.prefix.len()..]
                .find(q.delimiter)
                .map(|i| key[..q.prefix.len() + i + q.delimiter.len()].to_string())
        };
        if let Some(cp) = rolled {
            let done = last.as_ref().is_some_and(|(k, _)| *k == cp);
            if done || (!q.key_marker.is_empty() && cp.as_str() <= q.key_marker) {
                continue;
            }
            if count == q.max_keys {
                out.truncated = true;
                break;
            }
            out.common_prefixes.push(cp.clone());
            last = Some((cp, None));
            count += 1;
            continue;
        }
        let kv = KeyVersions {
            current: current.get(key).cloned(),
            older: history.get(key).cloned().unwrap_or_default(),
        };
        let mut versions: Vec<(Version, bool)> = kv.all().collect();
        if resume_in_key && key == q.key_marker {
            match versions
                .iter()
                .position(|(v, _)| marker.matches(v.version_id()))
            {
                Some(i) => {
                    versions.drain(..=i);
                }
                // A marker this key does not have: on to the next key.
                None => continue,
            }
        }
        for (version, latest) in versions {
            if count == q.max_keys {
                out.truncated = true;
                break 'keys;
            }
            let id = version.version_id().map(str::to_string);
            out.entries.push(Listed {
                key: key.clone(),
                version,
                latest,
            });
            last = Some((key.clone(), Some(id)));
            count += 1;
        }
    }
    if out.truncated {
        out.next = last;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acl::Acl;

    fn meta(tag: &str) -> ObjectMeta {
        ObjectMeta {
            size: tag.len() as u64,
            etag: tag.into(),
            crc64: 0,
            last_modified: UNIX_EPOCH,
            content_type: String::new(),
            headers: vec![],
            user_meta: vec![],
            storage_class: "STANDARD".into(),
            acl: Acl::default(),
            tags: vec![],
            file: PathBuf::from(tag),
            version_id: None,
            appendable: false,
            restore: None,
        }
    }

    fn ids(kv: &KeyVersions) -> Vec<String> {
        kv.all()
            .map(|(v, _)| {
                let kind = if matches!(v, Version::Marker(_)) {
                    "marker:"
                } else {
                    ""
                };
                format!("{kind}{}", label(v.version_id()))
            })
            .collect()
    }

    fn files(e: &Edit) -> Vec<String> {
        e.unlink.iter().map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn ids_are_coss_form() {
        // The id of doc 35521's example and the number it stands for.
        let seq = seq_of("MTg0NDUxNzgyMDMwODg0NzI0Njc").unwrap();
        assert_eq!(u64::MAX - seq, 18_445_178_203_088_472_467);
        assert_eq!(version_id(seq), "MTg0NDUxNzgyMDMwODg0NzI0Njc");
        let s = Sequence::default();
        let (a, b) = (s.next(), s.next());
        assert!(b > a);
        assert_ne!(version_id(b), version_id(a));
        assert!(version_id(b).bytes().all(|c| c.is_ascii_alphanumeric()));
        s.observe(u64::MAX / 2);
        assert!(s.next() > u64::MAX / 2);
        assert_eq!(seq_of("null"), None);
        assert_eq!(VersionRef::parse(Some("")), VersionRef::Latest);
        assert_eq!(VersionRef::parse(Some("null")), VersionRef::Null);
    }

    #[test]
    fn writes_per_state() {
        let s = Sequence::default();
        // Unversioned: replaced in place.
        let e = write(
            &KeyVersions::default(),
            Versioning::Unversioned,
            meta("a"),
            &s,
        );
        let e = write(&e.after, Versioning::Unversioned, meta("b"), &s);
        assert_eq!(
            (ids(&e.after), files(&e)),
            (vec!["null".into()], vec!["a".into()])
        );
        // Enabled: the null version is kept, new ones get ids.
        let e = write(&e.after, Versioning::Enabled, meta("c"), &s);
        let v = ids(&e.after);
        assert_eq!((v.len(), v[1].as_str()), (2, "null"));
        assert!(e.unlink.is_empty() && e.put.len() == 1);
        let e = write(&e.after, Versioning::Enabled, meta("d"), &s);
        assert_eq!(ids(&e.after).len(), 3);
        // Suspended: a new null version replaces the old one wherever it is.
        let e = write(&e.after, Versioning::Suspended, meta("e"), &s);
        let v = ids(&e.after);
        assert_eq!((v.len(), v[0].as_str()), (3, "null"));
        assert_eq!(files(&e), vec!["b"]);
        let e2 = write(&e.after, Versioning::Suspended, meta("f"), &s);
        assert_eq!((ids(&e2.after).len(), files(&e2)), (3, vec!["e".into()]));
    }

    #[test]
    fn deletes_per_state() {
        let s = Sequence::default();
        let now = UNIX_EPOCH;
        let e = write(&KeyVersions::default(), Versioning::Enabled, meta("a"), &s);
        let first = e
            .after
            .current
            .as_ref()
            .unwrap()
            .version_id
            .clone()
            .unwrap();
        let e = write(&e.after, Versioning::Enabled, meta("b"), &s);
        // A delete adds a marker; the latest is gone, the versions stay.
        let (e, out) = delete(&e.after, Versioning::Enabled, &VersionRef::Latest, now, &s);
        let Deleted::Marker {
            version_id: Some(marker),
        } = out
        else {
            panic!("{out:?}")
        };
        assert!(e.after.current.is_none() && e.unlink.is_empty());
        assert_eq!(
            e.after.find(&VersionRef::Latest).unwrap_err().code,
            "NoSuchKey"
        );
        let err = e.after.find(&VersionRef::Id(marker.clone())).unwrap_err();
        assert_eq!(err.headers[0], ("x-cos-delete-marker", "true".to_string()));
        assert!(matches!(
            e.after.find(&VersionRef::Id(first.clone())),
            Ok(Found::Older(..))
        ));
        assert_eq!(
            e.after
                .find(&VersionRef::Id("bogus".into()))
                .unwrap_err()
                .code,
            "NoSuchVersion"
        );
        // Removing the marker brings the newest object back.
        let (e, out) = delete(
            &e.after,
            Versioning::Enabled,
            &VersionRef::Id(marker.clone()),
            now,
            &s,
        );
        assert_eq!(
            out,
            Deleted::Version {
                version_id: Some(marker),
                was_marker: true
            }
        );
        assert_eq!(e.after.current.as_ref().unwrap().etag, "b");
        assert!(e.current_changed && e.removed.len() == 2);
        // Removing a version for good unlinks its body.
        let (e, _) = delete(
            &e.after,
            Versioning::Enabled,
            &VersionRef::Id(first),
            now,
            &s,
        );
        assert_eq!((ids(&e.after).len(), files(&e)), (1, vec!["a".into()]));
        // Suspended: a null marker replaces the null version.
        let e = write(&e.after, Versioning::Suspended, meta("n"), &s);
        let (e, out) = delete(
            &e.after,
            Versioning::Suspended,
            &VersionRef::Latest,
            now,
            &s,
        );
        assert_eq!(out, Deleted::Marker { version_id: None });
        assert_eq!(
            ids(&e.after),
            vec!["marker:null".to_string(), ids(&e.after)[1].clone()]
        );
        assert_eq!(files(&e), vec!["n"]);
        // Unknown version: nothing.
        let (e2, out) = delete(
            &e.after,
            Versioning::Suspended,
            &VersionRef::Id("x".into()),
            now,
            &s,
        );
        assert_eq!((out, e2.after), (Deleted::Plain, e.after));
    }

    #[test]
    fn listing_order_markers_and_paging() {
        let s = Sequence::default();
        let mut current = BTreeMap::new();
        let mut history = BTreeMap::new();
        let mut put = |key: &str, kv: KeyVersions| {
            if let Some(m) = kv.current {
                current.insert(key.to_string(), m);
            }
            if !kv.older.is_empty() {
                history.insert(key.to_string(), kv.older);
            }
        };
        let e = write(&KeyVersions::default(), Versioning::Enabled, meta("a1"), &s);
        let e = write(&e.after, Versioning::Enabled, meta("a2"), &s);
        put("a", e.after);
        let e = write(&KeyVersions::default(), Versioning::Enabled, meta("b1"), &s);
        let (e, _) = delete(
            &e.after,
            Versioning::Enabled,
            &VersionRef::Latest,
            UNIX_EPOCH,
            &s,
        );
        put("b", e.after);
        put(
            "d/x",
            write(&KeyVersions::default(), Versioning::Enabled, meta("x"), &s).after,
        );
        put(
            "d/y",
            write(&KeyVersions::default(), Versioning::Enabled, meta("y"), &s).after,
        );
        let q = |marker: &'static str,
                 vmarker: &'static str,
                 max: usize,
                 delimiter: &'static str| Query {
            prefix: "",
            delimiter,
            key_marker: marker,
            version_id_marker: vmarker,
            max_keys: max,
        };
        let shape = |l: &VersionListing| -> Vec<String> {
            l.entries
                .iter()
                .map(|e| {
                    let what = match &e.version {
                        Version::Object(m) => m.etag.clone(),
                        Version::Marker(_) => "marker".into(),
                    };
                    format!("{}:{what}:{}", e.key, e.latest)
                })
                .collect()
        };
        let l = list(&current, &history, &q("", "", 1000, ""));
        assert_eq!(
            shape(&l),
            vec![
                "a:a2:true",
                "a:a1:false",
                "b:marker:true",
                "b:b1:false",
                "d/x:x:true",
                "d/y:y:true"
            ]
        );
        let l = list(&current, &history, &q("", "", 1000, "/"));
        assert_eq!(l.common_prefixes, vec!["d/"]);
        assert_eq!(l.entries.len(), 4);
        // Paging: three pages of two, resuming inside a key.
        let mut pages = Vec::new();
        let (mut km, mut vm) = (String::new(), String::new());
        loop {
            let query = Query {
                prefix: "",
                delimiter: "",
                key_marker: &km,
                version_id_marker: &vm,
                max_keys: 3,
            };
            let l = list(&current, &history, &query);
            pages.push(shape(&l));
            let Some((k, v)) = l.next else {
                assert!(!l.truncated);
                break;
            };
            km = k;
            vm = match v {
                None => String::new(),
                Some(id) => label(id.as_deref()).to_string(),
            };
        }
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1][0], "b:b1:false");
        // key-marker alone skips the whole key.
        let l = list(&current, &history, &q("a", "", 1000, ""));
        assert_eq!(shape(&l)[0], "b:marker:true");
        assert!(
            list(&current, &history, &q("", "", 0, ""))
                .entries
                .is_empty()
        );
    }
}
