/**
 * Reads one archive day through fileDaySource (so on the reading thread) and prints its record
 * count, then simply returns: the process must end by itself (the thread keeps nothing alive).
 * Args: dataDir day.
 */
import { fileDaySource } from '../../../main/core/export/day-source.js';

const [dir, day] = process.argv.slice(2) as [string, string];
const records = await fileDaySource(dir).readDay(day);
process.stdout.write(`${records.length}\n`);
