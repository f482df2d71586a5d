/** The worker thread of day-write-thread.ts: writes the staged days it is asked for. */
import { serveRequests } from '../worker-thread.js';
import type { DayBuild } from './day-build.js';
import { buildStagedDay, type StagedDayRequest } from './staged-day.js';

serveRequests<DayBuild>(async (req: StagedDayRequest) => ({ result: await buildStagedDay(req) }));
