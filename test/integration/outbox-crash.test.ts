/**
 * kill -9 in the middle of an export: a child process drains the outbox through a proxy that lets
 * the real Victoria Metrics store a batch and then kills the child before the reply reaches it.
 * A new process (here: a new Outbox in the test) must finish the job with nothing lost and no
 * duplicate sample, as read back from the server.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileDaySource } from '../../main/core/export/day-source.js';
import { Outbox } from '../../main/core/export/outbox.js';
import { MemoryDaySource, makeDayRecords, recentDays, writeArchiveDays } from '../core/export/day-fixture.js';
import { duplicatesIn, hasVictoria, startVictoriaProxy } from '../harness/victoria-server.js';
import {
  expectedSamples,
  useVictoriaSuite,
  victoriaExporter,
  noteIfNoVictoria,
} from '../helpers/victoria-suite.js';

noteIfNoVictoria('the kill -9 export test');

const CHILD = fileURLToPath(new URL('../core/export/drain-child.ts', import.meta.url));

describe.skipIf(!hasVictoria)(
  'outbox survives kill -9 between send and acknowledgement (real Victoria Metrics)',
  () => {
    const suite = useVictoriaSuite('crash');

    it('a re-send after kill -9 creates no duplicate sample and loses nothing', async () => {
      const { vm, dir } = suite;
      const user = 'crash';
      const days = recentDays(3);
      const source = new MemoryDaySource();
      for (const d of days) source.days.set(d, makeDayRecords(d, { hrEverySeconds: 10 }));
      await writeArchiveDays(dir, source.days);
      await (
        await Outbox.open(dir, 'victoria')
      ).enqueue(days.map((day) => ({ day, hash: source.hashOf(day) })));

      let killed = false;
      let exitChild: Promise<unknown> = Promise.resolve();
      const holder: { proc?: ReturnType<typeof spawn> } = {};
      // Batches are 3000 lines; day 1 is 8640 HR + extras → 4 batches. Kill after the 6th batch (day 2) is stored.
      const proxy = await startVictoriaProxy(vm, (_text, count) =>
        count === 6
          ? {
              action: 'forward-then',
              after: async () => {
                killed = true;
                holder.proc?.kill('SIGKILL');
                await exitChild;
              },
            }
          : { action: 'forward' },
      );
      const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: {
          ...process.env,
          CHILD_DATA_DIR: dir,
          CHILD_VM_USER: vm.user,
          CHILD_VM_PASS: vm.password,
          CHILD_USER_LABEL: user,
          CHILD_BATCH_LINES: '3000',
          CHILD_IMPORT_URL: proxy.importUrl,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      holder.proc = proc;
      let out = '';
      proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
      proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
      exitChild = new Promise((r) =>
        proc.once('exit', (code, signal) => {
          r({ code, signal });
        }),
      );
      const exit = (await exitChild) as { signal: string | null };
      await proxy.close();
      expect(killed, out).toBe(true);
      expect(exit.signal).toBe('SIGKILL');

      // Restart: a new outbox instance (as a new process would) sees day 1 done, days 2–3 pending.
      const box = await Outbox.open(dir, 'victoria');
      expect((await box.status()).pending).toBe(2);
      const exporter = victoriaExporter(vm, dir, user);
      const sum = await box.drain(exporter, { source: fileDaySource(dir) });
      await exporter.close();
      expect(sum).toMatchObject({ sent: 2, rejected: 0, pending: 0 });
      expect(sum.alreadyThere).toBeGreaterThan(0);

      const expected = await expectedSamples(source, days, user);
      const rows = await vm.read(`{user="${user}"}`, expected.size);
      expect(duplicatesIn(rows)).toBe(0);
      expect(rows.reduce((n, r) => n + r.samples.length, 0)).toBe(expected.size);
    }, 120_000); // the recovery read-back waits out VM's index lag (environment.md §4b)
  },
);
