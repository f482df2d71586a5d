/** An exporter test's outbox in a folder of its own, fed from an in-memory day source. */
import { Outbox } from '../../main/core/export/outbox.js';
import type { DestinationName } from '../../main/core/export/types.js';
import { MemoryDaySource } from '../core/export/day-fixture.js';

export interface DayOutbox {
  readonly dir: string;
  readonly box: Outbox;
  readonly source: MemoryDaySource;
  /** Queues `days` with the source's current hashes; resolves with how many were new or changed. */
  enqueue(days: readonly string[]): Promise<number>;
}

/** Opens the outbox of `destination` under `dir`, with an empty MemoryDaySource to fill. */
export async function openDayOutbox(dir: string, destination: DestinationName): Promise<DayOutbox> {
  const box = await Outbox.open(dir, destination);
  const source = new MemoryDaySource();
  const enqueue = (days: readonly string[]) =>
    box.enqueue(days.map((day) => ({ day, hash: source.hashOf(day) })));
  return { dir, box, source, enqueue };
}
