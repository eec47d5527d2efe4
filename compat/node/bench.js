// The official Node SDK's sliceUploadFile, for examples/transfer_bench.rs:
// node bench.js ENDPOINT SECRET_ID SECRET_KEY BUCKET FILE CHUNK_MIB ASYNC_LIMIT
// prints "seconds peak_rss_kib cpu_seconds", as the Rust benchmark children do.
const COS = require('cos-nodejs-sdk-v5');
const [endpoint, SecretId, SecretKey, Bucket, FilePath, chunkMib, limit] = process.argv.slice(2);
const cos = new COS({ SecretId, SecretKey, Protocol: 'http:', Ip: endpoint });
const started = process.hrtime.bigint();
cos.sliceUploadFile({
  Bucket, Region: 'ap-guangzhou', Key: 'node-slice.bin', FilePath,
  ChunkSize: Number(chunkMib) * 1024 * 1024, AsyncLimit: Number(limit),
}, (err) => {
  if (err) { console.error(JSON.stringify(err)); process.exit(1); }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage();
  const rss = process.resourceUsage().maxRSS;
  console.log(`${seconds} ${rss} ${(cpu.user + cpu.system) / 1e6}`);
});
