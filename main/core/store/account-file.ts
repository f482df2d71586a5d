/**
 * The signed-in account's file, `state/account.json` (user id, granted scopes, when the sign-in
 * lapses — never a token): the store behind the AccountStore port the Google connection uses.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { AccountStore, SignedInAccount } from '../ports.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { dataPaths } from './paths.js';

const accountSchema = z.object({
  healthUserId: z.string(),
  name: z.string().optional(),
  grantedScopes: z.array(z.string()),
  signedInAt: z.number(),
  signInLapsesAt: z.number().optional(),
}) satisfies z.ZodType<SignedInAccount>;

/** The account store of data folder `dataDir`. */
export function accountFile(dataDir: string): AccountStore {
  const path = join(dataPaths(dataDir).stateDir, 'account.json');
  return {
    read: async () => {
      const parsed = accountSchema.safeParse(await readJsonFile(path).catch(() => undefined));
      return parsed.success ? parsed.data : undefined;
    },
    write: (account) => writeFileAtomic(path, JSON.stringify(account, null, 2)),
    forget: () => writeFileAtomic(path, '{}'),
  };
}
