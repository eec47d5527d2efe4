//! CRC-64/XZ, the checksum COS sends as `x-cos-hash-crc64ecma`, and the
//! combination of part CRCs into the CRC of the whole object.

/// The reflected ECMA-182 polynomial.
const POLY: u64 = 0xC96C_5795_D787_0F42;

/// An incremental CRC-64 of a byte stream (SIMD where the CPU has it:
/// every uploaded and downloaded byte goes through here).
pub(crate) struct Crc64(crc64fast::Digest);

impl Crc64 {
    pub(crate) fn new() -> Self {
        Crc64(crc64fast::Digest::new())
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    pub(crate) fn finish(self) -> u64 {
        self.0.sum64()
    }
}

/// CRC-64 of a whole buffer.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut crc = Crc64::new();
    crc.update(bytes);
    crc.finish()
}

/// `crc(A ++ B)` from `crc(A)`, `crc(B)` and `len(B)`, in O(log len(B))
/// (zlib's `crc32_combine` technique, for the 64-bit polynomial).
pub(crate) fn combine(crc_a: u64, crc_b: u64, len_b: u64) -> u64 {
    if len_b == 0 {
        return crc_a;
    }
    // `odd` starts as the operator for one zero bit.
    let mut odd = [0u64; 64];
    odd[0] = POLY;
    let mut row = 1u64;
    for entry in odd.iter_mut().skip(1) {
        *entry = row;
        row <<= 1;
    }
    let mut even = [0u64; 64];
    square(&mut even, &odd); // two zero bits
    square(&mut odd, &even); // four zero bits
    let (mut crc, mut len) = (crc_a, len_b);
    loop {
        square(&mut even, &odd); // 8, 32, 128, … zero bits
        if len & 1 != 0 {
            crc = times(&even, crc);
        }
        len >>= 1;
        if len == 0 {
            break;
        }
        square(&mut odd, &even);
        if len & 1 != 0 {
            crc = times(&odd, crc);
        }
        len >>= 1;
        if len == 0 {
            break;
        }
    }
    crc ^ crc_b
}

fn times(matrix: &[u64; 64], mut vector: u64) -> u64 {
    let mut sum = 0;
    let mut row = 0;
    while vector != 0 {
        if vector & 1 != 0 {
            sum ^= matrix[row];
        }
        vector >>= 1;
        row += 1;
    }
    sum
}

fn square(out: &mut [u64; 64], matrix: &[u64; 64]) {
    for (slot, &row) in out.iter_mut().zip(matrix.iter()) {
        *slot = times(matrix, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_vectors() {
        assert_eq!(checksum(b""), 0);
        assert_eq!(checksum(b"123456789"), 11_051_210_869_376_104_954);
        assert_eq!(checksum(b"hello "), 1_796_661_072_844_795_914);
        assert_eq!(checksum(b"world!"), 10_042_366_770_838_098_850);
        assert_eq!(checksum(b"ObjectContent"), 2_900_061_071_848_923_409);
        assert_eq!(checksum(&[0u8; 1024]), 14_085_117_335_336_199_948);
        let mut incremental = Crc64::new();
        incremental.update(b"hello ");
        incremental.update(b"world!");
        assert_eq!(incremental.finish(), 9_548_687_815_775_124_833);
    }

    #[test]
    fn combining_parts_gives_the_whole() {
        assert_eq!(
            combine(checksum(b"hello "), checksum(b"world!"), 6),
            9_548_687_815_775_124_833
        );
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for split in [0, 1, 7, 4096, 65_537, 100_000] {
            let (a, b) = data.split_at(split);
            assert_eq!(
                combine(checksum(a), checksum(b), b.len() as u64),
                checksum(&data)
            );
        }
        assert_eq!(combine(0, checksum(b"abc"), 3), checksum(b"abc"));
    }
}
