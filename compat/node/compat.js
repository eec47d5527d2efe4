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
  await p('putBucketAcl', { Bucket, Region, ACL: 'private' });
  d = await p('deleteBucket', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  for (const f of ['big.bin', 'big.out']) fs.rmSync(tmp(f), { force: true });
  console.log('node compat: all operations passed');
})().catch(e => { console.error(e.message); process.exit(1); });
