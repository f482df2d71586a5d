/**
 * The S3 integration tests' shared pieces for a test server (s3rver or moto): exporter options,
 * a client, the CLI's S3 environment, and reading back what landed under a prefix.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { S3Options } from '../../main/core/export/s3/s3-exporter.js';
import type { DataRecord } from '../../main/core/model/record.js';
import type { S3Server } from '../harness/s3-server.js';

/** Exporter options for `server`'s bucket under `prefix`, with its key pair unless overridden. */
export function s3Options(server: S3Server, prefix: string, over: Partial<S3Options> = {}): S3Options {
  return {
    bucket: server.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    ...over,
  };
}

/** A path-style client for `server` with its key pair; destroy() it after use. */
export function s3Client(server: S3Server): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
}

/** The environment `syncbit` reads to export to `server`'s bucket under `prefix`. */
export function s3CliEnv(server: S3Server, dataDir: string, prefix: string): Record<string, string> {
  return {
    SYNCBIT_DATA_DIR: dataDir,
    S3_BUCKET: server.bucket,
    S3_PREFIX: prefix,
    S3_REGION: 'us-east-1',
    S3_ENDPOINT: server.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
  };
}

/** The object keys under `prefix` in `bucket`, sorted. */
export async function listKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<(string | undefined)[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key).sort();
}

/** GetObject of one day's object, its body gunzipped and parsed. */
export async function readDayObject(client: S3Client, bucket: string, key: string) {
  const obj = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await obj.Body!.transformToByteArray());
  return { obj, records: JSON.parse(gunzipSync(bytes).toString('utf8')) as DataRecord[] };
}
