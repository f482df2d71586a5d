/**
 * Imported first by the bridge shim: zod probes `new Function` when it builds object schemas, and
 * the renderer's strict CSP (no 'unsafe-eval') reports that probe as a violation. Jitless mode
 * skips the probe. (The real preload runs in Electron's isolated world, outside the page's CSP.)
 */
import { z } from 'zod';

z.config({ jitless: true });
