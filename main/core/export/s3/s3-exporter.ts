/**
 * S3 exporter: one object per civil day, `s3://<bucket>/<prefix>/fitbit_backup_YYYY-MM-DD.json.gz`,
 * body = the day's records as a gzipped JSON array (CromWell's format), `Content-Type:
 * application/json`, `Content-Encoding: gzip`. A PUT replaces the object, so re-sending is
 * idempotent; a day is uploaded again only when its content changed: the outbox skips days whose
 * hash was acknowledged, and for a day with no record of an upload (first export, lost state) the
 * object's `x-amz-meta-syncbit-sha256` is compared before uploading.
 */
import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import {
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { SyncBitError } from '../../errors.js';
import { encodeDayJson } from '../../store/day-file.js';
import { dayFileName } from '../../store/paths.js';
import type { DayJob, DayOutcome, Exporter, PrepareResult, TestResult } from '../types.js';

const gzipAsync = promisify(gzip);
const HASH_META = 'syncbit-sha256';

/** Settings the S3 exporter needs (the app layer maps the saved settings onto these). */
export interface S3Options {
  readonly bucket: string;
  /** Key prefix without leading/trailing slashes (`cromwell/fitbit`); empty for the bucket root. */
  readonly prefix?: string | undefined;
  readonly region?: string | undefined;
  /** Any S3-compatible endpoint (MinIO, R2, B2); AWS when unset. */
  readonly endpoint?: string | undefined;
  readonly forcePathStyle?: boolean | undefined;
  /** Static credentials; when unset the AWS SDK's default chain (env, profile, instance role) is used. */
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  readonly sessionToken?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/** The object key of a day. */
export function s3KeyOf(prefix: string | undefined, day: string): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return p === '' ? dayFileName(day) : `${p}/${dayFileName(day)}`;
}

interface AwsError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export class S3Exporter implements Exporter {
  readonly destination = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly options: S3Options) {
    const config: S3ClientConfig = {
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle ?? false,
      maxAttempts: 2,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint !== undefined && options.endpoint !== '') config.endpoint = options.endpoint;
    if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined)
      config.credentials = {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
        sessionToken: options.sessionToken,
      };
    this.client = new S3Client(config);
  }

  prepare(): Promise<PrepareResult> {
    return Promise.resolve({ warnings: [] });
  }

  async exportDay(job: DayJob, signal?: AbortSignal): Promise<DayOutcome> {
    const key = s3KeyOf(this.options.prefix, job.day);
    const json = encodeDayJson(job.records);
    const sha = createHash('sha256').update(json).digest('hex');
    if (job.exportedHash === undefined || job.mayBePartlySent) {
      const existing = await this.remoteHash(key, signal);
      if (existing === sha) return { kind: 'sent', written: 0, skipped: 1, note: 'already in the bucket' };
    }
    const body = await gzipAsync(json, { level: 6 });
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          Metadata: { [HASH_META]: sha, 'syncbit-day': job.day },
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      const e = err as AwsError;
      const status = e.$metadata?.httpStatusCode;
      if (status === 400 && !isAuthError(e))
        return { kind: 'rejected', message: `HTTP 400 ${e.name ?? ''}: ${e.message ?? ''}`.trim() };
      throw this.classify(err, `upload of ${key}`);
    }
    return { kind: 'sent', written: 1, skipped: 0 };
  }

  async test(signal?: AbortSignal): Promise<TestResult> {
    const details: string[] = [];
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), { abortSignal: signal });
      details.push(`HeadBucket ${this.options.bucket}: ok`);
      const prefix = (this.options.prefix ?? '').replace(/^\/+|\/+$/g, '');
      const list = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: prefix === '' ? undefined : `${prefix}/`,
          MaxKeys: 1,
        }),
        { abortSignal: signal },
      );
      details.push(`ListObjectsV2 (max 1) under "${prefix}/": ${list.KeyCount ?? 0} object(s) seen`);
      return {
        ok: true,
        message: `S3 bucket ${this.options.bucket} is reachable and accepts the credentials (nothing was written).`,
        details,
      };
    } catch (err) {
      return {
        ok: false,
        message: this.classify(err, `access to bucket ${this.options.bucket}`).message,
        details,
      };
    }
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }

  private async remoteHash(key: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }), {
        abortSignal: signal,
      });
      return head.Metadata?.[HASH_META];
    } catch (err) {
      const e = err as AwsError;
      if (e.$metadata?.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchKey')
        return undefined;
      throw this.classify(err, `check of ${key}`);
    }
  }

  private classify(err: unknown, what: string): SyncBitError {
    if (err instanceof SyncBitError) return err;
    const e = err as AwsError;
    const where = `S3 bucket ${this.options.bucket}${this.options.endpoint ? ` at ${new URL(this.options.endpoint).host}` : ''}`;
    const status = e.$metadata?.httpStatusCode;
    if (e.name === 'AbortError') return new SyncBitError('cancelled', 'The export was cancelled.');
    if (e.name === 'CredentialsProviderError')
      return new SyncBitError(
        'invalid-settings',
        `${where}: no S3 credentials were found. Set the access key ID and secret in Settings (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an AWS profile). Data stays in the outbox.`,
        { cause: err, retryable: true },
      );
    if (isAuthError(e) || status === 401 || status === 403)
      return new SyncBitError(
        'auth-required',
        `${where} refused the credentials for ${what} (${describe(e)}): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and the bucket policy. Data stays in the outbox.`,
        { cause: err, retryable: true },
      );
    if (e.name === 'NoSuchBucket' || (status === 404 && what.startsWith('access')))
      return new SyncBitError(
        'invalid-settings',
        `${where} does not exist: check S3_BUCKET (and S3_ENDPOINT/S3_REGION). Data stays in the outbox.`,
        {
          cause: err,
          retryable: true,
        },
      );
    return new SyncBitError(
      'network',
      `${where}: ${what} failed (${describe(e) || (e.code ?? 'error')}: ${e.message ?? ''}). SyncBit will retry.`,
      {
        cause: err,
        retryable: true,
      },
    );
  }
}

/** The S3 error code when the server sent one (HEAD responses have no body, so only the status). */
function describe(e: AwsError): string {
  const status = e.$metadata?.httpStatusCode;
  const named = e.name !== undefined && !/^Unknown/.test(e.name);
  return [named ? e.name : undefined, status === undefined ? undefined : `HTTP ${status}`]
    .filter((x) => x !== undefined)
    .join(', ');
}

function isAuthError(e: AwsError): boolean {
  return [
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'AccessDenied',
    'ExpiredToken',
    'InvalidToken',
    'Forbidden',
    'Unauthorized',
  ].includes(e.name ?? '');
}
