"""Runs S3 calls with boto3 and prints, as one JSON array, what boto3 surfaced for each.

Read from stdin: a JSON array of {endpoint, id, op, bucket, key, body, uploadId, accessKeyId,
secretAccessKey}. Each call uses a client for its endpoint: path-style addressing, us-east-1,
standard retry mode with 3 attempts in all (total_max_attempts; botocore's max_attempts
counts retries only), and the retry backoff set to zero so that retried cases stay
fast (botocore.retries.standard.ExponentialBackoff.delay_amount, the delay between attempts).

Printed per call: {"threw": true, "fields": {...}} with the exception's class, str(e) and
e.response (its Error dict, and ResponseMetadata without HTTPHeaders, whose Date and framing
headers differ between any two servers); or {"threw": false, "fields": {...}} with the response's
keys and ResponseMetadata.
"""

import json
import sys

import boto3
import botocore
import botocore.retries.standard
from botocore.config import Config
from botocore.exceptions import ClientError

botocore.retries.standard.ExponentialBackoff.delay_amount = lambda self, context: 0

CLIENTS = {}


def client_for(call):
    endpoint = call["endpoint"]
    if endpoint not in CLIENTS:
        CLIENTS[endpoint] = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=call["accessKeyId"],
            aws_secret_access_key=call["secretAccessKey"],
            config=Config(
                s3={"addressing_style": "path"},
                retries={"mode": "standard", "total_max_attempts": 3},
            ),
        )
    return CLIENTS[endpoint]


def invoke(s3, call):
    op, bucket, key = call["op"], call["bucket"], call["key"]
    if op == "GetObject":
        out = s3.get_object(Bucket=bucket, Key=key)
        out["Body"].close()
        return out
    if op == "HeadObject":
        return s3.head_object(Bucket=bucket, Key=key)
    if op == "PutObject":
        return s3.put_object(Bucket=bucket, Key=key, Body=call["body"].encode())
    if op == "CopyObject":
        return s3.copy_object(Bucket=bucket, Key=key, CopySource=bucket + "/source-object")
    if op == "CreateBucket":
        return s3.create_bucket(Bucket=bucket)
    if op == "DeleteBucket":
        return s3.delete_bucket(Bucket=bucket)
    if op == "HeadBucket":
        return s3.head_bucket(Bucket=bucket)
    if op == "CompleteMultipartUpload":
        return s3.complete_multipart_upload(
            Bucket=bucket,
            Key=key,
            UploadId=call["uploadId"],
            MultipartUpload={"Parts": [{"ETag": '"etag-1"', "PartNumber": 1}]},
        )
    raise ValueError("unknown operation " + op)


def metadata(response):
    meta = dict(response.get("ResponseMetadata", {}))
    meta.pop("HTTPHeaders", None)
    return meta


def surfaced(call):
    s3 = client_for(call)
    try:
        out = invoke(s3, call)
        return {"threw": False, "fields": {"keys": sorted(k for k in out if k != "ResponseMetadata"), "ResponseMetadata": metadata(out)}}
    except ClientError as error:
        response = dict(error.response)
        fields = {key: value for key, value in response.items() if key != "ResponseMetadata"}
        fields["ResponseMetadata"] = metadata(response)
        return {"threw": True, "fields": {"class": type(error).__name__, "str": str(error), "response": fields}}
    except Exception as error:  # anything else the client raises is what it surfaces too
        return {"threw": True, "fields": {"class": type(error).__name__, "str": str(error)}}


def main():
    calls = json.load(sys.stdin)
    results = [surfaced(call) for call in calls]
    json.dump(results, sys.stdout, default=str)


if __name__ == "__main__":
    main()
