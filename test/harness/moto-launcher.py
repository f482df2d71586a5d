#!/usr/bin/env python3
"""A signature-checking S3 server on loopback for SyncBit's tests: moto, with authentication on.

Starts moto's server on 127.0.0.1 (a free port), uses the first requests (which moto lets through
unauthenticated, INITIAL_NO_AUTH_ACTION_COUNT) to create an IAM user allowed to use S3, its access
key and the bucket, then prints one JSON line {"port", "accessKeyId", "secretAccessKey", "bucket"}
and serves until stdin closes or SIGTERM. Every later request must be signed with that key.

moto 5.2.1 recomputes the SigV4 signature from the already-decoded query string, so a correctly
signed ListObjectsV2 with prefix=a/ fails with SignatureDoesNotMatch. The launcher re-encodes the
query (RFC 3986) before moto's check; SyncBit itself is not changed for it.
"""
import json
import logging
import signal
import sys
import threading
from urllib.parse import parse_qsl, quote, urlparse

try:
    import boto3
    import moto.core.authorization as authorization
    from moto import settings
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
except ImportError as err:  # the machine image ships moto; a missing one is a broken machine
    print(f"moto is not installed for {sys.executable}: {err}", file=sys.stderr)
    sys.exit(3)

SETUP_REQUESTS = 4  # CreateUser, PutUserPolicy, CreateAccessKey, CreateBucket


def reencoded_urlparse(url, *args, **kwargs):
    """urlparse whose query is percent-encoded as SigV4 canonicalises it (RFC 3986 unreserved)."""
    parsed = urlparse(url, *args, **kwargs)
    if not parsed.query:
        return parsed
    pairs = parse_qsl(parsed.query, keep_blank_values=True)
    query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    return parsed._replace(query=query)


def main() -> None:
    bucket = sys.argv[1] if len(sys.argv) > 1 else "fitbit-archive"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    authorization.urlparse = reencoded_urlparse
    settings.INITIAL_NO_AUTH_ACTION_COUNT = SETUP_REQUESTS
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    endpoint = f"http://127.0.0.1:{port}"
    setup = {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "setup",
        "aws_secret_access_key": "setup",
    }
    iam = boto3.client("iam", **setup)
    iam.create_user(UserName="syncbit")
    iam.put_user_policy(
        UserName="syncbit",
        PolicyName="s3",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        ),
    )
    key = iam.create_access_key(UserName="syncbit")["AccessKey"]
    boto3.client("s3", **setup).create_bucket(Bucket=bucket)
    print(
        json.dumps(
            {
                "port": port,
                "accessKeyId": key["AccessKeyId"],
                "secretAccessKey": key["SecretAccessKey"],
                "bucket": bucket,
            }
        ),
        flush=True,
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    server.stop()


if __name__ == "__main__":
    main()
