/**
 * Settings shared by the CLI and the tray app: one file in the data directory (`config.json`, the
 * format conf writes, which the Electron shell also uses), overridden by environment variables (the old tools' names),
 * every value validated with an error that names the setting and says what is expected. The shape
 * and field rules are common/settings-schema.ts (shared with the window); this file adds where the
 * values come from. Secrets never live in the settings file: they come from the environment,
 * `/run/secrets/<name>`, or the keychain.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Conf from 'conf';
import type { z } from 'zod';
import {
  APP_LOCKED_SETTINGS,
  settingsSchema,
  type SecretName,
  type Settings,
} from '../../../common/settings-schema.js';
import { SyncBitError } from '../errors.js';
import type { SecretStore } from '../ports.js';
import { dataPaths } from './paths.js';

export {
  APP_LOCKED_SETTINGS,
  isSafeGoogleEndpoint,
  settingsSchema,
  type SecretName,
  type Settings,
  type SettingsInput,
} from '../../../common/settings-schema.js';

/** Secrets: never written to the settings file. Name → environment variable and /run/secrets file. */
export const SECRETS = {
  googleClientSecret: { env: 'GOOGLE_CLIENT_SECRET', file: 'google_client_secret' },
  victoriaPassword: { env: 'VICTORIA_PASSWORD', file: 'victoria_password' },
  victoriaToken: { env: 'VICTORIA_TOKEN', file: 'victoria_token' },
  s3SecretAccessKey: { env: 'AWS_SECRET_ACCESS_KEY', file: 'aws_secret_access_key' },
} as const satisfies Record<SecretName, { env: string; file: string }>;

type Converter = 'string' | 'int' | 'bool' | 'lower';
/** Environment variable → settings path. Non-secret values may also come from /run/secrets/<file>. */
export const ENV_SETTINGS: readonly { env: string; path: readonly string[]; as: Converter; file?: string }[] =
  [
    { env: 'SYNC_INTERVAL_MINUTES', path: ['syncIntervalMinutes'], as: 'int' },
    { env: 'SYNCBIT_BACKFILL_DAYS', path: ['backfillDays'], as: 'int' },
    { env: 'SYNCBIT_FINALISATION_DAYS', path: ['finalisationDays'], as: 'int' },
    { env: 'SYNCBIT_TIMEZONE', path: ['timezone'], as: 'string' },
    { env: 'FITBIT_USER_ID', path: ['userLabel'], as: 'string' },
    { env: 'LOG_LEVEL', path: ['logLevel'], as: 'lower' },
    { env: 'SYNCBIT_TOKEN_STORE', path: ['tokenStore'], as: 'lower' },
    { env: 'GOOGLE_CLIENT_ID', path: ['google', 'clientId'], as: 'string', file: 'google_client_id' },
    { env: 'GOOGLE_HEALTH_API_URL', path: ['google', 'apiUrl'], as: 'string' },
    { env: 'GOOGLE_OAUTH_AUTHORIZE_URL', path: ['google', 'authorizeUrl'], as: 'string' },
    { env: 'GOOGLE_OAUTH_TOKEN_URL', path: ['google', 'tokenUrl'], as: 'string' },
    { env: 'GOOGLE_OAUTH_REVOKE_URL', path: ['google', 'revokeUrl'], as: 'string' },
    { env: 'VICTORIA_ENABLED', path: ['victoria', 'enabled'], as: 'bool' },
    { env: 'VICTORIA_ENDPOINT', path: ['victoria', 'endpoint'], as: 'string' },
    { env: 'VICTORIA_USER', path: ['victoria', 'user'], as: 'string', file: 'victoria_user' },
    { env: 'S3_ENABLED', path: ['s3', 'enabled'], as: 'bool' },
    { env: 'S3_BUCKET', path: ['s3', 'bucket'], as: 'string' },
    { env: 'S3_PREFIX', path: ['s3', 'prefix'], as: 'string' },
    { env: 'S3_REGION', path: ['s3', 'region'], as: 'string' },
    { env: 'S3_ENDPOINT', path: ['s3', 'endpoint'], as: 'string' },
    { env: 'S3_FORCE_PATH_STYLE', path: ['s3', 'forcePathStyle'], as: 'bool' },
    { env: 'AWS_ACCESS_KEY_ID', path: ['s3', 'accessKeyId'], as: 'string', file: 'aws_access_key_id' },
  ];

export interface SettingsSources {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where `/run/secrets`-style files are looked up (tests point it at a temp folder). */
  readonly secretsDir?: string;
}

export type SettingOrigin = 'default' | 'file' | 'env';

export interface LoadedSettings {
  readonly settings: Settings;
  /** Where each overridden dotted path came from (for the settings view and `syncbit status`). */
  readonly origins: Readonly<Record<string, SettingOrigin>>;
}

function secretsDirOf(src: SettingsSources): string {
  return src.secretsDir ?? src.env.SYNCBIT_SECRETS_DIR ?? '/run/secrets';
}

async function readSecretFile(dir: string, name: string): Promise<string | undefined> {
  try {
    const v = (await readFile(join(dir, name), 'utf8')).trim();
    return v === '' ? undefined : v;
  } catch {
    return undefined;
  }
}

function convert(raw: string, as: Converter, env: string): unknown {
  switch (as) {
    case 'string':
      return raw;
    case 'lower':
      return raw.toLowerCase();
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n))
        throw new SyncBitError('invalid-settings', `${env}="${raw}" must be a whole number.`);
      return n;
    }
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new SyncBitError('invalid-settings', `${env}="${raw}" must be true or false.`);
    }
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let obj = target;
  for (const key of path.slice(0, -1)) {
    const next = obj[key];
    if (typeof next !== 'object' || next === null) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[path[path.length - 1] as string] = value;
}

/** Formats zod issues as one line per setting, naming the file key and its environment variable. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const path = i.path.join('.');
      const env = ENV_SETTINGS.find((e) => e.path.join('.') === path)?.env;
      return `- ${path}${env === undefined ? '' : ` (${env})`}: ${i.message}`;
    })
    .join('\n');
}

/** Opens the settings file with conf (the library the Electron store is built on). */
export function openSettingsFile(dataDir: string): Conf {
  return new Conf({ cwd: dataDir, configName: 'config', projectName: 'SyncBit', clearInvalidConfig: false });
}

async function readFileSettings(dataDir: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(dataPaths(dataDir).settings, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return {};
    throw new SyncBitError(
      'invalid-settings',
      `Cannot read the settings file ${dataPaths(dataDir).settings}: ${(err as Error).message}`,
    );
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new SyncBitError(
      'invalid-settings',
      `The settings file ${dataPaths(dataDir).settings} is not valid JSON (${(err as Error).message}). Fix it or delete it to start from the defaults; your archive is not affected.`,
    );
  }
}

/**
 * Loads settings: defaults ← settings file ← environment (and /run/secrets for ids). Throws
 * SyncBitError('invalid-settings') listing every bad value with its name.
 */
export async function loadSettings(src: SettingsSources): Promise<LoadedSettings> {
  const raw = await readFileSettings(src.dataDir);
  const origins: Record<string, SettingOrigin> = {};
  for (const e of ENV_SETTINGS) {
    let value = src.env[e.env];
    if ((value === undefined || value === '') && e.file !== undefined)
      value = await readSecretFile(secretsDirOf(src), e.file);
    const fromFile = e.path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], raw);
    if (fromFile !== undefined) origins[e.path.join('.')] = 'file';
    if (value === undefined || value === '') continue;
    setPath(raw, e.path, convert(value, e.as, e.env));
    origins[e.path.join('.')] = 'env';
  }
  // A destination configured only through the environment is on unless explicitly disabled.
  if (src.env.VICTORIA_ENDPOINT && src.env.VICTORIA_ENABLED === undefined)
    setPath(raw, ['victoria', 'enabled'], true);
  if (src.env.S3_BUCKET && src.env.S3_ENABLED === undefined) setPath(raw, ['s3', 'enabled'], true);
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SyncBitError(
      'invalid-settings',
      `Invalid settings (file ${dataPaths(src.dataDir).settings} or environment):\n${describeIssues(parsed.error.issues)}`,
    );
  }
  return { settings: parsed.data, origins };
}

/**
 * Keeps the keys of `raw` the schema knows, with their parsed (validated) values: unknown keys,
 * such as a `victoria.password` sent over IPC, never reach the file. Defaults the user did not
 * set stay out of it, so a later release's defaults still apply.
 */
function knownPart(raw: Record<string, unknown>, parsed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(parsed, key)) continue;
    const r = raw[key];
    const p = parsed[key];
    const isObj = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    out[key] = isObj(r) && isObj(p) ? knownPart(r, p) : p;
  }
  return out;
}

/**
 * Writes a validated change to the settings file (used by the app's settings view). Secrets and
 * the APP_LOCKED_SETTINGS are refused here; what is written is the parsed object, so only known,
 * validated keys reach config.json.
 */
export async function updateSettingsFile(
  dataDir: string,
  patch: Record<string, unknown>,
  persist: SettingsPersister = confPersister,
): Promise<Settings> {
  for (const key of Object.keys(SECRETS)) {
    if (key in patch)
      throw new SyncBitError(
        'invalid-settings',
        `${key} is a secret and is never stored in the settings file.`,
      );
  }
  for (const path of APP_LOCKED_SETTINGS) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        patch,
      );
    if (value !== undefined)
      throw new SyncBitError(
        'invalid-settings',
        `${path} cannot be changed from the app; set it in the environment or in config.json.`,
      );
  }
  const current = await readFileSettings(dataDir);
  const merged = deepMerge(current, patch);
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success)
    throw new SyncBitError('invalid-settings', `Invalid settings:\n${describeIssues(parsed.error.issues)}`);
  persist(dataDir, knownPart(merged, parsed.data));
  return parsed.data;
}

/**
 * Writes the whole validated settings object to `config.json` in the data directory. The CLI uses
 * conf; the tray app passes its Electron store (the same file and format: conf underneath).
 */
export type SettingsPersister = (dataDir: string, settings: Record<string, unknown>) => void;

const confPersister: SettingsPersister = (dataDir, settings) => {
  openSettingsFile(dataDir).store = settings;
};

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      prev !== null &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
    if (v === undefined) Reflect.deleteProperty(out, k);
  }
  return out;
}

/**
 * Resolves a secret: environment variable, then `/run/secrets/<file>`, then the secret store
 * (account `secret:<name>`). Returns undefined when none has it.
 */
export async function resolveSecret(
  name: SecretName,
  src: SettingsSources,
  store?: SecretStore,
): Promise<string | undefined> {
  const spec = SECRETS[name];
  const fromEnv = src.env[spec.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fromFile = await readSecretFile(secretsDirOf(src), spec.file);
  if (fromFile !== undefined) return fromFile;
  return store ? store.get(`secret:${name}`) : undefined;
}
