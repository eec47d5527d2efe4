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
  d = await p('deleteBucket', { Bucket, Region });
  assert.strictEqual(d.statusCode, 204);
  console.log('node compat: all operations passed');
})().catch(e => { console.error(e.message); process.exit(1); });
