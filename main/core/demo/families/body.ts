/** The body family of the synthetic export: weigh-ins every third morning (weight CSV, body-fat CSV with microseconds, legacy JSON). */
import { addDays } from '../../model/civil-day.js';
import { GED, MINUTE, PA, isoZ, legacyStamp, monthEnd, monthFile } from './format.js';
import type { Generation } from './timeline.js';

export async function writeWeighIns(g: Generation): Promise<void> {
  const { rng, fs } = g;
  const { localToUtc, offsetAt, legacyEnd } = g.tl;
  const weightRows: string[] = [];
  const fatRows: string[] = [];
  g.tl.days.forEach((d, i) => {
    if (i % 3 !== 0) return;
    const t = localToUtc(Date.parse(`${d}T07:30:00Z`) + rng.int(0, 20) * MINUTE);
    const kg = Math.round((78 - i * 0.005 + rng.normal(0, 0.3)) * 10) / 10;
    const fat = Math.round(rng.range(21, 23) * 10) / 10;
    if (t >= legacyEnd) {
      weightRows.push(`${isoZ(t)},${Math.round(kg * 1000)},Aria\n`);
      // Real body-fat files carry microseconds.
      fatRows.push(`${isoZ(t).slice(0, 19)}.000000Z,${fat},Aria\n`);
    }
    const wall = t + offsetAt(t) * MINUTE;
    const w = legacyStamp(wall);
    fs.append(
      `${GED}weight-${monthFile(d)}.json`,
      addDays(monthEnd(d), 1),
      '',
      JSON.stringify({
        logId: t,
        weight: kg,
        bmi: Math.round((kg / 1.8 / 1.8) * 100) / 100,
        fat,
        date: w.slice(0, 8),
        time: w.slice(9),
        source: 'Aria',
      }),
    );
  });
  await fs.put(`${PA}weight.csv`, 'timestamp,weight grams,data source\n' + weightRows.join(''));
  await fs.put(
    `${PA}body_fat_${g.o.startDay}.csv`,
    'timestamp,body fat percentage,data source\n' + fatRows.join(''),
  );
}
