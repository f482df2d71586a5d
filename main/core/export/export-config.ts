/**
 * Maps validated settings (settings.ts: file ← environment ← /run/secrets, secrets from the
 * keychain) onto the exporters' options. A destination that is off gets no options.
 */
import type { SecretName, Settings } from '../store/settings.js';
import type { ExportConfig } from './exporters.js';

/** Builds the exporters' configuration; `secret` resolves a named secret (see Session.secret in app/session.ts). */
export async function exportConfigFromSettings(
  settings: Settings,
  secret: (name: SecretName) => Promise<string | undefined>,
): Promise<ExportConfig> {
  const v = settings.victoria;
  const s = settings.s3;
  return {
    victoria:
      v.enabled && v.endpoint !== undefined
        ? {
            importUrl: v.endpoint,
            user: v.user,
            password: await secret('victoriaPassword'),
            bearerToken: await secret('victoriaToken'),
            userLabel: settings.userLabel,
            timeZone: settings.timezone,
          }
        : undefined,
    s3:
      s.enabled && s.bucket !== undefined
        ? {
            bucket: s.bucket,
            prefix: s.prefix,
            region: s.region,
            endpoint: s.endpoint,
            forcePathStyle: s.forcePathStyle,
            accessKeyId: s.accessKeyId,
            secretAccessKey: await secret('s3SecretAccessKey'),
          }
        : undefined,
  };
}
