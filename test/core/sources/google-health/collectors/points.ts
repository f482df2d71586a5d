/**
 * Builders of data points shaped as the Google Health API returns them (§2.7), for tests to hand to
 * the simulator (`controls.addPoints`): interval, sample and daily points with a device source.
 */
import type { HealthDataPoint } from '../../../../../main/core/sources/google-health/api-types.js';

/** An interval point as the API returns it (§2.7). */
export function intervalPoint(
  key: string,
  startIso: string,
  minutes: number,
  offset: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  const start = Date.parse(startIso);
  const end = start + minutes * 60_000;
  return {
    dataSource: {
      platform: 'FITBIT',
      recordingMethod: 'PASSIVELY_MEASURED',
      device: { displayName: device, formFactor: 'TRACKER' },
    },
    [key]: {
      interval: {
        startTime: new Date(start).toISOString().replace('.000Z', 'Z'),
        endTime: new Date(end).toISOString().replace('.000Z', 'Z'),
        startUtcOffset: offset,
        endUtcOffset: offset,
      },
      ...body,
    },
  };
}

/** A sample point (§2.7 ObservationSampleTime). */
export function samplePoint(
  key: string,
  iso: string,
  offset: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  return {
    dataSource: { platform: 'FITBIT', device: { displayName: device } },
    [key]: { sampleTime: { physicalTime: iso, utcOffset: offset }, ...body },
  };
}

/** A daily point (`date` is the user's civil day). */
export function dailyPoint(
  key: string,
  day: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return {
    dataSource: { platform: 'FITBIT', device: { displayName: device } },
    [key]: { date: { year: y, month: m, day: d }, ...body },
  };
}
