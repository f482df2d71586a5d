/**
 * Minimal argument parsing for CLI commands, built on node:util parseArgs, turning every mistake
 * into an `invalid-input` error with the command's usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SyncBitError } from '../core/errors.js';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  usage: string,
): {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; args: string[] }>>['values'];
  positionals: string[];
} {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    throw new SyncBitError('invalid-input', `${(err as Error).message}\nUsage: syncbit ${usage}`);
  }
}
