/**
 * The settings' shape and field rules (zod, no I/O): the full schema with its defaults, the patch
 * the app's window may send, the names of the secrets, and one check per field for inline
 * validation. main/core/store/settings.ts loads config.json and the environment on top of this;
 * the IPC contract validates the patch with it; the renderer checks fields with it. Each rule is
 * written here once.
 */
import { z } from 'zod';

/** True for https, or plain http to a loopback address (a local simulator or proxy). */
export function isSafeGoogleEndpoint(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return true;
  if (u.protocol !== 'http:') return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True for a time zone name the platform's Intl knows (IANA, e.g. Europe/London). */
export function isIanaZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Google's endpoints receive the refresh token and client secret: https only (http on loopback). */
const googleUrl = url.refine(
  isSafeGoogleEndpoint,
  'must be an https URL (plain http only for a loopback address: 127.0.0.1, ::1 or localhost)',
);

const whole = (): z.ZodNumber => z.number({ error: 'must be a whole number' }).int('must be a whole number');

/** A Google OAuth client id as the sign-in request takes it. */
export const clientIdSchema = z
  .string()
  .trim()
  .min(10, 'looks too short for a Google OAuth client id')
  .max(256, 'must be at most 256 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, dash and underscore');

/**
 * Each setting's rule, without defaults or optionality: the full schema, the patch and the
 * per-field check below are all built from these.
 */
export const SETTING_RULES = {
  syncIntervalMinutes: whole()
    .min(5, 'must be at least 5 minutes')
    .max(1440, 'must be at most 1440 minutes (a day)'),
  backfillDays: whole().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days'),
  finalisationDays: whole().min(0, 'must be at least 0 days').max(14, 'must be at most 14 days'),
  timezone: z.string().refine(isIanaZone, 'must be an IANA time zone such as Europe/London'),
  userLabel: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be 1–64 letters, digits, or _ . @ -'),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  tokenStore: z.enum(['keychain', 'file']),
  startAtLogin: z.boolean(),
  google: {
    clientId: z.string().min(10, 'looks too short for a Google OAuth client id'),
    apiUrl: googleUrl,
    authorizeUrl: googleUrl,
    tokenUrl: googleUrl,
    revokeUrl: googleUrl,
  },
  archive: { enabled: z.boolean() },
  victoria: { enabled: z.boolean(), endpoint: url, user: z.string() },
  s3: {
    enabled: z.boolean(),
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be a valid S3 bucket name (3–63 lower-case letters, digits, . -)',
      ),
    prefix: z.string(),
    region: z.string(),
    endpoint: url,
    forcePathStyle: z.boolean(),
    accessKeyId: z.string(),
  },
} as const;

const R = SETTING_RULES;

/** The whole settings object with its defaults and the rules that span fields. */
export const settingsSchema = z
  .object({
    syncIntervalMinutes: R.syncIntervalMinutes.default(15),
    backfillDays: R.backfillDays.default(90),
    finalisationDays: R.finalisationDays.default(3),
    timezone: R.timezone.optional(),
    userLabel: R.userLabel.default('default'),
    logLevel: R.logLevel.default('info'),
    tokenStore: R.tokenStore.default('keychain'),
    startAtLogin: R.startAtLogin.default(false),
    google: z
      .object({
        clientId: R.google.clientId.optional(),
        apiUrl: R.google.apiUrl.default('https://health.googleapis.com'),
        authorizeUrl: R.google.authorizeUrl.default('https://accounts.google.com/o/oauth2/v2/auth'),
        tokenUrl: R.google.tokenUrl.default('https://oauth2.googleapis.com/token'),
        revokeUrl: R.google.revokeUrl.default('https://oauth2.googleapis.com/revoke'),
      })
      .prefault({}),
    archive: z.object({ enabled: R.archive.enabled.default(true) }).prefault({}),
    victoria: z
      .object({
        enabled: R.victoria.enabled.default(false),
        endpoint: R.victoria.endpoint.optional(),
        user: R.victoria.user.optional(),
      })
      .prefault({}),
    s3: z
      .object({
        enabled: R.s3.enabled.default(false),
        bucket: R.s3.bucket.optional(),
        prefix: R.s3.prefix.default(''),
        region: R.s3.region.default('us-east-1'),
        endpoint: R.s3.endpoint.optional(),
        forcePathStyle: R.s3.forcePathStyle.default(false),
        accessKeyId: R.s3.accessKeyId.optional(),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    if (s.victoria.enabled && s.victoria.endpoint === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['victoria', 'endpoint'],
        message: 'is required when Victoria Metrics export is on',
      });
    if (s.s3.enabled && s.s3.bucket === undefined)
      ctx.addIssue({ code: 'custom', path: ['s3', 'bucket'], message: 'is required when S3 export is on' });
  });

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** A leaf of the patch: absent (unchanged), a valid value, or null (back to the default). */
const change = <T extends z.ZodType>(rule: T): z.ZodOptional<z.ZodNullable<T>> => rule.nullable().optional();

/**
 * A change the app's window sends (`settings:update-values`): any subset of the settings, each
 * value checked by its field rule, `null` clearing it. Unknown keys are refused. Whether the result
 * is whole (a destination switched on has its address) is checked by the core on save.
 */
export const settingsPatchSchema = z
  .object({
    syncIntervalMinutes: change(R.syncIntervalMinutes),
    backfillDays: change(R.backfillDays),
    finalisationDays: change(R.finalisationDays),
    timezone: change(R.timezone),
    userLabel: change(R.userLabel),
    logLevel: change(R.logLevel),
    tokenStore: change(R.tokenStore),
    startAtLogin: change(R.startAtLogin),
    google: z
      .object({
        clientId: change(R.google.clientId),
        apiUrl: change(R.google.apiUrl),
        authorizeUrl: change(R.google.authorizeUrl),
        tokenUrl: change(R.google.tokenUrl),
        revokeUrl: change(R.google.revokeUrl),
      })
      .strict()
      .optional(),
    archive: z
      .object({ enabled: change(R.archive.enabled) })
      .strict()
      .optional(),
    victoria: z
      .object({
        enabled: change(R.victoria.enabled),
        endpoint: change(R.victoria.endpoint),
        user: change(R.victoria.user),
      })
      .strict()
      .optional(),
    s3: z
      .object({
        enabled: change(R.s3.enabled),
        bucket: change(R.s3.bucket),
        prefix: change(R.s3.prefix),
        region: change(R.s3.region),
        endpoint: change(R.s3.endpoint),
        forcePathStyle: change(R.s3.forcePathStyle),
        accessKeyId: change(R.s3.accessKeyId),
      })
      .strict()
      .optional(),
  })
  .strict();

/** What the window sends: a deep-partial of the settings, `null` meaning "clear". */
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** A deep-partial of the settings as the core applies it: `undefined` clears a value. */
export type SettingsUpdate = {
  [K in keyof Settings]?: NonNullable<Settings[K]> extends Record<string, unknown>
    ? { [J in keyof NonNullable<Settings[K]>]?: NonNullable<Settings[K]>[J] | undefined } | undefined
    : Settings[K] | undefined;
};

/** Secrets the window may set (write-only); they never live in the settings file. */
export const SECRET_NAMES = [
  'googleClientSecret',
  'victoriaPassword',
  'victoriaToken',
  's3SecretAccessKey',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Settings the app's window may not change (dotted paths): where the tokens and the client secret
 * are sent (Google's endpoints) and how they are kept (`tokenStore`). A compromised renderer
 * could otherwise point the token URL at itself and receive the refresh token, or move the
 * tokens to a plain file. They are set in the environment or config.json only.
 */
export const APP_LOCKED_SETTINGS = [
  'tokenStore',
  'google.apiUrl',
  'google.authorizeUrl',
  'google.tokenUrl',
  'google.revokeUrl',
] as const;

interface RuleTree {
  readonly [key: string]: z.ZodType | RuleTree;
}

function flatten(tree: RuleTree, prefix: string, out: Map<string, z.ZodType>): Map<string, z.ZodType> {
  for (const [key, node] of Object.entries(tree)) {
    if (node instanceof z.ZodType) out.set(`${prefix}${key}`, node);
    else flatten(node, `${prefix}${key}.`, out);
  }
  return out;
}

const RULE_BY_PATH = flatten(SETTING_RULES, '', new Map());

/**
 * Checks one setting's value (dotted path, e.g. `s3.bucket`) against its rule. Returns the problem
 * to show after the field's label ("must be at least 5"), or undefined when the value is good.
 * Ranges are phrased with the bound alone, since the field's label names the unit.
 */
export function validateSettingField(path: string, value: unknown): string | undefined {
  const rule = RULE_BY_PATH.get(path);
  if (rule === undefined) return 'is not a setting SyncBit knows';
  const result = rule.safeParse(value);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  if (issue === undefined) return 'is not valid';
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${issue.maximum}`;
  return issue.message;
}
