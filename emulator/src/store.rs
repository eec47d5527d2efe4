//! Bucket index and object metadata in memory, object bodies in files, and
//! (with a data directory) every change written through to the
//! [`Journal`] before it shows.
//!
//! Uploads stream into a temp file and become visible only when the index entry
//! is swapped under the write lock, so a failed upload never shows and concurrent
//! writers to one key are last-writer-wins. Every stored version has its own data
//! file; a replaced or deleted file is unlinked after the swap (readers that
//! already opened it keep reading it).
//!
//! Both kinds of store share this code: [`Store::temporary`] (a throw-away
//! directory, nothing fsynced, the journal a no-op) and [`Store::open`] (a
//! data directory: bodies fsynced before the commit that points at them,
//! metadata in redb, recovery at start).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use crc::{CRC_64_XZ, Crc};
use md5::{Digest, Md5};

use crate::acl::Acl;
use crate::config::BucketConfigs;
use crate::cors::CorsConfig;
use crate::disk::{Area, Disk, TempFile};
use crate::errors::CosError;
use crate::journal::{Change, Journal};
use crate::multipart::{Part, Uploads};
use crate::tagging::Tags;
use crate::versions::{self, Deleted, Edit, KeyVersions, Noncurrent, Sequence, VersionRef};

/// CRC-64/XZ, the `x-cos-hash-crc64ecma` variant (spec §3.7).
pub(crate) const CRC64: Crc<u64> = Crc::<u64>::new(&CRC_64_XZ);

/// Largest number of buckets per account (spec §8).
pub(crate) const MAX_BUCKETS: usize = 200;

/// A bucket: its name and configuration (its objects are kept apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bucket {
    /// Full name `{name}-{appid}`.
    pub name: String,
    /// Region it was created in.
    pub region: String,
    /// Creation time.
    pub created: SystemTime,
    /// The bucket's ACL (set at creation or by PUT Bucket acl).
    pub acl: Acl,
    /// CORS configuration, if any.
    pub cors: Option<CorsConfig>,
    /// Tag set, if any.
    pub tags: Option<Tags>,
    /// Policy, lifecycle, versioning, website, … (none at creation). Shared:
    /// every request clones its bucket, and a 1000-rule lifecycle should not
    /// be copied each time (changes go through `Arc::make_mut`).
    pub configs: Arc<BucketConfigs>,
}

/// Metadata of one stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectMeta {
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex MD5 (the ETag without quotes).
    pub etag: String,
    /// CRC-64/XZ of the content.
    pub crc64: u64,
    /// Last modification time.
    pub last_modified: SystemTime,
    /// `Content-Type`.
    pub content_type: String,
    /// Other stored standard headers (`Cache-Control`, …), in canonical spelling.
    pub headers: Vec<(String, String)>,
    /// `x-cos-meta-*` headers, names lower-cased.
    pub user_meta: Vec<(String, String)>,
    /// Storage class, upper case.
    pub storage_class: String,
    /// The object's own ACL (empty: inherits the bucket's).
    pub acl: Acl,
    /// Object tags.
    pub tags: Tags,
    /// File holding the content.
    pub file: PathBuf,
    /// Its version id; `None` for the null version (every object of a
    /// bucket that never had versioning, and writes while it is suspended).
    pub version_id: Option<String>,
    /// Written by Append Object (`x-cos-object-type: appendable`); only such
    /// objects may be appended to.
    pub appendable: bool,
    /// The restore of an archived object, if one was asked for.
    pub restore: Option<crate::restore::Restore>,
}

/// Attributes of an object being written, besides its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NewObject {
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub user_meta: Vec<(String, String)>,
    pub storage_class: String,
    pub acl: Acl,
    pub tags: Tags,
    /// Expected MD5 (from `Content-MD5`).
    pub expected_md5: Option<[u8; 16]>,
    /// Refuse to replace an existing key.
    pub forbid_overwrite: bool,
}

/// A bucket and its objects by key (UTF-8 byte order).
#[derive(Debug)]
struct Entry {
    bucket: Bucket,
    /// The current object of every key whose latest version is one.
    objects: BTreeMap<String, Arc<ObjectMeta>>,
    /// Older versions and delete markers by key, newest first (only keys
    /// that have some: never any on a bucket that never had versioning).
    history: BTreeMap<String, Vec<Noncurrent>>,
}

impl Entry {
    fn new(bucket: Bucket) -> Entry {
        Entry {
            bucket,
            objects: BTreeMap::new(),
            history: BTreeMap::new(),
        }
    }

    /// Every version of `key`.
    fn versions(&self, key: &str) -> KeyVersions {
        KeyVersions {
            current: self.objects.get(key).cloned(),
            older: self.history.get(key).cloned().unwrap_or_default(),
        }
    }

    /// Installs the versions an [`Edit`] computed.
    fn install(&mut self, key: &str, after: KeyVersions) {
        match after.current {
            Some(m) => {
                self.objects.insert(key.to_string(), m);
            }
            None => {
                self.objects.remove(key);
            }
        }
        if after.older.is_empty() {
            self.history.remove(key);
        } else {
            self.history.insert(key.to_string(), after.older);
        }
    }
}

#[derive(Debug, Default)]
struct Index {
    buckets: BTreeMap<String, Entry>,
}

impl Index {
    fn entry(&self, bucket: &str) -> Result<&Entry, CosError> {
        self.buckets
            .get(bucket)
            .ok_or_else(CosError::no_such_bucket)
    }

    fn entry_mut(&mut self, bucket: &str) -> Result<&mut Entry, CosError> {
        self.buckets
            .get_mut(bucket)
            .ok_or_else(CosError::no_such_bucket)
    }
}

/// The store.
#[derive(Debug)]
pub(crate) struct Store {
    disk: Arc<Disk>,
    journal: Arc<Journal>,
    index: RwLock<Index>,
    /// Sequence numbers (and version ids) of versions.
    seq: Sequence,
    /// Pending multipart uploads (their own locking).
    pub uploads: Uploads,
}

/// What a successful write produced.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub meta: Arc<ObjectMeta>,
}

/// What the emulator found in its data directory at start and what it
/// cleaned up ([`crate::Emulator::recovery`]; the command line prints it as
/// one line on stderr).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovery {
    /// Buckets kept.
    pub buckets: usize,
    /// Objects kept (current versions).
    pub objects: usize,
    /// Older versions and delete markers kept (versioned buckets).
    pub versions: usize,
    /// Unfinished multipart uploads kept.
    pub uploads: usize,
    /// Parts of those uploads kept.
    pub parts: usize,
    /// Files of writes that never finished (an upload cut off by a crash),
    /// removed from `tmp/`.
    pub removed_temp_files: usize,
    /// Bodies no committed object points at (the process died between
    /// writing one and committing it, or before unlinking a replaced one),
    /// removed from `objects/`.
    pub removed_orphan_bodies: usize,
    /// Part files no committed part points at, removed from `parts/`.
    pub removed_orphan_parts: usize,
    /// Leftovers of an interrupted bucket deletion (uploads of a bucket that
    /// is gone), removed.
    pub removed_stale_records: usize,
    /// Objects and parts whose file was missing or of the wrong size, so
    /// dropped. Always 0 unless the disk lost data the emulator had fsynced
    /// (or someone removed files by hand).
    pub lost_bodies: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Older versions only show when there are some (versioned buckets).
        let versions = if self.versions > 0 {
            format!(
                ", {}",
                plural(
                    self.versions,
                    "older version or delete marker",
                    "older versions or delete markers"
                )
            )
        } else {
            String::new()
        };
        write!(
            f,
            "kept {}, {}{versions}, {} ({}); removed {}, {}, {}",
            plural(self.buckets, "bucket", "buckets"),
            plural(self.objects, "object", "objects"),
            plural(self.uploads, "unfinished upload", "unfinished uploads"),
            plural(self.parts, "part", "parts"),
            plural(
                self.removed_temp_files,
                "unfinished write",
                "unfinished writes"
            ),
            plural(
                self.removed_orphan_bodies,
                "orphaned body",
                "orphaned bodies"
            ),
            plural(self.removed_orphan_parts, "orphaned part", "orphaned parts"),
        )?;
        if self.removed_stale_records > 0 {
            write!(
                f,
                ", {} of deleted buckets",
                plural(self.removed_stale_records, "upload", "uploads")
            )?;
        }
        if self.lost_bodies > 0 {
            write!(
                f,
                "; LOST {} whose file was missing or damaged",
                plural(self.lost_bodies, "object or part", "objects or parts")
            )?;
        }
        Ok(())
    }
}

/// Whether `path` is a file of `size` bytes.
fn body_intact(path: &Path, size: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size)
}

/// A writer that also feeds what it writes to an MD5 (the old content of
/// an appended object).
struct HashedWrite<'a> {
    out: &'a mut File,
    md5: &'a mut Md5,
}

impl Write for HashedWrite<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.md5.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A reader that also feeds what it reads to an MD5 (the appended bytes,
/// into the whole object's MD5).
struct HashedRead<'a> {
    inner: &'a mut dyn Read,
    md5: &'a mut Md5,
}

impl Read for HashedRead<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.md5.update(&buf[..n]);
        Ok(n)
    }
}

/// Streams `body` into `out`: size, binary MD5 and CRC-64/XZ. `body_error`
/// maps a read error of the body to the error to answer.
pub(crate) fn stream_body(
    body: &mut dyn Read,
    out: &mut File,
    body_error: impl Fn(io::Error) -> CosError,
) -> Result<(u64, [u8; 16], u64), CosError> {
    let mut md5 = Md5::new();
    let mut crc = CRC64.digest();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(body_error(e)),
        };
        md5.update(&buf[..n]);
        crc.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(CosError::internal)?;
        size += n as u64;
    }
    Ok((size, md5.finalize().into(), crc.finalize()))
}

impl Store {
    /// A store in a throw-away directory `root`: metadata in memory only,
    /// nothing fsynced (the embedded default of the tests).
    pub fn temporary(root: &Path) -> io::Result<Store> {
        let disk = Arc::new(Disk::new(root, false)?);
        let journal = Arc::new(Journal::in_memory());
        Ok(Store {
            uploads: Uploads::new(disk.clone(), journal.clone()),
            disk,
            journal,
            index: RwLock::new(Index::default()),
            seq: Sequence::default(),
        })
    }

    /// Opens the durable store in data directory `root`: loads every
    /// committed record, drops the ones whose body is gone (and the uploads
    /// of deleted buckets), removes temp files and bodies nothing points at.
    pub fn open(root: &Path) -> io::Result<(Store, Recovery)> {
        let disk = Arc::new(Disk::new(root, true)?);
        let journal = Arc::new(Journal::open(root)?);
        let snap = journal.load(disk.dir(Area::Objects), disk.dir(Area::Parts))?;
        let mut report = Recovery::default();
        let mut referenced: HashSet<PathBuf> = HashSet::new();
        let mut index = Index::default();
        for bucket in snap.buckets {
            index
                .buckets
                .insert(bucket.name.clone(), Entry::new(bucket));
        }
        let seq = Sequence::default();
        // Records to delete: (bucket, key) objects, upload ids, (id, number) parts.
        let mut gone_objects: Vec<(String, String)> = Vec::new();
        let mut gone_uploads: Vec<String> = Vec::new();
        let mut gone_parts: Vec<(String, u32)> = Vec::new();
        for (bucket, key, meta) in snap.objects {
            match index.buckets.get_mut(&bucket) {
                Some(entry) if body_intact(&meta.file, meta.size) => {
                    referenced.insert(meta.file.clone());
                    if let Some(n) = meta.version_id.as_deref().and_then(versions::seq_of) {
                        seq.observe(n);
                    }
                    entry.objects.insert(key, Arc::new(meta));
                }
                Some(_) => {
                    report.lost_bodies += 1;
                    gone_objects.push((bucket, key));
                }
                // Cannot happen (a bucket is deleted only when empty), but
                // an object without its bucket could never be listed.
                None => {
                    report.removed_stale_records += 1;
                    gone_objects.push((bucket, key));
                }
            }
        }
        // Older versions and delete markers: (bucket, key, seq) records.
        let mut gone_versions: Vec<(String, String, u64)> = Vec::new();
        for (bucket, key, n) in snap.versions {
            seq.observe(n.seq);
            if let Some(v) = n.version.version_id().and_then(versions::seq_of) {
                seq.observe(v);
            }
            let intact = match &n.version {
                versions::Version::Object(m) => body_intact(&m.file, m.size),
                versions::Version::Marker(_) => true,
            };
            match index.buckets.get_mut(&bucket) {
                Some(entry) if intact => {
                    if let versions::Version::Object(m) = &n.version {
                        referenced.insert(m.file.clone());
                    }
                    entry.history.entry(key).or_default().push(n);
                }
                Some(_) => {
                    report.lost_bodies += 1;
                    gone_versions.push((bucket, key, n.seq));
                }
                None => {
                    report.removed_stale_records += 1;
                    gone_versions.push((bucket, key, n.seq));
                }
            }
        }
        for entry in index.buckets.values_mut() {
            for older in entry.history.values_mut() {
                older.sort_by_key(|n| std::cmp::Reverse(n.seq));
            }
        }
        let mut uploads: HashMap<String, (crate::record::UploadRecord, BTreeMap<u32, Part>)> =
            HashMap::new();
        for upload in snap.uploads {
            if index.buckets.contains_key(&upload.bucket) {
                uploads.insert(upload.id.clone(), (upload, BTreeMap::new()));
            } else {
                report.removed_stale_records += 1;
                gone_uploads.push(upload.id);
            }
        }
        for (id, part) in snap.parts {
            // Parts of a dropped upload go with its DeleteUpload.
            let Some((_, parts)) = uploads.get_mut(&id) else {
                continue;
            };
            if body_intact(&part.file, part.size) {
                referenced.insert(part.file.clone());
                parts.insert(part.number, part);
            } else {
                report.lost_bodies += 1;
                gone_parts.push((id, part.number));
            }
        }
        let swept = disk.sweep(&referenced)?;
        let mut changes: Vec<Change<'_>> = Vec::new();
        changes.extend(
            gone_objects
                .iter()
                .map(|(bucket, key)| Change::DeleteObject { bucket, key }),
        );
        changes.extend(
            gone_versions
                .iter()
                .map(|(bucket, key, seq)| Change::DeleteVersion {
                    bucket,
                    key,
                    seq: *seq,
                }),
        );
        changes.extend(gone_uploads.iter().map(|id| Change::DeleteUpload(id)));
        changes.extend(
            gone_parts
                .iter()
                .map(|(upload, number)| Change::DeletePart {
                    upload,
                    number: *number,
                }),
        );
        if !changes.is_empty() {
            journal
                .commit(&changes)
                .map_err(|e| io::Error::other(e.message))?;
        }
        report.buckets = index.buckets.len();
        report.objects = index.buckets.values().map(|e| e.objects.len()).sum();
        report.versions = index
            .buckets
            .values()
            .flat_map(|e| e.history.values())
            .map(Vec::len)
            .sum();
        report.uploads = uploads.len();
        report.parts = uploads.values().map(|(_, p)| p.len()).sum();
        report.removed_temp_files = swept.temp_files;
        report.removed_orphan_bodies = swept.objects;
        report.removed_orphan_parts = swept.parts;
        let store = Store {
            uploads: Uploads::new(disk.clone(), journal.clone()),
            disk,
            journal,
            index: RwLock::new(index),
            seq,
        };
        for (record, parts) in uploads.into_values() {
            store.uploads.restore(record, parts);
        }
        Ok((store, report))
    }

    fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates a bucket. Fails with `BucketAlreadyExists` (any region) or `TooManyBuckets`.
    pub fn create_bucket(
        &self,
        name: &str,
        region: &str,
        acl: Acl,
        tags: Option<Tags>,
        now: SystemTime,
    ) -> Result<(), CosError> {
        let mut index = self.write();
        if index.buckets.contains_key(name) {
            return Err(CosError::bucket_already_exists());
        }
        if index.buckets.len() >= MAX_BUCKETS {
            return Err(CosError::too_many_buckets());
        }
        let bucket = Bucket {
            name: name.to_string(),
            region: region.to_string(),
            created: now,
            acl,
            cors: None,
            tags,
            configs: Arc::default(),
        };
        self.journal.commit(&[Change::PutBucket(&bucket)])?;
        index.buckets.insert(name.to_string(), Entry::new(bucket));
        Ok(())
    }

    /// The bucket's name, region, creation time and configuration.
    pub fn bucket_info(&self, name: &str) -> Option<Bucket> {
        let index = self.read();
        index.buckets.get(name).map(|e| e.bucket.clone())
    }

    /// All buckets, sorted by name.
    pub fn list_buckets(&self) -> Vec<Bucket> {
        let index = self.read();
        index.buckets.values().map(|e| e.bucket.clone()).collect()
    }

    /// Deletes an empty bucket (no objects, no older versions or delete
    /// markers: COS refuses a bucket that still has versions).
    pub fn delete_bucket(&self, name: &str) -> Result<(), CosError> {
        let mut index = self.write();
        let entry = index.entry(name)?;
        if !entry.objects.is_empty() || !entry.history.is_empty() {
            return Err(CosError::bucket_not_empty());
        }
        self.journal.commit(&[Change::DeleteBucket(name)])?;
        index.buckets.remove(name);
        Ok(())
    }

    /// Runs `f` over the bucket's objects under the read lock.
    pub fn with_objects<T>(
        &self,
        bucket: &str,
        f: impl FnOnce(&BTreeMap<String, Arc<ObjectMeta>>) -> T,
    ) -> Result<T, CosError> {
        let index = self.read();
        Ok(f(&index.entry(bucket)?.objects))
    }

    /// Runs `f` over the bucket's current objects and older versions
    /// under the read lock.
    pub fn with_versions<T>(
        &self,
        bucket: &str,
        f: impl FnOnce(&BTreeMap<String, Arc<ObjectMeta>>, &BTreeMap<String, Vec<Noncurrent>>) -> T,
    ) -> Result<T, CosError> {
        let index = self.read();
        let entry = index.entry(bucket)?;
        Ok(f(&entry.objects, &entry.history))
    }

    /// Metadata of an object (its current version).
    pub fn head_object(&self, bucket: &str, key: &str) -> Result<Arc<ObjectMeta>, CosError> {
        self.head_version(bucket, key, &VersionRef::Latest)
    }

    /// Metadata of the object version `which` names (errors: see
    /// [`KeyVersions::find`]).
    pub fn head_version(
        &self,
        bucket: &str,
        key: &str,
        which: &VersionRef,
    ) -> Result<Arc<ObjectMeta>, CosError> {
        let index = self.read();
        let found = index.entry(bucket)?.versions(key).find(which)?;
        Ok(found.meta().clone())
    }

    /// Metadata of the object version `which` names plus an open handle on
    /// its content (opened under the lock, so a concurrent overwrite cannot
    /// pull the file away).
    pub fn open_version(
        &self,
        bucket: &str,
        key: &str,
        which: &VersionRef,
    ) -> Result<(Arc<ObjectMeta>, File), CosError> {
        let index = self.read();
        let meta = index
            .entry(bucket)?
            .versions(key)
            .find(which)?
            .meta()
            .clone();
        let file = File::open(&meta.file).map_err(CosError::internal)?;
        Ok((meta, file))
    }

    /// Whether the bucket exists and the key is present.
    pub fn object_exists(&self, bucket: &str, key: &str) -> Result<bool, CosError> {
        self.with_objects(bucket, |objects| objects.contains_key(key))
    }

    /// A new temp file for a body being assembled (see [`Store::seal_body`]).
    pub fn new_body(&self, what: &str) -> Result<(File, TempFile), CosError> {
        self.disk.create_temp(what).map_err(CosError::internal)
    }

    /// Moves a finished body into the object area (fsynced first when
    /// durable); returns its path, for [`Store::publish`].
    pub fn seal_body(&self, file: File, temp: TempFile) -> Result<PathBuf, CosError> {
        self.disk
            .seal(file, temp, Area::Objects)
            .map_err(CosError::internal)
    }

    /// Streams `body` into a new object version and publishes it. `body_error`
    /// maps a read error of the body to the error to answer.
    pub fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: &mut dyn Read,
        attrs: NewObject,
        body_error: impl Fn(io::Error) -> CosError,
    ) -> Result<Written, CosError> {
        let (mut file, temp) = self.new_body("upload")?;
        let (size, digest, crc64) = stream_body(body, &mut file, body_error)?;
        if let Some(expected) = attrs.expected_md5 {
            if expected != digest {
                return Err(CosError::bad_digest());
            }
        }
        let path = self.seal_body(file, temp)?;
        let meta = Arc::new(ObjectMeta {
            size,
            etag: crate::auth::hex(&digest),
            crc64,
            last_modified: SystemTime::now(),
            content_type: attrs.content_type,
            headers: attrs.headers,
            user_meta: attrs.user_meta,
            storage_class: attrs.storage_class,
            acl: attrs.acl,
            tags: attrs.tags,
            file: path,
            version_id: None,
            appendable: false,
            restore: None,
        });
        let meta = self.publish(bucket, key, meta, attrs.forbid_overwrite, None)?;
        Ok(Written { meta })
    }

    /// Streams `size` bytes of `source` (a handle opened by [`Store::open_version`],
    /// at offset 0) file-to-file into a new object version of `bucket`/`key` and
    /// publishes it like [`Store::put_object`]. The content is unchanged, so the
    /// new version keeps the source's `etag` and `crc64`. `io::copy` between two
    /// files uses `copy_file_range` on Linux: nothing is buffered in memory.
    #[allow(clippy::too_many_arguments)]
    pub fn copy_object(
        &self,
        bucket: &str,
        key: &str,
        source: &File,
        size: u64,
        etag: &str,
        crc64: u64,
        attrs: NewObject,
    ) -> Result<Written, CosError> {
        let (mut out, temp) = self.new_body("copy")?;
        let copied = io::copy(&mut source.take(size), &mut out).map_err(CosError::internal)?;
        if copied != size {
            return Err(CosError::internal("the copy source changed size"));
        }
        let path = self.seal_body(out, temp)?;
        let meta = Arc::new(ObjectMeta {
            size,
            etag: etag.to_string(),
            crc64,
            last_modified: SystemTime::now(),
            content_type: attrs.content_type,
            headers: attrs.headers,
            user_meta: attrs.user_meta,
            storage_class: attrs.storage_class,
            acl: attrs.acl,
            tags: attrs.tags,
            file: path,
            version_id: None,
            appendable: false,
            restore: None,
        });
        let meta = self.publish(bucket, key, meta, attrs.forbid_overwrite, None)?;
        Ok(Written { meta })
    }

    /// Append Object: streams the current object of `key` (if any) and then
    /// `body` into a new appendable version and publishes it. `check` decides
    /// whether the current object may be appended to (see
    /// [`crate::append::check`]); it runs before anything is read and again
    /// under the write lock, where the current object must also still be the
    /// one appended to (a concurrent write in between is a position error).
    /// A new object takes `attrs`; an existing one keeps its metadata, ACL,
    /// tags and storage class (doc 7741). The ETag is the MD5 of the whole
    /// content, the CRC-64 is combined from the old one and the new bytes';
    /// `attrs.expected_md5` (`Content-MD5`) is the MD5 of `body` alone.
    pub fn append_object(
        &self,
        bucket: &str,
        key: &str,
        body: &mut dyn Read,
        attrs: NewObject,
        check: impl Fn(Option<&ObjectMeta>) -> Result<(), CosError>,
        body_error: impl Fn(io::Error) -> CosError,
    ) -> Result<Arc<ObjectMeta>, CosError> {
        let base = {
            let index = self.read();
            let current = index.entry(bucket)?.objects.get(key).cloned();
            check(current.as_deref())?;
            match current {
                Some(m) => {
                    let file = File::open(&m.file).map_err(CosError::internal)?;
                    Some((m, file))
                }
                None => None,
            }
        };
        let (mut out, temp) = self.new_body("append")?;
        let mut whole = Md5::new();
        let (mut size, mut crc64) = (0u64, 0u64);
        if let Some((m, file)) = &base {
            let mut hashed = HashedWrite {
                out: &mut out,
                md5: &mut whole,
            };
            let copied =
                io::copy(&mut file.take(m.size), &mut hashed).map_err(CosError::internal)?;
            if copied != m.size {
                return Err(CosError::internal("the appended object changed size"));
            }
            (size, crc64) = (m.size, m.crc64);
        }
        let mut tee = HashedRead {
            inner: body,
            md5: &mut whole,
        };
        let (added, digest, added_crc) = stream_body(&mut tee, &mut out, body_error)?;
        if attrs
            .expected_md5
            .is_some_and(|expected| expected != digest)
        {
            return Err(CosError::bad_digest());
        }
        let path = self.seal_body(out, temp)?;
        let now = SystemTime::now();
        let etag = crate::auth::hex(&whole.finalize());
        crc64 = crate::multipart::crc64_combine(crc64, added_crc, added);
        size += added;
        let meta = match &base {
            Some((m, _)) => ObjectMeta {
                size,
                etag,
                crc64,
                last_modified: now,
                file: path,
                ..ObjectMeta::clone(m)
            },
            None => ObjectMeta {
                size,
                etag,
                crc64,
                last_modified: now,
                content_type: attrs.content_type,
                headers: attrs.headers,
                user_meta: attrs.user_meta,
                storage_class: attrs.storage_class,
                acl: attrs.acl,
                tags: attrs.tags,
                file: path,
                version_id: None,
                appendable: true,
                restore: None,
            },
        };
        let base = base.map(|(m, _)| m);
        self.publish_if(bucket, key, Arc::new(meta), None, |current| {
            check(current.map(|m| m.as_ref()))?;
            let same = match (current, &base) {
                (None, None) => true,
                (Some(c), Some(b)) => Arc::ptr_eq(c, b),
                _ => false,
            };
            if same {
                Ok(())
            } else {
                Err(crate::append::position_error(current.map_or(0, |m| m.size)))
            }
        })
    }

    /// Makes `meta` (whose file [`Store::seal_body`] placed) the current
    /// version of `key`, in one commit with the removal of the multipart
    /// upload `completing` (if any). The bucket's versioning state decides
    /// what becomes of the version it replaces ([`versions::write`]) and the
    /// new version's id; bodies no version points at any more are unlinked
    /// afterwards. Returns the object as published (with its version id).
    /// On error `meta.file` is removed.
    pub fn publish(
        &self,
        bucket: &str,
        key: &str,
        meta: Arc<ObjectMeta>,
        forbid_overwrite: bool,
        completing: Option<&str>,
    ) -> Result<Arc<ObjectMeta>, CosError> {
        self.publish_if(bucket, key, meta, completing, |current| {
            if forbid_overwrite && current.is_some() {
                return Err(CosError::path_conflict());
            }
            Ok(())
        })
    }

    /// [`Store::publish`], once `check` accepts the current object of `key`
    /// (under the write lock, so nothing changes between the check and the
    /// commit).
    pub fn publish_if(
        &self,
        bucket: &str,
        key: &str,
        meta: Arc<ObjectMeta>,
        completing: Option<&str>,
        check: impl FnOnce(Option<&Arc<ObjectMeta>>) -> Result<(), CosError>,
    ) -> Result<Arc<ObjectMeta>, CosError> {
        let done = (|| {
            let mut index = self.write();
            let entry = index.entry_mut(bucket)?;
            let before = entry.versions(key);
            check(before.current.as_ref())?;
            let state = versions::Versioning::of(&entry.bucket);
            let edit = versions::write(&before, state, ObjectMeta::clone(&meta), &self.seq);
            self.commit_edit(bucket, key, &edit, completing)?;
            let published = edit.after.current.clone();
            entry.install(key, edit.after);
            Ok((published, edit.unlink))
        })();
        match done {
            Ok((published, unlink)) => {
                for file in &unlink {
                    self.disk.remove(file);
                }
                published.ok_or_else(|| CosError::internal("published no current version"))
            }
            Err(e) => {
                self.disk.remove(&meta.file);
                Err(e)
            }
        }
    }

    /// Commits what `edit` changes for `key` (plus the end of the upload
    /// `completing`) in one transaction.
    fn commit_edit(
        &self,
        bucket: &str,
        key: &str,
        edit: &Edit,
        completing: Option<&str>,
    ) -> Result<(), CosError> {
        let mut changes: Vec<Change<'_>> = Vec::new();
        if edit.current_changed {
            changes.push(match &edit.after.current {
                Some(meta) => Change::PutObject { bucket, key, meta },
                None => Change::DeleteObject { bucket, key },
            });
        }
        changes.extend(edit.removed.iter().map(|seq| Change::DeleteVersion {
            bucket,
            key,
            seq: *seq,
        }));
        changes.extend(edit.put.iter().map(|n| Change::PutVersion {
            bucket,
            key,
            seq: n.seq,
            version: &n.version,
        }));
        changes.extend(completing.map(Change::DeleteUpload));
        if changes.is_empty() {
            return Ok(());
        }
        self.journal.commit(&changes)
    }

    /// Runs `f` on a copy of the bucket's configuration and, when it
    /// succeeds, records and installs the result.
    pub fn update_bucket<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut Bucket) -> Result<T, CosError>,
    ) -> Result<T, CosError> {
        let mut index = self.write();
        let entry = index.entry_mut(name)?;
        let mut bucket = entry.bucket.clone();
        let out = f(&mut bucket)?;
        self.journal.commit(&[Change::PutBucket(&bucket)])?;
        entry.bucket = bucket;
        Ok(out)
    }

    /// Changes the metadata (ACL, tags, …) of the object version `which`
    /// names with `f`, records it and returns `f`'s result with the version
    /// as it is now. The body is not touched.
    pub fn update_object<T>(
        &self,
        bucket: &str,
        key: &str,
        which: &VersionRef,
        f: impl FnOnce(&mut ObjectMeta) -> Result<T, CosError>,
    ) -> Result<(T, Arc<ObjectMeta>), CosError> {
        let mut index = self.write();
        let entry = index.entry_mut(bucket)?;
        let found = entry.versions(key).find(which)?;
        let mut updated = ObjectMeta::clone(found.meta());
        let out = f(&mut updated)?;
        let updated = Arc::new(updated);
        match found {
            versions::Found::Current(_) => {
                self.journal.commit(&[Change::PutObject {
                    bucket,
                    key,
                    meta: &updated,
                }])?;
                entry.objects.insert(key.to_string(), updated.clone());
            }
            versions::Found::Older(seq, _) => {
                let version = versions::Version::Object(updated.clone());
                self.journal.commit(&[Change::PutVersion {
                    bucket,
                    key,
                    seq,
                    version: &version,
                }])?;
                if let Some(n) = entry
                    .history
                    .get_mut(key)
                    .and_then(|older| older.iter_mut().find(|n| n.seq == seq))
                {
                    n.version = version;
                }
            }
        }
        Ok((out, updated))
    }

    /// Deletes `which` version of an object (the bucket's versioning state
    /// decides what a delete of the latest does: [`versions::delete`]);
    /// absent keys and versions are fine. Fails only for a missing bucket.
    pub fn delete_object(
        &self,
        bucket: &str,
        key: &str,
        which: &VersionRef,
    ) -> Result<Deleted, CosError> {
        let (outcome, unlink) = {
            let mut index = self.write();
            let entry = index.entry_mut(bucket)?;
            let before = entry.versions(key);
            let state = versions::Versioning::of(&entry.bucket);
            let (edit, outcome) =
                versions::delete(&before, state, which, SystemTime::now(), &self.seq);
            self.commit_edit(bucket, key, &edit, None)?;
            entry.install(key, edit.after);
            (outcome, edit.unlink)
        };
        for file in &unlink {
            self.disk.remove(file);
        }
        Ok(outcome)
    }
}

/// One page of a listing (spec §4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Objects, in key order.
    pub contents: Vec<(String, Arc<ObjectMeta>)>,
    /// Distinct common prefixes, in order.
    pub common_prefixes: Vec<String>,
    /// Whether more entries remain.
    pub truncated: bool,
    /// Last key or common prefix emitted, when truncated.
    pub next_marker: Option<String>,
}

/// Lists `objects` S3-style: keys starting with `prefix`, strictly after `marker`,
/// rolled up at `delimiter`, at most `max_keys` entries (contents + prefixes).
/// `max_keys` 0 lists nothing and is not truncated, as S3 answers: an empty
/// truncated page without a marker would make a paging client loop.
pub(crate) fn list(
    objects: &BTreeMap<String, Arc<ObjectMeta>>,
    prefix: &str,
    delimiter: &str,
    marker: &str,
    max_keys: usize,
) -> Listing {
    use std::ops::Bound;
    let mut out = Listing {
        contents: Vec::new(),
        common_prefixes: Vec::new(),
        truncated: false,
        next_marker: None,
    };
    let start = if marker >= prefix {
        Bound::Excluded(marker)
    } else {
        Bound::Included(prefix)
    };
    if max_keys == 0 {
        return out;
    }
    let mut last: Option<String> = None;
    let mut count = 0usize;
    for (key, meta) in objects.range::<str, _>((start, Bound::Unbounded)) {
        if !key.starts_with(prefix) {
            if key.as_str() > prefix {
                break;
            }
            continue;
        }
        let rolled = if delimiter.is_empty() {
            None
        } else {
            key[prefix.len()..]
                .find(delimiter)
                .map(|i| key[..prefix.len() + i + delimiter.len()].to_string())
        };
        match rolled {
            Some(cp) => {
                if last.as_deref() == Some(cp.as_str()) || cp.as_str() <= marker {
                    continue;
                }
                if count == max_keys {
                    out.truncated = true;
                    break;
                }
                out.common_prefixes.push(cp.clone());
                last = Some(cp);
            }
            None => {
                if count == max_keys {
                    out.truncated = true;
                    break;
                }
                out.contents.push((key.clone(), meta.clone()));
                last = Some(key.clone());
            }
        }
        count += 1;
    }
    if out.truncated {
        out.next_marker = last;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn objects(keys: &[&str]) -> BTreeMap<String, Arc<ObjectMeta>> {
        keys.iter()
            .map(|k| {
                (
                    k.to_string(),
                    Arc::new(ObjectMeta {
                        size: 0,
                        etag: String::new(),
                        crc64: 0,
                        last_modified: SystemTime::UNIX_EPOCH,
                        content_type: String::new(),
                        headers: vec![],
                        user_meta: vec![],
                        storage_class: "STANDARD".into(),
                        acl: Acl::default(),
                        tags: Vec::new(),
                        file: PathBuf::new(),
                        version_id: None,
                        appendable: false,
                        restore: None,
                    }),
                )
            })
            .collect()
    }

    fn keys(l: &Listing) -> Vec<&str> {
        l.contents.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn crc_variant() {
        assert_eq!(CRC64.checksum(b"123456789"), 11_051_210_869_376_104_954);
        assert_eq!(CRC64.checksum(b"ObjectContent"), 2_900_061_071_848_923_409);
        assert_eq!(CRC64.checksum(b""), 0);
    }

    #[test]
    fn listing_prefix_delimiter_marker_paging() {
        let objs = objects(&["a", "b/1", "b/2", "b/c/3", "c", "d/x", "é", "中"]);
        let l = list(&objs, "", "", "", 1000);
        assert_eq!(
            keys(&l),
            vec!["a", "b/1", "b/2", "b/c/3", "c", "d/x", "é", "中"]
        );
        assert!(!l.truncated && l.next_marker.is_none());
        let l = list(&objs, "", "/", "", 1000);
        assert_eq!(keys(&l), vec!["a", "c", "é", "中"]);
        assert_eq!(l.common_prefixes, vec!["b/", "d/"]);
        let l = list(&objs, "b/", "/", "", 1000);
        assert_eq!(keys(&l), vec!["b/1", "b/2"]);
        assert_eq!(l.common_prefixes, vec!["b/c/"]);
        // Paging with a delimiter: prefixes count as entries, NextMarker may be one.
        let mut marker = String::new();
        let mut pages = Vec::new();
        loop {
            let l = list(&objs, "", "/", &marker, 2);
            let mut page: Vec<String> = keys(&l).iter().map(|s| s.to_string()).collect();
            page.extend(l.common_prefixes.iter().cloned());
            page.sort();
            pages.push(page);
            if !l.truncated {
                assert!(l.next_marker.is_none());
                break;
            }
            marker = l.next_marker.unwrap();
        }
        assert_eq!(
            pages,
            vec![vec!["a", "b/"], vec!["c", "d/"], vec!["é", "中"]]
        );
        // Paging without a delimiter.
        let l = list(&objs, "b/", "", "b/1", 2);
        assert_eq!(keys(&l), vec!["b/2", "b/c/3"]);
        assert!(!l.truncated);
        let l = list(&objs, "", "", "b/2", 1);
        assert_eq!(keys(&l), vec!["b/c/3"]);
        assert_eq!(l.next_marker.as_deref(), Some("b/c/3"));
        // Marker before the prefix, prefix without matches.
        assert_eq!(keys(&list(&objs, "d/", "", "a", 10)), vec!["d/x"]);
        assert!(list(&objs, "zz", "", "", 10).contents.is_empty());
    }

    #[test]
    fn put_is_atomic_and_last_writer_wins() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::temporary(dir.path()).unwrap();
        store
            .create_bucket("b-1", "ap-x", Acl::default(), None, SystemTime::now())
            .unwrap();
        let attrs = NewObject {
            content_type: "text/plain".into(),
            storage_class: "STANDARD".into(),
            ..Default::default()
        };
        let w = store
            .put_object("b-1", "k", &mut &b"hello"[..], attrs.clone(), |_| {
                CosError::incomplete_body()
            })
            .unwrap();
        assert_eq!(w.meta.etag, "5d41402abc4b2a76b9719d911017c592");
        // A failing body leaves the old version in place and no temp file.
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::ErrorKind::UnexpectedEof.into())
            }
        }
        let e = store
            .put_object("b-1", "k", &mut Failing, attrs.clone(), |_| {
                CosError::incomplete_body()
            })
            .unwrap_err();
        assert_eq!(e.code, "IncompleteBody");
        assert_eq!(store.head_object("b-1", "k").unwrap().size, 5);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
        // Bad digest: nothing stored.
        let bad = NewObject {
            expected_md5: Some([0; 16]),
            ..attrs.clone()
        };
        assert_eq!(
            store
                .put_object("b-1", "k2", &mut &b"x"[..], bad, |_| {
                    CosError::incomplete_body()
                })
                .unwrap_err()
                .code,
            "BadDigest"
        );
        assert!(!store.object_exists("b-1", "k2").unwrap());
        // Overwrite replaces the file; forbid-overwrite refuses.
        store
            .put_object("b-1", "k", &mut &b"world!"[..], attrs.clone(), |_| {
                CosError::incomplete_body()
            })
            .unwrap();
        let (meta, mut f) = store.open_version("b-1", "k", &VersionRef::Latest).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        assert_eq!(
            (s.as_str(), meta.crc64),
            ("world!", 10_042_366_770_838_098_850)
        );
        let forbid = NewObject {
            forbid_overwrite: true,
            ..attrs
        };
        assert_eq!(
            store
                .put_object("b-1", "k", &mut &b"z"[..], forbid, |_| {
                    CosError::incomplete_body()
                })
                .unwrap_err()
                .code,
            "PathConflict"
        );
        assert_eq!(fs::read_dir(dir.path().join("objects")).unwrap().count(), 1);
        assert_eq!(
            store.delete_bucket("b-1").unwrap_err().code,
            "BucketNotEmpty"
        );
        store
            .delete_object("b-1", "k", &VersionRef::Latest)
            .unwrap();
        store
            .delete_object("b-1", "k", &VersionRef::Latest)
            .unwrap();
        assert_eq!(fs::read_dir(dir.path().join("objects")).unwrap().count(), 0);
        store.delete_bucket("b-1").unwrap();
        assert_eq!(
            store
                .delete_object("b-1", "k", &VersionRef::Latest)
                .unwrap_err()
                .code,
            "NoSuchBucket"
        );
    }
}
