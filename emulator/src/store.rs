//! Bucket index and object metadata in memory, object bodies in files.
//!
//! Uploads stream into a temp file and become visible only when the index entry
//! is swapped under the write lock, so a failed upload never shows and concurrent
//! writers to one key are last-writer-wins. Every stored version has its own data
//! file; a replaced or deleted file is unlinked after the swap (readers that
//! already opened it keep reading it).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use crc::{CRC_64_XZ, Crc};
use md5::{Digest, Md5};

use crate::acl::Acl;
use crate::cors::CorsConfig;
use crate::errors::CosError;
use crate::multipart::Uploads;
use crate::tagging::Tags;

/// CRC-64/XZ, the `x-cos-hash-crc64ecma` variant (spec §3.7).
pub(crate) const CRC64: Crc<u64> = Crc::<u64>::new(&CRC_64_XZ);

/// Largest number of buckets per account (spec §8).
pub(crate) const MAX_BUCKETS: usize = 200;

/// A bucket.
#[derive(Debug, Clone)]
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
    /// Objects by key (UTF-8 byte order).
    pub objects: BTreeMap<String, Arc<ObjectMeta>>,
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
}

/// Attributes of an object being written, besides its content.
#[derive(Debug, Clone, Default)]
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

#[derive(Debug, Default)]
struct Index {
    buckets: BTreeMap<String, Bucket>,
}

/// The store.
#[derive(Debug)]
pub(crate) struct Store {
    objects_dir: PathBuf,
    tmp_dir: PathBuf,
    counter: AtomicU64,
    index: RwLock<Index>,
    /// Pending multipart uploads (their own locking).
    pub uploads: Uploads,
}

/// Deletes a file on drop unless disarmed.
struct TempFileGuard(Option<PathBuf>);

impl Drop for TempFileGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// What a successful write produced.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub meta: Arc<ObjectMeta>,
}

impl Bucket {
    /// A copy without the objects.
    fn summary(&self) -> Bucket {
        Bucket {
            name: self.name.clone(),
            region: self.region.clone(),
            created: self.created,
            acl: self.acl.clone(),
            cors: self.cors.clone(),
            tags: self.tags.clone(),
            objects: BTreeMap::new(),
        }
    }
}

impl Store {
    /// Opens a store keeping its files under `root`.
    pub fn new(root: &Path) -> io::Result<Store> {
        let objects_dir = root.join("objects");
        let tmp_dir = root.join("tmp");
        fs::create_dir_all(&objects_dir)?;
        fs::create_dir_all(&tmp_dir)?;
        let uploads = Uploads::new(&root.join("parts"))?;
        Ok(Store {
            objects_dir,
            tmp_dir,
            counter: AtomicU64::new(0),
            index: RwLock::new(Index::default()),
            uploads,
        })
    }

    fn read(&self) -> RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Index> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    fn unique_name(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{nanos:x}-{n}-{}", std::process::id())
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
        index.buckets.insert(
            name.to_string(),
            Bucket {
                name: name.to_string(),
                region: region.to_string(),
                created: now,
                acl,
                cors: None,
                tags,
                objects: BTreeMap::new(),
            },
        );
        Ok(())
    }

    /// The bucket's name, region, creation time and ACL (without its objects).
    pub fn bucket_info(&self, name: &str) -> Option<Bucket> {
        let index = self.read();
        index.buckets.get(name).map(Bucket::summary)
    }

    /// All buckets (without objects), sorted by name.
    pub fn list_buckets(&self) -> Vec<Bucket> {
        let index = self.read();
        index.buckets.values().map(Bucket::summary).collect()
    }

    /// Deletes an empty bucket.
    pub fn delete_bucket(&self, name: &str) -> Result<(), CosError> {
        let mut index = self.write();
        match index.buckets.get(name) {
            None => Err(CosError::no_such_bucket()),
            Some(b) if !b.objects.is_empty() => Err(CosError::bucket_not_empty()),
            Some(_) => {
                index.buckets.remove(name);
                Ok(())
            }
        }
    }

    /// Runs `f` over the bucket's objects under the read lock.
    pub fn with_objects<T>(
        &self,
        bucket: &str,
        f: impl FnOnce(&BTreeMap<String, Arc<ObjectMeta>>) -> T,
    ) -> Result<T, CosError> {
        let index = self.read();
        let b = index
            .buckets
            .get(bucket)
            .ok_or_else(CosError::no_such_bucket)?;
        Ok(f(&b.objects))
    }

    /// Metadata of an object.
    pub fn head_object(&self, bucket: &str, key: &str) -> Result<Arc<ObjectMeta>, CosError> {
        let index = self.read();
        let b = index
            .buckets
            .get(bucket)
            .ok_or_else(CosError::no_such_bucket)?;
        b.objects
            .get(key)
            .cloned()
            .ok_or_else(CosError::no_such_key)
    }

    /// Metadata of an object plus an open handle on its content (opened under the
    /// lock, so a concurrent overwrite cannot pull the file away).
    pub fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<(Arc<ObjectMeta>, File), CosError> {
        let index = self.read();
        let b = index
            .buckets
            .get(bucket)
            .ok_or_else(CosError::no_such_bucket)?;
        let meta = b
            .objects
            .get(key)
            .cloned()
            .ok_or_else(CosError::no_such_key)?;
        let file = File::open(&meta.file).map_err(CosError::internal)?;
        Ok((meta, file))
    }

    /// Whether the bucket exists and the key is present.
    pub fn object_exists(&self, bucket: &str, key: &str) -> Result<bool, CosError> {
        self.with_objects(bucket, |objects| objects.contains_key(key))
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
        let name = self.unique_name();
        let tmp_path = self.tmp_dir.join(format!("upload-{name}"));
        let mut guard = TempFileGuard(Some(tmp_path.clone()));
        let mut file = File::create(&tmp_path).map_err(CosError::internal)?;
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
            file.write_all(&buf[..n]).map_err(CosError::internal)?;
            size += n as u64;
        }
        file.flush().map_err(CosError::internal)?;
        drop(file);
        let digest: [u8; 16] = md5.finalize().into();
        if let Some(expected) = attrs.expected_md5 {
            if expected != digest {
                return Err(CosError::bad_digest());
            }
        }
        let final_path = self.objects_dir.join(&name);
        fs::rename(&tmp_path, &final_path).map_err(CosError::internal)?;
        guard.0 = Some(final_path.clone());
        let meta = Arc::new(ObjectMeta {
            size,
            etag: crate::auth::hex(&digest),
            crc64: crc.finalize(),
            last_modified: SystemTime::now(),
            content_type: attrs.content_type,
            headers: attrs.headers,
            user_meta: attrs.user_meta,
            storage_class: attrs.storage_class,
            acl: attrs.acl,
            tags: attrs.tags,
            file: final_path,
        });
        self.publish(bucket, key, meta.clone(), attrs.forbid_overwrite)?;
        guard.0 = None;
        Ok(Written { meta })
    }

    /// Streams `size` bytes of `source` (a handle opened by [`Store::open_object`],
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
        let name = self.unique_name();
        let tmp_path = self.tmp_dir.join(format!("copy-{name}"));
        let mut guard = TempFileGuard(Some(tmp_path.clone()));
        let mut out = File::create(&tmp_path).map_err(CosError::internal)?;
        let copied = io::copy(&mut source.take(size), &mut out).map_err(CosError::internal)?;
        if copied != size {
            return Err(CosError::internal("the copy source changed size"));
        }
        out.flush().map_err(CosError::internal)?;
        drop(out);
        let final_path = self.objects_dir.join(&name);
        fs::rename(&tmp_path, &final_path).map_err(CosError::internal)?;
        guard.0 = Some(final_path.clone());
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
            file: final_path,
        });
        self.publish(bucket, key, meta.clone(), attrs.forbid_overwrite)?;
        guard.0 = None;
        Ok(Written { meta })
    }

    /// A fresh path for a temporary file (not created).
    pub fn temp_path(&self) -> PathBuf {
        self.tmp_dir.join(format!("tmp-{}", self.unique_name()))
    }

    /// Moves a finished temporary file into the object area; returns its new path.
    pub fn adopt_file(&self, tmp: &Path) -> Result<PathBuf, CosError> {
        let final_path = self.objects_dir.join(self.unique_name());
        fs::rename(tmp, &final_path).map_err(CosError::internal)?;
        Ok(final_path)
    }

    /// Makes `meta` (whose file is already in the object area) the current
    /// version of `key`; the replaced version's file is unlinked. On error the
    /// caller still owns `meta.file`.
    pub fn publish(
        &self,
        bucket: &str,
        key: &str,
        meta: Arc<ObjectMeta>,
        forbid_overwrite: bool,
    ) -> Result<(), CosError> {
        let old = {
            let mut index = self.write();
            let b = index
                .buckets
                .get_mut(bucket)
                .ok_or_else(CosError::no_such_bucket)?;
            if forbid_overwrite && b.objects.contains_key(key) {
                return Err(CosError::path_conflict());
            }
            b.objects.insert(key.to_string(), meta)
        };
        if let Some(old) = old {
            let _ = fs::remove_file(&old.file);
        }
        Ok(())
    }

    /// Runs `f` on the bucket under the write lock.
    pub fn update_bucket<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut Bucket) -> Result<T, CosError>,
    ) -> Result<T, CosError> {
        let mut index = self.write();
        let b = index
            .buckets
            .get_mut(name)
            .ok_or_else(CosError::no_such_bucket)?;
        f(b)
    }

    /// Replaces an object's ACL.
    pub fn set_object_acl(&self, bucket: &str, key: &str, acl: Acl) -> Result<(), CosError> {
        self.update_bucket(bucket, |b| {
            let meta = b.objects.get_mut(key).ok_or_else(CosError::no_such_key)?;
            Arc::make_mut(meta).acl = acl;
            Ok(())
        })
    }

    /// Deletes an object; absent keys are fine. Fails only for a missing bucket.
    pub fn delete_object(&self, bucket: &str, key: &str) -> Result<(), CosError> {
        let old = {
            let mut index = self.write();
            let b = index
                .buckets
                .get_mut(bucket)
                .ok_or_else(CosError::no_such_bucket)?;
            b.objects.remove(key)
        };
        if let Some(old) = old {
            let _ = fs::remove_file(&old.file);
        }
        Ok(())
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
        let store = Store::new(dir.path()).unwrap();
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
        let (meta, mut f) = store.open_object("b-1", "k").unwrap();
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
        store.delete_object("b-1", "k").unwrap();
        store.delete_object("b-1", "k").unwrap();
        assert_eq!(fs::read_dir(dir.path().join("objects")).unwrap().count(), 0);
        store.delete_bucket("b-1").unwrap();
        assert_eq!(
            store.delete_object("b-1", "k").unwrap_err().code,
            "NoSuchBucket"
        );
    }
}
