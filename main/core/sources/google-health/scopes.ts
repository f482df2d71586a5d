/**
 * Google Health OAuth scopes (reference §1.8) and which data types each one unlocks. SyncBit asks
 * only for read scopes, and derives what to sync from what the user actually granted.
 */
import type { HealthDataType } from './api-types.js';

const PREFIX = 'https://www.googleapis.com/auth/googlehealth';

export const SCOPES = {
  activity: `${PREFIX}.activity_and_fitness.readonly`,
  metrics: `${PREFIX}.health_metrics_and_measurements.readonly`,
  sleep: `${PREFIX}.sleep.readonly`,
  settings: `${PREFIX}.settings.readonly`,
  profile: `${PREFIX}.profile.readonly`,
  location: `${PREFIX}.location.readonly`,
} as const;

export type ScopeName = keyof typeof SCOPES;

/**
 * The minimal read set SyncBit requests: activity, metrics, sleep, settings (time zone, devices)
 * and location (TCX tracks of exercises). Never `include_granted_scopes`.
 */
export const DEFAULT_SCOPES: readonly string[] = [
  SCOPES.activity,
  SCOPES.metrics,
  SCOPES.sleep,
  SCOPES.settings,
  SCOPES.location,
];

const ACTIVITY_TYPES = [
  'steps',
  'distance',
  'floors',
  'altitude',
  'active-energy-burned',
  'basal-energy-burned',
  'total-calories',
  'active-minutes',
  'active-zone-minutes',
  'activity-level',
  'sedentary-period',
  'time-in-heart-rate-zone',
  'calories-in-heart-rate-zone',
  'swim-lengths-data',
  'exercise',
  'daily-vo2-max',
  'vo2-max',
  'run-vo2-max',
];
const SLEEP_TYPES = ['sleep'];

/** The scope a data type's read calls need (health metrics for everything not activity or sleep). */
export function scopeForType(type: HealthDataType): string {
  if (ACTIVITY_TYPES.includes(type)) return SCOPES.activity;
  if (SLEEP_TYPES.includes(type)) return SCOPES.sleep;
  return SCOPES.metrics;
}

/** A short human name for a scope, for messages ("Health metrics and measurements"). */
export function scopeLabel(scope: string): string {
  switch (scope) {
    case SCOPES.activity:
      return 'Activity and fitness';
    case SCOPES.metrics:
      return 'Health metrics and measurements';
    case SCOPES.sleep:
      return 'Sleep';
    case SCOPES.settings:
      return 'Settings';
    case SCOPES.location:
      return 'Location';
    case SCOPES.profile:
      return 'Profile';
    default:
      return scope;
  }
}

/** Parses the space-separated `scope` string of a token response. */
export function parseScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s !== '');
}

/** True when `granted` allows reading `type`. */
export function isTypeGranted(type: HealthDataType, granted: readonly string[]): boolean {
  return granted.includes(scopeForType(type));
}
