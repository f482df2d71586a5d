/**
 * The daily families of the synthetic export: resting heart rate (and its duplicate family),
 * heart-rate zones, VO2 max, SpO2, respiratory rate, HRV summary, readiness, activity minutes —
 * as daily CSVs and their legacy JSON twins — and the placeholder days after the last real one.
 */
import { addDays } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import { GED, PA, TRACKER, monthEnd, monthFile } from './format.js';
import { RHR_BASE, type DayAgg } from './intraday.js';
import type { Generation } from './timeline.js';

interface DailyRows {
  rhr: string[];
  zones: string[];
  spo2: string[];
  resp: string[];
  vo2: string[];
  readiness: string[];
}

/** One day's values (drawn in this order: resting HR, SpO2, respiratory rate, VO2 max). */
interface DayValues {
  readonly d: CivilDay;
  readonly a: DayAgg;
  readonly rhr: number;
  readonly stampD: string;
  readonly legacyD: string;
  readonly lm: string;
  readonly close: CivilDay;
  readonly zones: readonly { name: string; minutes: number | undefined; calories: number }[];
  readonly spo2: number;
  readonly resp: number;
  readonly vo2: number;
}

const ZONE_NAMES = ['Out of Range', 'Fat Burn', 'Cardio', 'Peak'];

/** Writes the daily families; returns the resting heart rate per day (the truth). */
export async function writeDailyFamilies(
  g: Generation,
  dayAgg: ReadonlyMap<CivilDay, DayAgg>,
): Promise<Map<CivilDay, number>> {
  const restingHr = new Map<CivilDay, number>();
  const rows: DailyRows = { rhr: [], zones: [], spo2: [], resp: [], vo2: [], readiness: [] };
  for (const d of g.tl.days) {
    const a = dayAgg.get(d);
    if (!a || a.hrN === 0) continue;
    const v = dayValues(g, d, a);
    restingHr.set(d, v.rhr);
    if (!g.legacyDaySet.has(d)) pushCsvRows(g, rows, v);
    appendLegacyJson(g, v);
    appendVitals(g, v);
  }
  appendPlaceholders(g);
  await putDailyCsvs(g, rows);
  return restingHr;
}

function dayValues(g: Generation, d: CivilDay, a: DayAgg): DayValues {
  const { rng } = g;
  const rhr = Math.round((RHR_BASE + rng.normal(0, 1.5)) * 10) / 10;
  const zones = ZONE_NAMES.map((name, i) => ({
    name,
    minutes: a.zoneMin[i],
    calories: Math.round((a.zoneCal[i] ?? 0) * 100) / 100,
  }));
  const spo2 = Math.round(rng.range(94, 98) * 10) / 10;
  const resp = Math.round(rng.range(13, 16.5) * 10) / 10;
  const vo2 = Math.round(rng.range(44, 47) * 100) / 100;
  return {
    d,
    a,
    rhr,
    stampD: `${d}T00:00:00Z`,
    legacyD: `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(2, 4)} 00:00:00`,
    lm: monthFile(d),
    close: addDays(monthEnd(d), 1),
    zones,
    spo2,
    resp,
    vo2,
  };
}

function pushCsvRows(g: Generation, rows: DailyRows, v: DayValues): void {
  const { rng } = g;
  const { d, stampD, spo2 } = v;
  rows.rhr.push(`${stampD},${v.rhr},${TRACKER}\n`);
  rows.zones.push(`${stampD},"${JSON.stringify(v.zones).replace(/"/g, '""')}",${TRACKER}\n`);
  // The 5-column header of real exports; the standard deviation is sometimes a literal NaN.
  rows.spo2.push(
    `${stampD},${spo2},${(spo2 - 2.5).toFixed(1)},${Math.min(100, spo2 + 2).toFixed(1)},${(spo2 - 0.2).toFixed(1)},${d.endsWith('5') ? 'NaN' : '0.8'},${TRACKER}\n`,
  );
  rows.vo2.push(`${stampD},${v.vo2},${TRACKER}\n`);
  rows.readiness.push(
    `${d},${rng.int(40, 95)},AUTO,HIGH,${rng.int(40, 95)},${rng.int(40, 95)},${rng.int(40, 95)}\n`,
  );
  rows.resp.push(`${stampD},${v.resp},${TRACKER}\n`);
}

function appendLegacyJson(g: Generation, v: DayValues): void {
  const { fs, rng } = g;
  const { d, a, lm, close, legacyD, vo2 } = v;
  fs.append(
    `${GED}resting_heart_rate-${lm}.json`,
    close,
    '',
    `{"dateTime":"${legacyD}","value":{"date":"${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}","value":${v.rhr},"error":${rng.range(3, 8).toFixed(1)}}}`,
  );
  const vz = {
    BELOW_DEFAULT_ZONE_1: a.zoneMin[0],
    IN_DEFAULT_ZONE_1: a.zoneMin[1],
    IN_DEFAULT_ZONE_2: a.zoneMin[2],
    IN_DEFAULT_ZONE_3: a.zoneMin[3],
  };
  fs.append(
    `${GED}time_in_heart_rate_zones-${lm}.json`,
    close,
    '',
    JSON.stringify({ dateTime: legacyD, value: { valuesInZones: vz } }),
  );
  fs.append(
    `${GED}demographic_vo2_max-${lm}.json`,
    close,
    '',
    JSON.stringify({
      dateTime: legacyD,
      value: {
        demographicVO2Max: vo2 + 0.3,
        demographicVO2MaxError: 3.1,
        filteredDemographicVO2Max: vo2,
        filteredDemographicVO2MaxError: 0.4,
      },
    }),
  );
  for (const [fam, n] of [
    ['sedentary_minutes', a.sedentary],
    ['lightly_active_minutes', a.light],
    ['moderately_active_minutes', a.moderate],
    ['very_active_minutes', a.very],
  ] as const)
    fs.append(`${GED}${fam}-${lm}.json`, close, '', `{"dateTime":"${legacyD}","value":"${n}"}`);
}

function appendVitals(g: Generation, v: DayValues): void {
  const { fs, rng } = g;
  const { d, lm, close, stampD, spo2 } = v;
  fs.append(
    `Oxygen Saturation (SpO2)/Daily SpO2 - ${lm}.csv`,
    close,
    'timestamp,average_value,lower_bound,upper_bound\n',
    `${stampD},${spo2},${(spo2 - 2.5).toFixed(1)},${Math.min(100, spo2 + 2).toFixed(1)}\n`,
  );
  fs.append(
    `Heart Rate Variability/Daily Respiratory Rate Summary - ${lm}.csv`,
    close,
    'timestamp,daily_respiratory_rate\n',
    `${d}T00:00:00,${v.resp}\n`,
  );
  fs.append(
    `Heart Rate Variability/Daily Heart Rate Variability Summary - ${lm}.csv`,
    close,
    'timestamp,rmssd,nremhr,entropy\n',
    `${d}T00:00:00,${rng.range(28, 48).toFixed(3)},${rng.range(52, 58).toFixed(3)},${rng.range(2, 3).toFixed(3)}\n`,
  );
}

/** Placeholder future days (and null resting-HR rows) after the last real day. */
function appendPlaceholders(g: Generation): void {
  const { fs } = g;
  const { lastDay } = g.tl;
  for (let i = 1; i <= 14; i++) {
    const d = addDays(lastDay, i);
    const legacyD = `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(2, 4)} 00:00:00`;
    const lm = monthFile(lastDay);
    fs.append(
      `${GED}sedentary_minutes-${lm}.json`,
      '9999-12-31',
      '',
      `{"dateTime":"${legacyD}","value":"1440"}`,
    );
    for (const fam of ['lightly_active_minutes', 'moderately_active_minutes', 'very_active_minutes'])
      fs.append(`${GED}${fam}-${lm}.json`, '9999-12-31', '', `{"dateTime":"${legacyD}","value":"0"}`);
    if (i <= 3)
      fs.append(
        `${GED}resting_heart_rate-${lm}.json`,
        '9999-12-31',
        '',
        `{"dateTime":"${legacyD}","value":{"date":null,"value":0.0,"error":0.0}}`,
      );
  }
}

async function putDailyCsvs(g: Generation, rows: DailyRows): Promise<void> {
  const { fs } = g;
  await fs.put(
    `${PA}daily_resting_heart_rate.csv`,
    'timestamp,beats per minute,data source\n' + rows.rhr.join(''),
  );
  await fs.put(
    `${PA}daily_heart_rate_zones.csv`,
    'timestamp,heart rate zones,data source\n' + rows.zones.join(''),
  );
  // The duplicate family of real exports: the same values written without the decimal (`51` vs `51.0`).
  await fs.put(
    `${PA}resting_heart_rate.csv`,
    'timestamp,beats per minute,data source\n' +
      rows.rhr.map((r) => r.replace(/,(\d+)\.0,/, ',$1,')).join(''),
  );
  await fs.put(`${PA}daily_vo2_max.csv`, 'timestamp,vo2 max,data source\n' + rows.vo2.join(''));
  await fs.put(`${PA}vo2_max.csv`, 'timestamp,vo2 max,data source\n' + rows.vo2.join(''));
  await fs.put(
    `${PA}daily_oxygen_saturation.csv`,
    'timestamp,average percentage,lower bound percentage,upper bound percentage,baseline percentage,standard deviation percentage,data source\n' +
      rows.spo2.join(''),
  );
  await fs.put(
    `${PA}daily_readiness_${g.o.startDay}.csv`,
    'timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness\n' +
      rows.readiness.join(''),
  );
  await fs.put(
    `${PA}daily_respiratory_rate.csv`,
    'timestamp,breaths per minute,data source\n' + rows.resp.join(''),
  );
}
