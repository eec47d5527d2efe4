//! SELECT Object Content over sockets: the event stream decoded here with a
//! CRC-32 of its own (not the emulator's), every frame's lengths and both
//! checksums verified.

use std::collections::HashMap;

use super::*;

/// Bitwise CRC-32 (gzip / ISO-HDLC), independent of the emulator's.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[derive(Debug)]
struct Frame {
    headers: HashMap<String, String>,
    payload: Vec<u8>,
}

impl Frame {
    fn kind(&self) -> String {
        match self.headers.get(":message-type").map(String::as_str) {
            Some("error") => format!("error:{}", self.headers[":error-code"]),
            _ => self.headers[":event-type"].clone(),
        }
    }
}

/// Splits an event stream into frames, checking every length and CRC.
fn frames(body: &[u8]) -> Vec<Frame> {
    let be32 = |b: &[u8]| u32::from_be_bytes(b[..4].try_into().unwrap());
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        assert!(rest.len() >= 16, "short frame");
        let total = be32(rest) as usize;
        let headers_len = be32(&rest[4..]) as usize;
        assert_eq!(be32(&rest[8..]), crc32(&rest[..8]), "prelude CRC");
        let msg = &rest[..total];
        assert_eq!(
            be32(&msg[total - 4..]),
            crc32(&msg[..total - 4]),
            "message CRC"
        );
        let mut headers = HashMap::new();
        let mut h = &msg[12..12 + headers_len];
        while !h.is_empty() {
            let n = h[0] as usize;
            let name = String::from_utf8(h[1..1 + n].to_vec()).unwrap();
            assert_eq!(h[1 + n], 7, "string header");
            let len = u16::from_be_bytes([h[2 + n], h[3 + n]]) as usize;
            let value = String::from_utf8(h[4 + n..4 + n + len].to_vec()).unwrap();
            headers.insert(name, value);
            h = &h[4 + n + len..];
        }
        out.push(Frame {
            headers,
            payload: msg[12 + headers_len..total - 4].to_vec(),
        });
        rest = &rest[total..];
    }
    out
}

fn kinds(frames: &[Frame]) -> Vec<String> {
    frames.iter().map(Frame::kind).collect()
}

/// The records of a stream, joined.
fn records(frames: &[Frame]) -> String {
    let mut out = Vec::new();
    for f in frames.iter().filter(|f| f.kind() == "Records") {
        out.extend_from_slice(&f.payload);
    }
    String::from_utf8(out).unwrap()
}

fn stat(frames: &[Frame], event: &str, element: &str) -> u64 {
    let f = frames.iter().rev().find(|f| f.kind() == event).unwrap();
    let text = String::from_utf8(f.payload.clone()).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .find(|n| n.has_tag_name(element))
        .and_then(|n| n.text())
        .unwrap()
        .parse()
        .unwrap()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A `SelectRequest` with `input` and `output` serializations.
fn request(sql: &str, input: &str, output: &str, progress: bool) -> String {
    format!(
        "<SelectRequest><Expression>{}</Expression><ExpressionType>SQL</ExpressionType>\
         <InputSerialization>{input}</InputSerialization>\
         <OutputSerialization>{output}</OutputSerialization>\
         <RequestProgress><Enabled>{}</Enabled></RequestProgress></SelectRequest>",
        escape(sql),
        if progress { "TRUE" } else { "FALSE" }
    )
}

fn csv_in(header: &str) -> String {
    format!("<CSV><FileHeaderInfo>{header}</FileHeaderInfo></CSV>")
}

const CSV_OUT: &str = "<CSV></CSV>";
const JSON_OUT: &str = "<JSON><RecordDelimiter>\n</RecordDelimiter></JSON>";

fn select(c: &mut Client, key: &str, body: &str) -> Resp {
    c.call(
        "POST",
        key,
        &[("select", ""), ("select-type", "2")],
        &[("Content-Type", "application/xml")],
        body.as_bytes(),
    )
}

/// Runs a select that must succeed and returns its frames.
fn run(c: &mut Client, key: &str, body: &str) -> Vec<Frame> {
    let r = select(c, key, body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(r.header("Transfer-Encoding"), Some("chunked"));
    frames(&r.body)
}

const PEOPLE: &str = "id,name,age\n1,alice,30\n2,bob,25\n3,carol,41\n4,dan,19\n";

#[test]
fn csv_queries() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(
        c.call("PUT", "/people.csv", &[], &[], PEOPLE.as_bytes())
            .status,
        200
    );
    // The Node SDK's demo request, byte for byte (request-vectors-more.json #55).
    let node = "<SelectRequest><Expression>Select s._1, s._2 from COSObject s where s._3 &gt; &apos;20&apos;</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><CSV><FileHeaderInfo>IGNORE</FileHeaderInfo><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter><Comments>#</Comments><AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter></CSV></InputSerialization><OutputSerialization><CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter></CSV></OutputSerialization><RequestProgress><Enabled>FALSE</Enabled></RequestProgress></SelectRequest>";
    let f = run(&mut c, "/people.csv", node);
    assert_eq!(kinds(&f), ["Records", "Stats", "End"]);
    assert_eq!(records(&f), "1,alice\n2,bob\n3,carol\n");
    assert_eq!(stat(&f, "Stats", "BytesScanned"), PEOPLE.len() as u64);
    assert_eq!(stat(&f, "Stats", "BytesProcessed"), PEOPLE.len() as u64);
    assert_eq!(stat(&f, "Stats", "BytesReturned"), 22);
    assert_eq!(f[0].headers[":content-type"], "application/octet-stream");
    assert_eq!(f[1].headers[":content-type"], "text/xml");

    let q = |c: &mut Client, sql: &str, header: &str, out: &str| {
        records(&run(
            c,
            "/people.csv",
            &request(sql, &csv_in(header), out, false),
        ))
    };
    // Column names with USE, CAST, LIMIT, aliases, JSON output.
    assert_eq!(
        q(
            &mut c,
            "SELECT name, age FROM COSObject WHERE CAST(age AS INT) >= 25 LIMIT 2",
            "USE",
            CSV_OUT
        ),
        "alice,30\nbob,25\n"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT s.name AS who, CAST(s.age AS INT) + 1 FROM COSObject s WHERE s.id = '3' OR s.id = 4",
            "USE",
            JSON_OUT
        ),
        "{\"who\":\"carol\",\"_2\":42}\n{\"who\":\"dan\",\"_2\":20}\n"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT * FROM COSObject s WHERE NOT (s._3 < 30) AND s._1 <> 'id'",
            "NONE",
            CSV_OUT
        ),
        "1,alice,30\n3,carol,41\n"
    );
    assert_eq!(
        q(
            &mut c,
            "select * from cosobject where age > 40",
            "USE",
            JSON_OUT
        ),
        "{\"id\":\"3\",\"name\":\"carol\",\"age\":\"41\"}\n"
    );
    assert_eq!(
        q(&mut c, "SELECT * FROM COSObject LIMIT 0", "USE", CSV_OUT),
        ""
    );
    // Aggregates: one row.
    assert_eq!(
        q(
            &mut c,
            "SELECT COUNT(*), SUM(CAST(age AS INT)), AVG(CAST(age AS FLOAT)), MIN(age), MAX(s.age) FROM COSObject s",
            "USE",
            CSV_OUT
        ),
        "4,115,28.75,19,41\n"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT COUNT(*) AS n FROM COSObject WHERE name LIKE '%a%'",
            "USE",
            JSON_OUT
        ),
        "{\"n\":3}\n"
    );
    assert_eq!(
        q(
            &mut c,
            "SELECT MAX(CAST(age AS INT)) FROM COSObject WHERE age > 100",
            "USE",
            JSON_OUT
        ),
        "{\"_1\":null}\n"
    );
    // Quoting in and out, another delimiter.
    let data = "a|\"b|c\"|\"say \"\"hi\"\"\"\n# a comment\nx|y|z\n";
    assert_eq!(
        c.call("PUT", "/q.csv", &[], &[], data.as_bytes()).status,
        200
    );
    let body = request(
        "SELECT * FROM COSObject",
        "<CSV><FieldDelimiter>|</FieldDelimiter></CSV>",
        "<CSV><QuoteFields>ALWAYS</QuoteFields><FieldDelimiter>\\t</FieldDelimiter></CSV>",
        false,
    );
    assert_eq!(
        records(&run(&mut c, "/q.csv", &body)),
        "\"a\"\t\"b|c\"\t\"say \"\"hi\"\"\"\n\"x\"\t\"y\"\t\"z\"\n"
    );
    emu.stop();
}

#[test]
fn json_queries() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let lines = "{\"name\":\"alice\",\"age\":30,\"info\":{\"city\":\"gz\",\"tags\":[\"a\",\"b\"]}}\n\n{\"name\":\"bob\",\"age\":25,\"info\":{\"city\":\"sz\"}}\n";
    assert_eq!(
        c.call("PUT", "/p.json", &[], &[], lines.as_bytes()).status,
        200
    );
    let lines_in = "<JSON><Type>LINES</Type></JSON>";
    let q = |c: &mut Client, key: &str, sql: &str, input: &str, out: &str| {
        records(&run(c, key, &request(sql, input, out, false)))
    };
    assert_eq!(
        q(
            &mut c,
            "/p.json",
            "SELECT * FROM COSObject",
            lines_in,
            JSON_OUT
        ),
        "{\"name\":\"alice\",\"age\":30,\"info\":{\"city\":\"gz\",\"tags\":[\"a\",\"b\"]}}\n{\"name\":\"bob\",\"age\":25,\"info\":{\"city\":\"sz\"}}\n"
    );
    assert_eq!(
        q(
            &mut c,
            "/p.json",
            "SELECT s.name, s.info.city, s.info.tags[1] AS t FROM COSObject s WHERE s.age > 20",
            lines_in,
            JSON_OUT
        ),
        "{\"name\":\"alice\",\"city\":\"gz\",\"t\":\"b\"}\n{\"name\":\"bob\",\"city\":\"sz\"}\n"
    );
    assert_eq!(
        q(
            &mut c,
            "/p.json",
            "SELECT s.name, s.info FROM COSObject s WHERE s.info.tags IS MISSING",
            lines_in,
            CSV_OUT
        ),
        "bob,\"{\"\"city\"\":\"\"sz\"\"}\"\n"
    );
    assert_eq!(
        q(
            &mut c,
            "/p.json",
            "SELECT SUM(s.age), COUNT(s.info.tags) FROM COSObject s",
            lines_in,
            CSV_OUT
        ),
        "55,1\n"
    );
    // DOCUMENT: values spread over lines, and FROM COSObject[*].path.
    let doc = "{\n  \"items\": [\n    {\"id\": 1, \"ok\": true},\n    {\"id\": 2, \"ok\": false}\n  ]\n}\n{\"items\": [{\"id\": 3, \"ok\": true}]}";
    assert_eq!(
        c.call("PUT", "/d.json", &[], &[], doc.as_bytes()).status,
        200
    );
    let doc_in = "<JSON><Type>DOCUMENT</Type></JSON>";
    assert_eq!(
        q(
            &mut c,
            "/d.json",
            "SELECT s.id FROM COSObject[*].items[*] s WHERE s.ok = TRUE",
            doc_in,
            CSV_OUT
        ),
        "1\n3\n"
    );
    assert_eq!(
        q(
            &mut c,
            "/d.json",
            "SELECT COUNT(*) FROM COSObject",
            doc_in,
            CSV_OUT
        ),
        "2\n"
    );
    // The Node SDK's stream demo (request-vectors-more.json #56), progress on.
    let node = "<SelectRequest><Expression>Select * from COSObject</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><JSON><Type>DOCUMENT</Type></JSON></InputSerialization><OutputSerialization><JSON><RecordDelimiter>\n</RecordDelimiter></JSON></OutputSerialization><RequestProgress><Enabled>TRUE</Enabled></RequestProgress></SelectRequest>";
    let f = run(&mut c, "/d.json", node);
    assert_eq!(
        kinds(&f),
        ["Progress", "Records", "Progress", "Stats", "End"]
    );
    assert_eq!(
        records(&f),
        "{\"items\":[{\"id\":1,\"ok\":true},{\"id\":2,\"ok\":false}]}\n{\"items\":[{\"id\":3,\"ok\":true}]}\n"
    );
    assert_eq!(stat(&f, "Progress", "BytesScanned"), doc.len() as u64);
    assert_eq!(
        stat(&f, "Progress", "BytesReturned"),
        stat(&f, "Stats", "BytesReturned")
    );
    emu.stop();
}

#[test]
fn large_inputs_stream_in_several_frames() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let mut data = String::from("n,word\n");
    for i in 0..20_000 {
        data.push_str(&format!("{i},word{}\n", i % 7));
    }
    assert_eq!(
        c.call("PUT", "/big.csv", &[], &[], data.as_bytes()).status,
        200
    );
    let body = request(
        "SELECT s.n FROM COSObject s WHERE s.word = 'word3'",
        &csv_in("USE"),
        CSV_OUT,
        true,
    );
    let f = run(&mut c, "/big.csv", &body);
    let k = kinds(&f);
    assert!(k.iter().filter(|k| *k == "Records").count() >= 1);
    let expected: String = (0..20_000)
        .filter(|i| i % 7 == 3)
        .map(|i| format!("{i}\n"))
        .collect();
    assert_eq!(records(&f), expected);
    // Everything out, in many frames: a Progress before each Records.
    let all = request("SELECT * FROM COSObject", &csv_in("NONE"), CSV_OUT, true);
    let f = run(&mut c, "/big.csv", &all);
    let k = kinds(&f);
    let n = k.iter().filter(|k| *k == "Records").count();
    assert!(n >= 3, "{k:?}");
    for (i, kind) in k.iter().enumerate() {
        if kind == "Records" {
            assert_eq!(k[i - 1], "Progress", "{k:?}");
        }
    }
    assert_eq!(&k[k.len() - 3..], ["Progress", "Stats", "End"]);
    assert_eq!(records(&f), data);
    assert_eq!(stat(&f, "Stats", "BytesReturned"), data.len() as u64);
    assert_eq!(stat(&f, "Stats", "BytesScanned"), data.len() as u64);
    // Nothing matches in 2.5 MB: Cont messages keep the stream alive.
    let filler = "x".repeat(99) + "\n";
    let big = filler.repeat(25_000);
    assert_eq!(
        c.call("PUT", "/quiet.csv", &[], &[], big.as_bytes()).status,
        200
    );
    let none = request(
        "SELECT * FROM COSObject WHERE _1 = 'y'",
        &csv_in("NONE"),
        CSV_OUT,
        false,
    );
    let f = run(&mut c, "/quiet.csv", &none);
    let k = kinds(&f);
    assert!(k.iter().filter(|k| *k == "Cont").count() >= 2, "{k:?}");
    assert_eq!(&k[k.len() - 2..], ["Stats", "End"]);
    assert!(!k.contains(&"Records".to_string()));
    emu.stop();
}

#[test]
fn errors_before_and_during_the_stream() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(
        c.call("PUT", "/people.csv", &[], &[], PEOPLE.as_bytes())
            .status,
        200
    );
    let ok_body = request("SELECT * FROM COSObject", &csv_in("USE"), CSV_OUT, false);
    // Before the stream: COS's XML errors.
    for sql in [
        "SELECT",
        "SELEC * FROM COSObject",
        "SELECT * FROM Other",
        "SELECT * FROM COSObject ORDER BY name",
        "SELECT name, COUNT(*) FROM COSObject",
        "SELECT * FROM COSObject WHERE (((",
        "SELECT CAST(age AS TIMESTAMP) FROM COSObject",
    ] {
        let r = select(
            &mut c,
            "/people.csv",
            &request(sql, &csv_in("USE"), CSV_OUT, false),
        );
        assert_error(&r, 400, "InvalidArgument");
        assert!(
            r.xml("Message")
                .unwrap()
                .starts_with("Invalid SQL expression"),
            "{}",
            r.text()
        );
    }
    assert_error(
        &select(&mut c, "/people.csv", "<SelectRequest>"),
        400,
        "MalformedXML",
    );
    assert_error(
        &select(
            &mut c,
            "/people.csv",
            &ok_body.replace("<ExpressionType>SQL</ExpressionType>", ""),
        ),
        400,
        "MalformedXML",
    );
    assert_error(
        &select(
            &mut c,
            "/people.csv",
            &ok_body.replace("<CSV>", "<CompressionType>GZIP</CompressionType><CSV>"),
        ),
        501,
        "NotImplemented",
    );
    assert_error(&select(&mut c, "/nope.csv", &ok_body), 404, "NoSuchKey");
    let r = c.call(
        "POST",
        "/people.csv",
        &[("select", "")],
        &[],
        ok_body.as_bytes(),
    );
    assert_error(&r, 400, "InvalidArgument");
    assert_error(
        &c.call(
            "GET",
            "/people.csv",
            &[("select", ""), ("select-type", "2")],
            &[],
            b"",
        ),
        405,
        "MethodNotAllowed",
    );
    // Content-MD5 is checked when sent (the Node SDK sends it).
    let r = c.call(
        "POST",
        "/people.csv",
        &[("select", ""), ("select-type", "2")],
        &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
        ok_body.as_bytes(),
    );
    assert_error(&r, 400, "BadDigest");
    // Path style is refused, as COS does.
    let mut path_style = Client::with_host(&emu, "127.0.0.1");
    let r = select(&mut path_style, &format!("/{BUCKET}/people.csv"), &ok_body);
    assert_error(&r, 400, "InvalidRequest");

    // During the stream: records so far, then one error message, nothing after.
    let mut bad = b"ok,1\nfine,2\n".to_vec();
    bad.extend_from_slice(b"bad\xff,3\nafter,4\n");
    assert_eq!(c.call("PUT", "/bad.csv", &[], &[], &bad).status, 200);
    let f = run(
        &mut c,
        "/bad.csv",
        &request("SELECT * FROM COSObject", &csv_in("NONE"), CSV_OUT, false),
    );
    assert_eq!(kinds(&f), ["Records", "error:InvalidTextEncoding"]);
    assert_eq!(records(&f), "ok,1\nfine,2\n");
    assert_eq!(
        f[1].headers[":error-message"],
        "UTF-8 encoding is required."
    );
    assert!(f[1].payload.is_empty());
    let f = run(
        &mut c,
        "/people.csv",
        &request(
            "SELECT CAST(name AS INT) FROM COSObject",
            &csv_in("USE"),
            CSV_OUT,
            false,
        ),
    );
    assert_eq!(kinds(&f), ["error:CastFailed"]);
    assert_eq!(
        c.call("PUT", "/bad.json", &[], &[], b"{\"a\":1}\n{\"a\":\n")
            .status,
        200
    );
    let f = run(
        &mut c,
        "/bad.json",
        &request(
            "SELECT * FROM COSObject",
            "<JSON><Type>LINES</Type></JSON>",
            JSON_OUT,
            false,
        ),
    );
    assert_eq!(kinds(&f), ["Records", "error:JSONParsingError"]);
    // The connection is still good for the next request.
    assert_eq!(c.call("HEAD", "/people.csv", &[], &[], b"").status, 200);
    emu.stop();
}

#[test]
fn select_follows_sse_c_and_access_rules() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let md5 = "hRasmdxgYDKV3nvbahU1MA==";
    let ssec = [
        ("x-cos-server-side-encryption-customer-algorithm", "AES256"),
        ("x-cos-server-side-encryption-customer-key", key),
        ("x-cos-server-side-encryption-customer-key-MD5", md5),
    ];
    assert_eq!(
        c.call("PUT", "/s.csv", &[], &ssec, PEOPLE.as_bytes())
            .status,
        200
    );
    let body = request(
        "SELECT COUNT(*) FROM COSObject",
        &csv_in("USE"),
        CSV_OUT,
        false,
    );
    assert_error(
        &select(&mut c, "/s.csv", &body),
        400,
        "SsecDecryptHeaderInvalid",
    );
    let r = c.call(
        "POST",
        "/s.csv",
        &[("select", ""), ("select-type", "2")],
        &ssec,
        body.as_bytes(),
    );
    assert_eq!(records(&frames(&r.body)), "4\n");
    // Anonymous callers need read access to the object.
    let anon = format!(
        "POST /s.csv?select=&select-type=2 HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n\r\n{body}",
        c.host,
        body.len()
    );
    c.send_raw(anon.as_bytes());
    assert_error(&c.read_response(false), 403, "AccessDenied");
    emu.stop();
}

#[test]
fn select_reads_versions_and_refuses_archived_objects() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let body = b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
    assert_eq!(
        c.call("PUT", "/", &[("versioning", "")], &[], body).status,
        200
    );
    let r = c.call("PUT", "/v.csv", &[], &[], b"old\n");
    let old = r.header("x-cos-version-id").unwrap().to_string();
    assert_eq!(c.call("PUT", "/v.csv", &[], &[], b"new\n").status, 200);
    let req = request("SELECT * FROM COSObject", &csv_in("NONE"), CSV_OUT, false);
    assert_eq!(records(&run(&mut c, "/v.csv", &req)), "new\n");
    let r = c.call(
        "POST",
        "/v.csv",
        &[("select", ""), ("select-type", "2"), ("versionId", &old)],
        &[],
        req.as_bytes(),
    );
    assert_eq!(records(&frames(&r.body)), "old\n");
    // Archived: like GET, refused until restored.
    let r = c.call(
        "PUT",
        "/cold.csv",
        &[],
        &[("x-cos-storage-class", "ARCHIVE")],
        b"a\n",
    );
    assert_eq!(r.status, 200);
    assert_error(
        &select(&mut c, "/cold.csv", &req),
        403,
        "InvalidObjectState",
    );
    emu.stop();
}
