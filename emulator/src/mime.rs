//! The `Content-Type` an object gets when its upload sends none: COS infers it
//! from the key's extension (`1.zip` → `application/zip`, `1.txt` →
//! `text/plain`), and falls back to `application/octet-stream`. Official
//! clients rely on this (the Node SDK sends an empty `Content-Type` and reads
//! the inferred one back), so the emulator infers it too, from a compact table
//! of the common types.

/// Extensions (lower case, without the dot) and their types. Sorted by
/// extension so a lookup is a binary search.
const TYPES: &[(&str, &str)] = &[
    ("7z", "application/x-7z-compressed"),
    ("aac", "audio/aac"),
    ("apk", "application/vnd.android.package-archive"),
    ("avi", "video/x-msvideo"),
    ("avif", "image/avif"),
    ("bin", "application/octet-stream"),
    ("bmp", "image/bmp"),
    ("bz2", "application/x-bzip2"),
    ("css", "text/css"),
    ("csv", "text/csv"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("eot", "application/vnd.ms-fontobject"),
    ("epub", "application/epub+zip"),
    ("exe", "application/x-msdownload"),
    ("flac", "audio/flac"),
    ("flv", "video/x-flv"),
    ("gif", "image/gif"),
    ("gz", "application/gzip"),
    ("heic", "image/heic"),
    ("htm", "text/html"),
    ("html", "text/html"),
    ("ico", "image/x-icon"),
    ("ics", "text/calendar"),
    ("jar", "application/java-archive"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("js", "application/javascript"),
    ("json", "application/json"),
    ("m3u8", "application/vnd.apple.mpegurl"),
    ("m4a", "audio/mp4"),
    ("md", "text/markdown"),
    ("mjs", "application/javascript"),
    ("mkv", "video/x-matroska"),
    ("mov", "video/quicktime"),
    ("mp3", "audio/mpeg"),
    ("mp4", "video/mp4"),
    ("mpeg", "video/mpeg"),
    ("mpg", "video/mpeg"),
    ("ogg", "audio/ogg"),
    ("otf", "font/otf"),
    ("parquet", "application/octet-stream"),
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("rar", "application/vnd.rar"),
    ("rtf", "application/rtf"),
    ("sh", "application/x-sh"),
    ("svg", "image/svg+xml"),
    ("tar", "application/x-tar"),
    ("tgz", "application/gzip"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("ts", "video/mp2t"),
    ("tsv", "text/tab-separated-values"),
    ("ttf", "font/ttf"),
    ("txt", "text/plain"),
    ("wasm", "application/wasm"),
    ("wav", "audio/wav"),
    ("webm", "video/webm"),
    ("webp", "image/webp"),
    ("wma", "audio/x-ms-wma"),
    ("wmv", "video/x-ms-wmv"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("xml", "application/xml"),
    ("yaml", "application/x-yaml"),
    ("yml", "application/x-yaml"),
    ("zip", "application/zip"),
];

/// The type of an object without any: by the extension of the key's last
/// path segment (case-insensitive), else `application/octet-stream`. A name
/// that only starts with a dot (`.env`) has no extension.
pub(crate) fn for_key(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => ext.to_ascii_lowercase(),
        _ => return DEFAULT,
    };
    TYPES
        .binary_search_by(|(e, _)| e.cmp(&ext.as_str()))
        .map(|i| TYPES[i].1)
        .unwrap_or(DEFAULT)
}

/// The type of anything the table does not name.
const DEFAULT: &str = "application/octet-stream";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(TYPES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn by_extension() {
        assert_eq!(for_key("1.zip"), "application/zip");
        assert_eq!(for_key("dir/1.txt"), "text/plain");
        assert_eq!(for_key("a/B.JPG"), "image/jpeg");
        assert_eq!(for_key("a.tar.gz"), "application/gzip");
        assert_eq!(for_key("noext"), DEFAULT);
        assert_eq!(for_key("dir.d/noext"), DEFAULT);
        assert_eq!(for_key(".env"), DEFAULT);
        assert_eq!(for_key("a."), DEFAULT);
        assert_eq!(for_key("a.unknownext"), DEFAULT);
        assert_eq!(for_key("dir/"), DEFAULT);
    }
}
