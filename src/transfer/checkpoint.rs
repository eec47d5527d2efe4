//! The local record that lets an interrupted `slice_upload_file` resume:
//! which upload ID belongs to which file, and the file's size, mtime and
//! part size when the upload started.

use std::fs;
use std::path::{Path, PathBuf};

use md5::{Digest, Md5};

use crate::encode::{cam_safe_url_encode, url_decode};
use crate::error::CosError;

const MAGIC: &str = "cos-sdk slice-upload checkpoint v1";

/// What identifies the local data of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    pub file_size: u64,
    pub mtime_ns: u128,
    pub part_size: u64,
}

/// One upload in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub file: String,
    pub upload_id: String,
    pub fingerprint: Fingerprint,
}

/// Where the checkpoint of (bucket, region, key, file) lives in `dir`.
pub(crate) fn path_for(dir: &Path, bucket: &str, region: &str, key: &str, file: &Path) -> PathBuf {
    let identity = format!("{bucket}\n{region}\n{key}\n{}", file.display());
    let digest: String = Md5::digest(identity.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    dir.join(format!("{digest}.checkpoint"))
}

impl Checkpoint {
    /// Reads a checkpoint; `None` when absent, unreadable or not for this
    /// upload (a damaged checkpoint only costs a fresh upload).
    pub(crate) fn load(
        path: &Path,
        bucket: &str,
        region: &str,
        key: &str,
        file: &Path,
    ) -> Option<Self> {
        let text = fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut field = |name: &str| -> Option<String> {
            let line = lines.next()?;
            line.strip_prefix(name)?.strip_prefix('=').map(url_decode)
        };
        let checkpoint = Checkpoint {
            bucket: field("bucket")?,
            region: field("region")?,
            key: field("key")?,
            file: field("file")?,
            upload_id: field("upload_id")?,
            fingerprint: Fingerprint {
                file_size: field("file_size")?.parse().ok()?,
                mtime_ns: field("mtime_ns")?.parse().ok()?,
                part_size: field("part_size")?.parse().ok()?,
            },
        };
        let same_upload = checkpoint.bucket == bucket
            && checkpoint.region == region
            && checkpoint.key == key
            && checkpoint.file == file.display().to_string();
        same_upload.then_some(checkpoint)
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    pub(crate) fn save(&self, path: &Path) -> Result<(), CosError> {
        let f = &self.fingerprint;
        let text = format!(
            "{MAGIC}\nbucket={}\nregion={}\nkey={}\nfile={}\nupload_id={}\nfile_size={}\nmtime_ns={}\npart_size={}\n",
            cam_safe_url_encode(&self.bucket),
            cam_safe_url_encode(&self.region),
            cam_safe_url_encode(&self.key),
            cam_safe_url_encode(&self.file),
            cam_safe_url_encode(&self.upload_id),
            f.file_size,
            f.mtime_ns,
            f.part_size,
        );
        crate::local_fs::write_atomically(path, text.as_bytes())
            .map_err(|e| CosError::io(format!("cannot write the checkpoint {}", path.display()), e))
    }

    /// Deletes a checkpoint; a missing one is fine.
    pub(crate) fn remove(path: &Path) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_identity() {
        let dir = tempfile::tempdir().unwrap();
        let file = Path::new("/data/a b\n.bin");
        let path = path_for(dir.path(), "b-1", "ap-guangzhou", "k/中 文", file);
        let checkpoint = Checkpoint {
            bucket: "b-1".into(),
            region: "ap-guangzhou".into(),
            key: "k/中 文".into(),
            file: file.display().to_string(),
            upload_id: "U1".into(),
            fingerprint: Fingerprint {
                file_size: 10,
                mtime_ns: 123,
                part_size: 1 << 20,
            },
        };
        checkpoint.save(&path).unwrap();
        assert_eq!(
            Checkpoint::load(&path, "b-1", "ap-guangzhou", "k/中 文", file),
            Some(checkpoint)
        );
        assert_eq!(
            Checkpoint::load(&path, "b-1", "ap-guangzhou", "other", file),
            None
        );
        fs::write(&path, "garbage").unwrap();
        assert_eq!(
            Checkpoint::load(&path, "b-1", "ap-guangzhou", "k/中 文", file),
            None
        );
        Checkpoint::remove(&path);
        assert!(!path.exists());
    }
}
