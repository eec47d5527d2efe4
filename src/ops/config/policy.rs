//! Bucket policy (Node's `putBucketPolicy`, `getBucketPolicy`,
//! `deleteBucketPolicy`): a JSON document, sent compact.

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::FromMeta;
use crate::ops::BucketOnly;

bucket_params! {
    /// Params of [`Cos::put_bucket_policy`] (Node's `putBucketPolicy`).
    PutBucketPolicyParams {
        /// `Policy`: the policy as JSON text, e.g.
        /// `{"Statement":[{"Effect":"Allow",…}],"version":"2.0"}`. It is
        /// checked and sent compact, as Node re-serialises it.
        pub policy: String,
    };
    /// Params of [`Cos::get_bucket_policy`] (Node's `getBucketPolicy`).
    GetBucketPolicyParams;
    /// Params of [`Cos::delete_bucket_policy`] (Node's `deleteBucketPolicy`).
    DeleteBucketPolicyParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_policy`].
    pub struct PutBucketPolicyData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_policy`].
    pub struct GetBucketPolicyData {
        /// `Policy`: the policy as COS returns it, JSON text (Node parses
        /// it into an object; parse it with the JSON crate of your choice).
        pub policy: String,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_policy`].
    pub struct DeleteBucketPolicyData {}
}

impl Cos {
    /// Sets a bucket's access policy (Node's `putBucketPolicy`), replacing
    /// any policy it had.
    ///
    /// ```
    /// use cos_sdk::{DeleteBucketPolicyParams, GetBucketPolicyParams, PutBucketPolicyParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// // Anyone may read objects under public/.
    /// let policy = r#"{
    ///   "Statement": [{
    ///     "Principal": {"qcs": ["qcs::cam::anyone:anyone"]},
    ///     "Effect": "Allow",
    ///     "Action": ["name/cos:GetObject"],
    ///     "Resource": ["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*"]
    ///   }],
    ///   "version": "2.0"
    /// }"#;
    /// cos.put_bucket_policy(
    ///     PutBucketPolicyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         policy: policy.into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_policy(
    ///     GetBucketPolicyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.policy.contains("qcs::cam::anyone:anyone"));
    /// cos.delete_bucket_policy(
    ///     DeleteBucketPolicyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_policy<R>(
        &self,
        params: PutBucketPolicyParams,
        callback: impl FnOnce(Result<PutBucketPolicyData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_policy(&params)))
    }

    /// Reads a bucket's policy (Node's `getBucketPolicy`). A bucket without
    /// one fails with `NoSuchPolicy` (Node rewrites that code to `"404"`;
    /// the status is 404 either way).
    ///
    /// ```
    /// use cos_sdk::GetBucketPolicyParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let err = cos
    ///     .get_bucket_policy(
    ///         GetBucketPolicyParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "NoSuchPolicy");
    /// ```
    pub fn get_bucket_policy<R>(
        &self,
        params: GetBucketPolicyParams,
        callback: impl FnOnce(Result<GetBucketPolicyData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_policy_inner(&params))
    }

    fn get_bucket_policy_inner(
        &self,
        params: &GetBucketPolicyParams,
    ) -> Result<GetBucketPolicyData, CosError> {
        let mut response = self.execute(params.bucket_request("GET", "policy")?)?;
        let mut data = GetBucketPolicyData::from_meta(response.meta());
        data.policy = response.text()?;
        Ok(data)
    }

    /// Removes a bucket's policy (Node's `deleteBucketPolicy`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketPolicyParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_policy(
    ///     DeleteBucketPolicyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_policy<R>(
        &self,
        params: DeleteBucketPolicyParams,
        callback: impl FnOnce(Result<DeleteBucketPolicyData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "policy")))
    }
}

pub(crate) fn build_put_bucket_policy(
    params: &PutBucketPolicyParams,
) -> Result<crate::execute::Request, CosError> {
    let mut request = params.bucket_request("PUT", "policy")?;
    let body = compact_json(&params.policy).ok_or_else(|| {
        CosError::invalid_parameter("Policy", "Policy format error: it must be a JSON object")
    })?;
    request.headers.insert("content-type", "application/json");
    request
        .headers
        .insert("content-md5", crate::execute::content_md5(body.as_bytes()));
    request.body = Some(crate::Body::from(body));
    Ok(request)
}

/// `text` without the whitespace between tokens, if it is one JSON object
/// (what Node's `JSON.stringify(JSON.parse(text))` gives for the policies
/// COS takes); `None` when it is not JSON.
pub(crate) fn compact_json(text: &str) -> Option<String> {
    let mut parser = Json {
        bytes: text.as_bytes(),
        at: 0,
        out: String::with_capacity(text.len()),
    };
    parser.skip_space();
    if parser.peek() != Some(b'{') {
        return None;
    }
    parser.value(0)?;
    parser.skip_space();
    (parser.at == parser.bytes.len()).then_some(parser.out)
}

/// A JSON checker that copies everything but insignificant whitespace.
struct Json<'a> {
    bytes: &'a [u8],
    at: usize,
    out: String,
}

impl Json<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn copy(&mut self, from: usize) {
        self.out
            .push_str(&String::from_utf8_lossy(&self.bytes[from..self.at]));
    }

    /// One value; `depth` bounds nesting so hostile input cannot overflow
    /// the stack.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > 64 {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'{' => self.sequence(b'}', depth, true),
            b'[' => self.sequence(b']', depth, false),
            b'"' => self.string(),
            _ => self.scalar(),
        }
    }

    fn sequence(&mut self, end: u8, depth: usize, object: bool) -> Option<()> {
        self.out.push(self.bytes[self.at] as char);
        self.at += 1;
        self.skip_space();
        if self.peek() == Some(end) {
            self.at += 1;
            self.out.push(end as char);
            return Some(());
        }
        loop {
            if object {
                self.skip_space();
                self.string()?;
                self.skip_space();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                self.out.push(':');
            }
            self.value(depth + 1)?;
            self.skip_space();
            match self.peek()? {
                b',' => {
                    self.at += 1;
                    self.out.push(',');
                }
                c if c == end => {
                    self.at += 1;
                    self.out.push(end as char);
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.at += 2,
                c if c < 0x20 => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        self.copy(start);
        Some(())
    }

    fn scalar(&mut self) -> Option<()> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E')
        ) {
            self.at += 1;
        }
        let token = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        let valid = matches!(token, "true" | "false" | "null")
            || (!token.is_empty() && token.parse::<f64>().is_ok());
        if !valid {
            return None;
        }
        self.copy(start);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::compact_json;

    #[test]
    fn policies_are_checked_and_compacted() {
        let pretty = "{\n  \"Statement\": [ {\"Effect\" : \"Allow\", \"n\": 1.5e3, \"b\": true} ],\n  \"s\": \"a b\\\" c\"\n}";
        assert_eq!(
            compact_json(pretty).unwrap(),
            r#"{"Statement":[{"Effect":"Allow","n":1.5e3,"b":true}],"s":"a b\" c"}"#
        );
        for bad in [
            "",
            "[]",
            "{",
            "{\"a\":}",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{} x",
            "{\"a\":tru}",
        ] {
            assert_eq!(compact_json(bad), None, "{bad:?}");
        }
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(compact_json(&deep), None);
    }
}
