/**
 * zod's configuration in the window, imported first by renderer/main.ts: jitless, because zod
 * otherwise probes `new Function` when it builds object schemas (common/settings-schema.ts), and
 * the page's CSP (no 'unsafe-eval') reports that probe as a violation.
 */
import { z } from 'zod';

z.config({ jitless: true });
