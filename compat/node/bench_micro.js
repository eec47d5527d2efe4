// The official Node SDK on the same inputs as benches/sdk.rs, so its
// figures come from the same run: node bench_micro.js INPUT.json
// INPUT: {secret_id, secret_key, method, pathname, query, headers,
//         key_time, list_bucket, list_parts} (the two XML texts).
// Prints one JSON line: {sign_ns, list_bucket_ns, list_parts_ns}, each the
// median of 15 batches after a warm-up.
const fs = require('fs');
const COS = require('cos-nodejs-sdk-v5');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function median(fn, perBatch) {
  for (let i = 0; i < perBatch; i++) fn(); // warm-up
  const samples = [];
  for (let b = 0; b < 15; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[7];
}

const signOptions = {
  SecretId: input.secret_id,
  SecretKey: input.secret_key,
  Method: input.method,
  Pathname: input.pathname,
  Query: input.query,
  Headers: input.headers,
  KeyTime: input.key_time,
};
// Same request, same signature: the comparison is of equal work.
const signature = COS.getAuthorization(signOptions);
if (signature !== input.expected_authorization) {
  console.error('Node signed differently:\n' + signature + '\n' + input.expected_authorization);
  process.exit(1);
}
// What getBucket / multipartListPart do with an answer: xml2json, then the
// SDK reads the fields out of the JSON.
const parse = (xml) => COS.util.xml2json(xml);
console.log(JSON.stringify({
  sign_ns: median(() => COS.getAuthorization(signOptions), 2000),
  list_bucket_ns: median(() => parse(input.list_bucket), 5),
  list_parts_ns: median(() => parse(input.list_parts), 5),
}));
