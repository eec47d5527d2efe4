//! Pending multipart uploads (spec §6): one small global map from upload id to
//! upload, and a lock per upload that is only held to record and swap part
//! entries, never while a part streams in. Parts live in their own files until
//! Complete concatenates the listed ones into a new object file. With a data
//! directory every upload and part is in the journal, so unfinished uploads
//! survive a restart.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use md5::{Digest, Md5};

use crate::disk::{Area, Disk};
use crate::errors::CosError;
use crate::journal::{Change, Journal};
use crate::record::UploadRecord;
use crate::store::{NewObject, stream_body};

/// One uploaded part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// Part number (1–10000).
    pub number: u32,
    /// Size in bytes.
    pub size: u64,
    /// Binary MD5 of the part.
    pub md5: [u8; 16],
    /// CRC-64/XZ of the part.
    pub crc64: u64,
    /// When it was uploaded.
    pub last_modified: SystemTime,
    /// File holding the part.
    pub file: PathBuf,
}

impl Part {
    /// Lower-case hex MD5 (the ETag without quotes).
    pub fn etag(&self) -> String {
        crate::auth::hex(&self.md5)
    }
}

#[derive(Debug, Default)]
struct UploadState {
    parts: BTreeMap<u32, Part>,
    /// Completed or aborted: no more parts are accepted.
    closed: bool,
}

/// A pending upload.
#[derive(Debug)]
pub(crate) struct Upload {
    /// Opaque upload id.
    pub id: String,
    /// Bucket it belongs to.
    pub bucket: String,
    /// Object key.
    pub key: String,
    /// Initiation order (global counter).
    pub seq: u64,
    /// Initiation time.
    pub initiated: SystemTime,
    /// Attributes the completed object gets.
    pub attrs: NewObject,
    state: Mutex<UploadState>,
}

impl Upload {
    fn lock(&self) -> MutexGuard<'_, UploadState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The uploaded parts, by number.
    pub fn parts(&self) -> Vec<Part> {
        self.lock().parts.values().cloned().collect()
    }

    fn from_record(r: UploadRecord, parts: BTreeMap<u32, Part>) -> Upload {
        Upload {
            id: r.id,
            bucket: r.bucket,
            key: r.key,
            seq: r.seq,
            initiated: r.initiated,
            attrs: r.attrs,
            state: Mutex::new(UploadState {
                parts,
                closed: false,
            }),
        }
    }
}

/// The parts Complete took over: the listed ones, to concatenate, and all
/// of them, whose files go once the outcome is recorded.
#[derive(Debug)]
pub(crate) struct Taken {
    pub listed: Vec<Part>,
    pub all: Vec<Part>,
}

/// All pending uploads.
#[derive(Debug)]
pub(crate) struct Uploads {
    disk: Arc<Disk>,
    journal: Arc<Journal>,
    counter: AtomicU64,
    seed: std::collections::hash_map::RandomState,
    map: Mutex<HashMap<String, Arc<Upload>>>,
}

impl Uploads {
    /// Keeps part files in `disk`'s part area, records in `journal`.
    pub fn new(disk: Arc<Disk>, journal: Arc<Journal>) -> Uploads {
        Uploads {
            disk,
            journal,
            counter: AtomicU64::new(1),
            seed: std::collections::hash_map::RandomState::new(),
            map: Mutex::new(HashMap::new()),
        }
    }

    fn map(&self) -> MutexGuard<'_, HashMap<String, Arc<Upload>>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn remove_files<'a>(&self, parts: impl IntoIterator<Item = &'a Part>) {
        for p in parts {
            self.disk.remove(&p.file);
        }
    }

    /// Reinstates an upload read back at start; later uploads sort after it.
    pub fn restore(&self, record: UploadRecord, parts: BTreeMap<u32, Part>) {
        self.counter
            .fetch_max(record.seq.saturating_add(1), Ordering::Relaxed);
        let upload = Upload::from_record(record, parts);
        self.map().insert(upload.id.clone(), Arc::new(upload));
    }

    /// Starts an upload; ids sort in initiation order.
    pub fn create(
        &self,
        bucket: &str,
        key: &str,
        attrs: NewObject,
        now: SystemTime,
    ) -> Result<Arc<Upload>, CosError> {
        let seq = self.counter.fetch_add(1, Ordering::Relaxed);
        let secs = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut h = self.seed.build_hasher();
        h.write_u64(seq);
        h.write(key.as_bytes());
        let r1 = h.finish();
        h.write_u64(r1);
        let r2 = h.finish();
        let record = UploadRecord {
            id: format!("{secs:010x}{seq:010x}{r1:016x}{:08x}", r2 as u32),
            bucket: bucket.to_string(),
            key: key.to_string(),
            seq,
            initiated: now,
            attrs,
        };
        self.journal.commit(&[Change::PutUpload(&record)])?;
        let upload = Arc::new(Upload::from_record(record, BTreeMap::new()));
        self.map().insert(upload.id.clone(), upload.clone());
        Ok(upload)
    }

    /// The upload `id` of `bucket`/`key`, or `404 NoSuchUpload`.
    pub fn get(&self, bucket: &str, key: &str, id: &str) -> Result<Arc<Upload>, CosError> {
        self.map()
            .get(id)
            .filter(|u| u.bucket == bucket && u.key == key)
            .cloned()
            .ok_or_else(no_such_upload)
    }

    /// Uploads of `bucket`, by key then initiation order.
    pub fn list(&self, bucket: &str) -> Vec<Arc<Upload>> {
        let mut v: Vec<Arc<Upload>> = self
            .map()
            .values()
            .filter(|u| u.bucket == bucket)
            .cloned()
            .collect();
        v.sort_by(|a, b| a.key.cmp(&b.key).then(a.seq.cmp(&b.seq)));
        v
    }

    /// Streams one part to its own file (no lock held), then records it and
    /// swaps it in under the upload's lock.
    pub fn put_part(
        &self,
        upload: &Upload,
        number: u32,
        body: &mut dyn Read,
        expected_md5: Option<[u8; 16]>,
        body_error: impl Fn(io::Error) -> CosError,
    ) -> Result<Part, CosError> {
        let (mut file, temp) = self.disk.create_temp("part").map_err(CosError::internal)?;
        let (size, md5, crc64) = stream_body(body, &mut file, body_error)?;
        if expected_md5.is_some_and(|e| e != md5) {
            return Err(CosError::bad_digest());
        }
        let path = self
            .disk
            .seal(file, temp, Area::Parts)
            .map_err(CosError::internal)?;
        let part = Part {
            number,
            size,
            md5,
            crc64,
            last_modified: SystemTime::now(),
            file: path,
        };
        let old = (|| {
            let mut state = upload.lock();
            if state.closed {
                return Err(no_such_upload());
            }
            self.journal.commit(&[Change::PutPart {
                upload: &upload.id,
                part: &part,
            }])?;
            Ok(state.parts.insert(number, part.clone()))
        })();
        match old {
            Ok(old) => {
                self.remove_files(old.as_ref());
                Ok(part)
            }
            Err(e) => {
                self.disk.remove(&part.file);
                Err(e)
            }
        }
    }

    /// Closes the upload for Complete: `select` validates the uploaded parts
    /// and returns the listed ones; on success the upload is gone from memory
    /// (its record stays until [`crate::store::Store::publish`] commits the
    /// object with the upload's removal, or [`Uploads::forget`]). The caller
    /// removes the part files once that is done.
    pub fn take(
        &self,
        upload: &Upload,
        select: impl FnOnce(&BTreeMap<u32, Part>) -> Result<Vec<Part>, CosError>,
    ) -> Result<Taken, CosError> {
        let taken = {
            let mut state = upload.lock();
            if state.closed {
                return Err(no_such_upload());
            }
            let listed = select(&state.parts)?;
            state.closed = true;
            let all = std::mem::take(&mut state.parts).into_values().collect();
            Taken { listed, all }
        };
        self.map().remove(&upload.id);
        Ok(taken)
    }

    /// Records the end of a taken upload whose Complete failed; removes its
    /// part files once that is recorded.
    pub fn forget(&self, upload: &Upload, taken: &Taken) {
        if self
            .journal
            .commit(&[Change::DeleteUpload(&upload.id)])
            .is_ok()
        {
            self.remove_files(&taken.all);
        }
    }

    /// Part files of a completed upload (its record is gone with the commit
    /// of the object).
    pub fn discard(&self, taken: &Taken) {
        self.remove_files(&taken.all);
    }

    /// Closes an upload (abort, bucket deleted): records its removal, then
    /// drops it and its part files.
    fn close(&self, upload: &Upload) -> Result<(), CosError> {
        let parts = {
            let mut state = upload.lock();
            if state.closed {
                return Err(no_such_upload());
            }
            self.journal.commit(&[Change::DeleteUpload(&upload.id)])?;
            state.closed = true;
            std::mem::take(&mut state.parts)
        };
        self.map().remove(&upload.id);
        self.remove_files(parts.values());
        Ok(())
    }

    /// Aborts an upload and deletes its parts.
    pub fn abort(&self, bucket: &str, key: &str, id: &str) -> Result<(), CosError> {
        let upload = self.get(bucket, key, id)?;
        self.close(&upload)
    }

    /// Aborts every upload of a bucket (bucket deleted). An upload whose
    /// removal cannot be recorded is dropped at the next start anyway.
    pub fn abort_bucket(&self, bucket: &str) {
        for upload in self.list(bucket) {
            let _ = self.close(&upload);
        }
    }
}

/// `404 NoSuchUpload`.
pub(crate) fn no_such_upload() -> CosError {
    CosError::new(
        404,
        "NoSuchUpload",
        "The specified multipart upload does not exist.",
    )
}

/// ETag of a multipart object: hex MD5 of the concatenated binary part MD5s,
/// then `-{number of parts}` (spec §3.5).
pub(crate) fn multipart_etag(parts: &[[u8; 16]]) -> String {
    let mut md5 = Md5::new();
    for p in parts {
        md5.update(p);
    }
    let digest: [u8; 16] = md5.finalize().into();
    format!("{}-{}", crate::auth::hex(&digest), parts.len())
}

/// Reflected polynomial of CRC-64/XZ.
const CRC64_POLY_REFLECTED: u64 = 0xC96C_5795_D787_0F42;

fn gf2_times(mat: &[u64; 64], mut vec: u64) -> u64 {
    let mut sum = 0;
    let mut i = 0;
    while vec != 0 {
        if vec & 1 != 0 {
            sum ^= mat[i];
        }
        vec >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(square: &mut [u64; 64], mat: &[u64; 64]) {
    for n in 0..64 {
        square[n] = gf2_times(mat, mat[n]);
    }
}

/// CRC-64/XZ of `A ‖ B` from `crc(A)`, `crc(B)` and `len(B)` (zlib's method).
pub(crate) fn crc64_combine(mut crc1: u64, crc2: u64, mut len2: u64) -> u64 {
    if len2 == 0 {
        return crc1;
    }
    let mut even = [0u64; 64];
    let mut odd = [0u64; 64];
    odd[0] = CRC64_POLY_REFLECTED;
    let mut row = 1u64;
    for slot in odd.iter_mut().skip(1) {
        *slot = row;
        row <<= 1;
    }
    gf2_square(&mut even, &odd);
    gf2_square(&mut odd, &even);
    loop {
        gf2_square(&mut even, &odd);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        gf2_square(&mut odd, &even);
        if len2 & 1 != 0 {
            crc1 = gf2_times(&odd, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
    }
    crc1 ^ crc2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CRC64;

    #[test]
    fn spec_multipart_etag_example() {
        let parts: Vec<[u8; 16]> = [&b"hello "[..], &b"world!"[..]]
            .iter()
            .map(|p| Md5::digest(p).into())
            .collect();
        assert_eq!(multipart_etag(&parts), "8ae2532e3bf1d4178d0aa9ca8a20f149-2");
    }

    #[test]
    fn crc_combine_matches_direct() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for split in [0usize, 1, 7, 4096, 65_537, 99_999, 100_000] {
            let (a, b) = data.split_at(split);
            assert_eq!(
                crc64_combine(CRC64.checksum(a), CRC64.checksum(b), b.len() as u64),
                CRC64.checksum(&data),
                "{split}"
            );
        }
    }
}
