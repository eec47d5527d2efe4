//! The byte form of what the journal stores: buckets, object metadata,
//! unfinished uploads and their parts. A small hand-written format
//! (little-endian integers, length-prefixed strings, a leading version byte
//! per record) keeps the emulator free of a serialization framework; the
//! records are only ever read back by this module. Decoding never panics:
//! a short or malformed record is an [`io::ErrorKind::InvalidData`] error.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::acl::{Acl, Grant, Grantee, Permission};
use crate::config::BucketConfigs;
use crate::cors::{CorsConfig, CorsRule};
use crate::multipart::Part;
use crate::restore::{Restore, Tier};
use crate::store::{Bucket, NewObject, ObjectMeta};
use crate::tagging::Tags;
use crate::versions::{DeleteMarker, Version};

/// Version byte every record starts with.
const VERSION: u8 = 1;
/// Version byte of bucket records that carry configurations (policy,
/// lifecycle, …) after the tags; version 1 bucket records (written before
/// those existed) are still read, with none.
const BUCKET_VERSION: u8 = 2;
/// Version byte of object records (and older versions) that carry the
/// version id, the object type (appendable or not) and the archive restore
/// after the file name;
/// version 1 object records (written before those existed) are still read,
/// as the null version of a normal object.
const OBJECT_VERSION: u8 = 2;

/// An unfinished upload as stored (its parts are records of their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UploadRecord {
    pub id: String,
    pub bucket: String,
    pub key: String,
    pub seq: u64,
    pub initiated: SystemTime,
    pub attrs: NewObject,
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("unreadable {what} record in the data directory's index"),
    )
}

/// Appends fields to a record.
struct Enc(Vec<u8>);

impl Enc {
    fn new() -> Enc {
        Enc(vec![VERSION])
    }
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    fn pairs(&mut self, v: &[(String, String)]) {
        self.u64(v.len() as u64);
        for (a, b) in v {
            self.str(a);
            self.str(b);
        }
    }
    /// Whole seconds and nanoseconds since the epoch (earlier times as 0).
    fn time(&mut self, t: SystemTime) {
        let d = t
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        self.u64(d.as_secs());
        self.u32(d.subsec_nanos());
    }
    /// Only the file name: the data directory may move.
    fn file(&mut self, path: &Path) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.str(name);
    }
    /// The canned value as an optional string, whose tag byte 2 marks an
    /// `AccessControlPolicy` document (which never has a canned value), so
    /// records written before that flag existed read unchanged.
    fn acl(&mut self, acl: &Acl) {
        if acl.explicit {
            self.u8(2);
        } else {
            self.opt_str(acl.canned.as_deref());
        }
        self.u64(acl.grants.len() as u64);
        for g in &acl.grants {
            match &g.grantee {
                Grantee::User(id) => {
                    self.u8(0);
                    self.str(id);
                }
                Grantee::Group(uri) => {
                    self.u8(1);
                    self.str(uri);
                }
            }
            self.u8(match g.permission {
                Permission::Read => 0,
                Permission::Write => 1,
                Permission::ReadAcp => 2,
                Permission::WriteAcp => 3,
                Permission::FullControl => 4,
            });
        }
    }
    fn attrs(&mut self, a: &NewObject) {
        self.str(&a.content_type);
        self.pairs(&a.headers);
        self.pairs(&a.user_meta);
        self.str(&a.storage_class);
        self.acl(&a.acl);
        self.pairs(&a.tags);
        match &a.expected_md5 {
            None => self.u8(0),
            Some(md5) => {
                self.u8(1);
                self.0.extend_from_slice(md5);
            }
        }
        self.u8(u8::from(a.forbid_overwrite));
    }
}

/// Reads fields of a record.
struct Dec<'a> {
    rest: &'a [u8],
    what: &'static str,
}

impl<'a> Dec<'a> {
    fn new(bytes: &'a [u8], what: &'static str) -> io::Result<Dec<'a>> {
        Self::versioned(bytes, what, VERSION).map(|(d, _)| d)
    }
    /// A record of format version 1 to `newest`, and its version.
    fn versioned(bytes: &'a [u8], what: &'static str, newest: u8) -> io::Result<(Dec<'a>, u8)> {
        let mut d = Dec { rest: bytes, what };
        let version = d.u8()?;
        if !(1..=newest).contains(&version) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{what} record of an unknown format version (a newer cos-emulator?)"),
            ));
        }
        Ok((d, version))
    }
    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(invalid(self.what));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }
    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> io::Result<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    fn len(&mut self) -> io::Result<usize> {
        let n = self.u64()?;
        // A length beyond what is left is damage, not a reason to allocate.
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.rest.len())
            .ok_or_else(|| invalid(self.what))
    }
    fn str(&mut self) -> io::Result<String> {
        let n = self.len()?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| invalid(self.what))
    }
    fn opt_str(&mut self) -> io::Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.str()?)),
            _ => Err(invalid(self.what)),
        }
    }
    fn strs(&mut self) -> io::Result<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn pairs(&mut self) -> io::Result<Vec<(String, String)>> {
        let n = self.len()?;
        (0..n).map(|_| Ok((self.str()?, self.str()?))).collect()
    }
    fn time(&mut self) -> io::Result<SystemTime> {
        let secs = self.u64()?;
        let nanos = self.u32()?;
        if nanos >= 1_000_000_000 {
            return Err(invalid(self.what));
        }
        SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(secs, nanos))
            .ok_or_else(|| invalid(self.what))
    }
    fn md5(&mut self) -> io::Result<[u8; 16]> {
        let mut b = [0u8; 16];
        b.copy_from_slice(self.take(16)?);
        Ok(b)
    }
    /// A file name, joined to `dir`; a name with a path in it is damage.
    fn file(&mut self, dir: &Path) -> io::Result<PathBuf> {
        let name = self.str()?;
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(invalid(self.what));
        }
        Ok(dir.join(name))
    }
    fn acl(&mut self) -> io::Result<Acl> {
        let (canned, explicit) = match self.u8()? {
            0 => (None, false),
            1 => (Some(self.str()?), false),
            2 => (None, true),
            _ => return Err(invalid(self.what)),
        };
        let n = self.len()?;
        let mut grants = Vec::with_capacity(n);
        for _ in 0..n {
            let grantee = match self.u8()? {
                0 => Grantee::User(self.str()?),
                1 => Grantee::Group(self.str()?),
                _ => return Err(invalid(self.what)),
            };
            let permission = match self.u8()? {
                0 => Permission::Read,
                1 => Permission::Write,
                2 => Permission::ReadAcp,
                3 => Permission::WriteAcp,
                4 => Permission::FullControl,
                _ => return Err(invalid(self.what)),
            };
            grants.push(Grant {
                grantee,
                permission,
            });
        }
        Ok(Acl {
            canned,
            grants,
            explicit,
        })
    }
    fn attrs(&mut self) -> io::Result<NewObject> {
        let content_type = self.str()?;
        let headers = self.pairs()?;
        let user_meta = self.pairs()?;
        let storage_class = self.str()?;
        let acl = self.acl()?;
        let tags: Tags = self.pairs()?;
        let expected_md5 = match self.u8()? {
            0 => None,
            1 => Some(self.md5()?),
            _ => return Err(invalid(self.what)),
        };
        let forbid_overwrite = self.u8()? != 0;
        Ok(NewObject {
            content_type,
            headers,
            user_meta,
            storage_class,
            acl,
            tags,
            expected_md5,
            forbid_overwrite,
        })
    }
    /// Trailing bytes are damage too.
    fn end<T>(self, value: T) -> io::Result<T> {
        if self.rest.is_empty() {
            Ok(value)
        } else {
            Err(invalid(self.what))
        }
    }
}

/// A bucket (name, region, creation time, ACL, CORS, tags, then its other
/// configurations as (name, document) pairs).
pub(crate) fn encode_bucket(b: &Bucket) -> Vec<u8> {
    let mut e = Enc(vec![BUCKET_VERSION]);
    e.str(&b.name);
    e.str(&b.region);
    e.time(b.created);
    e.acl(&b.acl);
    match &b.cors {
        None => e.u8(0),
        Some(c) => {
            e.u8(1);
            e.u64(c.rules.len() as u64);
            for r in &c.rules {
                e.opt_str(r.id.as_deref());
                e.strs(&r.allowed_origins);
                e.strs(&r.allowed_methods);
                e.strs(&r.allowed_headers);
                e.strs(&r.expose_headers);
                match r.max_age_seconds {
                    None => e.u8(0),
                    Some(s) => {
                        e.u8(1);
                        e.u64(s as u64);
                    }
                }
            }
            e.u8(match c.response_vary {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            });
        }
    }
    match &b.tags {
        None => e.u8(0),
        Some(t) => {
            e.u8(1);
            e.pairs(t);
        }
    }
    e.pairs(&b.configs.to_records());
    e.0
}

pub(crate) fn decode_bucket(bytes: &[u8]) -> io::Result<Bucket> {
    let (mut d, version) = Dec::versioned(bytes, "bucket", BUCKET_VERSION)?;
    let name = d.str()?;
    let region = d.str()?;
    let created = d.time()?;
    let acl = d.acl()?;
    let cors = match d.u8()? {
        0 => None,
        1 => {
            let n = d.len()?;
            let mut rules = Vec::with_capacity(n);
            for _ in 0..n {
                rules.push(CorsRule {
                    id: d.opt_str()?,
                    allowed_origins: d.strs()?,
                    allowed_methods: d.strs()?,
                    allowed_headers: d.strs()?,
                    expose_headers: d.strs()?,
                    max_age_seconds: match d.u8()? {
                        0 => None,
                        1 => Some(d.u64()? as i64),
                        _ => return Err(invalid("bucket")),
                    },
                });
            }
            let response_vary = match d.u8()? {
                0 => None,
                1 => Some(false),
                2 => Some(true),
                _ => return Err(invalid("bucket")),
            };
            Some(CorsConfig {
                rules,
                response_vary,
            })
        }
        _ => return Err(invalid("bucket")),
    };
    let tags = match d.u8()? {
        0 => None,
        1 => Some(d.pairs()?),
        _ => return Err(invalid("bucket")),
    };
    let configs = if version >= 2 {
        BucketConfigs::from_records(d.pairs()?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
    } else {
        BucketConfigs::default()
    };
    let configs = std::sync::Arc::new(configs);
    d.end(Bucket {
        name,
        region,
        created,
        acl,
        cors,
        tags,
        configs,
    })
}

impl Enc {
    /// The fields of an object record.
    fn object(&mut self, m: &ObjectMeta) {
        self.u64(m.size);
        self.str(&m.etag);
        self.u64(m.crc64);
        self.time(m.last_modified);
        self.str(&m.content_type);
        self.pairs(&m.headers);
        self.pairs(&m.user_meta);
        self.str(&m.storage_class);
        self.acl(&m.acl);
        self.pairs(&m.tags);
        self.file(&m.file);
        self.opt_str(m.version_id.as_deref());
        self.u8(u8::from(m.appendable));
        match &m.restore {
            None => self.u8(0),
            Some(r) => {
                self.u8(1);
                self.u8(r.tier.code());
                self.u32(r.days);
                self.time(r.requested);
                self.time(r.ready_at);
                self.time(r.expires);
            }
        }
    }
}

impl Dec<'_> {
    /// The fields [`Enc::object`] wrote, in a record of format `version`.
    fn object(&mut self, dir: &Path, version: u8) -> io::Result<ObjectMeta> {
        let mut meta = ObjectMeta {
            size: self.u64()?,
            etag: self.str()?,
            crc64: self.u64()?,
            last_modified: self.time()?,
            content_type: self.str()?,
            headers: self.pairs()?,
            user_meta: self.pairs()?,
            storage_class: self.str()?,
            acl: self.acl()?,
            tags: self.pairs()?,
            file: self.file(dir)?,
            version_id: None,
            appendable: false,
            restore: None,
        };
        if version >= 2 {
            meta.version_id = self.opt_str()?;
            meta.appendable = match self.u8()? {
                0 => false,
                1 => true,
                _ => return Err(invalid(self.what)),
            };
            meta.restore = match self.u8()? {
                0 => None,
                1 => Some(Restore {
                    tier: Tier::from_code(self.u8()?).ok_or_else(|| invalid(self.what))?,
                    days: self.u32()?,
                    requested: self.time()?,
                    ready_at: self.time()?,
                    expires: self.time()?,
                }),
                _ => return Err(invalid(self.what)),
            };
        }
        Ok(meta)
    }
}

/// An object's metadata (its body file by name).
pub(crate) fn encode_object(m: &ObjectMeta) -> Vec<u8> {
    let mut e = Enc(vec![OBJECT_VERSION]);
    e.object(m);
    e.0
}

/// Object metadata whose body file is in `dir`.
pub(crate) fn decode_object(bytes: &[u8], dir: &Path) -> io::Result<ObjectMeta> {
    let (mut d, version) = Dec::versioned(bytes, "object", OBJECT_VERSION)?;
    let meta = d.object(dir, version)?;
    d.end(meta)
}

/// An older version (an object record) or a delete marker (its id and time).
pub(crate) fn encode_version(v: &Version) -> Vec<u8> {
    let mut e = Enc(vec![OBJECT_VERSION]);
    match v {
        Version::Object(m) => {
            e.u8(0);
            e.object(m);
        }
        Version::Marker(d) => {
            e.u8(1);
            e.opt_str(d.version_id.as_deref());
            e.time(d.last_modified);
        }
    }
    e.0
}

/// A version record whose body file (for an object) is in `dir`.
pub(crate) fn decode_version(bytes: &[u8], dir: &Path) -> io::Result<Version> {
    let (mut d, version) = Dec::versioned(bytes, "version", OBJECT_VERSION)?;
    let v = match d.u8()? {
        0 => Version::Object(std::sync::Arc::new(d.object(dir, version)?)),
        1 => Version::Marker(DeleteMarker {
            version_id: d.opt_str()?,
            last_modified: d.time()?,
        }),
        _ => return Err(invalid("version")),
    };
    d.end(v)
}

/// An unfinished upload, without its parts.
pub(crate) fn encode_upload(u: &UploadRecord) -> Vec<u8> {
    let mut e = Enc::new();
    e.str(&u.id);
    e.str(&u.bucket);
    e.str(&u.key);
    e.u64(u.seq);
    e.time(u.initiated);
    e.attrs(&u.attrs);
    e.0
}

pub(crate) fn decode_upload(bytes: &[u8]) -> io::Result<UploadRecord> {
    let mut d = Dec::new(bytes, "upload")?;
    let upload = UploadRecord {
        id: d.str()?,
        bucket: d.str()?,
        key: d.str()?,
        seq: d.u64()?,
        initiated: d.time()?,
        attrs: d.attrs()?,
    };
    d.end(upload)
}

/// One part of an upload (its file by name).
pub(crate) fn encode_part(p: &Part) -> Vec<u8> {
    let mut e = Enc::new();
    e.u32(p.number);
    e.u64(p.size);
    e.0.extend_from_slice(&p.md5);
    e.u64(p.crc64);
    e.time(p.last_modified);
    e.file(&p.file);
    e.0
}

/// A part whose file is in `dir`.
pub(crate) fn decode_part(bytes: &[u8], dir: &Path) -> io::Result<Part> {
    let mut d = Dec::new(bytes, "part")?;
    let part = Part {
        number: d.u32()?,
        size: d.u64()?,
        md5: d.md5()?,
        crc64: d.u64()?,
        last_modified: d.time()?,
        file: d.file(dir)?,
    };
    d.end(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acl() -> Acl {
        Acl {
            canned: Some("public-read".into()),
            grants: vec![
                Grant {
                    grantee: Grantee::User("qcs::cam::uin/1:uin/2".into()),
                    permission: Permission::WriteAcp,
                },
                Grant {
                    grantee: Grantee::Group("http://cam.qcloud.com/groups/global/AllUsers".into()),
                    permission: Permission::Read,
                },
            ],
            explicit: false,
        }
    }

    #[test]
    fn explicit_acls_round_trip() {
        let explicit = Acl {
            canned: None,
            explicit: true,
            ..acl()
        };
        let upload = UploadRecord {
            id: "1".into(),
            bucket: "b-1250000000".into(),
            key: "k".into(),
            seq: 1,
            initiated: SystemTime::UNIX_EPOCH,
            attrs: NewObject {
                acl: explicit,
                ..Default::default()
            },
        };
        assert_eq!(decode_upload(&encode_upload(&upload)).unwrap(), upload);
    }

    #[test]
    fn records_round_trip() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789);
        let bucket = Bucket {
            name: "b-1250000000".into(),
            region: "ap-中".into(),
            created: t,
            acl: acl(),
            cors: Some(CorsConfig {
                rules: vec![CorsRule {
                    id: Some("r1".into()),
                    allowed_origins: vec!["https://*.example.com".into()],
                    allowed_methods: vec!["GET".into(), "PUT".into()],
                    allowed_headers: vec!["*".into()],
                    expose_headers: vec!["ETag".into()],
                    max_age_seconds: Some(-5),
                }],
                response_vary: Some(true),
            }),
            tags: Some(vec![("k".into(), "".into())]),
            configs: Default::default(),
        };
        assert_eq!(decode_bucket(&encode_bucket(&bucket)).unwrap(), bucket);
        // A version 1 record (before configurations) reads with none.
        let mut v1 = encode_bucket(&bucket);
        v1[0] = 1;
        v1.truncate(v1.len() - 8);
        assert_eq!(decode_bucket(&v1).unwrap(), bucket);
        let mut configured = bucket.clone();
        configured.configs = std::sync::Arc::new(
            BucketConfigs::from_records(vec![(
                "versioning".into(),
                "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>"
                    .into(),
            )])
            .unwrap(),
        );
        assert_eq!(
            decode_bucket(&encode_bucket(&configured)).unwrap(),
            configured
        );
        let dir = Path::new("/data/objects");
        let meta = ObjectMeta {
            size: 5,
            etag: "abc-2".into(),
            crc64: u64::MAX,
            last_modified: t,
            content_type: "text/plain".into(),
            headers: vec![("Cache-Control".into(), "no-cache".into())],
            user_meta: vec![("x-cos-meta-a".into(), "b\tc".into())],
            storage_class: "STANDARD_IA".into(),
            acl: acl(),
            tags: vec![("t".into(), "v".into())],
            file: dir.join("18a-ff-1"),
            version_id: Some("MTg0NDUxNzgyMDMwODg0NzI0Njc".into()),
            appendable: true,
            restore: Some(Restore {
                tier: Tier::Bulk,
                days: 3,
                requested: t,
                ready_at: t + Duration::from_secs(5),
                expires: t + Duration::from_secs(86_400),
            }),
        };
        assert_eq!(decode_object(&encode_object(&meta), dir).unwrap(), meta);
        // A version 1 record (before versioning) reads as the null version.
        let plain = ObjectMeta {
            version_id: None,
            appendable: false,
            restore: None,
            ..meta.clone()
        };
        let mut v1 = encode_object(&plain);
        v1[0] = 1;
        // Without the version 2 fields: no version id, flags, no restore.
        v1.truncate(v1.len() - 3);
        assert_eq!(decode_object(&v1, dir).unwrap(), plain);
        let older = Version::Object(std::sync::Arc::new(meta.clone()));
        assert_eq!(decode_version(&encode_version(&older), dir).unwrap(), older);
        let marker = Version::Marker(DeleteMarker {
            version_id: None,
            last_modified: t,
        });
        assert_eq!(
            decode_version(&encode_version(&marker), dir).unwrap(),
            marker
        );
        let upload = UploadRecord {
            id: "0001".into(),
            bucket: "b-1250000000".into(),
            key: "a/b".into(),
            seq: 7,
            initiated: t,
            attrs: NewObject {
                content_type: "x/y".into(),
                expected_md5: Some([9; 16]),
                forbid_overwrite: true,
                acl: acl(),
                ..Default::default()
            },
        };
        assert_eq!(decode_upload(&encode_upload(&upload)).unwrap(), upload);
        let part = Part {
            number: 10_000,
            size: 1 << 33,
            md5: [7; 16],
            crc64: 1,
            last_modified: t,
            file: dir.join("p-1"),
        };
        assert_eq!(decode_part(&encode_part(&part), dir).unwrap(), part);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let meta = ObjectMeta {
            size: 1,
            etag: "e".into(),
            crc64: 0,
            last_modified: SystemTime::UNIX_EPOCH,
            content_type: String::new(),
            headers: vec![],
            user_meta: vec![],
            storage_class: "STANDARD".into(),
            acl: Acl::default(),
            tags: vec![],
            file: PathBuf::from("f"),
            version_id: None,
            appendable: false,
            restore: None,
        };
        let good = encode_object(&meta);
        let dir = Path::new("d");
        for cut in 0..good.len() {
            assert!(decode_object(&good[..cut], dir).is_err(), "{cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode_object(&longer, dir).is_err());
        let mut huge = good.clone();
        huge[9..17].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode_object(&huge, dir).is_err());
        let mut newer = good;
        newer[0] = OBJECT_VERSION + 1;
        assert!(decode_object(&newer, dir).is_err());
        // A file name with a path in it.
        let mut bad = meta.clone();
        bad.file = PathBuf::from("..");
        assert!(decode_object(&encode_object(&bad), dir).is_err());
    }
}
