//! What survives a restart: the store's metadata, written through to an
//! embedded transactional database when the emulator has a data directory.
//!
//! The in-memory index ([`crate::store`], [`crate::multipart`]) stays what
//! requests are served from; every change to it is first committed here as
//! one [`Journal::commit`] of [`Change`]s, under the same lock that then
//! applies it in memory, so the two never disagree in order. A commit that
//! fails leaves memory unchanged and the request fails with `500`. Without a
//! data directory the journal is [`Journal::in_memory`] and a commit costs
//! nothing.
//!
//! The database is [redb](https://docs.rs/redb) (pure Rust, no C compiler,
//! builds on Windows, file format stable within 2.x): copy-on-write B-trees
//! with checksummed commit slots, so a commit is atomic and, with its
//! default `Durability::Immediate`, fsynced before `commit` returns; a crash
//! or power loss at any point leaves the last committed state. redb also
//! locks the file, so two emulators cannot share a data directory.

use std::io;
use std::path::Path;

use redb::{Database, ReadableTable, ReadableTableMetadata, TableDefinition};

use crate::errors::CosError;
use crate::multipart::Part;
use crate::record::{self, UploadRecord};
use crate::store::{Bucket, ObjectMeta};
use crate::versions::{Noncurrent, Version};

/// File name of the database inside the data directory.
pub(crate) const DB_FILE: &str = "index.redb";

/// Buckets by name.
const BUCKETS: TableDefinition<&str, &[u8]> = TableDefinition::new("buckets");
/// Objects by (bucket, key): the current version of each key.
const OBJECTS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("objects");
/// Older versions and delete markers by (bucket, key, seq) (versioned
/// buckets; created when missing, so older data directories open as is).
const VERSIONS: TableDefinition<(&str, &str, u64), &[u8]> = TableDefinition::new("versions");
/// Unfinished multipart uploads by id.
const UPLOADS: TableDefinition<&str, &[u8]> = TableDefinition::new("uploads");
/// Parts by (upload id, part number).
const PARTS: TableDefinition<(&str, u32), &[u8]> = TableDefinition::new("parts");

/// One change to the stored state.
#[derive(Debug)]
pub(crate) enum Change<'a> {
    /// Creates or replaces a bucket's record (its configuration).
    PutBucket(&'a Bucket),
    /// Removes an (empty) bucket.
    DeleteBucket(&'a str),
    /// Creates or replaces an object.
    PutObject {
        bucket: &'a str,
        key: &'a str,
        meta: &'a ObjectMeta,
    },
    /// Removes an object.
    DeleteObject { bucket: &'a str, key: &'a str },
    /// Creates or replaces an older version or a delete marker.
    PutVersion {
        bucket: &'a str,
        key: &'a str,
        seq: u64,
        version: &'a Version,
    },
    /// Removes an older version or a delete marker.
    DeleteVersion {
        bucket: &'a str,
        key: &'a str,
        seq: u64,
    },
    /// Records a new upload.
    PutUpload(&'a UploadRecord),
    /// Records (or replaces) a part of an upload.
    PutPart { upload: &'a str, part: &'a Part },
    /// Removes one part record (its file was lost).
    DeletePart { upload: &'a str, number: u32 },
    /// Removes an upload and all its parts (completed or aborted).
    DeleteUpload(&'a str),
}

/// Everything committed, as read at start.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub buckets: Vec<Bucket>,
    /// (bucket, key, metadata).
    pub objects: Vec<(String, String, ObjectMeta)>,
    /// (bucket, key, older version or delete marker).
    pub versions: Vec<(String, String, Noncurrent)>,
    pub uploads: Vec<UploadRecord>,
    /// (upload id, part).
    pub parts: Vec<(String, Part)>,
}

/// The store's write-through metadata log: nothing, or a redb database.
pub(crate) struct Journal {
    db: Option<Database>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("durable", &self.db.is_some())
            .finish()
    }
}

fn db_error(e: impl Into<redb::Error>) -> io::Error {
    match e.into() {
        redb::Error::DatabaseAlreadyOpen => io::Error::new(
            io::ErrorKind::WouldBlock,
            "the data directory is in use by another cos-emulator",
        ),
        redb::Error::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// A commit failure as the request's answer.
fn commit_error(e: io::Error) -> CosError {
    CosError::internal(format!("cannot record the change: {e}"))
}

impl Journal {
    /// No persistence: commits succeed at once.
    pub fn in_memory() -> Journal {
        Journal { db: None }
    }

    /// Opens (or creates) the database in `dir`. After a crash redb repairs
    /// the file back to its last commit here.
    pub fn open(dir: &Path) -> io::Result<Journal> {
        let db = Database::builder()
            // Requests are served from memory; the cache only speeds commits.
            .set_cache_size(8 * 1024 * 1024)
            .create(dir.join(DB_FILE))
            .map_err(db_error)?;
        // Create the tables, so that reading an empty store works.
        let txn = db.begin_write().map_err(db_error)?;
        txn.open_table(BUCKETS).map_err(db_error)?;
        txn.open_table(OBJECTS).map_err(db_error)?;
        txn.open_table(VERSIONS).map_err(db_error)?;
        txn.open_table(UPLOADS).map_err(db_error)?;
        txn.open_table(PARTS).map_err(db_error)?;
        txn.commit().map_err(db_error)?;
        Ok(Journal { db: Some(db) })
    }

    /// Applies `changes` atomically (all or none), durably before returning.
    pub fn commit(&self, changes: &[Change<'_>]) -> Result<(), CosError> {
        match &self.db {
            None => Ok(()),
            Some(db) => Self::write(db, changes).map_err(commit_error),
        }
    }

    fn write(db: &Database, changes: &[Change<'_>]) -> io::Result<()> {
        let txn = db.begin_write().map_err(db_error)?;
        {
            let mut buckets = txn.open_table(BUCKETS).map_err(db_error)?;
            let mut objects = txn.open_table(OBJECTS).map_err(db_error)?;
            let mut versions = txn.open_table(VERSIONS).map_err(db_error)?;
            let mut uploads = txn.open_table(UPLOADS).map_err(db_error)?;
            let mut parts = txn.open_table(PARTS).map_err(db_error)?;
            for change in changes {
                match change {
                    Change::PutBucket(b) => {
                        buckets
                            .insert(b.name.as_str(), record::encode_bucket(b).as_slice())
                            .map_err(db_error)?;
                    }
                    Change::DeleteBucket(name) => {
                        buckets.remove(*name).map_err(db_error)?;
                    }
                    Change::PutObject { bucket, key, meta } => {
                        objects
                            .insert((*bucket, *key), record::encode_object(meta).as_slice())
                            .map_err(db_error)?;
                    }
                    Change::DeleteObject { bucket, key } => {
                        objects.remove((*bucket, *key)).map_err(db_error)?;
                    }
                    Change::PutVersion {
                        bucket,
                        key,
                        seq,
                        version,
                    } => {
                        versions
                            .insert(
                                (*bucket, *key, *seq),
                                record::encode_version(version).as_slice(),
                            )
                            .map_err(db_error)?;
                    }
                    Change::DeleteVersion { bucket, key, seq } => {
                        versions.remove((*bucket, *key, *seq)).map_err(db_error)?;
                    }
                    Change::PutUpload(u) => {
                        uploads
                            .insert(u.id.as_str(), record::encode_upload(u).as_slice())
                            .map_err(db_error)?;
                    }
                    Change::PutPart { upload, part } => {
                        parts
                            .insert((*upload, part.number), record::encode_part(part).as_slice())
                            .map_err(db_error)?;
                    }
                    Change::DeletePart { upload, number } => {
                        parts.remove((*upload, *number)).map_err(db_error)?;
                    }
                    Change::DeleteUpload(id) => {
                        uploads.remove(*id).map_err(db_error)?;
                        parts
                            .retain_in((*id, 0)..=(*id, u32::MAX), |_, _| false)
                            .map_err(db_error)?;
                    }
                }
            }
        }
        txn.commit().map_err(db_error)
    }

    /// Reads every record; body and part file names are joined to
    /// `objects_dir` / `parts_dir`. Empty for an in-memory journal.
    pub fn load(&self, objects_dir: &Path, parts_dir: &Path) -> io::Result<Snapshot> {
        let Some(db) = &self.db else {
            return Ok(Snapshot::default());
        };
        let txn = db.begin_read().map_err(db_error)?;
        let mut snap = Snapshot::default();
        let table = txn.open_table(BUCKETS).map_err(db_error)?;
        snap.buckets
            .reserve(table.len().map_err(db_error)? as usize);
        for row in table.iter().map_err(db_error)? {
            let (_, v) = row.map_err(db_error)?;
            snap.buckets.push(record::decode_bucket(v.value())?);
        }
        let table = txn.open_table(OBJECTS).map_err(db_error)?;
        for row in table.iter().map_err(db_error)? {
            let (k, v) = row.map_err(db_error)?;
            let (bucket, key) = k.value();
            let meta = record::decode_object(v.value(), objects_dir)?;
            snap.objects
                .push((bucket.to_string(), key.to_string(), meta));
        }
        let table = txn.open_table(VERSIONS).map_err(db_error)?;
        for row in table.iter().map_err(db_error)? {
            let (k, v) = row.map_err(db_error)?;
            let (bucket, key, seq) = k.value();
            let version = record::decode_version(v.value(), objects_dir)?;
            snap.versions.push((
                bucket.to_string(),
                key.to_string(),
                Noncurrent { seq, version },
            ));
        }
        let table = txn.open_table(UPLOADS).map_err(db_error)?;
        for row in table.iter().map_err(db_error)? {
            let (_, v) = row.map_err(db_error)?;
            snap.uploads.push(record::decode_upload(v.value())?);
        }
        let table = txn.open_table(PARTS).map_err(db_error)?;
        for row in table.iter().map_err(db_error)? {
            let (k, v) = row.map_err(db_error)?;
            let (id, _) = k.value();
            let part = record::decode_part(v.value(), parts_dir)?;
            snap.parts.push((id.to_string(), part));
        }
        Ok(snap)
    }
}
