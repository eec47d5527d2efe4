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

/// `crc(A ++ B)` from `crc(A)`, `crc(B)` and `len(B)`: `crc(A)` times
/// `x^(8 len(B))` modulo the polynomial, plus `crc(B)` (zlib's
/// `crc32_combine` technique), in about `64 × log2(len(B))` steps.
pub(crate) fn combine(crc_a: u64, crc_b: u64, len_b: u64) -> u64 {
    // x^(8 len) = the product of x^(2^k) over the bits k of 8 len.
    let mut shift = ONE;
    let (mut len, mut k) = (len_b, 3);
    while len != 0 {
        if len & 1 != 0 {
            shift = multiply(X_POW_2_POW[k], shift);
        }
        len >>= 1;
        k += 1;
    }
    multiply(shift, crc_a) ^ crc_b
}

/// The polynomial 1 (bits are reflected: the top bit is x^0).
const ONE: u64 = 1 << 63;

/// `x^(2^k)` modulo the polynomial, for every k `combine` reaches (3 for
/// the bits of a byte plus 64 for the bits of a `u64` length).
const X_POW_2_POW: [u64; 67] = {
    let mut table = [0u64; 67];
    table[0] = ONE >> 1; // x^1
    let mut k = 1;
    while k < table.len() {
        table[k] = multiply(table[k - 1], table[k - 1]);
        k += 1;
    }
    table
};

/// `a × b` modulo the polynomial, both reflected.
const fn multiply(a: u64, mut b: u64) -> u64 {
    let mut product = 0;
    let mut bit = ONE;
    while bit != 0 {
        if a & bit != 0 {
            product ^= b;
        }
        bit >>= 1;
        b = if b & 1 != 0 { (b >> 1) ^ POLY } else { b >> 1 };
    }
    product
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
        // Shifting by 2L is shifting by L twice, up to the longest length.
        let crc = checksum(b"abc");
        for len in [1u64 << 20, 1 << 40, 1 << 62, u64::MAX / 2] {
            assert_eq!(
                combine(crc, 0, 2 * len),
                combine(combine(crc, 0, len), 0, len)
            );
        }
        let _ = combine(crc, 0, u64::MAX);
    }
}
