/**
 * Child process for the kill -9 test: drains the Victoria Metrics outbox of a data folder once.
 * The test SIGKILLs it at a chosen moment (after the server stored a batch, before the reply).
 */
import { fileDaySource } from '../../../main/core/export/day-source.js';
import { Outbox } from '../../../main/core/export/outbox.js';
import { VictoriaExporter } from '../../../main/core/export/victoria/victoria-exporter.js';

const env = process.env;
const dataDir = env.CHILD_DATA_DIR ?? '';
const exporter = new VictoriaExporter(
  {
    importUrl: env.CHILD_IMPORT_URL ?? '',
    user: env.CHILD_VM_USER,
    password: env.CHILD_VM_PASS,
    userLabel: env.CHILD_USER_LABEL ?? 'default',
    timeZone: 'UTC',
    maxBatchLines: Number(env.CHILD_BATCH_LINES ?? '50000'),
  },
  { journalDir: Outbox.journalDir(dataDir, 'victoria') },
);
const box = await Outbox.open(dataDir, 'victoria');
const summary = await box.drain(exporter, { source: fileDaySource(dataDir) });
await exporter.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
