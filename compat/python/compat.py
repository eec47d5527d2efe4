#!/usr/bin/env python3
"""Drives the official Python SDK (cos-python-sdk-v5, pinned in requirements.txt)
against cos-emulator.

The SDK is configured the way users point it at a mock: real COS host names
(`{bucket}-{appid}.cos.ap-guangzhou.myqcloud.com`, `service.cos.myqcloud.com`)
over plain HTTP, with the emulator as the HTTP proxy, so every request reaches
the emulator in absolute form (`GET http://host/key HTTP/1.1`).

Environment: EMU_PORT, EMU_ID, EMU_KEY, EMU_APPID (as set by compat/run.sh).
COMPAT_ONLY_CORE=1 runs only the core group (for emulators that still answer
501 NotImplemented for ACL, CORS, location, tagging, batch delete and multipart).
Exits non-zero on the first failed check; prints one summary line on success.
"""
import base64
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback

from qcloud_cos import CosConfig, CosS3Client
from qcloud_cos.cos_exception import CosServiceError

PORT = os.environ['EMU_PORT']
SECRET_ID = os.environ['EMU_ID']
SECRET_KEY = os.environ['EMU_KEY']
APPID = os.environ.get('EMU_APPID', '1250000000')
REGION = 'ap-guangzhou'
ONLY_CORE = os.environ.get('COMPAT_ONLY_CORE', '') not in ('', '0')
MB = 1024 * 1024

# The SDK logs every failed request at ERROR; the expected errors below would be noise.
logging.getLogger('qcloud_cos').setLevel(logging.CRITICAL)

TMP = tempfile.mkdtemp(prefix='cos-compat-py-')
checks = 0
step = '(start)'


def client(secret_id=SECRET_ID, secret_key=SECRET_KEY):
    conf = CosConfig(Region=REGION, SecretId=secret_id, SecretKey=secret_key, Scheme='http',
                     Proxies={'http': 'http://127.0.0.1:' + PORT})
    return CosS3Client(conf)


cos = client()


def at(name):
    global step
    step = name


def ok(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def eq(actual, expected, what):
    ok(actual == expected, '%s: expected %r, got %r' % (what, expected, actual))


def md5_etag(data):
    return '"%s"' % hashlib.md5(data).hexdigest()


def expect_error(status, code, fn, *args, **kwargs):
    """Calls fn, which must raise CosServiceError with this status and error code
    (code None: HEAD responses carry no body, only the status is checked).
    `code` may be a tuple of acceptable codes."""
    try:
        fn(*args, **kwargs)
    except CosServiceError as e:
        eq(e.get_status_code(), status, '%s status' % fn.__name__)
        if code is not None:
            codes = code if isinstance(code, tuple) else (code,)
            ok(e.get_error_code() in codes,
               '%s error code: expected %s, got %r (%s)' % (fn.__name__, '/'.join(codes),
                                                           e.get_error_code(), e.get_origin_msg()))
            ok(e.get_request_id() not in ('', 'Unknown', None), '%s error has a RequestId' % fn.__name__)
        return e
    raise AssertionError('%s: expected CosServiceError %s %s, call succeeded' % (fn.__name__, status, code))


def local_file(name, data):
    path = os.path.join(TMP, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path


def read_body(resp):
    return b''.join(resp['Body'].get_stream(64 * 1024))


def list_all(bucket, **kwargs):
    """Pages through list_objects with Marker/NextMarker; returns (entries, pages)."""
    entries, marker, pages = [], '', 0
    while True:
        r = cos.list_objects(Bucket=bucket, Marker=marker, **kwargs)
        pages += 1
        ok(pages < 50, 'list_objects paging terminates')
        entries += [c['Key'] for c in r.get('Contents', [])]
        entries += [p['Prefix'] for p in r.get('CommonPrefixes', [])]
        if r['IsTruncated'] == 'false':
            return entries, pages
        eq(r['IsTruncated'], 'true', 'IsTruncated')
        ok(r.get('NextMarker'), 'truncated listing carries NextMarker: %r' % r)
        marker = r['NextMarker']


def core():
    """First group: buckets, objects, listings, odd keys, errors."""
    bucket = 'pycompat-' + APPID

    at('list_buckets (before create)')
    buckets = cos.list_buckets()['Buckets']  # None when there is no bucket (<Buckets/>)
    ok(buckets is None or all(b['Name'] != bucket for b in buckets['Bucket']), 'bucket not listed yet')
    eq(cos.bucket_exists(Bucket=bucket), False, 'bucket_exists before create')

    at('create_bucket')
    eq(cos.create_bucket(Bucket=bucket), None, 'create_bucket result')
    expect_error(409, ('BucketAlreadyOwnedByYou', 'BucketAlreadyExists'), cos.create_bucket, Bucket=bucket)

    at('head_bucket')
    h = cos.head_bucket(Bucket=bucket)
    ok('x-cos-request-id' in h, 'head_bucket has x-cos-request-id: %r' % h)
    eq(h.get('x-cos-bucket-region'), REGION, 'head_bucket x-cos-bucket-region')
    expect_error(404, None, cos.head_bucket, Bucket='pycompat-missing-' + APPID)

    at('list_buckets')
    r = cos.list_buckets()
    mine = [b for b in r['Buckets']['Bucket'] if b['Name'] == bucket]
    eq(len(mine), 1, 'list_buckets lists the bucket once')
    eq(mine[0]['Location'], REGION, 'list_buckets Location')
    ok(mine[0].get('CreationDate'), 'list_buckets CreationDate')
    ok(r['Owner']['ID'], 'list_buckets Owner.ID')

    at('put_object bytes + metadata + ContentType')
    key = 'hello.txt'
    body = b'hello python sdk'
    r = cos.put_object(Bucket=bucket, Key=key, Body=body, Metadata={'x-cos-meta-a': 'b'},
                       ContentType='text/plain; charset=utf-8')
    eq(r.get('ETag'), md5_etag(body), 'put_object ETag')
    ok('x-cos-request-id' in r, 'put_object has x-cos-request-id')

    at('put_object EnableMD5')
    r = cos.put_object(Bucket=bucket, Key='md5.txt', Body=b'with content-md5', EnableMD5=True)
    eq(r.get('ETag'), md5_etag(b'with content-md5'), 'put_object (Content-MD5) ETag')

    at('head_object')
    h = cos.head_object(Bucket=bucket, Key=key)
    eq(h.get('Content-Length'), str(len(body)), 'head_object Content-Length')
    eq(h.get('Content-Type'), 'text/plain; charset=utf-8', 'head_object Content-Type')
    eq(h.get('x-cos-meta-a'), 'b', 'head_object x-cos-meta-a')
    eq(h.get('ETag'), md5_etag(body), 'head_object ETag')
    ok(h.get('Last-Modified', '').endswith('GMT'), 'head_object Last-Modified: %r' % h)
    e = expect_error(404, None, cos.head_object, Bucket=bucket, Key='missing.txt')
    ok(e.get_request_id() not in ('', 'Unknown', None), 'HEAD 404 carries x-cos-request-id')
    eq((cos.object_exists(Bucket=bucket, Key=key), cos.object_exists(Bucket=bucket, Key='missing.txt')),
       (True, False), 'object_exists')
    eq(cos.bucket_exists(Bucket=bucket), True, 'bucket_exists')

    at('conditional requests')
    h = cos.head_object(Bucket=bucket, Key=key, IfNoneMatch=md5_etag(body))  # 304 counts as success
    eq(h.get('ETag'), md5_etag(body), '304 Not Modified keeps ETag')
    r = cos.get_object(Bucket=bucket, Key=key, IfMatch=md5_etag(body))
    eq(read_body(r), body, 'If-Match hit')
    expect_error(412, 'PreconditionFailed', cos.get_object, Bucket=bucket, Key=key, IfMatch='"0123"')
    expect_error(416, 'InvalidRange', cos.get_object, Bucket=bucket, Key=key, Range='bytes=100-200')

    at('get_object')
    r = cos.get_object(Bucket=bucket, Key=key)
    eq(r.get('Content-Length'), str(len(body)), 'get_object Content-Length')
    eq(r.get('x-cos-meta-a'), 'b', 'get_object x-cos-meta-a')
    eq(r.get('ETag'), md5_etag(body), 'get_object ETag')
    eq(read_body(r), body, 'get_object body')
    r = cos.get_object(Bucket=bucket, Key=key, ResponseContentType='application/x-test',
                       ResponseContentDisposition='attachment;filename="h.txt"')
    eq(r.get('Content-Type'), 'application/x-test', 'response-content-type override')
    eq(r.get('Content-Disposition'), 'attachment;filename="h.txt"', 'response-content-disposition override')
    eq(read_body(r), body, 'get_object body (overrides)')

    at('ranged get_object')
    r = cos.get_object(Bucket=bucket, Key=key, Range='bytes=6-11')
    eq(read_body(r), body[6:12], 'ranged body')
    eq(r.get('Content-Range'), 'bytes 6-11/%d' % len(body), 'Content-Range')
    eq(r.get('Content-Length'), '6', 'ranged Content-Length')
    r = cos.get_object(Bucket=bucket, Key=key, Range='bytes=-3')
    eq(read_body(r), body[-3:], 'suffix-range body')
    r = cos.get_object(Bucket=bucket, Key=key, Range='bytes=10-')
    eq(read_body(r), body[10:], 'open-range body')

    at('put_object file object + get_stream_to_file')
    big = os.urandom(3 * MB + 5)
    big_path = local_file('big.bin', big)
    with open(big_path, 'rb') as f:
        r = cos.put_object(Bucket=bucket, Key='big.bin', Body=f)
    eq(r.get('ETag'), md5_etag(big), 'put_object (file) ETag')
    out = os.path.join(TMP, 'big.out')
    cos.get_object(Bucket=bucket, Key='big.bin')['Body'].get_stream_to_file(out)
    with open(out, 'rb') as f:
        ok(f.read() == big, 'get_stream_to_file content equals the upload')

    at('download_file (ranged, threaded, CRC64 check)')
    out2 = os.path.join(TMP, 'big.out2')
    cos.download_file(Bucket=bucket, Key='big.bin', DestFilePath=out2, PartSize=1, MAXThread=4,
                      EnableCRC=True, DumpRecordDir=os.path.join(TMP, 'dl-records'))
    with open(out2, 'rb') as f:
        ok(f.read() == big, 'download_file content equals the upload')

    at('upload_file (small: single put_object)')
    small = b'small file via upload_file\n' * 10
    r = cos.upload_file(Bucket=bucket, Key='small-upload.txt', LocalFilePath=local_file('small.txt', small),
                        PartSize=1, ContentType='text/x-small', Metadata={'x-cos-meta-src': 'upload_file'})
    eq(r.get('ETag'), md5_etag(small), 'upload_file (small) ETag')
    h = cos.head_object(Bucket=bucket, Key='small-upload.txt')
    eq(h.get('Content-Type'), 'text/x-small', 'upload_file Content-Type')
    eq(h.get('x-cos-meta-src'), 'upload_file', 'upload_file metadata')

    at('keys with spaces, +, unicode, specials')
    odd_keys = ['with space.txt', 'a+b=c&d.txt', '中文/文件 名+1.txt', "sp ec!al(1)*'~,;@$%.txt", 'dir//double.txt']
    for k in odd_keys:
        data = ('content of ' + k).encode('utf-8')
        r = cos.put_object(Bucket=bucket, Key=k, Body=data)
        eq(r.get('ETag'), md5_etag(data), 'put_object ETag for %r' % k)
        eq(read_body(cos.get_object(Bucket=bucket, Key=k)), data, 'get_object body for %r' % k)
        eq(cos.head_object(Bucket=bucket, Key=k).get('Content-Length'), str(len(data)), 'head_object for %r' % k)
    # a "+" must not be read as a space: "with space.txt" and "with+space.txt" are distinct keys
    expect_error(404, 'NoSuchKey', cos.get_object, Bucket=bucket, Key='with+space.txt')
    r = cos.list_objects(Bucket=bucket, Prefix='中文/')
    eq([c['Key'] for c in r.get('Contents', [])], ['中文/文件 名+1.txt'], 'list_objects unicode prefix (url-decoded)')
    eq(r.get('Prefix'), '中文/', 'list_objects echoes the prefix (url-decoded)')
    eq(r.get('EncodingType'), 'url', 'list_objects EncodingType')

    at('list_objects Prefix/Delimiter/Marker paging')
    list_keys = ['list/a', 'list/b_b', 'list/c+c', 'list/sub/x', 'list/sub/y', 'list/zz/1', 'list/中文']
    for k in list_keys:
        cos.put_object(Bucket=bucket, Key=k, Body=k.encode('utf-8'))
    r = cos.list_objects(Bucket=bucket, Prefix='list/', Delimiter='/')
    eq([c['Key'] for c in r.get('Contents', [])], ['list/a', 'list/b_b', 'list/c+c', 'list/中文'],
       'delimiter listing Contents')
    eq([p['Prefix'] for p in r.get('CommonPrefixes', [])], ['list/sub/', 'list/zz/'],
       'delimiter listing CommonPrefixes')
    eq(r.get('Delimiter'), '/', 'delimiter listing echoes Delimiter')
    eq(r['IsTruncated'], 'false', 'delimiter listing IsTruncated')
    c0 = r['Contents'][0]
    eq(c0.get('Size'), str(len(b'list/a')), 'Contents Size')
    eq(c0.get('ETag'), md5_etag(b'list/a'), 'Contents ETag')
    ok(c0.get('LastModified'), 'Contents LastModified')
    r = cos.list_objects(Bucket=bucket, Prefix='list/', MaxKeys=3)
    eq(r['IsTruncated'], 'true', 'MaxKeys=3 IsTruncated')
    eq(r.get('MaxKeys'), '3', 'MaxKeys echoed')
    eq([c['Key'] for c in r['Contents']], list_keys[:3], 'first page')
    entries, pages = list_all(bucket, Prefix='list/', MaxKeys=2)
    eq(entries, sorted(list_keys), 'Marker paging without delimiter (MaxKeys=2)')
    eq(pages, 4, 'pages without delimiter')
    entries, pages = list_all(bucket, Prefix='list/', Delimiter='/', MaxKeys=2)
    eq(sorted(entries), ['list/a', 'list/b_b', 'list/c+c', 'list/sub/', 'list/zz/', 'list/中文'],
       'Marker paging with delimiter (MaxKeys=2), each prefix once')
    eq(pages, 3, 'pages with delimiter')
    r = cos.list_objects(Bucket=bucket, Prefix='list/', Marker='list/sub/y')
    eq([c['Key'] for c in r['Contents']], ['list/zz/1', 'list/中文'], 'explicit Marker')

    at('delete_object')
    r = cos.delete_object(Bucket=bucket, Key=key)
    ok('x-cos-request-id' in r, 'delete_object has x-cos-request-id')
    expect_error(404, None, cos.head_object, Bucket=bucket, Key=key)
    cos.delete_object(Bucket=bucket, Key=key)  # deleting a missing key succeeds (204)

    at('NoSuchKey / NoSuchBucket')
    e = expect_error(404, 'NoSuchKey', cos.get_object, Bucket=bucket, Key=key)
    ok(e.get_error_msg(), 'NoSuchKey has a Message')
    ok(key in e.get_resource_location(), 'NoSuchKey Resource names the key: %r' % e.get_resource_location())
    expect_error(404, 'NoSuchBucket', cos.get_object, Bucket='pycompat-missing-' + APPID, Key='x')
    expect_error(404, 'NoSuchBucket', cos.list_objects, Bucket='pycompat-missing-' + APPID)

    at('wrong credentials')
    bad = client(secret_key='wrong' + SECRET_KEY[5:])
    expect_error(403, 'SignatureDoesNotMatch', bad.get_object, Bucket=bucket, Key='big.bin')
    expect_error(403, 'SignatureDoesNotMatch', bad.list_objects, Bucket=bucket)
    expect_error(403, 'SignatureDoesNotMatch', bad.put_object, Bucket=bucket, Key='nope.txt', Body=b'x')
    expect_error(403, None, bad.head_bucket, Bucket=bucket)
    expect_error(403, 'InvalidAccessKeyId', client(secret_id='AKIDunknown00000000000000000000000').list_objects,
                 Bucket=bucket)
    expect_error(404, 'NoSuchKey', cos.get_object, Bucket=bucket, Key='nope.txt')

    at('BucketNotEmpty')
    expect_error(409, 'BucketNotEmpty', cos.delete_bucket, Bucket=bucket)

    at('delete remaining objects, delete_bucket')
    remaining = [c['Key'] for c in cos.list_objects(Bucket=bucket)['Contents']]
    eq(remaining, sorted(['big.bin', 'md5.txt', 'small-upload.txt'] + odd_keys + list_keys), 'objects left before cleanup')
    for k in remaining:
        cos.delete_object(Bucket=bucket, Key=k)
    eq(cos.list_objects(Bucket=bucket).get('Contents', []), [], 'bucket empty after deletes')
    eq(cos.delete_bucket(Bucket=bucket), None, 'delete_bucket result')
    expect_error(404, None, cos.head_bucket, Bucket=bucket)
    buckets = cos.list_buckets()['Buckets']
    ok(buckets is None or all(b['Name'] != bucket for b in buckets['Bucket']), 'bucket gone from list_buckets')


def query_spaces():
    """Query values containing spaces: requests form-encodes them as "+" in the
    URL while the SDK signs them as "%20" (cos_auth.py quotes with '-_.~'), so
    the server has to read "+" in a query value as a space. Runs after both
    groups so that their checks are reported independently of this one; the
    multipart part belongs to the second group and is skipped with it."""
    bucket = 'pycompat-q-' + APPID
    at('query values containing spaces')
    cos.create_bucket(Bucket=bucket)
    for k in ['with space.txt', 'with+plus.txt', 'list/b b', 'list/c+c']:
        cos.put_object(Bucket=bucket, Key=k, Body=b'q')
    r = cos.list_objects(Bucket=bucket, Prefix='with space')
    eq([c['Key'] for c in r.get('Contents', [])], ['with space.txt'], 'list_objects Prefix with a space')
    eq(r.get('Prefix'), 'with space', 'list_objects echoes a prefix with a space')
    r = cos.list_objects(Bucket=bucket, Prefix='with+')
    eq([c['Key'] for c in r.get('Contents', [])], ['with+plus.txt'], 'list_objects Prefix with a plus')
    r = cos.list_objects(Bucket=bucket, Prefix='list/', Marker='list/b b')
    eq([c['Key'] for c in r.get('Contents', [])], ['list/c+c'], 'Marker with a space')
    r = cos.get_object(Bucket=bucket, Key='with space.txt',
                       ResponseContentDisposition='attachment; filename="a b.txt"')
    eq(r.get('Content-Disposition'), 'attachment; filename="a b.txt"', 'response-content-disposition with a space')
    read_body(r)
    for k in ['with space.txt', 'with+plus.txt', 'list/b b', 'list/c+c']:
        cos.delete_object(Bucket=bucket, Key=k)
    if not ONLY_CORE:
        # upload_file looks for a resumable upload with list_multipart_uploads(Prefix=Key)
        # before it starts, so a key with a space takes the same path.
        data = os.urandom(2 * MB + 3)
        key = 'big file/with space.bin'
        r = cos.upload_file(Bucket=bucket, Key=key, LocalFilePath=local_file('space.bin', data),
                            PartSize=1, MAXThread=2)
        ok(r.get('ETag', '').endswith('-3"'), 'upload_file (key with a space) multipart ETag: %r' % r.get('ETag'))
        eq(read_body(cos.get_object(Bucket=bucket, Key=key)), data, 'upload_file (key with a space) content')
        upload_id = cos.create_multipart_upload(Bucket=bucket, Key='multi part/x')['UploadId']
        r = cos.list_multipart_uploads(Bucket=bucket, Prefix='multi part/')
        eq([(u['Key'], u['UploadId']) for u in r.get('Upload', [])], [('multi part/x', upload_id)],
           'list_multipart_uploads Prefix with a space')
        cos.abort_multipart_upload(Bucket=bucket, Key='multi part/x', UploadId=upload_id)
        cos.delete_object(Bucket=bucket, Key=key)
    cos.delete_bucket(Bucket=bucket)


OTHER_UIN = 'qcs::cam::uin/100000000002:uin/100000000002'
ALL_USERS = 'http://cam.qcloud.com/groups/global/AllUsers'


def grants(acl):
    """Grants of a get_*_acl result as (grantee ID or URI, permission) pairs."""
    out = set()
    for g in acl['AccessControlList']['Grant'] if acl['AccessControlList'] else []:
        out.add((g['Grantee'].get('ID') or g['Grantee'].get('URI'), g['Permission']))
    return out


def extended():
    """Second group: ACL, CORS, location, tagging, batch delete, multipart and
    upload_file/download_file of a 25 MB file (skipped with COMPAT_ONLY_CORE=1)."""
    bucket = 'pycompat-ext-' + APPID
    cos.create_bucket(Bucket=bucket)

    at('get_bucket_location')
    eq(cos.get_bucket_location(Bucket=bucket), {'LocationConstraint': REGION}, 'get_bucket_location')

    at('put/get_bucket_acl')
    acl = cos.get_bucket_acl(Bucket=bucket)
    owner = acl['Owner']['ID']
    ok(owner.startswith('qcs::cam::uin/'), 'bucket ACL Owner.ID: %r' % owner)
    eq(acl['CannedACL'], 'private', 'new bucket CannedACL')
    ok((owner, 'FULL_CONTROL') in grants(acl), 'owner has FULL_CONTROL: %r' % acl)
    eq(cos.put_bucket_acl(Bucket=bucket, ACL='public-read'), None, 'put_bucket_acl (header)')
    acl = cos.get_bucket_acl(Bucket=bucket)
    eq(acl['CannedACL'], 'public-read', 'CannedACL after ACL=public-read')
    ok((ALL_USERS, 'READ') in grants(acl), 'AllUsers READ grant: %r' % acl)
    cos.put_bucket_acl(Bucket=bucket, ACL='public-read-write')
    eq(cos.get_bucket_acl(Bucket=bucket)['CannedACL'], 'public-read-write', 'CannedACL public-read-write')
    cos.put_bucket_acl(Bucket=bucket, GrantRead='id="%s"' % OTHER_UIN)
    ok((OTHER_UIN, 'READ') in grants(cos.get_bucket_acl(Bucket=bucket)), 'x-cos-grant-read grant')
    policy = {
        'Owner': {'ID': owner},
        'AccessControlList': {'Grant': [
            {'Grantee': {'@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', '@xsi:type': 'CanonicalUser',
                         'ID': owner}, 'Permission': 'FULL_CONTROL'},
            {'Grantee': {'@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', '@xsi:type': 'CanonicalUser',
                         'ID': OTHER_UIN}, 'Permission': 'WRITE'},
        ]},
    }
    cos.put_bucket_acl(Bucket=bucket, AccessControlPolicy=policy)
    acl = cos.get_bucket_acl(Bucket=bucket)
    eq(grants(acl), {(owner, 'FULL_CONTROL'), (OTHER_UIN, 'WRITE')}, 'grants after AccessControlPolicy body')
    eq(acl['CannedACL'], 'private', 'CannedACL after body')
    g = [g for g in acl['AccessControlList']['Grant'] if g['Grantee'].get('ID') == OTHER_UIN][0]
    eq(g['Grantee'].get('Type'), 'CanonicalUser', 'Grantee xsi:type')
    cos.put_bucket_acl(Bucket=bucket, ACL='private')

    at('put/get_object_acl')
    cos.put_object(Bucket=bucket, Key='acl obj.txt', Body=b'acl')
    acl = cos.get_object_acl(Bucket=bucket, Key='acl obj.txt')
    ok(acl['CannedACL'] in ('default', 'private'), 'new object CannedACL: %r' % acl['CannedACL'])
    ok(acl['Owner']['ID'], 'object ACL Owner.ID')
    cos.put_object_acl(Bucket=bucket, Key='acl obj.txt', ACL='public-read')
    acl = cos.get_object_acl(Bucket=bucket, Key='acl obj.txt')
    eq(acl['CannedACL'], 'public-read', 'object CannedACL after ACL=public-read')
    cos.put_object_acl(Bucket=bucket, Key='acl obj.txt', ACL='private', GrantFullControl='id="%s"' % OTHER_UIN)
    acl = cos.get_object_acl(Bucket=bucket, Key='acl obj.txt')
    ok((OTHER_UIN, 'FULL_CONTROL') in grants(acl), 'object x-cos-grant-full-control: %r' % acl)
    eq(acl['CannedACL'], 'private', 'object CannedACL private + grant')
    cos.put_object(Bucket=bucket, Key='acl2.txt', Body=b'x', ACL='public-read')
    eq(cos.get_object_acl(Bucket=bucket, Key='acl2.txt')['CannedACL'], 'public-read', 'ACL header on put_object')
    expect_error(404, 'NoSuchKey', cos.get_object_acl, Bucket=bucket, Key='missing.txt')

    at('put/get/delete_bucket_cors')
    expect_error(404, 'NoSuchCORSConfiguration', cos.get_bucket_cors, Bucket=bucket)
    rules = [
        {'ID': 'rule1', 'AllowedOrigin': ['http://www.example.com', 'https://*.example.org'],
         'AllowedMethod': ['GET', 'PUT'], 'AllowedHeader': ['x-cos-meta-test', 'content-type'],
         'ExposeHeader': ['ETag', 'x-cos-request-id'], 'MaxAgeSeconds': '500'},
        {'ID': 'rule2', 'AllowedOrigin': ['*'], 'AllowedMethod': ['HEAD'], 'AllowedHeader': ['*']},
    ]
    eq(cos.put_bucket_cors(Bucket=bucket, CORSConfiguration={'CORSRule': rules}), None, 'put_bucket_cors')
    r = cos.get_bucket_cors(Bucket=bucket)
    got = r.get('CORSRule', [])
    eq(len(got), 2, 'get_bucket_cors rule count: %r' % r)
    for want, have in zip(rules, got):
        for field in ('ID', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader', 'MaxAgeSeconds'):
            if field in want:
                eq(have.get(field), want[field], 'CORS %s.%s' % (want['ID'], field))
    eq(cos.delete_bucket_cors(Bucket=bucket), None, 'delete_bucket_cors')
    expect_error(404, 'NoSuchCORSConfiguration', cos.get_bucket_cors, Bucket=bucket)

    at('put/get/delete_bucket_tagging')
    tags = [{'Key': 'env', 'Value': 'test'}, {'Key': 'team', 'Value': 'storage sdk'}]
    eq(cos.put_bucket_tagging(Bucket=bucket, Tagging={'TagSet': {'Tag': tags}}), None, 'put_bucket_tagging')
    r = cos.get_bucket_tagging(Bucket=bucket)
    eq(sorted(r['TagSet']['Tag'], key=lambda t: t['Key']), tags, 'get_bucket_tagging: %r' % r)
    eq(cos.delete_bucket_tagging(Bucket=bucket), None, 'delete_bucket_tagging')
    try:
        r = cos.get_bucket_tagging(Bucket=bucket)
        ts = r.get('TagSet')
        ok(not ts or not ts.get('Tag'), 'no tags after delete_bucket_tagging: %r' % r)
    except CosServiceError as e:
        eq(e.get_status_code(), 404, 'get_bucket_tagging after delete: status (%s)' % e.get_error_code())

    at('delete_objects (batch)')
    batch = ['batch/1.txt', 'batch/2 two.txt', 'batch/三.txt']
    for k in batch:
        cos.put_object(Bucket=bucket, Key=k, Body=b'b')
    r = cos.delete_objects(Bucket=bucket, Delete={'Quiet': 'false', 'Object': [
        {'Key': k} for k in batch + ['batch/missing.txt']]})
    eq(sorted(d['Key'] for d in r.get('Deleted', [])), sorted(batch + ['batch/missing.txt']),
       'delete_objects Deleted: %r' % r)
    eq(r.get('Error', []), [], 'delete_objects Error')
    eq(cos.list_objects(Bucket=bucket, Prefix='batch/').get('Contents', []), [], 'batch objects gone')
    cos.put_object(Bucket=bucket, Key='batch/q.txt', Body=b'q')
    r = cos.delete_objects(Bucket=bucket, Delete={'Quiet': 'true', 'Object': [{'Key': 'batch/q.txt'}]})
    eq(r.get('Deleted', []), [], 'quiet delete_objects reports nothing')
    expect_error(404, None, cos.head_object, Bucket=bucket, Key='batch/q.txt')

    at('multipart: create/upload_part/list_parts/list_multipart_uploads/complete')
    mkey = 'multi-part/文件+1.bin'
    parts_data = [os.urandom(MB), os.urandom(MB), os.urandom(12345)]
    r = cos.create_multipart_upload(Bucket=bucket, Key=mkey, ContentType='application/x-multi',
                                    Metadata={'x-cos-meta-mp': 'yes'})
    upload_id = r['UploadId']
    ok(upload_id, 'create_multipart_upload UploadId')
    eq(r.get('Key'), mkey, 'create_multipart_upload Key')
    eq(r.get('Bucket'), bucket, 'create_multipart_upload Bucket')
    etags = []
    for n, data in enumerate(parts_data, 1):
        r = cos.upload_part(Bucket=bucket, Key=mkey, Body=data, PartNumber=n, UploadId=upload_id,
                            EnableMD5=(n == 2))
        eq(r.get('ETag'), md5_etag(data), 'upload_part %d ETag' % n)
        etags.append(r['ETag'])
    r = cos.list_parts(Bucket=bucket, Key=mkey, UploadId=upload_id)
    eq(r.get('Key'), mkey, 'list_parts Key (url-decoded)')
    eq(r.get('UploadId'), upload_id, 'list_parts UploadId')
    eq([(p['PartNumber'], p['ETag'], p['Size']) for p in r.get('Part', [])],
       [(str(n), etags[n - 1], str(len(d))) for n, d in enumerate(parts_data, 1)], 'list_parts parts')
    eq(r['IsTruncated'], 'false', 'list_parts IsTruncated')
    r = cos.list_parts(Bucket=bucket, Key=mkey, UploadId=upload_id, MaxParts=2)
    eq(r['IsTruncated'], 'true', 'list_parts MaxParts=2 IsTruncated')
    eq([p['PartNumber'] for p in r['Part']], ['1', '2'], 'list_parts first page')
    r = cos.list_parts(Bucket=bucket, Key=mkey, UploadId=upload_id, PartNumberMarker=int(r['NextPartNumberMarker']))
    eq([p['PartNumber'] for p in r['Part']], ['3'], 'list_parts second page')
    r = cos.list_multipart_uploads(Bucket=bucket, Prefix='multi-part/')
    eq([(u['Key'], u['UploadId']) for u in r.get('Upload', [])], [(mkey, upload_id)], 'list_multipart_uploads')
    r = cos.complete_multipart_upload(Bucket=bucket, Key=mkey, UploadId=upload_id, MultipartUpload={
        'Part': [{'PartNumber': n, 'ETag': t} for n, t in enumerate(etags, 1)]})
    ok(r.get('ETag', '').endswith('-3"'), 'complete_multipart_upload ETag is "<hex>-3": %r' % r.get('ETag'))
    eq(r.get('Key'), mkey, 'complete_multipart_upload Key')
    ok(r.get('Location'), 'complete_multipart_upload Location')
    whole = b''.join(parts_data)
    h = cos.head_object(Bucket=bucket, Key=mkey)
    eq(h.get('Content-Length'), str(len(whole)), 'multipart object Content-Length')
    eq(h.get('Content-Type'), 'application/x-multi', 'multipart object Content-Type')
    eq(h.get('x-cos-meta-mp'), 'yes', 'multipart object metadata')
    eq(h.get('ETag'), r['ETag'], 'multipart object ETag')
    eq(read_body(cos.get_object(Bucket=bucket, Key=mkey)), whole, 'multipart object content')
    eq(read_body(cos.get_object(Bucket=bucket, Key=mkey, Range='bytes=%d-%d' % (MB - 2, MB + 1))),
       whole[MB - 2:MB + 2], 'range across a part boundary')
    eq(cos.list_multipart_uploads(Bucket=bucket).get('Upload', []), [], 'no uploads after complete')
    expect_error(404, 'NoSuchUpload', cos.list_parts, Bucket=bucket, Key=mkey, UploadId=upload_id)

    at('multipart: abort_multipart_upload')
    r = cos.create_multipart_upload(Bucket=bucket, Key='aborted.bin')
    abort_id = r['UploadId']
    cos.upload_part(Bucket=bucket, Key='aborted.bin', Body=b'part', PartNumber=1, UploadId=abort_id)
    eq(cos.abort_multipart_upload(Bucket=bucket, Key='aborted.bin', UploadId=abort_id), None, 'abort result')
    eq(cos.list_multipart_uploads(Bucket=bucket).get('Upload', []), [], 'no uploads after abort')
    expect_error(404, 'NoSuchUpload', cos.list_parts, Bucket=bucket, Key='aborted.bin', UploadId=abort_id)
    expect_error(404, 'NoSuchUpload', cos.upload_part, Bucket=bucket, Key='aborted.bin', Body=b'x',
                 PartNumber=2, UploadId=abort_id)
    expect_error(404, None, cos.head_object, Bucket=bucket, Key='aborted.bin')

    at('upload_file 25 MB (PartSize=1, MAXThread=4) + download')
    huge = os.urandom(25 * MB + 7)
    huge_path = local_file('huge.bin', huge)
    ukey = 'uploads/huge+file.bin'
    r = cos.upload_file(Bucket=bucket, Key=ukey, LocalFilePath=huge_path, PartSize=1, MAXThread=4,
                        Metadata={'x-cos-meta-big': '1'})
    ok(r.get('ETag', '').endswith('-26"'), 'upload_file multipart ETag (26 parts): %r' % r.get('ETag'))
    h = cos.head_object(Bucket=bucket, Key=ukey)
    eq(h.get('Content-Length'), str(len(huge)), 'upload_file Content-Length')
    eq(h.get('x-cos-meta-big'), '1', 'upload_file metadata')
    out = os.path.join(TMP, 'huge.out')
    cos.get_object(Bucket=bucket, Key=ukey)['Body'].get_stream_to_file(out)
    with open(out, 'rb') as f:
        ok(hashlib.sha256(f.read()).digest() == hashlib.sha256(huge).digest(), 'upload_file content (get_object)')
    out2 = os.path.join(TMP, 'huge.out2')
    cos.download_file(Bucket=bucket, Key=ukey, DestFilePath=out2, PartSize=5, MAXThread=4,
                      DumpRecordDir=os.path.join(TMP, 'dl-records'))
    with open(out2, 'rb') as f:
        ok(hashlib.sha256(f.read()).digest() == hashlib.sha256(huge).digest(), 'upload_file content (download_file)')

    at('extended cleanup')
    left = [c['Key'] for c in cos.list_objects(Bucket=bucket).get('Contents', [])]
    eq(sorted(left), sorted(['acl obj.txt', 'acl2.txt', mkey, ukey]), 'objects left in extended bucket')
    r = cos.delete_objects(Bucket=bucket, Delete={'Quiet': 'true', 'Object': [{'Key': k} for k in left]})
    eq(r.get('Error', []), [], 'cleanup delete_objects errors')
    cos.delete_bucket(Bucket=bucket)
    expect_error(404, None, cos.head_bucket, Bucket=bucket)


def raw_get(host, path, headers=None):
    """An unsigned GET sent to the emulator with this Host (anonymous
    downloads, the website endpoint): (status, headers, body)."""
    import http.client
    conn = http.client.HTTPConnection('127.0.0.1', int(PORT), timeout=20)
    h = {'Host': host}
    h.update(headers or {})
    conn.request('GET', path, headers=h)
    r = conn.getresponse()
    out = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    conn.close()
    return out


def as_list(v):
    return v if isinstance(v, list) else [v]


def bucket_configs():
    """Third group (issue 14): every bucket configuration method of the SDK,
    and what they do: a policy opening a prefix to anonymous readers, the
    website endpoint, hotlink protection, default encryption, list_buckets
    filters. Skipped with COMPAT_ONLY_CORE=1."""
    bucket = 'pyconfigs-' + APPID
    vhost = '%s.cos.%s.myqcloud.com' % (bucket, REGION)
    res = 'qcs::cos:%s:uid/%s:%s' % (REGION, APPID, bucket)
    at('bucket configs: create_bucket')
    cos.create_bucket(Bucket=bucket)

    at('put/get/delete_bucket_policy')
    expect_error(404, 'NoSuchPolicy', cos.get_bucket_policy, Bucket=bucket)
    cos.put_object(Bucket=bucket, Key='public/a.txt', Body=b'public')
    cos.put_object(Bucket=bucket, Key='public/secret.txt', Body=b'secret')
    eq(raw_get(vhost, '/public/a.txt')[0], 403, 'anonymous GET before the policy')
    cos.put_bucket_policy(Bucket=bucket, Policy={'Statement': [
        {'Principal': {'qcs': ['qcs::cam::anyone:anyone']}, 'Effect': 'Allow',
         'Action': ['name/cos:GetObject'], 'Resource': [res + '/public/*']},
        {'Principal': {'qcs': ['qcs::cam::anyone:anyone']}, 'Effect': 'Deny',
         'Action': ['name/cos:GetObject'], 'Resource': [res + '/public/secret*']}]})
    import json
    policy = json.loads(cos.get_bucket_policy(Bucket=bucket)['Policy'])
    eq(len(policy['Statement']), 2, 'policy statements')
    eq(policy['Statement'][1]['Effect'], 'deny', 'policy effect as COS answers it')
    status, _, body = raw_get(vhost, '/public/a.txt')
    eq((status, body), (200, b'public'), 'anonymous GET under the public prefix')
    eq(raw_get(vhost, '/public/secret.txt')[0], 403, 'explicit deny wins')
    expect_error(400, 'MalformedPolicy', cos.put_bucket_policy, Bucket=bucket, Policy={'Statement': []})
    cos.delete_bucket_policy(Bucket=bucket)
    eq(raw_get(vhost, '/public/a.txt')[0], 403, 'anonymous GET after delete_bucket_policy')

    at('put/get/delete_bucket_lifecycle')
    expect_error(404, 'NoSuchLifecycleConfiguration', cos.get_bucket_lifecycle, Bucket=bucket)
    cos.put_bucket_lifecycle(Bucket=bucket, LifecycleConfiguration={'Rule': [
        {'ID': 'archive', 'Status': 'Enabled', 'Filter': {'Prefix': 'logs/'},
         'Transition': {'Days': 30, 'StorageClass': 'STANDARD_IA'}},
        {'ID': 'expire', 'Status': 'Enabled', 'Filter': {'Prefix': 'tmp/'}, 'Expiration': {'Days': 7}}]})
    rules = as_list(cos.get_bucket_lifecycle(Bucket=bucket)['Rule'])
    eq([r['ID'] for r in rules], ['archive', 'expire'], 'lifecycle rule ids')
    eq(as_list(rules[0]['Transition'])[0]['StorageClass'], 'STANDARD_IA', 'lifecycle transition')
    cos.delete_bucket_lifecycle(Bucket=bucket)
    expect_error(404, 'NoSuchLifecycleConfiguration', cos.get_bucket_lifecycle, Bucket=bucket)

    at('put/get_bucket_versioning, put/get/delete_bucket_replication')
    ok('Status' not in (cos.get_bucket_versioning(Bucket=bucket) or {}), 'never-enabled versioning has no Status')
    replication = {'Role': 'qcs::cam::uin/100000000001:uin/100000000001', 'Rule': [
        {'ID': '1', 'Status': 'Enabled', 'Prefix': 'sync/',
         'Destination': {'Bucket': 'qcs::cos:ap-chengdu::backup-' + APPID, 'StorageClass': 'Standard'}}]}
    expect_error(409, 'InvalidBucketState', cos.put_bucket_replication, Bucket=bucket,
                 ReplicationConfiguration=replication)
    cos.put_bucket_versioning(Bucket=bucket, Status='Enabled')
    eq(cos.get_bucket_versioning(Bucket=bucket)['Status'], 'Enabled', 'versioning status')
    cos.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=replication)
    r = cos.get_bucket_replication(Bucket=bucket)
    eq(as_list(r['Rule'])[0]['Destination']['Bucket'], 'qcs::cos:ap-chengdu::backup-' + APPID, 'replication destination')
    cos.delete_bucket_replication(Bucket=bucket)
    expect_error(404, 'ReplicationConfigurationnotFoundError', cos.get_bucket_replication, Bucket=bucket)
    cos.put_bucket_versioning(Bucket=bucket, Status='Suspended')
    eq(cos.get_bucket_versioning(Bucket=bucket)['Status'], 'Suspended', 'versioning suspended')

    at('put/get/delete_bucket_website + the website endpoint')
    cos.put_object(Bucket=bucket, Key='index.html', Body=b'home', ContentType='text/html', ACL='public-read')
    cos.put_object(Bucket=bucket, Key='error.html', Body=b'oops', ContentType='text/html', ACL='public-read')
    cos.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        'IndexDocument': {'Suffix': 'index.html'}, 'ErrorDocument': {'Key': 'error.html'},
        'RoutingRules': [{'Condition': {'KeyPrefixEquals': 'docs/'},
                          'Redirect': {'Protocol': 'https', 'ReplaceKeyPrefixWith': 'documents/'}}]})
    w = cos.get_bucket_website(Bucket=bucket)
    eq(w['IndexDocument']['Suffix'], 'index.html', 'website index suffix')
    site = '%s.cos-website.%s.myqcloud.com' % (bucket, REGION)
    status, _, body = raw_get(site, '/')
    eq((status, body), (200, b'home'), 'website index document')
    status, _, body = raw_get(site, '/missing.html')
    eq((status, body), (404, b'oops'), 'website error document')
    status, headers, _ = raw_get(site, '/docs/a.html')
    eq((status, headers.get('location')), (301, 'https://%s/documents/a.html' % site), 'website routing rule')
    cos.delete_bucket_website(Bucket=bucket)
    expect_error(404, 'NoSuchWebsiteConfiguration', cos.get_bucket_website, Bucket=bucket)

    at('put/get/delete_bucket_referer (hotlink protection)')
    cos.put_bucket_referer(Bucket=bucket, RefererConfiguration={
        'Status': 'Enabled', 'RefererType': 'White-List', 'DomainList': {'Domain': ['*.qq.com', '*.qcloud.com']},
        'EmptyReferConfiguration': 'Deny'})
    r = cos.get_bucket_referer(Bucket=bucket)
    eq(as_list(r['DomainList']['Domain']), ['*.qq.com', '*.qcloud.com'], 'referer domains')
    eq(raw_get(vhost, '/index.html')[0], 403, 'no referer, empty referers denied')
    eq(raw_get(vhost, '/index.html', {'Referer': 'https://www.qq.com/x'})[0], 200, 'white-listed referer')
    eq(raw_get(vhost, '/index.html', {'Referer': 'https://evil.example/'})[0], 403, 'other referer')
    cos.delete_bucket_referer(Bucket=bucket)
    eq(raw_get(vhost, '/index.html')[0], 200, 'after delete_bucket_referer')

    at('put/get/delete_bucket_domain, _origin; put/get_bucket_logging')
    cos.put_bucket_domain(Bucket=bucket, DomainConfiguration={'DomainRule': [
        {'Status': 'ENABLED', 'Name': 'py.example.com', 'Type': 'REST'}]})
    eq(as_list(cos.get_bucket_domain(Bucket=bucket)['DomainRule'])[0]['Name'], 'py.example.com', 'domain name')
    cos.delete_bucket_domain(Bucket=bucket)
    expect_error(404, 'NoSuchDomainConfiguration', cos.get_bucket_domain, Bucket=bucket)
    cos.put_bucket_origin(Bucket=bucket, OriginConfiguration={'OriginRule': [
        {'RulePriority': 1, 'OriginType': 'Mirror', 'OriginCondition': {'HTTPStatusCode': 404, 'Prefix': ''},
         'OriginParameter': {'Protocol': 'HTTP', 'FollowQueryString': 'true', 'FollowRedirection': 'true'},
         'OriginInfo': {'HostInfo': {'HostName': 'qq.com'}}}]})
    eq(as_list(cos.get_bucket_origin(Bucket=bucket)['OriginRule'])[0]['OriginType'], 'Mirror', 'origin type')
    cos.delete_bucket_origin(Bucket=bucket)
    expect_error(404, 'NoSuchOriginConfiguration', cos.get_bucket_origin, Bucket=bucket)
    cos.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
        'LoggingEnabled': {'TargetBucket': bucket, 'TargetPrefix': 'logs/'}})
    eq(cos.get_bucket_logging(Bucket=bucket)['LoggingEnabled']['TargetPrefix'], 'logs/', 'logging prefix')
    expect_error(400, 'InvalidTargetBucketForLogging', cos.put_bucket_logging, Bucket=bucket,
                 BucketLoggingStatus={'LoggingEnabled': {'TargetBucket': 'missing-' + APPID, 'TargetPrefix': 'l/'}})

    at('put/get/list/delete_bucket_inventory')
    cos.put_bucket_inventory(Bucket=bucket, Id='list1', InventoryConfiguration={
        'Destination': {'COSBucketDestination': {'AccountId': '100000000001', 'Bucket': 'qcs::cos:%s::%s' % (REGION, bucket),
                                                 'Format': 'CSV', 'Prefix': 'list1'}},
        'IsEnabled': 'True', 'Filter': {'Prefix': 'filterPrefix'}, 'IncludedObjectVersions': 'All',
        'OptionalFields': {'Field': ['Size', 'ETag']}, 'Schedule': {'Frequency': 'Daily'}})
    inv = cos.get_bucket_inventory(Bucket=bucket, Id='list1')
    eq(inv['IsEnabled'], 'True', 'inventory IsEnabled')
    eq(as_list(inv['OptionalFields']['Field']), ['Size', 'ETag'], 'inventory fields')
    listed = cos.list_bucket_inventory_configurations(Bucket=bucket)
    eq(as_list(listed['InventoryConfiguration'])[0]['Id'], 'list1', 'listed inventory')
    cos.delete_bucket_inventory(Bucket=bucket, Id='list1')
    expect_error(404, 'NoSuchInventoryConfiguration', cos.get_bucket_inventory, Bucket=bucket, Id='list1')

    at('put/get/delete_bucket_encryption + objects report it')
    cos.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        'Rule': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
    r = cos.get_bucket_encryption(Bucket=bucket)
    eq(as_list(r['Rule'])[0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm'], 'AES256', 'encryption rule')
    r = cos.put_object(Bucket=bucket, Key='enc.txt', Body=b'enc')
    eq(r.get('x-cos-server-side-encryption'), 'AES256', 'put_object reports SSE')
    r = cos.head_object(Bucket=bucket, Key='enc.txt')
    eq(r.get('x-cos-server-side-encryption'), 'AES256', 'head_object reports SSE')
    cos.delete_bucket_encryption(Bucket=bucket)
    expect_error(404, 'NoSuchEncryptionConfiguration', cos.get_bucket_encryption, Bucket=bucket)

    at('list_buckets filters')
    cos.put_bucket_tagging(Bucket=bucket, Tagging={'TagSet': {'Tag': [{'Key': 'team', 'Value': 'py'}]}})
    names = lambda r: [b['Name'] for b in as_list((r.get('Buckets') or {}).get('Bucket', []))]
    eq(names(cos.list_buckets(TagKey='team', TagValue='py')), [bucket], 'list_buckets by tag')
    eq(names(cos.list_buckets(TagKey='team', TagValue='nobody')), [], 'list_buckets by another tag')
    ok(bucket in names(cos.list_buckets(Region=REGION)), 'list_buckets by region')
    eq(names(cos.list_buckets(Region='ap-beijing')), [], 'list_buckets of another region')
    ok(bucket in names(cos.list_buckets(CreateTime=int(time.time()) + 3600, Range='lt')), 'list_buckets by creation time')

    at('bucket configs cleanup')
    # Versioning was enabled, then suspended: deletes leave null delete
    # markers, which COS (and the emulator) count as content.
    empty_bucket(bucket)
    cos.delete_bucket(Bucket=bucket)


def empty_bucket(bucket):
    """Removes every version and delete marker (what DELETE Bucket needs once
    versioning was ever enabled)."""
    for _ in range(20):
        r = cos.list_objects_versions(Bucket=bucket)
        entries = r.get('Version', []) + r.get('DeleteMarker', [])
        if not entries:
            return
        cos.delete_objects(Bucket=bucket, Delete={'Quiet': 'true', 'Object': [
            {'Key': e['Key'], 'VersionId': e['VersionId']} for e in entries]})
    raise AssertionError('empty_bucket did not finish')


def objects_issue15():
    """Fourth group (issue 15): object versions, object tagging, append and
    archive restore through the SDK's own methods. Skipped with
    COMPAT_ONLY_CORE=1."""
    bucket = 'pyobjects-' + APPID
    at('issue 15: create_bucket')
    cos.create_bucket(Bucket=bucket)

    at('put/get/delete_object_tagging')
    cos.put_object(Bucket=bucket, Key='tags.txt', Body=b't', Tagging='a=1&b=2')
    eq(cos.head_object(Bucket=bucket, Key='tags.txt').get('x-cos-tagging-count'), '2', 'x-cos-tagging-count')
    tag_list = lambda r: [(t['Key'], t['Value']) for t in as_list((r.get('TagSet') or {}).get('Tag', []))]
    eq(tag_list(cos.get_object_tagging(Bucket=bucket, Key='tags.txt')), [('a', '1'), ('b', '2')], 'tags from x-cos-tagging')
    cos.put_object_tagging(Bucket=bucket, Key='tags.txt', Tagging={'TagSet': {'Tag': [
        {'Key': 'k1', 'Value': 'v1'}, {'Key': 'k2', 'Value': 'v 2'}]}})
    eq(tag_list(cos.get_object_tagging(Bucket=bucket, Key='tags.txt')), [('k1', 'v1'), ('k2', 'v 2')], 'tags after put')
    eq(cos.delete_object_tagging(Bucket=bucket, Key='tags.txt'), None, 'delete_object_tagging')
    eq(tag_list(cos.get_object_tagging(Bucket=bucket, Key='tags.txt')), [], 'no tags after delete')
    expect_error(400, 'InvalidTag', cos.put_object_tagging, Bucket=bucket, Key='tags.txt',
                 Tagging={'TagSet': {'Tag': [{'Key': 'k%d' % i, 'Value': 'v'} for i in range(11)]}})

    at('append_object')
    r = cos.append_object(Bucket=bucket, Key='append.log', Position=0, Data=b'12345')
    eq(r.get('x-cos-next-append-position'), '5', 'next append position')
    r = cos.append_object(Bucket=bucket, Key='append.log', Position=5, Data=b'67890')
    eq(r.get('x-cos-next-append-position'), '10', 'next append position after the second append')
    eq(r.get('ETag'), md5_etag(b'1234567890'), 'ETag of the whole object')
    r = cos.get_object(Bucket=bucket, Key='append.log')
    eq(read_body(r), b'1234567890', 'appended content')
    eq(r.get('x-cos-object-type'), 'appendable', 'x-cos-object-type')
    e = expect_error(409, 'AppendPositionErr', cos.append_object, Bucket=bucket, Key='append.log', Position=3, Data=b'x')
    eq(e.get_status_code(), 409, 'position error status')
    expect_error(409, 'ObjectNotAppendable', cos.append_object, Bucket=bucket, Key='tags.txt', Position=1, Data=b'x')

    at('restore_object (archive)')
    cos.put_object(Bucket=bucket, Key='cold.bin', Body=b'frozen', StorageClass='ARCHIVE')
    expect_error(403, 'InvalidObjectState', cos.get_object, Bucket=bucket, Key='cold.bin')
    expect_error(405, 'RestoreNonArchiveObject', cos.restore_object, Bucket=bucket, Key='tags.txt',
                 RestoreRequest={'Days': 1, 'CASJobParameters': {'Tier': 'Bulk'}})
    eq(cos.restore_object(Bucket=bucket, Key='cold.bin',
                          RestoreRequest={'Days': 1, 'CASJobParameters': {'Tier': 'Expedited'}}), None, 'restore_object')
    expect_error(409, 'RestoreAlreadyInProgress', cos.restore_object, Bucket=bucket, Key='cold.bin',
                 RestoreRequest={'Days': 1, 'CASJobParameters': {'Tier': 'Bulk'}})
    eq(cos.head_object(Bucket=bucket, Key='cold.bin').get('x-cos-restore'), 'ongoing-request="true"', 'restore ongoing')
    for _ in range(200):
        restore = cos.head_object(Bucket=bucket, Key='cold.bin').get('x-cos-restore', '')
        if restore.startswith('ongoing-request="false"'):
            break
        time.sleep(0.05)
    ok(restore.startswith('ongoing-request="false", expiry-date="') and restore.endswith(' GMT"'), 'restore done: %r' % restore)
    eq(read_body(cos.get_object(Bucket=bucket, Key='cold.bin')), b'frozen', 'restored object readable')

    at('versions: put/get/head/delete with VersionId, list_objects_versions')
    cos.put_bucket_versioning(Bucket=bucket, Status='Enabled')
    v1 = cos.put_object(Bucket=bucket, Key='v.txt', Body=b'one')['x-cos-version-id']
    v2 = cos.put_object(Bucket=bucket, Key='v.txt', Body=b'two')['x-cos-version-id']
    ok(v1 != v2, 'distinct version ids')
    eq(read_body(cos.get_object(Bucket=bucket, Key='v.txt', VersionId=v1)), b'one', 'get_object of an older version')
    eq(cos.head_object(Bucket=bucket, Key='v.txt', VersionId=v1).get('x-cos-version-id'), v1, 'head_object VersionId')
    cos.put_object_tagging(Bucket=bucket, Key='v.txt', VersionId=v1, Tagging={'TagSet': {'Tag': [{'Key': 'old', 'Value': '1'}]}})
    eq(tag_list(cos.get_object_tagging(Bucket=bucket, Key='v.txt', VersionId=v1)), [('old', '1')], 'tags of a version')
    eq(tag_list(cos.get_object_tagging(Bucket=bucket, Key='v.txt')), [], 'tags of the latest')
    r = cos.copy_object(Bucket=bucket, Key='copy.txt', CopySource={
        'Bucket': bucket, 'Key': 'v.txt', 'Region': REGION, 'VersionId': v1})
    eq(r.get('x-cos-copy-source-version-id'), v1, 'copy source version')
    eq(read_body(cos.get_object(Bucket=bucket, Key='copy.txt')), b'one', 'copy of an older version')
    r = cos.delete_object(Bucket=bucket, Key='v.txt')
    eq(r.get('x-cos-delete-marker'), 'true', 'delete makes a marker')
    marker = r.get('x-cos-version-id')
    expect_error(404, 'NoSuchKey', cos.get_object, Bucket=bucket, Key='v.txt')
    r = cos.list_objects_versions(Bucket=bucket, Prefix='v')
    eq([(m['Key'], m['VersionId'], m['IsLatest']) for m in r.get('DeleteMarker', [])], [('v.txt', marker, 'true')], 'delete markers')
    eq([(v['VersionId'], v['IsLatest']) for v in r.get('Version', [])], [(v2, 'false'), (v1, 'false')], 'versions newest first')
    seen, key_marker, version_marker = [], '', ''
    for _ in range(10):
        r = cos.list_objects_versions(Bucket=bucket, MaxKeys=2, KeyMarker=key_marker, VersionIdMarker=version_marker)
        seen += [e['Key'] for e in r.get('Version', []) + r.get('DeleteMarker', [])]
        if r['IsTruncated'] == 'false':
            break
        key_marker, version_marker = r['NextKeyMarker'], r['NextVersionIdMarker']
    eq(sorted(seen), ['append.log', 'cold.bin', 'copy.txt', 'tags.txt', 'v.txt', 'v.txt', 'v.txt'], 'paged versions')
    cos.delete_object(Bucket=bucket, Key='v.txt', VersionId=marker)
    eq(read_body(cos.get_object(Bucket=bucket, Key='v.txt')), b'two', 'latest again after removing the marker')
    expect_error(409, 'InvalidBucketState', cos.append_object, Bucket=bucket, Key='append2.log', Position=0, Data=b'x')
    cos.put_bucket_versioning(Bucket=bucket, Status='Suspended')
    eq(cos.put_object(Bucket=bucket, Key='v.txt', Body=b'three').get('x-cos-version-id'), 'null', 'suspended writes the null version')

    at('issue 15 cleanup')
    expect_error(409, 'BucketNotEmpty', cos.delete_bucket, Bucket=bucket)
    empty_bucket(bucket)
    cos.delete_bucket(Bucket=bucket)


def select_fidelity():
    """Fifth group (issue 15): select_object_content, SSE-COS,
    SSE-KMS and SSE-C headers, TrafficLimit pacing, Content-Type inferred from
    the extension. Skipped with COMPAT_ONLY_CORE=1."""
    bucket = 'pyissue15-' + APPID
    at('issue 15: create_bucket')
    cos.create_bucket(Bucket=bucket)
    csv = b'id,name,age\n1,alice,30\n2,bob,25\n3,carol,41\n'
    cos.put_object(Bucket=bucket, Key='data/people.csv', Body=csv)

    at('select_object_content: CSV')
    r = cos.select_object_content(
        Bucket=bucket, Key='data/people.csv', Expression="Select s._1, s._2 from COSObject s where s._3 > '20'",
        ExpressionType='SQL', InputSerialization={'CSV': {'FileHeaderInfo': 'IGNORE', 'RecordDelimiter': '\\n'}},
        OutputSerialization={'CSV': {'RecordDelimiter': '\\n'}}, RequestProgress={'Enabled': 'TRUE'})
    events = list(r['Payload'])
    records = b''.join(e['Records']['Payload'] for e in events if 'Records' in e)
    eq(records, b'1,alice\n2,bob\n3,carol\n', 'select records')
    stats = [e['Stats']['Details'] for e in events if 'Stats' in e]
    eq(len(stats), 1, 'one Stats event')
    eq(stats[0], {'BytesScanned': str(len(csv)), 'BytesProcessed': str(len(csv)), 'BytesReturned': '22'},
       'Stats details')
    ok(any('Progress' in e for e in events), 'Progress events with RequestProgress')
    ok('End' in events[-1], 'End comes last')

    at('select_object_content: JSON LINES, aggregates, get_select_result')
    cos.put_object(Bucket=bucket, Key='data/p.json', Body=b'{"name":"alice","age":30}\n{"name":"bob","age":25}\n')
    r = cos.select_object_content(
        Bucket=bucket, Key='data/p.json', Expression='SELECT COUNT(*) AS n, AVG(s.age) AS mean FROM COSObject s',
        ExpressionType='SQL', InputSerialization={'JSON': {'Type': 'LINES'}},
        OutputSerialization={'JSON': {'RecordDelimiter': '\n'}})
    eq(r['Payload'].get_select_result(), b'{"n":2,"mean":27.5}\n', 'aggregate row')

    at('select_object_content: errors')
    expect_error(400, 'InvalidArgument', cos.select_object_content, Bucket=bucket, Key='data/people.csv',
                 Expression='SELEC 1', ExpressionType='SQL', InputSerialization={'CSV': {}},
                 OutputSerialization={'CSV': {}})
    r = cos.select_object_content(
        Bucket=bucket, Key='data/people.csv', Expression='SELECT CAST(s._2 AS INT) FROM COSObject s',
        ExpressionType='SQL', InputSerialization={'CSV': {'FileHeaderInfo': 'IGNORE'}},
        OutputSerialization={'CSV': {}})
    e = expect_error(200, 'CastFailed', lambda: list(r['Payload']))
    ok(e is not None, 'error message raised as CosServiceError')

    at('SSE-COS, SSE-KMS and SSE-C headers')
    r = cos.put_object(Bucket=bucket, Key='enc/cos.txt', Body=b'enc', ServerSideEncryption='AES256')
    eq(r.get('x-cos-server-side-encryption'), 'AES256', 'put_object SSE-COS')
    eq(cos.head_object(Bucket=bucket, Key='enc/cos.txt').get('x-cos-server-side-encryption'), 'AES256',
       'head_object SSE-COS')
    cos.put_object(Bucket=bucket, Key='enc/kms.txt', Body=b'enc', ServerSideEncryption='cos/kms',
                   SSEKMSKeyId='kms-key-0001')
    eq(cos.head_object(Bucket=bucket, Key='enc/kms.txt').get('x-cos-server-side-encryption-cos-kms-key-id'),
       'kms-key-0001', 'head_object SSE-KMS key id')
    ssec = {'SSECustomerAlgorithm': 'AES256', 'SSECustomerKey': 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
            'SSECustomerKeyMD5': 'hRasmdxgYDKV3nvbahU1MA=='}
    r = cos.put_object(Bucket=bucket, Key='enc/c.txt', Body=b'customer', **ssec)
    eq(r.get('x-cos-server-side-encryption-customer-key-MD5'), ssec['SSECustomerKeyMD5'], 'SSE-C key MD5 echoed')
    expect_error(400, 'SsecDecryptHeaderInvalid', cos.get_object, Bucket=bucket, Key='enc/c.txt')
    eq(read_body(cos.get_object(Bucket=bucket, Key='enc/c.txt', **ssec)), b'customer', 'get_object with the key')
    expect_error(403, 'AccessDenied', cos.get_object, Bucket=bucket, Key='enc/c.txt',
                 SSECustomerAlgorithm='AES256', SSECustomerKey='MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=',
                 SSECustomerKeyMD5=base64.b64encode(hashlib.md5(b'1' * 32).digest()).decode())

    at('TrafficLimit')
    expect_error(400, 'InvalidArgument', cos.get_object, Bucket=bucket, Key='enc/cos.txt', TrafficLimit='1')
    slow = b'z' * (100 * 1024)
    t = time.time()
    cos.put_object(Bucket=bucket, Key='slow.bin', Body=slow, TrafficLimit='819200')
    ok(time.time() - t >= 0.85, 'upload paced (%.2fs)' % (time.time() - t))
    t = time.time()
    eq(read_body(cos.get_object(Bucket=bucket, Key='slow.bin', TrafficLimit='819200')), slow, 'paced download')
    ok(time.time() - t >= 0.85, 'download paced (%.2fs)' % (time.time() - t))

    at('Content-Type from the extension')
    cos.put_object(Bucket=bucket, Key='ct/1.txt', Body=b'text')
    eq(cos.head_object(Bucket=bucket, Key='ct/1.txt').get('Content-Type'), 'text/plain', 'inferred Content-Type')

    at('issue 15 cleanup')
    keys = [c['Key'] for c in cos.list_objects(Bucket=bucket).get('Contents', [])]
    cos.delete_objects(Bucket=bucket, Delete={'Quiet': 'true', 'Object': [{'Key': k} for k in keys]})
    cos.delete_bucket(Bucket=bucket)


def main():
    started = time.time()
    groups = ['core'] + ([] if ONLY_CORE else ['extended', 'bucket_configs', 'objects_issue15', 'select_fidelity'])
    try:
        core()
        if not ONLY_CORE:
            extended()
            bucket_configs()
            objects_issue15()
            select_fidelity()
        query_spaces()
    except Exception as e:  # AssertionError, CosServiceError, CosClientError, ...
        detail = e.get_origin_msg() if isinstance(e, CosServiceError) else ''
        print('python compat: FAILED at step "%s": %s: %s' % (step, type(e).__name__, e), file=sys.stderr)
        if isinstance(e, CosServiceError):
            print('  status %s, raw error body: %s' % (e.get_status_code(), detail), file=sys.stderr)
        here = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == os.path.abspath(__file__)]
        if here:
            print('  at compat.py line %d: %s' % (here[-1].lineno, here[-1].line), file=sys.stderr)
        if not isinstance(e, (AssertionError, CosServiceError)):
            traceback.print_exc()
        return 1
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print('python compat: all operations passed (%s; %d checks, %.1fs)%s' % (
        '+'.join(groups), checks, time.time() - started,
        '' if not ONLY_CORE else ' [COMPAT_ONLY_CORE: ACL/CORS/location/tagging/batch delete/multipart skipped]'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
