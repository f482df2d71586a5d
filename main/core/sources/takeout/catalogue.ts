/**
 * The file catalogue: decides from a path alone (never from content) which family a file belongs
 * to, so decoys such as `UserActivityProbabilities*` (about 1 GB) are never opened.
 */

/** Source families SyncBit reads, in the order they are processed (see `FAMILY_ORDER`). */
export const FAMILIES = [
  'Your Profile',
  'Paired Devices/Trackers',
  'Health Fitness Data_GoogleData/UserSleeps',
  'Health Fitness Data_GoogleData/UserSleepStages',
  'Health Fitness Data_GoogleData/UserExercises',
  'Oxygen Saturation (SpO2)/Daily SpO2',
  'Oxygen Saturation (SpO2)/Minute SpO2',
  'Physical Activity_GoogleData/heart_rate',
  'Physical Activity_GoogleData/steps',
  'Physical Activity_GoogleData/distance',
  'Physical Activity_GoogleData/calories',
  'Physical Activity_GoogleData/active_minutes',
  'Physical Activity_GoogleData/active_zone_minutes',
  'Physical Activity_GoogleData/daily_resting_heart_rate',
  'Physical Activity_GoogleData/resting_heart_rate',
  'Physical Activity_GoogleData/daily_vo2_max',
  'Physical Activity_GoogleData/vo2_max',
  'Physical Activity_GoogleData/daily_heart_rate_zones',
  'Physical Activity_GoogleData/daily_oxygen_saturation',
  'Physical Activity_GoogleData/daily_respiratory_rate',
  'Physical Activity_GoogleData/weight',
  'Physical Activity_GoogleData/body_fat',
  'Heart Rate Variability/Daily Heart Rate Variability Summary',
  'Heart Rate Variability/Heart Rate Variability Details',
  'Heart Rate Variability/Daily Respiratory Rate Summary',
  'Temperature/Computed Temperature',
  'Active Zone Minutes (AZM)',
  'Global Export Data/heart_rate',
  'Global Export Data/steps',
  'Global Export Data/distance',
  'Global Export Data/calories',
  'Global Export Data/sleep',
  'Global Export Data/exercise',
  'Global Export Data/weight',
  'Global Export Data/resting_heart_rate',
  'Global Export Data/time_in_heart_rate_zones',
  'Global Export Data/demographic_vo2_max',
  'Global Export Data/sedentary_minutes',
  'Global Export Data/lightly_active_minutes',
  'Global Export Data/moderately_active_minutes',
  'Global Export Data/very_active_minutes',
  // Last: GPS points are matched to the exercises every earlier family found.
  'Physical Activity_GoogleData/gps_location',
] as const;

export type FamilyId = (typeof FAMILIES)[number];

export type Route =
  | { readonly kind: 'family'; readonly family: FamilyId }
  /** Never opened, by design (huge or meaningless). */
  | { readonly kind: 'never-open' }
  /** Not used by SyncBit (personal data, READMEs, unsupported families). */
  | { readonly kind: 'ignored' };

const NEVER_OPEN = /^(UserActivityProbabilities|UserSensorCompressionToken)/i;
const PA_FAMILIES = new Set([
  'heart_rate',
  'steps',
  'distance',
  'calories',
  'active_minutes',
  'active_zone_minutes',
  'daily_resting_heart_rate',
  'resting_heart_rate',
  'daily_vo2_max',
  'vo2_max',
  'gps_location',
  'daily_heart_rate_zones',
  'daily_oxygen_saturation',
  'daily_respiratory_rate',
  'weight',
  'body_fat',
]);
const JSON_FAMILIES = new Set([
  'heart_rate',
  'steps',
  'distance',
  'calories',
  'sleep',
  'exercise',
  'weight',
  'resting_heart_rate',
  'time_in_heart_rate_zones',
  'demographic_vo2_max',
  'sedentary_minutes',
  'lightly_active_minutes',
  'moderately_active_minutes',
  'very_active_minutes',
]);

const IGNORED: Route = { kind: 'ignored' };

function fam(family: string): Route {
  return (FAMILIES as readonly string[]).includes(family)
    ? { kind: 'family', family: family as FamilyId }
    : IGNORED;
}

/** Routes a path below the export root to its family. Looks at the name only. */
export function routeFile(rel: string): Route {
  const segs = rel.split('/');
  const name = segs[segs.length - 1] ?? '';
  const top = segs[0] ?? '';
  if (NEVER_OPEN.test(name)) return { kind: 'never-open' };
  if (/readme/i.test(name)) return IGNORED;
  const lower = name.toLowerCase();
  switch (top) {
    case 'Physical Activity_GoogleData': {
      if (!lower.endsWith('.csv')) return IGNORED;
      const base = lower.slice(0, -4).replace(/_\d{4}-\d{2}-\d{2}$/, '');
      return PA_FAMILIES.has(base) ? fam(`Physical Activity_GoogleData/${base}`) : IGNORED;
    }
    case 'Global Export Data': {
      if (!lower.endsWith('.json')) return IGNORED;
      // Dated (`sleep-2024-10-01.json`) or numbered pages (`exercise-0.json`, `exercise-100.json`).
      const base = lower.slice(0, -5).replace(/-(\d{4}-\d{2}-\d{2}|\d+)$/, '');
      return JSON_FAMILIES.has(base) ? fam(`Global Export Data/${base}`) : IGNORED;
    }
    case 'Health Fitness Data_GoogleData': {
      if (!lower.endsWith('.csv')) return IGNORED;
      if (/^usersleeps_/i.test(name)) return fam('Health Fitness Data_GoogleData/UserSleeps');
      if (/^usersleepstages_/i.test(name)) return fam('Health Fitness Data_GoogleData/UserSleepStages');
      if (/^userexercises_/i.test(name)) return fam('Health Fitness Data_GoogleData/UserExercises');
      return IGNORED;
    }
    case 'Heart Rate Variability': {
      if (!lower.endsWith('.csv')) return IGNORED;
      if (lower.startsWith('daily heart rate variability summary'))
        return fam('Heart Rate Variability/Daily Heart Rate Variability Summary');
      if (lower.startsWith('heart rate variability details'))
        return fam('Heart Rate Variability/Heart Rate Variability Details');
      if (lower.startsWith('daily respiratory rate summary'))
        return fam('Heart Rate Variability/Daily Respiratory Rate Summary');
      return IGNORED;
    }
    case 'Oxygen Saturation (SpO2)': {
      if (!lower.endsWith('.csv')) return IGNORED;
      if (lower.startsWith('daily spo2')) return fam('Oxygen Saturation (SpO2)/Daily SpO2');
      if (lower.startsWith('minute spo2')) return fam('Oxygen Saturation (SpO2)/Minute SpO2');
      return IGNORED;
    }
    case 'Temperature':
      return lower.startsWith('computed temperature') && lower.endsWith('.csv')
        ? fam('Temperature/Computed Temperature')
        : IGNORED;
    case 'Active Zone Minutes (AZM)':
      return lower.endsWith('.csv') ? fam('Active Zone Minutes (AZM)') : IGNORED;
    case 'Paired Devices':
      return lower === 'trackers.csv' ? fam('Paired Devices/Trackers') : IGNORED;
    case 'Your Profile':
    case 'User Profile_GoogleData':
    case 'User Profile':
      return lower.endsWith('.csv') ? fam('Your Profile') : IGNORED;
    default:
      return IGNORED;
  }
}
