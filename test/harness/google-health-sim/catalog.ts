/**
 * The data types the simulator serves, with what the reference (§3) says about each: record kind
 * (drives filter fields and time shape), scope group, which operations are allowed, rollup cap.
 */

export type RecordKind = 'interval' | 'sample' | 'daily' | 'session' | 'rollup-only';
export type ScopeGroup = 'activity' | 'metrics' | 'sleep';

export const SCOPE_PREFIX = 'https://www.googleapis.com/auth/googlehealth';
export const SIM_SCOPES = {
  activity: `${SCOPE_PREFIX}.activity_and_fitness.readonly`,
  metrics: `${SCOPE_PREFIX}.health_metrics_and_measurements.readonly`,
  sleep: `${SCOPE_PREFIX}.sleep.readonly`,
  settings: `${SCOPE_PREFIX}.settings.readonly`,
  profile: `${SCOPE_PREFIX}.profile.readonly`,
  location: `${SCOPE_PREFIX}.location.readonly`,
} as const;

export interface SimTypeInfo {
  readonly kind: RecordKind;
  readonly scope: ScopeGroup;
  /** camelCase payload key (`heartRate`). */
  readonly key: string;
  readonly list: boolean;
  readonly reconcile: boolean;
  readonly dailyRollUp: boolean;
  /** Maximum rollup range in days (14 or 90). */
  readonly rollupCapDays: number;
  /** Default and maximum page size (25 for sleep/exercise). */
  readonly maxPageSize: number;
  readonly defaultPageSize: number;
}

const t = (
  kind: RecordKind,
  scope: ScopeGroup,
  key: string,
  ops: { list?: boolean; reconcile?: boolean; dailyRollUp?: boolean; cap?: number; page?: number } = {},
): SimTypeInfo => ({
  kind,
  scope,
  key,
  list: ops.list ?? kind !== 'rollup-only',
  reconcile: ops.reconcile ?? kind !== 'rollup-only',
  dailyRollUp: ops.dailyRollUp ?? false,
  rollupCapDays: ops.cap ?? 90,
  maxPageSize: ops.page ?? 10_000,
  defaultPageSize: ops.page ?? 1440,
});

/** Every type the simulator knows, keyed by its kebab-case path id. */
export const SIM_TYPES: Readonly<Record<string, SimTypeInfo>> = {
  steps: t('interval', 'activity', 'steps', { dailyRollUp: true }),
  distance: t('interval', 'activity', 'distance', { dailyRollUp: true }),
  floors: t('interval', 'activity', 'floors', { list: false, dailyRollUp: true }),
  altitude: t('interval', 'activity', 'altitude', { dailyRollUp: true }),
  'active-energy-burned': t('interval', 'activity', 'activeEnergyBurned', { dailyRollUp: true }),
  'total-calories': t('rollup-only', 'activity', 'totalCalories', { dailyRollUp: true, cap: 14 }),
  'active-minutes': t('interval', 'activity', 'activeMinutes', { dailyRollUp: true, cap: 14 }),
  'active-zone-minutes': t('interval', 'activity', 'activeZoneMinutes', { dailyRollUp: true }),
  'time-in-heart-rate-zone': t('interval', 'activity', 'timeInHeartRateZone', { dailyRollUp: true }),
  exercise: t('session', 'activity', 'exercise', { page: 25 }),
  'daily-vo2-max': t('daily', 'activity', 'dailyVo2Max'),
  'heart-rate': t('sample', 'metrics', 'heartRate', { dailyRollUp: true, cap: 14 }),
  'daily-resting-heart-rate': t('daily', 'metrics', 'dailyRestingHeartRate'),
  'daily-heart-rate-zones': t('daily', 'metrics', 'dailyHeartRateZones'),
  'heart-rate-variability': t('sample', 'metrics', 'heartRateVariability'),
  'daily-heart-rate-variability': t('daily', 'metrics', 'dailyHeartRateVariability'),
  'oxygen-saturation': t('sample', 'metrics', 'oxygenSaturation'),
  'daily-oxygen-saturation': t('daily', 'metrics', 'dailyOxygenSaturation'),
  'respiratory-rate-sleep-summary': t('sample', 'metrics', 'respiratoryRateSleepSummary'),
  'daily-respiratory-rate': t('daily', 'metrics', 'dailyRespiratoryRate'),
  'daily-sleep-temperature-derivations': t('daily', 'metrics', 'dailySleepTemperatureDerivations'),
  weight: t('sample', 'metrics', 'weight', { dailyRollUp: true }),
  'body-fat': t('sample', 'metrics', 'bodyFat', { dailyRollUp: true }),
  sleep: t('session', 'sleep', 'sleep', { page: 25 }),
  // Listed but without data here; its dailyRollUp is rejected like the live API's (§6.7): read daily-vo2-max.
  'vo2-max': t('sample', 'activity', 'vo2Max'),
};

/** snake_case filter prefix of a type id (`heart-rate` → `heart_rate`). */
export function snakeOf(type: string): string {
  return type.replace(/-/g, '_');
}
