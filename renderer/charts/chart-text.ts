/**
 * Text alternatives for the charts: the figures a daily-series chart draws (latest, lowest, highest,
 * average) as words, so a canvas's label says what a sighted person reads off it.
 */
import { longDay } from '../format.js';

/** "latest 8,412 steps on Sat, Nov 21, 2026, lowest …, highest …, average …" ("no values" when empty). */
export function seriesFigures(
  points: readonly { day: string; value: number }[],
  format: (v: number) => string,
  unit: string,
): string {
  const last = points.at(-1);
  if (last === undefined) return 'no values';
  let low = last;
  let high = last;
  let sum = 0;
  for (const p of points) {
    if (p.value < low.value) low = p;
    if (p.value > high.value) high = p;
    sum += p.value;
  }
  const u = unit === '' ? '' : ` ${unit}`;
  return [
    `latest ${format(last.value)}${u} on ${longDay(last.day)}`,
    `lowest ${format(low.value)}${u} on ${longDay(low.day)}`,
    `highest ${format(high.value)}${u} on ${longDay(high.day)}`,
    `average ${format(sum / points.length)}${u}`,
  ].join(', ');
}
