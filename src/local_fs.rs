//! Local files the SDK writes on the user's behalf (downloads, checkpoints,
//! journals), made safe against other users and other calls: temporary
//! files get a name no one else can have guessed and are created with
//! `create_new` (which never follows a symlink planted under that name), and
//! the default checkpoint directory is per user and private.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An unpredictable suffix: std's per-process random hash keys, the process
/// id and a counter, so two calls (or processes) never pick the same name.
fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// Creates a new, empty file beside `target` named
/// `.<target name>.<random>.<tag>`, never reusing or following an existing
/// entry. The caller renames it into place or removes it.
pub(crate) fn create_temp_beside(target: &Path, tag: &str) -> io::Result<(File, PathBuf)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cos".into());
    loop {
        let path = target.with_file_name(format!(".{name}.{}.{tag}", unique_suffix()));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Replaces `path` with `bytes` atomically: a fresh temporary file, synced,
/// then renamed over `path` (a rename replaces a symlink, never its target).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (mut file, temporary) = create_temp_beside(path, "tmp")?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temporary, path)
        });
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Opens an existing file for reading and writing without following a
/// symlink (which another user could have planted under a predictable name).
pub(crate) fn open_existing(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "refusing to follow a symbolic link",
        ));
    }
    options.open(path)
}

/// Creates `path` as a new file (removing whatever entry had its name, a
/// symlink included), open for reading and writing.
pub(crate) fn create_fresh(path: &Path) -> io::Result<File> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
}

/// The user's own cache directory for `cos-sdk`: `$XDG_CACHE_HOME` or
/// `~/.cache` on Linux and other Unixes, `~/Library/Caches` on macOS,
/// `%LOCALAPPDATA%` on Windows; `None` when the environment names none.
fn user_cache_dir() -> Option<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = if cfg!(windows) {
        from_env("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        from_env("HOME").map(|home| home.join("Library").join("Caches"))
    } else {
        from_env("XDG_CACHE_HOME").or_else(|| from_env("HOME").map(|home| home.join(".cache")))
    }?;
    Some(base.join("cos-sdk"))
}

/// Where checkpoints go unless the options say: the user's cache dir, or,
/// on a system whose environment names no home, a directory in the shared
/// temp dir named for this user (and checked to be theirs before use).
pub(crate) fn default_checkpoint_dir() -> PathBuf {
    user_cache_dir().map_or_else(
        || {
            #[cfg(unix)]
            let name = format!("cos-sdk-checkpoints-{}", current_uid());
            #[cfg(not(unix))]
            let name = "cos-sdk-checkpoints".to_string();
            std::env::temp_dir().join(name)
        },
        |cache| cache.join("checkpoints"),
    )
}

/// Asks the kernel to start writing a region of `file` to disk now, without
/// waiting: a download's ranges then reach the disk while later ones are
/// still arriving, and the `fsync` before its rename has little left to do.
/// A hint only (Linux's `sync_file_range`; nothing elsewhere): durability
/// still comes from that `fsync`.
pub(crate) fn start_writeback(file: &File, offset: u64, length: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let (Ok(offset), Ok(length)) = (i64::try_from(offset), i64::try_from(length)) else {
            return;
        };
        // SAFETY: the descriptor is open for as long as `file` is borrowed,
        // and sync_file_range only reads its arguments.
        unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset,
                length,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, length);
}

/// A file written front to back (a download into `Output::File`) that
/// hands each 8 MiB written to [`start_writeback`], so its final `fsync`
/// does not start the disk writes only at the end.
pub(crate) struct StreamedFile {
    file: File,
    written: u64,
    handed: u64,
}

impl StreamedFile {
    const STEP: u64 = 8 * 1024 * 1024;

    pub(crate) fn new(file: File) -> StreamedFile {
        StreamedFile {
            file,
            written: 0,
            handed: 0,
        }
    }

    /// Flushes everything to disk and closes the file.
    pub(crate) fn sync_and_close(self) -> io::Result<()> {
        self.file.sync_all()
    }
}

impl io::Write for StreamedFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.written += n as u64;
        if self.written - self.handed >= Self::STEP {
            start_writeback(&self.file, self.handed, self.written - self.handed);
            self.handed = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The effective user id of this process.
#[cfg(unix)]
fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Makes sure `dir` exists and only its owner, the current user, can use
/// it: created with mode 0700; an existing one must be a real directory
/// (not a symlink) owned by this user, and is narrowed to 0700.
pub(crate) fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    let metadata = fs::symlink_metadata(dir)?;
    if !metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a directory (a symlink?)", dir.display()),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if metadata.uid() != current_uid() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} belongs to another user (uid {}); refusing to keep checkpoints there",
                    dir.display(),
                    metadata.uid()
                ),
            ));
        }
        if metadata.mode() & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_unique_and_never_follow_links() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t.bin");
        let (_, a) = create_temp_beside(&target, "part").unwrap();
        let (_, b) = create_temp_beside(&target, "part").unwrap();
        assert_ne!(a, b);
        assert!(
            a.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(".t.bin.")
        );

        let victim = dir.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        write_atomically(&target, b"new").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&victim, &link).unwrap();
            assert!(open_existing(&link).is_err());
            write_atomically(&link, b"replaced").unwrap();
            let fresh = dir.path().join("fresh");
            std::os::unix::fs::symlink(&victim, &fresh).unwrap();
            create_fresh(&fresh).unwrap().write_all(b"x").unwrap();
            assert_eq!(fs::read(&victim).unwrap(), b"keep");
            assert_eq!(fs::read(&link).unwrap(), b"replaced");
        }
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn private_dirs_are_0700_and_not_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("a/b");
        ensure_private_dir(&private).unwrap();
        let mode = fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&private).unwrap();
        let mode = fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&private, &link).unwrap();
        assert!(ensure_private_dir(&link).is_err());
        // A directory another user created first is refused (testable as root).
        if current_uid() == 0 {
            let theirs = dir.path().join("theirs");
            fs::create_dir(&theirs).unwrap();
            std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
            let err = ensure_private_dir(&theirs).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        }
    }
}
