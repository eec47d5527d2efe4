//! Multi-part transfer engines built on the single-request operations.

pub(crate) mod checkpoint;
pub(crate) mod download;
pub(crate) mod engine;
pub(crate) mod slice_copy;
pub(crate) mod slice_upload;
pub(crate) mod tasks;
pub(crate) mod upload_file;

pub(crate) const MIB: u64 = 1024 * 1024;
/// Largest part COS accepts.
pub(crate) const MAX_PART_SIZE: u64 = 5 * 1024 * MIB;
/// Node's part sizes, in MiB, tried in order until the part count fits.
const AUTO_PART_SIZES_MIB: [u64; 14] = [
    1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 5120,
];

/// Node's part size rule: at least `wanted`, and large enough that the file
/// needs at most `max_parts` parts.
pub(crate) fn part_size(file_size: u64, wanted: u64, max_parts: u32) -> u64 {
    let mut auto = MIB;
    for mib in AUTO_PART_SIZES_MIB {
        auto = mib * MIB;
        if file_size.div_ceil(auto) <= u64::from(max_parts) {
            break;
        }
    }
    wanted.max(auto)
}

/// One part of a file or object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    pub number: u32,
    pub offset: u64,
    pub length: u64,
}

/// Reads one part of a local file through `buffer`, handing each chunk to
/// `each` (hashing, progress): the resume checks of uploads and downloads.
pub(crate) fn read_part(
    file: &mut std::fs::File,
    part: Part,
    buffer: &mut [u8],
    mut each: impl FnMut(&[u8]),
) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(part.offset))?;
    let mut left = part.length;
    while left > 0 {
        let n = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        file.read_exact(&mut buffer[..n])?;
        each(&buffer[..n]);
        left -= n as u64;
    }
    Ok(())
}

pub(crate) fn plan(file_size: u64, part_size: u64) -> Vec<Part> {
    let count = file_size.div_ceil(part_size);
    (0..count)
        .map(|i| {
            let offset = i * part_size;
            Part {
                number: i as u32 + 1,
                offset,
                length: part_size.min(file_size - offset),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_size_grows_like_node() {
        assert_eq!(part_size(10 * MIB, MIB, 10_000), MIB);
        assert_eq!(part_size(10 * MIB, 3 * MIB, 10_000), 3 * MIB);
        assert_eq!(part_size(10_000 * MIB, MIB, 10_000), MIB);
        assert_eq!(part_size(10_000 * MIB + 1, MIB, 10_000), 2 * MIB);
        assert_eq!(part_size(5 * MIB + 1, MIB, 4), 2 * MIB);
        assert_eq!(part_size(100 * 1024 * MIB, MIB, 10_000), 16 * MIB);
        assert_eq!(
            part_size(48 * 1024 * 1024 * MIB, MIB, 10_000),
            5 * 1024 * MIB
        );
    }

    #[test]
    fn plan_covers_the_file() {
        let parts = plan(5 * MIB + 1, 2 * MIB);
        let lengths: Vec<u64> = parts.iter().map(|p| p.length).collect();
        assert_eq!(lengths, [2 * MIB, 2 * MIB, MIB + 1]);
        assert_eq!(parts[2].offset, 4 * MIB);
        assert_eq!(parts[2].number, 3);
    }
}
