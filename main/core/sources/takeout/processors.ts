/** Wires every source family to its normaliser (one place to see what SyncBit reads). */
import type { FamilyId } from './catalogue.js';
import type { FamilyProcessor } from './family-io.js';
import type { ImportContext, ZoneSource } from './import-context.js';
import { activeMinutesCsv, azmCsv, heartRateCsv, minuteTotalsCsv } from './normalise-activity.js';
import {
  dailySpo2Csv,
  hrZonesCsv,
  respiratoryCsv,
  restingHrCsv,
  vo2MaxCsv,
  weighInCsv,
} from './normalise-daily.js';
import { gpsLocationCsv } from './normalise-gps.js';
import {
  activeMinutesJson,
  exerciseJson,
  hrZonesJson,
  intradayJson,
  restingHrJson,
  sleepJson,
  vo2MaxJson,
  weightJson,
} from './normalise-global-json.js';
import {
  SleepState,
  userExercisesCsv,
  userSleepStagesCsv,
  userSleepsCsv,
} from './normalise-health-fitness.js';
import { profileCsv, trackersCsv } from './normalise-profile.js';
import {
  azmLegacyCsv,
  computedTemperatureCsv,
  hrvDailyCsv,
  hrvDetailsCsv,
  respiratorySummaryCsv,
  spo2DailyCsv,
  spo2MinuteCsv,
} from './normalise-vitals.js';

/** Builds the processors of one import. `zoneFromProfile` is called when the profile names a zone. */
export function buildProcessors(
  ctx: ImportContext,
  zoneFromProfile: (zone: string, source: ZoneSource) => void,
): Record<FamilyId, FamilyProcessor> {
  const sleep = new SleepState();
  return {
    'Your Profile': profileCsv(ctx, (z) => {
      zoneFromProfile(z, 'profile');
    }),
    'Paired Devices/Trackers': trackersCsv(ctx),
    'Health Fitness Data_GoogleData/UserSleeps': userSleepsCsv(ctx, sleep),
    'Health Fitness Data_GoogleData/UserSleepStages': userSleepStagesCsv(ctx, sleep),
    'Health Fitness Data_GoogleData/UserExercises': userExercisesCsv(ctx),
    'Oxygen Saturation (SpO2)/Daily SpO2': spo2DailyCsv(ctx),
    'Oxygen Saturation (SpO2)/Minute SpO2': spo2MinuteCsv(ctx),
    'Physical Activity_GoogleData/heart_rate': heartRateCsv(ctx),
    'Physical Activity_GoogleData/steps': minuteTotalsCsv(ctx, 'steps'),
    'Physical Activity_GoogleData/distance': minuteTotalsCsv(ctx, 'distance'),
    'Physical Activity_GoogleData/calories': minuteTotalsCsv(ctx, 'calories'),
    'Physical Activity_GoogleData/active_minutes': activeMinutesCsv(ctx),
    'Physical Activity_GoogleData/active_zone_minutes': azmCsv(ctx),
    'Physical Activity_GoogleData/daily_resting_heart_rate': restingHrCsv(ctx),
    'Physical Activity_GoogleData/resting_heart_rate': restingHrCsv(
      ctx,
      'Physical Activity_GoogleData/daily_resting_heart_rate',
    ),
    'Physical Activity_GoogleData/daily_vo2_max': vo2MaxCsv(ctx),
    'Physical Activity_GoogleData/vo2_max': vo2MaxCsv(ctx, 'Physical Activity_GoogleData/daily_vo2_max'),
    'Physical Activity_GoogleData/daily_heart_rate_zones': hrZonesCsv(ctx),
    'Physical Activity_GoogleData/daily_oxygen_saturation': dailySpo2Csv(ctx),
    'Physical Activity_GoogleData/daily_respiratory_rate': respiratoryCsv(ctx),
    'Physical Activity_GoogleData/weight': weighInCsv(ctx, 'weight'),
    'Physical Activity_GoogleData/body_fat': weighInCsv(ctx, 'body-fat'),
    'Heart Rate Variability/Daily Heart Rate Variability Summary': hrvDailyCsv(ctx),
    'Heart Rate Variability/Heart Rate Variability Details': hrvDetailsCsv(ctx),
    'Heart Rate Variability/Daily Respiratory Rate Summary': respiratorySummaryCsv(ctx),
    'Temperature/Computed Temperature': computedTemperatureCsv(ctx),
    'Active Zone Minutes (AZM)': azmLegacyCsv(ctx),
    'Global Export Data/heart_rate': intradayJson(ctx, 'heart_rate'),
    'Global Export Data/steps': intradayJson(ctx, 'steps'),
    'Global Export Data/distance': intradayJson(ctx, 'distance'),
    'Global Export Data/calories': intradayJson(ctx, 'calories'),
    'Global Export Data/sleep': sleepJson(ctx),
    'Global Export Data/exercise': exerciseJson(ctx),
    'Global Export Data/weight': weightJson(ctx),
    'Global Export Data/resting_heart_rate': restingHrJson(ctx),
    'Global Export Data/time_in_heart_rate_zones': hrZonesJson(ctx),
    'Global Export Data/demographic_vo2_max': vo2MaxJson(ctx),
    'Global Export Data/sedentary_minutes': activeMinutesJson(ctx, 'sedentary_minutes'),
    'Global Export Data/lightly_active_minutes': activeMinutesJson(ctx, 'lightly_active_minutes'),
    'Global Export Data/moderately_active_minutes': activeMinutesJson(ctx, 'moderately_active_minutes'),
    'Global Export Data/very_active_minutes': activeMinutesJson(ctx, 'very_active_minutes'),
    'Physical Activity_GoogleData/gps_location': gpsLocationCsv(ctx),
  };
}
