//! Fuzz-style tests: random, malformed and truncated inputs through the
//! parsers, encoders, validators and the signer. Nothing may panic, and the
//! encoders keep their invariants. A fixed seed keeps failures
//! reproducible; the inputs mix structure (real COS XML, cut and mutated)
//! with noise.

use crate::auth::{SignInput, sign};
use crate::encode::{cam_safe_url_encode, push_key_path, url_decode};
use crate::headers::Headers;
use crate::ops::multipart::{
    MultipartListData, MultipartListPartData, parse_list_parts, parse_list_uploads,
};
use crate::{validate, xml};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A string of random characters drawn from troublesome classes.
    fn text(&mut self, max_len: usize) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            " ",
            "+",
            "%",
            "%2F",
            "?",
            "#",
            "&",
            "=",
            ";",
            "/",
            "\\",
            "\"",
            "'",
            "<",
            ">",
            "&amp;",
            "&#x4e2d;",
            "中",
            "文",
            "→",
            "😀",
            "\u{0}",
            "\u{18}",
            "\n",
            "\r",
            "\t",
            "~",
            "*",
            "(",
            ")",
            "!",
            "]]>",
            "<![CDATA[",
            "..",
            ".",
        ];
        (0..self.below(max_len + 1))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }
}

const SAMPLES: &[&str] = &[
    "<?xml version='1.0' encoding='utf-8' ?><ListBucketResult><Name>b-1</Name><EncodingType>url</EncodingType><Prefix>a%20b/</Prefix><Marker/><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextMarker>x</NextMarker><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes><Contents><Key>k%E4%B8%AD</Key><LastModified>2020-12-10T03:37:30.000Z</LastModified><ETag>&quot;ee8de918d05640145b18f70f4c3aa602&quot;</ETag><Size>1048576</Size><Owner><ID>1</ID><DisplayName>1</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>",
    "<ListPartsResult><Bucket>b-1</Bucket><Key>k</Key><UploadId>U</UploadId><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>&quot;abc&quot;</ETag><Size>5</Size></Part></ListPartsResult>",
    "<ListMultipartUploadsResult><Bucket>b-1</Bucket><Encoding-Type>url</Encoding-Type><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated><Upload><Key>k%20</Key><UploadId>U1</UploadId><Initiated>2020</Initiated></Upload></ListMultipartUploadsResult>",
    "<CORSConfiguration><CORSRule><ID>1</ID><MaxAgeSeconds>5</MaxAgeSeconds><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>",
    "<?xml version=\"1.0\"?>\n<Error>\n  <Code>NoSuchKey</Code>\n  <Message>The specified key does not exist.</Message>\n  <RequestId>R</RequestId>\n</Error>",
];

/// Feeds one input to every parser; only panics matter.
fn parse_everything(text: &str) {
    let _ = xml::error_body(text);
    let _ = crate::ops::bucket::parse_list_bucket(text);
    let _ = crate::ops::cors::parse_cors(text);
    let _ = parse_list_parts(text, &mut MultipartListPartData::default());
    let _ = parse_list_uploads(text, &mut MultipartListData::default());
}

#[test]
fn parsers_survive_truncated_mutated_and_random_xml() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for sample in SAMPLES {
        parse_everything(sample);
        // Every truncation, on character boundaries.
        for (cut, _) in sample.char_indices() {
            parse_everything(&sample[..cut]);
        }
        // Random splices of noise into the document.
        for _ in 0..300 {
            let mut text = sample.to_string();
            for _ in 0..1 + rng.below(4) {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let noise = rng.text(6);
                text.insert_str(at, &noise);
            }
            parse_everything(&text);
        }
    }
    for _ in 0..2000 {
        parse_everything(&rng.text(40));
    }
}

#[test]
fn a_well_formed_answer_with_garbage_numbers_is_an_error_not_a_zero() {
    let text = SAMPLES[0].replace("<Size>1048576</Size>", "<Size>-1</Size>");
    let err = crate::ops::bucket::parse_list_bucket(&text).unwrap_err();
    assert_eq!(err.code(), "EBADRESPONSE");
}

#[test]
fn keys_and_values_survive_encoding_validation_and_signing() {
    let mut rng = Rng(0x5EED_5678_0000_0002);
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.~%".contains(c);
    for _ in 0..3000 {
        let key = rng.text(30);
        let encoded = cam_safe_url_encode(&key);
        assert!(encoded.chars().all(allowed), "{key:?} -> {encoded}");
        assert_eq!(url_decode(&encoded), key);
        let mut path = String::new();
        push_key_path(&mut path, &key);
        assert!(path.chars().all(|c| allowed(c) || c == '/'), "{path}");
        assert_eq!(url_decode(&path), key);
        let _ = validate::key(&key, false);
        let _ = validate::simplified_key(&key, "Getobject");
        let _ = validate::bucket(&key);
        let _ = validate::region(&key);

        let mut headers = Headers::new();
        headers.insert("x-cos-meta-fuzz", rng.text(20));
        headers.insert(format!("x-cos-{}", rng.text(5)), rng.text(20));
        let query = vec![
            (rng.text(8), rng.text(8)),
            ("uploads".to_string(), String::new()),
        ];
        let signed = sign(&SignInput {
            secret_id: "AKID",
            secret_key: "secret",
            key_time: "1;2",
            method: "PUT",
            pathname: &format!("/{key}"),
            query: &query,
            headers: &headers,
            extra_header: None,
            skip_host: false,
        });
        assert!(
            signed
                .authorization
                .starts_with("q-sign-algorithm=sha1&q-ak=AKID&")
        );
        assert_eq!(
            signed.authorization.matches('&').count(),
            6,
            "seven pairs, the lists never add '&'"
        );
    }
}
