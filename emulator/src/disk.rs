//! Object bodies and part files. Everything is first written under a fresh
//! name in `tmp/`, then moved into `objects/` or `parts/` by
//! [`Disk::seal`]; the metadata that points at a body is committed only
//! after that. So a body in `objects/` or `parts/` is always complete, and
//! one that no committed record points at (a crash between the rename and
//! the commit, an unlink lost in a crash) is removed by [`Disk::sweep`] on
//! the next start, together with everything left in `tmp/`.
//!
//! A durable disk (`--data-dir`) fsyncs the file before the rename and the
//! directory after it (Unix; Windows has no directory handle to sync and
//! NTFS journals the rename), so a power loss cannot leave a committed record
//! pointing at a body the disk never got. A temporary disk skips both: it is
//! thrown away on stop anyway, and the test suites start hundreds.

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// Where a sealed file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    /// Object bodies.
    Objects,
    /// Parts of unfinished multipart uploads.
    Parts,
}

/// A file in `tmp/`, removed on drop unless sealed.
#[derive(Debug)]
pub(crate) struct TempFile(Option<PathBuf>);

impl TempFile {
    /// Its path.
    pub fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// The three body directories of a store root.
#[derive(Debug)]
pub(crate) struct Disk {
    objects: PathBuf,
    parts: PathBuf,
    tmp: PathBuf,
    durable: bool,
    /// Random per process: names stay unique across restarts whatever the
    /// clock and process id do.
    salt: u64,
    counter: AtomicU64,
}

/// What [`Disk::sweep`] removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Swept {
    pub temp_files: usize,
    pub objects: usize,
    pub parts: usize,
}

/// Whether `name` is one the emulator makes (ASCII letters, digits, `-`):
/// the sweep leaves anything else alone, should the data directory hold
/// files of someone else's.
fn ours(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// Fsyncs a directory, so that a rename into it survives a power loss.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a `File` without extra flags, and
/// NTFS journals renames; nothing to do.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

impl Disk {
    /// Creates (if needed) `objects/`, `parts/` and `tmp/` under `root`.
    pub fn new(root: &Path, durable: bool) -> io::Result<Disk> {
        let disk = Disk {
            objects: root.join("objects"),
            parts: root.join("parts"),
            tmp: root.join("tmp"),
            durable,
            salt: RandomState::new().build_hasher().finish(),
            counter: AtomicU64::new(0),
        };
        for dir in [&disk.objects, &disk.parts, &disk.tmp] {
            fs::create_dir_all(dir)?;
        }
        if durable {
            sync_dir(root)?;
        }
        Ok(disk)
    }

    /// The directory of `area`.
    pub fn dir(&self, area: Area) -> &Path {
        match area {
            Area::Objects => &self.objects,
            Area::Parts => &self.parts,
        }
    }

    /// A name no other file of any run has.
    fn unique_name(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{nanos:x}-{:x}-{n}", self.salt)
    }

    /// Creates a new file in `tmp/` (`what` names it for someone looking).
    pub fn create_temp(&self, what: &str) -> io::Result<(File, TempFile)> {
        let path = self.tmp.join(format!("{what}-{}", self.unique_name()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok((file, TempFile(Some(path))))
    }

    /// Moves a finished temp file into `area` under a fresh name: fsync of
    /// the file, rename, fsync of the directory (durable disks). Returns the
    /// new path; the caller then commits the record pointing at it. On
    /// error the temp file is removed.
    pub fn seal(&self, file: File, mut temp: TempFile, area: Area) -> io::Result<PathBuf> {
        if self.durable {
            file.sync_all()?;
        }
        drop(file);
        let dest = self.dir(area).join(self.unique_name());
        fs::rename(temp.path(), &dest)?;
        temp.0 = None;
        if self.durable {
            if let Err(e) = sync_dir(self.dir(area)) {
                let _ = fs::remove_file(&dest);
                return Err(e);
            }
        }
        Ok(dest)
    }

    /// Removes a body or part file once no record points at it any more.
    /// Failure (on Windows, a file still open by a reader) only leaves an
    /// orphan for the next start's sweep.
    pub fn remove(&self, path: &Path) {
        let _ = fs::remove_file(path);
    }

    /// Start-up clean-up: empties `tmp/` and removes every file of
    /// `objects/` and `parts/` not in `referenced`. Only names the emulator
    /// makes are touched.
    pub fn sweep(&self, referenced: &HashSet<PathBuf>) -> io::Result<Swept> {
        let mut swept = Swept::default();
        for (dir, count) in [
            (&self.tmp, &mut swept.temp_files),
            (&self.objects, &mut swept.objects),
            (&self.parts, &mut swept.parts),
        ] {
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let path = entry.path();
                if !entry.file_type()?.is_file()
                    || !ours(&entry.file_name())
                    || referenced.contains(&path)
                {
                    continue;
                }
                fs::remove_file(&path)?;
                *count += 1;
            }
        }
        if self.durable && swept != Swept::default() {
            for dir in [&self.tmp, &self.objects, &self.parts] {
                sync_dir(dir)?;
            }
        }
        Ok(swept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn seal_moves_and_sweep_removes_unreferenced() {
        let root = tempfile::tempdir().unwrap();
        let disk = Disk::new(root.path(), true).unwrap();
        let (mut f, temp) = disk.create_temp("upload").unwrap();
        f.write_all(b"body").unwrap();
        let kept = disk.seal(f, temp, Area::Objects).unwrap();
        assert_eq!(fs::read(&kept).unwrap(), b"body");
        let (f, temp) = disk.create_temp("part").unwrap();
        let orphan = disk.seal(f, temp, Area::Parts).unwrap();
        // A temp file left by a crash, a foreign file, an unsealed temp
        // dropped (removed at once).
        let (_f, temp) = disk.create_temp("upload").unwrap();
        std::mem::forget(temp);
        fs::write(root.path().join("objects/notes.txt"), b"x").unwrap();
        let (_f, temp) = disk.create_temp("copy").unwrap();
        drop(temp);
        let swept = disk.sweep(&HashSet::from([kept.clone()])).unwrap();
        assert_eq!(
            swept,
            Swept {
                temp_files: 1,
                objects: 0,
                parts: 1
            }
        );
        assert!(kept.exists() && !orphan.exists());
        assert!(root.path().join("objects/notes.txt").exists());
        assert_eq!(fs::read_dir(root.path().join("tmp")).unwrap().count(), 0);
    }
}
