// Drives the official Node SDK 3.0.0 against cos-emulator.
const os = require('os');
const path = require('path');
const tmp = (name) => path.join(os.tmpdir(), 'cos-compat-' + process.pid + '-' + name);
const COS = require('cos-nodejs-sdk-v5');
const assert = require('assert');
const port = process.env.EMU_PORT, id = process.env.EMU_ID, key = process.env.EMU_KEY, appid = process.env.EMU_APPID || '1250000000';
const cos = new COS({ SecretId: id, SecretKey: key, Protocol: 'http:', Ip: '127.0.0.1:' + port, ServiceDomain: 'http://127.0.0.1:' + port });
const Bucket = 'nodecompat-' + appid, Region = 'ap-guangzhou';
const p = (fn, params) => new Promise((res, rej) => cos[fn](params, (err, data) => err ? rej(Object.assign(new Error(fn + ': ' + JSON.stringify(err)), {cos: err})) : res(data)));

// An unsigned request straight to the emulator, with this Host (the website
// endpoint, anonymous downloads): resolves to { status, headers, body }.
const raw = (host, path, headers = {}) => new Promise((res, rej) => {
  require('http').get({ host: '127.0.0.1', port, path, headers: Object.assign({ Host: host }, headers) }, (r) => {
    const chunks = []; r.on('data', c => chunks.push(c)); r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks).toString() }));
  }).on('error', rej);
});
const fails = async (fn, params, code) => {
  try { await p(fn, params); } catch (e) { assert.strictEqual(e.cos.code, code, fn + ': ' + JSON.stringify(e.cos)); return e.cos; }
  assert.fail(fn + ': expected ' + code);
};

async function bucketConfigs() {
  const res = 'qcs::cos:' + Region + ':uid/' + appid + ':' + Bucket;
  await p('putBucketAcl', { Bucket, Region, ACL: 'private' }); // earlier steps made it public-read
  // Policy: a public prefix really opens anonymous GETs; a deny wins.
  let d = await p('getBucketPolicy', { Bucket, Region }).catch(e => e.cos);
  assert.strictEqual(d.error.Code, 'NoSuchPolicy');
  await p('putObject', { Bucket, Region, Key: 'public/a.txt', Body: 'public' });
  await p('putObject', { Bucket, Region, Key: 'public/secret.txt', Body: 'secret' });
  const vhost = Bucket + '.cos.' + Region + '.myqcloud.com';
  assert.strictEqual((await raw(vhost, '/public/a.txt')).status, 403);
  await p('putBucketPolicy', { Bucket, Region, Policy: { version: '2.0', Statement: [
    { Principal: { qcs: ['qcs::cam::anyone:anyone'] }, Effect: 'allow', Action: ['name/cos:GetObject'], Resource: [res + '/public/*'] },
    { Principal: { qcs: ['qcs::cam::anyone:anyone'] }, Effect: 'deny', Action: ['name/cos:GetObject'], Resource: [res + '/public/secret*'] }] } });
  d = await p('getBucketPolicy', { Bucket, Region });
  assert.strictEqual(d.Policy.Statement.length, 2);
  assert.strictEqual(d.Policy.Statement[0].Effect, 'allow');
  assert.strictEqual(d.Policy.version, '2.0');
  let r = await raw(vhost, '/public/a.txt');
  assert.strictEqual(r.status, 200); assert.strictEqual(r.body, 'public');
  assert.strictEqual((await raw(vhost, '/public/secret.txt')).status, 403);
  await fails('putBucketPolicy', { Bucket, Region, Policy: { Statement: [{ Principal: { qcs: ['qcs::cam::anyone:anyone'] }, Effect: 'allow', Action: ['name/cos:GetObject'], Resource: ['qcs::cos:' + Region + ':uid/' + appid + ':other-' + appid + '/*'] }] } }, 'MalformedPolicy');
  // Another CAM user (compat/run.sh starts the emulator with --user): only what a policy names it for.
  if (process.env.EMU_OTHER_ID) {
    const other = new COS({ SecretId: process.env.EMU_OTHER_ID, SecretKey: process.env.EMU_OTHER_KEY, Protocol: 'http:', Ip: '127.0.0.1:' + port });
    const po = (fn, params) => new Promise(res => other[fn](params, (err, data) => res(err || data)));
    assert.strictEqual((await po('getObject', { Bucket, Region, Key: 'public/a.txt' })).statusCode, 200, 'anyone may read public/');
    assert.strictEqual((await po('putObject', { Bucket, Region, Key: 'public/x.txt', Body: 'x' })).code, 'AccessDenied');
    await p('putBucketPolicy', { Bucket, Region, Policy: { Statement: [
      { Principal: { qcs: [process.env.EMU_OTHER] }, Effect: 'allow', Action: ['name/cos:PutObject', 'name/cos:GetObject'], Resource: [res + '/shared/*'] }] } });
    assert.strictEqual((await po('putObject', { Bucket, Region, Key: 'shared/x.txt', Body: 'x' })).statusCode, 200);
    assert.strictEqual((await po('getObject', { Bucket, Region, Key: 'shared/x.txt' })).Body.toString(), 'x');
    assert.strictEqual((await po('getObject', { Bucket, Region, Key: 'public/a.txt' })).code, 'AccessDenied');
    assert.strictEqual((await po('deleteObject', { Bucket, Region, Key: 'shared/x.txt' })).code, 'AccessDenied');
    await p('deleteObject', { Bucket, Region, Key: 'shared/x.txt' });
  }
  d = await p('deleteBucketPolicy', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  assert.strictEqual((await raw(vhost, '/public/a.txt')).status, 403);
  // Lifecycle.
  d = await p('getBucketLifecycle', { Bucket, Region });
  assert.deepStrictEqual(d.Rules, []);
  await p('putBucketLifecycle', { Bucket, Region, Rules: [
    { ID: 'archive-logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Transition: { Days: 30, StorageClass: 'STANDARD_IA' } },
    { ID: 'expire-tmp', Status: 'Enabled', Filter: {}, Expiration: { Days: '7' } }] });
  d = await p('getBucketLifecycle', { Bucket, Region });
  assert.strictEqual(d.Rules.length, 2);
  assert.deepStrictEqual(d.Rules[0], { ID: 'archive-logs', Filter: { Prefix: 'logs/' }, Status: 'Enabled', Transition: { Days: '30', StorageClass: 'STANDARD_IA' } });
  await fails('putBucketLifecycle', { Bucket, Region, Rules: [{ ID: 'x', Filter: {}, Expiration: { Days: 1 } }] }, 'MalformedXML');
  d = await p('deleteBucketLifecycle', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  // Versioning, then replication (which needs it).
  d = await p('getBucketVersioning', { Bucket, Region });
  assert.deepStrictEqual(d.VersioningConfiguration, {});
  const replication = { Role: 'qcs::cam::uin/100000000001:uin/100000000001', Rules: [
    { ID: '1', Status: 'Enabled', Prefix: 'sync/', Destination: { Bucket: 'qcs::cos:ap-chengdu::backup-' + appid, StorageClass: 'Standard' } }] };
  await fails('putBucketReplication', { Bucket, Region, ReplicationConfiguration: replication }, 'InvalidBucketState');
  await p('putBucketVersioning', { Bucket, Region, VersioningConfiguration: { Status: 'Enabled' } });
  d = await p('getBucketVersioning', { Bucket, Region });
  assert.strictEqual(d.VersioningConfiguration.Status, 'Enabled');
  await p('putBucketReplication', { Bucket, Region, ReplicationConfiguration: replication });
  d = await p('getBucketReplication', { Bucket, Region });
  assert.strictEqual(d.ReplicationConfiguration.Rules[0].Destination.Bucket, 'qcs::cos:ap-chengdu::backup-' + appid);
  await p('deleteBucketReplication', { Bucket, Region });
  d = await p('getBucketReplication', { Bucket, Region });
  assert.deepStrictEqual(d.ReplicationConfiguration.Rules, []);
  await p('putBucketVersioning', { Bucket, Region, VersioningConfiguration: { Status: 'Suspended' } });
  // Website: served on the website endpoint.
  await p('putObject', { Bucket, Region, Key: 'index.html', Body: '<h1>home</h1>', ContentType: 'text/html', ACL: 'public-read' });
  await p('putObject', { Bucket, Region, Key: 'error.html', Body: 'oops', ContentType: 'text/html', ACL: 'public-read' });
  await p('putBucketWebsite', { Bucket, Region, WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' },
    RoutingRules: [{ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { Protocol: 'https', ReplaceKeyPrefixWith: 'documents/' } }] } });
  d = await p('getBucketWebsite', { Bucket, Region });
  assert.strictEqual(d.WebsiteConfiguration.IndexDocument.Suffix, 'index.html');
  assert.strictEqual(d.WebsiteConfiguration.RoutingRules.length, 1);
  const site = Bucket + '.cos-website.' + Region + '.myqcloud.com';
  r = await raw(site, '/');
  assert.strictEqual(r.status, 200); assert.strictEqual(r.body, '<h1>home</h1>');
  r = await raw(site, '/missing');
  assert.strictEqual(r.status, 404); assert.strictEqual(r.body, 'oops');
  r = await raw(site, '/docs/x.html');
  assert.strictEqual(r.status, 301); assert.strictEqual(r.headers.location, 'https://' + site + '/documents/x.html');
  await p('deleteBucketWebsite', { Bucket, Region });
  d = await p('getBucketWebsite', { Bucket, Region });
  assert.deepStrictEqual(d.WebsiteConfiguration, {});
  // Referer: hotlink protection on anonymous downloads.
  await p('putBucketReferer', { Bucket, Region, RefererConfiguration: { Status: 'Enabled', RefererType: 'White-List', DomainList: { Domains: ['*.qq.com'] }, EmptyReferConfiguration: 'Deny' } });
  d = await p('getBucketReferer', { Bucket, Region });
  assert.deepStrictEqual(d.RefererConfiguration.DomainList.Domains, ['*.qq.com']);
  assert.strictEqual((await raw(vhost, '/index.html')).status, 403);
  assert.strictEqual((await raw(vhost, '/index.html', { Referer: 'https://www.qq.com/' })).status, 200);
  await p('putBucketReferer', { Bucket, Region, RefererConfiguration: { Status: 'Disabled', RefererType: 'White-List', DomainList: { Domains: ['*.qq.com'] } } });
  assert.strictEqual((await raw(vhost, '/index.html')).status, 200);
  // Domain, origin, logging, accelerate: stored and answered.
  await p('putBucketDomain', { Bucket, Region, DomainRule: [{ Status: 'ENABLED', Name: 'www.example.com', Type: 'REST' }] });
  d = await p('getBucketDomain', { Bucket, Region });
  assert.strictEqual(d.DomainRule[0].Name, 'www.example.com');
  await p('deleteBucketDomain', { Bucket, Region });
  await fails('getBucketDomain', { Bucket, Region }, 'NoSuchDomainConfiguration');
  await p('putBucketOrigin', { Bucket, Region, OriginRule: [{ OriginType: 'Mirror', OriginCondition: { HTTPStatusCode: 404, Prefix: '' },
    OriginParameter: { Protocol: 'HTTP', FollowQueryString: 'true', FollowRedirection: 'true', HttpRedirectCode: ['301', '302'] },
    OriginInfo: { HostInfo: { HostName: 'qq.com' } }, RulePriority: 1 }] });
  d = await p('getBucketOrigin', { Bucket, Region });
  assert.strictEqual(d.OriginRule[0].RulePriority, '1');
  assert.deepStrictEqual(d.OriginRule[0].OriginParameter.HttpRedirectCode, ['301', '302']);
  await p('deleteBucketOrigin', { Bucket, Region });
  await fails('getBucketOrigin', { Bucket, Region }, 'NoSuchOriginConfiguration');
  await p('putBucketLogging', { Bucket, Region, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: Bucket, TargetPrefix: 'logs/' } } });
  d = await p('getBucketLogging', { Bucket, Region });
  assert.strictEqual(d.BucketLoggingStatus.LoggingEnabled.TargetPrefix, 'logs/');
  await fails('putBucketLogging', { Bucket, Region, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'missing-' + appid, TargetPrefix: 'l/' } } }, 'InvalidTargetBucketForLogging');
  await p('putBucketLogging', { Bucket, Region, BucketLoggingStatus: {} });
  d = await p('getBucketLogging', { Bucket, Region });
  assert.ok(!d.BucketLoggingStatus.LoggingEnabled);
  await p('putBucketAccelerate', { Bucket, Region, AccelerateConfiguration: { Status: 'Enabled' } });
  d = await p('getBucketAccelerate', { Bucket, Region });
  assert.deepStrictEqual(d.AccelerateConfiguration, { Status: 'Enabled', Type: 'COS' });
  await p('putBucketAccelerate', { Bucket, Region, AccelerateConfiguration: { Status: 'Suspended' } });
  // Inventory, by id.
  const inventory = { Id: 'inv1', IsEnabled: 'true', Destination: { COSBucketDestination: { Format: 'CSV', AccountId: '100000000001',
    Bucket: 'qcs::cos:' + Region + '::' + Bucket, Prefix: 'inventory', Encryption: { SSECOS: '' } } }, Schedule: { Frequency: 'Daily' },
    Filter: { Prefix: 'myPrefix' }, IncludedObjectVersions: 'All', OptionalFields: ['Size', 'ETag'] };
  await p('putBucketInventory', { Bucket, Region, Id: 'inv1', InventoryConfiguration: inventory });
  d = await p('getBucketInventory', { Bucket, Region, Id: 'inv1' });
  assert.strictEqual(d.InventoryConfiguration.IsEnabled, 'True');
  assert.deepStrictEqual(d.InventoryConfiguration.OptionalFields, ['Size', 'ETag']);
  d = await p('listBucketInventory', { Bucket, Region });
  assert.strictEqual(d.InventoryConfigurations.length, 1);
  assert.strictEqual(d.IsTruncated, 'false');
  await p('deleteBucketInventory', { Bucket, Region, Id: 'inv1' });
  await fails('getBucketInventory', { Bucket, Region, Id: 'inv1' }, 'NoSuchInventoryConfiguration');
  // Default encryption: objects written while it is set report AES256.
  await p('putBucketEncryption', { Bucket, Region, ServerSideEncryptionConfiguration: { Rule: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
  d = await p('getBucketEncryption', { Bucket, Region });
  assert.strictEqual(d.statusCode, 200);
  d = await p('putObject', { Bucket, Region, Key: 'enc.txt', Body: 'enc' });
  assert.strictEqual(d.headers['x-cos-server-side-encryption'], 'AES256');
  d = await p('headObject', { Bucket, Region, Key: 'enc.txt' });
  assert.strictEqual(d.headers['x-cos-server-side-encryption'], 'AES256');
  await p('deleteBucketEncryption', { Bucket, Region });
  d = await p('getBucketEncryption', { Bucket, Region });
  assert.strictEqual(d.statusCode, 404);
  // getService filters, and the one-region host (no ServiceDomain: cos.<Region>.myqcloud.com).
  await p('putBucketTagging', { Bucket, Region, Tags: [{ Key: 'team', Value: 'node' }] });
  d = await p('getService', { TagKey: 'team', TagValue: 'node' });
  assert.deepStrictEqual(d.Buckets.map(b => b.Name), [Bucket]);
  d = await p('getService', { TagKey: 'team', TagValue: 'nobody' });
  assert.deepStrictEqual(d.Buckets, []);
  d = await p('getService', { CreateTime: Math.floor(Date.now() / 1000) + 3600, CreateRange: 'lt', MaxKeys: 1000 });
  assert(d.Buckets.some(b => b.Name === Bucket));
  const regional = new COS({ SecretId: id, SecretKey: key, Protocol: 'http:', Ip: '127.0.0.1:' + port });
  d = await new Promise((res, rej) => regional.getService({ Region, MaxKeys: 10 }, (e, v) => e ? rej(new Error(JSON.stringify(e))) : res(v)));
  assert(d.Buckets.every(b => b.Location === Region) && d.Buckets.some(b => b.Name === Bucket));
  d = await new Promise((res, rej) => regional.getService({ Region: 'ap-beijing' }, (e, v) => e ? rej(new Error(JSON.stringify(e))) : res(v)));
  assert(!d.Buckets.some(b => b.Name === Bucket));
  await p('deleteBucketTagging', { Bucket, Region });
  await p('deleteMultipleObject', { Bucket, Region, Objects: ['public/a.txt', 'public/secret.txt', 'index.html', 'error.html', 'enc.txt'].map(Key => ({ Key })) });
}

// selectObjectContentStream (Node 3.0.0's non-stream variant is broken, see
// spec/node-sdk-more.md): resolves with the callback's data and the streamed
// records once both are in; rejects with the callback's error.
const selectStream = (params) => new Promise((resolve, reject) => {
  const chunks = []; let data = null, ended = false;
  const done = () => { if (data && ended) resolve({ data, body: Buffer.concat(chunks).toString() }); };
  const s = cos.selectObjectContentStream(params, (err, d) => { if (err) return reject(err); data = d; done(); });
  s.on('data', c => chunks.push(c));
  s.on('end', () => { ended = true; done(); });
  s.on('error', () => {}); // the callback reports it
});

// Issue 15 on the emulator side: SELECT, encryption, speed limits, inferred types.
async function issue15() {
  const csv = 'id,name,age\n1,alice,30\n2,bob,25\n3,carol,41\n';
  await p('putObject', { Bucket, Region, Key: 'data/people.csv', Body: csv });
  const csvRequest = (Expression, extra = {}) => Object.assign({ Bucket, Region, Key: 'data/people.csv', SelectType: 2, SelectRequest: {
    Expression, ExpressionType: 'SQL',
    InputSerialization: { CSV: { FileHeaderInfo: 'IGNORE', RecordDelimiter: '\\n', FieldDelimiter: ',', QuoteCharacter: '"', QuoteEscapeCharacter: '"', Comments: '#', AllowQuotedRecordDelimiter: 'FALSE' } },
    OutputSerialization: { CSV: { QuoteFields: 'ASNEEDED', RecordDelimiter: '\\n', FieldDelimiter: ',', QuoteCharacter: '"', QuoteEscapeCharacter: '"' } },
    RequestProgress: { Enabled: 'FALSE' } } }, extra);
  // The Node demo's query (request-vectors-more.json #55), through the stream variant.
  let r = await selectStream(csvRequest("Select s._1, s._2 from COSObject s where s._3 > '20'"));
  assert.strictEqual(r.body, '1,alice\n2,bob\n3,carol\n');
  assert.strictEqual(r.data.statusCode, 200);
  assert.deepStrictEqual(r.data.Stats, { BytesScanned: String(csv.length), BytesProcessed: String(csv.length), BytesReturned: '22' });
  const progress = [];
  const withProgress = csvRequest('SELECT COUNT(*) FROM COSObject', { onProgress: x => progress.push(x) });
  withProgress.SelectRequest.RequestProgress.Enabled = 'TRUE';
  r = await selectStream(withProgress);
  assert.strictEqual(r.body, '3\n');
  assert(progress.length >= 1 && progress[progress.length - 1].BytesScanned === String(csv.length), JSON.stringify(progress));
  // JSON DOCUMENT in, JSON out (#56).
  await p('putObject', { Bucket, Region, Key: 'data/doc.json', Body: '{"a":1,"b":{"c":"x"}}\n{"a":2}' });
  r = await selectStream({ Bucket, Region, Key: 'data/doc.json', SelectType: 2, SelectRequest: {
    Expression: 'Select s.a, s.b.c from COSObject s where s.a >= 1', ExpressionType: 'SQL',
    InputSerialization: { JSON: { Type: 'DOCUMENT' } }, OutputSerialization: { JSON: { RecordDelimiter: '\n' } } } });
  assert.strictEqual(r.body, '{"a":1,"c":"x"}\n{"a":2}\n');
  // Bad SQL: COS's 400; a failure mid-stream: the error message's headers (Node's raw map).
  let e = await selectStream(csvRequest('Selec * from COSObject')).catch(err => err);
  assert.strictEqual(e.code, 'InvalidArgument', JSON.stringify(e));
  e = await selectStream(csvRequest('Select CAST(s._2 AS INT) from COSObject s')).catch(err => err);
  assert.strictEqual(e[':error-code'], 'CastFailed', JSON.stringify(e));
  // SSE-COS, SSE-KMS and SSE-C as Node names them.
  let d = await p('putObject', { Bucket, Region, Key: 'enc/cos.txt', Body: 'enc', ServerSideEncryption: 'AES256' });
  assert.strictEqual(d.headers['x-cos-server-side-encryption'], 'AES256');
  d = await p('headObject', { Bucket, Region, Key: 'enc/cos.txt' });
  assert.strictEqual(d.headers['x-cos-server-side-encryption'], 'AES256');
  d = await p('putObject', { Bucket, Region, Key: 'enc/kms.txt', Body: 'enc', ServerSideEncryption: 'cos/kms', SSEKMSKeyId: 'kms-key-0001', SSEContext: 'eyJhIjoiYiJ9' });
  d = await p('headObject', { Bucket, Region, Key: 'enc/kms.txt' });
  assert.strictEqual(d.headers['x-cos-server-side-encryption-cos-kms-key-id'], 'kms-key-0001');
  const ssec = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', SSECustomerKeyMD5: 'hRasmdxgYDKV3nvbahU1MA==' };
  d = await p('putObject', Object.assign({ Bucket, Region, Key: 'enc/c.txt', Body: 'customer' }, ssec));
  assert.strictEqual(d.headers['x-cos-server-side-encryption-customer-key-md5'], ssec.SSECustomerKeyMD5);
  e = await fails('getObject', { Bucket, Region, Key: 'enc/c.txt' }, 'SsecDecryptHeaderInvalid');
  assert.strictEqual(e.statusCode, 400);
  d = await p('getObject', Object.assign({ Bucket, Region, Key: 'enc/c.txt' }, ssec));
  assert.strictEqual(d.Body.toString(), 'customer');
  // TrafficLimit: checked, and 100 KiB at 100 KiB/s take about a second.
  await fails('getObject', { Bucket, Region, Key: 'enc/cos.txt', TrafficLimit: 1 }, 'InvalidArgument');
  const slow = Buffer.alloc(100 * 1024, 7);
  let t = Date.now();
  await p('putObject', { Bucket, Region, Key: 'slow.bin', Body: slow, TrafficLimit: 819200 });
  assert(Date.now() - t >= 850, 'upload paced: ' + (Date.now() - t) + ' ms');
  t = Date.now();
  d = await p('getObject', { Bucket, Region, Key: 'slow.bin', TrafficLimit: 819200 });
  assert(Date.now() - t >= 850, 'download paced: ' + (Date.now() - t) + ' ms');
  assert(d.Body.equals(slow));
  // No ContentType: COS infers it from the extension.
  await p('putObject', { Bucket, Region, Key: 'ct/1.zip', Body: 'zip' });
  d = await p('headObject', { Bucket, Region, Key: 'ct/1.zip' });
  assert.strictEqual(d.headers['content-type'], 'application/zip');
  await p('deleteMultipleObject', { Bucket, Region, Objects: ['data/people.csv', 'data/doc.json', 'enc/cos.txt', 'enc/kms.txt', 'enc/c.txt', 'slow.bin', 'ct/1.zip'].map(Key => ({ Key })) });
}

// Removes every version and delete marker of bucket B (what COS requires
// before DELETE Bucket once versioning was ever enabled).
async function emptyBucket(B) {
  for (let round = 0; round < 20; round++) {
    const d = await p('listObjectVersions', { Bucket: B, Region });
    const all = d.Versions.concat(d.DeleteMarkers);
    if (!all.length) return;
    await p('deleteMultipleObject', { Bucket: B, Region, Objects: all.map(v => ({ Key: v.Key, VersionId: v.VersionId })) });
  }
  assert.fail('emptyBucket did not finish');
}

// Issue 15 on the (unversioned) main bucket: object tagging, append, archive restore.
async function objectFeatures() {
  // Object tagging, and x-cos-tagging on a write.
  let d = await p('putObject', { Bucket, Region, Key: 'tags.txt', Body: 't', Headers: { 'x-cos-tagging': 'a=1&b=2' } });
  d = await p('headObject', { Bucket, Region, Key: 'tags.txt' });
  assert.strictEqual(d.headers['x-cos-tagging-count'], '2');
  d = await p('getObjectTagging', { Bucket, Region, Key: 'tags.txt' });
  assert.deepStrictEqual(d.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
  await p('putObjectTagging', { Bucket, Region, Key: 'tags.txt', Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v 2' }] });
  d = await p('getObjectTagging', { Bucket, Region, Key: 'tags.txt' });
  assert.deepStrictEqual(d.Tags, [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v 2' }]);
  d = await p('deleteObjectTagging', { Bucket, Region, Key: 'tags.txt' });
  assert.strictEqual(d.statusCode, 204);
  d = await p('getObjectTagging', { Bucket, Region, Key: 'tags.txt' });
  assert.deepStrictEqual(d.Tags, []);
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: 'k' + i, Value: 'v' }));
  await fails('putObjectTagging', { Bucket, Region, Key: 'tags.txt', Tags: eleven }, 'InvalidTag');
  await fails('getObjectTagging', { Bucket, Region, Key: 'no-such-key' }, 'NoSuchKey');
  // Append: Node's demo, then COS's errors (AppendPositionErr, not OSS's PositionNotEqualToLength).
  d = await p('appendObject', { Bucket, Region, Key: 'append.log', Body: '12345', Position: 0 });
  assert.strictEqual(d.headers['x-cos-next-append-position'], '5');
  d = await p('appendObject', { Bucket, Region, Key: 'append.log', Body: Buffer.from('67890'), Position: 5, ContentType: 'text/plain' });
  assert.strictEqual(d.headers['x-cos-next-append-position'], '10');
  assert.strictEqual(d.headers.etag, '"' + require('crypto').createHash('md5').update('1234567890').digest('hex') + '"');
  d = await p('getObject', { Bucket, Region, Key: 'append.log' });
  assert.strictEqual(d.Body.toString(), '1234567890');
  assert.strictEqual(d.headers['x-cos-object-type'], 'appendable');
  let e = await fails('appendObject', { Bucket, Region, Key: 'append.log', Body: 'x', Position: 3 }, 'AppendPositionErr');
  assert.strictEqual(e.statusCode, 409);
  assert.strictEqual(e.headers['x-cos-next-append-position'], '10');
  e = await fails('appendObject', { Bucket, Region, Key: 'tags.txt', Body: 'x', Position: 1 }, 'ObjectNotAppendable');
  assert.strictEqual(e.statusCode, 409);
  // Archive restore: GET refused until the restore is done.
  await p('putObject', { Bucket, Region, Key: 'cold.bin', Body: 'frozen', StorageClass: 'ARCHIVE' });
  await fails('getObject', { Bucket, Region, Key: 'cold.bin' }, 'InvalidObjectState');
  await fails('restoreObject', { Bucket, Region, Key: 'tags.txt', RestoreRequest: { Days: 1, CASJobParameters: { Tier: 'Bulk' } } }, 'RestoreNonArchiveObject');
  d = await p('restoreObject', { Bucket, Region, Key: 'cold.bin', RestoreRequest: { Days: 1, CASJobParameters: { Tier: 'Expedited' } } });
  assert.strictEqual(d.statusCode, 202);
  await fails('restoreObject', { Bucket, Region, Key: 'cold.bin', RestoreRequest: { Days: 1, CASJobParameters: { Tier: 'Bulk' } } }, 'RestoreAlreadyInProgress');
  d = await p('headObject', { Bucket, Region, Key: 'cold.bin' });
  assert.strictEqual(d.headers['x-cos-restore'], 'ongoing-request="true"');
  for (let i = 0; !/^ongoing-request="false", expiry-date=".* GMT"$/.test(d.headers['x-cos-restore']); i++) {
    assert(i < 200, 'restore finishes: ' + d.headers['x-cos-restore']);
    await new Promise(res => setTimeout(res, 50));
    d = await p('headObject', { Bucket, Region, Key: 'cold.bin' });
  }
  d = await p('getObject', { Bucket, Region, Key: 'cold.bin' });
  assert.strictEqual(d.Body.toString(), 'frozen');
  d = await p('restoreObject', { Bucket, Region, Key: 'cold.bin', RestoreRequest: { Days: 2, CASJobParameters: { Tier: 'Standard' } } });
  assert.strictEqual(d.statusCode, 200);
  await p('deleteMultipleObject', { Bucket, Region, Objects: ['tags.txt', 'append.log', 'cold.bin'].map(Key => ({ Key })) });
}

// Issue 15: object versions on a bucket of their own.
async function versions() {
  const B = 'nodeversions-' + appid;
  await p('putBucket', { Bucket: B, Region });
  await p('putBucketVersioning', { Bucket: B, Region, VersioningConfiguration: { Status: 'Enabled' } });
  const v1 = (await p('putObject', { Bucket: B, Region, Key: 'v.txt', Body: 'one' })).VersionId;
  const v2 = (await p('putObject', { Bucket: B, Region, Key: 'v.txt', Body: 'two' })).VersionId;
  assert(v1 && v2 && v1 !== v2, v1 + ' ' + v2);
  let d = await p('getObject', { Bucket: B, Region, Key: 'v.txt', VersionId: v1 });
  assert.strictEqual(d.Body.toString(), 'one');
  d = await p('headObject', { Bucket: B, Region, Key: 'v.txt', VersionId: v1 });
  assert.strictEqual(d.VersionId, v1);
  d = await p('getObjectAcl', { Bucket: B, Region, Key: 'v.txt', VersionId: v1 });
  assert.strictEqual(d.VersionId, v1);
  await p('putObjectTagging', { Bucket: B, Region, Key: 'v.txt', VersionId: v1, Tags: [{ Key: 'old', Value: '1' }] });
  d = await p('getObjectTagging', { Bucket: B, Region, Key: 'v.txt', VersionId: v1 });
  assert.deepStrictEqual(d.Tags, [{ Key: 'old', Value: '1' }]);
  assert.strictEqual(d.VersionId, v1);
  d = await p('getObjectTagging', { Bucket: B, Region, Key: 'v.txt' });
  assert.deepStrictEqual(d.Tags, []);
  d = await p('putObjectCopy', { Bucket: B, Region, Key: 'copy.txt', CopySource: B + '.cos.' + Region + '.myqcloud.com/v.txt?versionId=' + v1 });
  assert.strictEqual(d.headers['x-cos-copy-source-version-id'], v1);
  assert.strictEqual((await p('getObject', { Bucket: B, Region, Key: 'copy.txt' })).Body.toString(), 'one');
  d = await p('deleteObject', { Bucket: B, Region, Key: 'v.txt' });
  assert.strictEqual(d.statusCode, 204);
  assert.strictEqual(d.headers['x-cos-delete-marker'], 'true');
  const marker = d.headers['x-cos-version-id'];
  await fails('getObject', { Bucket: B, Region, Key: 'v.txt' }, 'NoSuchKey');
  d = await p('listObjectVersions', { Bucket: B, Region, Prefix: 'v' });
  assert.deepStrictEqual(d.DeleteMarkers.map(m => [m.Key, m.VersionId, m.IsLatest]), [['v.txt', marker, 'true']]);
  assert.deepStrictEqual(d.Versions.map(v => [v.VersionId, v.IsLatest, v.Size]), [[v2, 'false', '3'], [v1, 'false', '3']]);
  assert.strictEqual(d.Versions[0].Owner.ID, appid);
  // Paging one entry at a time visits the four entries (copy.txt, then v.txt's three) in order.
  const seen = [];
  let KeyMarker = '', VersionIdMarker = '';
  for (let i = 0; i < 10; i++) {
    d = await p('listObjectVersions', { Bucket: B, Region, MaxKeys: 1, KeyMarker, VersionIdMarker });
    d.Versions.concat(d.DeleteMarkers).forEach(v => seen.push(v.Key + '@' + v.VersionId));
    if (d.IsTruncated === 'false') break;
    KeyMarker = d.NextKeyMarker; VersionIdMarker = d.NextVersionIdMarker;
  }
  assert.strictEqual(seen.length, 4);
  assert.deepStrictEqual(seen.slice(1), ['v.txt@' + marker, 'v.txt@' + v2, 'v.txt@' + v1]);
  d = await p('deleteObject', { Bucket: B, Region, Key: 'v.txt', VersionId: marker });
  assert.strictEqual(d.headers['x-cos-delete-marker'], 'true');
  assert.strictEqual((await p('getObject', { Bucket: B, Region, Key: 'v.txt' })).Body.toString(), 'two');
  await p('putBucketVersioning', { Bucket: B, Region, VersioningConfiguration: { Status: 'Suspended' } });
  assert.strictEqual((await p('putObject', { Bucket: B, Region, Key: 'v.txt', Body: 'three' })).VersionId, 'null');
  await fails('deleteBucket', { Bucket: B, Region }, 'BucketNotEmpty');
  await emptyBucket(B);
  await p('deleteBucket', { Bucket: B, Region });
}

(async () => {
  let d = await p('putBucket', { Bucket, Region });
  assert.strictEqual(d.statusCode, 200);
  d = await p('headBucket', { Bucket, Region });
  d = await p('getService', {});
  assert(d.Buckets.some(b => b.Name === Bucket), 'bucket listed');
  const Key = '中文/文件 名+1 (x)!*\'.txt';
  d = await p('putObject', { Bucket, Region, Key, Body: 'hello node', Headers: { 'x-cos-meta-foo': 'Bar' }, ContentType: 'text/plain' });
  assert.strictEqual(d.ETag, '"' + require('crypto').createHash('md5').update('hello node').digest('hex') + '"');
  d = await p('headObject', { Bucket, Region, Key });
  assert.strictEqual(d.headers['x-cos-meta-foo'], 'Bar');
  d = await p('getObject', { Bucket, Region, Key });
  assert.strictEqual(d.Body.toString(), 'hello node');
  d = await p('getObject', { Bucket, Region, Key, Range: 'bytes=0-4', ResponseContentType: 'application/x-y' });
  assert.strictEqual(d.Body.toString(), 'hello');
  assert.strictEqual(d.headers['content-type'], 'application/x-y');
  d = await p('headObject', { Bucket, Region, Key, IfModifiedSince: new Date(Date.now() + 3600e3).toUTCString() });
  assert.strictEqual(d.NotModified, true);
  d = await p('getBucket', { Bucket, Region, Prefix: '中文/', Delimiter: '/' });
  assert.strictEqual(d.Contents.length, 1);
  const fs = require('fs'); const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7); fs.writeFileSync(tmp('big.bin'), big);
  d = await p('putObject', { Bucket, Region, Key: 'big.bin', Body: fs.createReadStream(tmp('big.bin')), ContentLength: big.length });
  d = await p('getObject', { Bucket, Region, Key: 'big.bin', Output: tmp('big.out') });
  assert(fs.readFileSync(tmp('big.out')).equals(big));
  d = await p('putObject', { Bucket, Region, Key: 'chunked.bin', Body: fs.createReadStream(tmp('big.bin')) });
  d = await p('headObject', { Bucket, Region, Key: 'chunked.bin' });
  assert.strictEqual(d.headers['content-length'], String(big.length));
  try { await p('deleteBucket', { Bucket, Region }); assert.fail('expected BucketNotEmpty'); } catch (e) { assert.strictEqual(e.cos.code, 'BucketNotEmpty'); }
  for (const k of [Key, 'big.bin', 'chunked.bin']) { d = await p('deleteObject', { Bucket, Region, Key: k }); assert.strictEqual(d.statusCode, 204); }
  try { await p('getObject', { Bucket, Region, Key }); assert.fail('expected NoSuchKey'); } catch (e) { assert.strictEqual(e.cos.code, 'NoSuchKey'); }
  const bad = new COS({ SecretId: id, SecretKey: 'wrong', Protocol: 'http:', Ip: '127.0.0.1:' + port });
  await new Promise(res => bad.headBucket({ Bucket, Region }, (err) => { assert.strictEqual(err.statusCode, 403); res(); }));
  await new Promise(res => bad.getBucket({ Bucket, Region }, (err) => { assert.strictEqual(err.code, 'SignatureDoesNotMatch'); res(); }));

  // ACL
  d = await p('putBucketAcl', { Bucket, Region, ACL: 'public-read', GrantWrite: 'id="qcs::cam::uin/200:uin/200"' });
  d = await p('getBucketAcl', { Bucket, Region });
  assert.strictEqual(d.ACL, 'public-read');
  assert.strictEqual(d.GrantWrite, 'id="qcs::cam::uin/200:uin/200"');
  assert(Array.isArray(d.Grants) && d.Grants.length >= 2);
  d = await p('putObject', { Bucket, Region, Key: 'acl.txt', Body: 'acl' });
  d = await p('putObjectAcl', { Bucket, Region, Key: 'acl.txt', AccessControlPolicy: { Owner: { ID: 'qcs::cam::uin/100000000001:uin/100000000001' }, Grants: [{ Grantee: { ID: 'qcs::cam::uin/300:uin/300' }, Permission: 'READ' }] } });
  d = await p('getObjectAcl', { Bucket, Region, Key: 'acl.txt' });
  assert.strictEqual(d.GrantRead, 'id="qcs::cam::uin/300:uin/300"');
  // CORS and preflight
  d = await p('getBucketCors', { Bucket, Region });
  assert.deepStrictEqual(d.CORSRules, []);
  d = await p('optionsObject', { Bucket, Region, Key: 'acl.txt', Origin: 'https://qq.com', AccessControlRequestMethod: 'PUT' });
  assert.strictEqual(d.OptionsForbidden, true);
  d = await p('putBucketCors', { Bucket, Region, CORSRules: [{ AllowedOrigins: ['https://qq.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: '5' }] });
  d = await p('getBucketCors', { Bucket, Region });
  assert.deepStrictEqual(d.CORSRules[0].AllowedMethods, ['GET', 'PUT']);
  assert.strictEqual(d.CORSRules[0].MaxAgeSeconds, '5');
  d = await p('optionsObject', { Bucket, Region, Key: 'acl.txt', Origin: 'https://qq.com', AccessControlRequestMethod: 'PUT', AccessControlRequestHeaders: 'x-cos-meta-a' });
  assert.strictEqual(d.AccessControlAllowOrigin, 'https://qq.com');
  assert.strictEqual(d.AccessControlMaxAge, '5');
  d = await p('deleteBucketCors', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  // Location and tagging
  d = await p('getBucketLocation', { Bucket, Region });
  assert.strictEqual(d.LocationConstraint, Region);
  d = await p('getBucketTagging', { Bucket, Region });
  assert.deepStrictEqual(d.Tags, []);
  d = await p('putBucketTagging', { Bucket, Region, Tags: [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }] });
  d = await p('getBucketTagging', { Bucket, Region });
  assert.deepStrictEqual(d.Tags, [{ Key: 'k1', Value: 'v1' }, { Key: 'k2', Value: 'v2' }]);
  d = await p('deleteBucketTagging', { Bucket, Region });
  // Multipart, low level
  d = await p('multipartInit', { Bucket, Region, Key: 'mp.bin' });
  const UploadId = d.UploadId;
  assert(UploadId);
  const part1 = Buffer.alloc(1024 * 1024, 1), part2 = Buffer.from('tail');
  const e1 = (await p('multipartUpload', { Bucket, Region, Key: 'mp.bin', UploadId, PartNumber: 1, Body: part1 })).ETag;
  const e2 = (await p('multipartUpload', { Bucket, Region, Key: 'mp.bin', UploadId, PartNumber: 2, Body: part2 })).ETag;
  d = await p('multipartListPart', { Bucket, Region, Key: 'mp.bin', UploadId });
  assert.strictEqual(d.Part.length, 2);
  d = await p('multipartList', { Bucket, Region, Prefix: 'mp' });
  assert.strictEqual(d.Upload.length, 1);
  d = await p('multipartComplete', { Bucket, Region, Key: 'mp.bin', UploadId, Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] });
  assert(/-2"$/.test(d.ETag), d.ETag);
  d = await p('getObject', { Bucket, Region, Key: 'mp.bin' });
  assert(d.Body.equals(Buffer.concat([part1, part2])));
  d = await p('multipartInit', { Bucket, Region, Key: 'gone.bin' });
  await p('multipartAbort', { Bucket, Region, Key: 'gone.bin', UploadId: d.UploadId });
  // sliceUploadFile: Node's own multipart engine
  d = await p('sliceUploadFile', { Bucket, Region, Key: 'slice.bin', FilePath: tmp('big.bin'), ChunkSize: 1024 * 1024 });
  d = await p('getObject', { Bucket, Region, Key: 'slice.bin' });
  assert(d.Body.equals(big));
  // Batch delete
  d = await p('deleteMultipleObject', { Bucket, Region, Objects: [{ Key: 'acl.txt' }, { Key: 'mp.bin' }, { Key: 'slice.bin' }, { Key: 'never' }] });
  assert.strictEqual(d.Deleted.length, 4);
  // Object tagging, append, archive restore, versions (issue 15).
  await objectFeatures();
  await versions();
  // Bucket configurations (issue 14): every method, as a Node user calls it.
  await bucketConfigs();
  await issue15();
  await p('putBucketAcl', { Bucket, Region, ACL: 'private' });
  // Versioning was enabled, then suspended: deletes left null delete markers.
  await emptyBucket(Bucket);
  d = await p('deleteBucket', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  for (const f of ['big.bin', 'big.out']) fs.rmSync(tmp(f), { force: true });
  console.log('node compat: all operations passed');
})().catch(e => { console.error(e.message); process.exit(1); });
