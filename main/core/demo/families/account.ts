/** The account files of the synthetic export: paired devices, the profile, empty files, and the decoys the importer must never open. */
import { HFD, HOUR, MINUTE, PA, TRACKER, isoZ } from './format.js';
import type { Generation } from './timeline.js';

export async function writeAccountFiles(g: Generation): Promise<void> {
  const { o, fs, rng } = g;
  const { T0, T1 } = g.tl;
  await fs.put(
    'Paired Devices/Trackers.csv',
    `tracker_id,tracker_name,device_type,date_added,last_sync_date_time,batt_level,hardware_version\n2849173,${TRACKER},TRACKER,${o.startDay},${isoZ(T1 - 2 * HOUR)},72,CHARGE6\n`,
  );
  const profileZone = o.profileZone === undefined ? g.tl.firstZone : o.profileZone;
  if (profileZone !== null) {
    await fs.put(
      'Your Profile/Profile.csv',
      `id,display_name,timezone,weight_unit,distance_unit\nABC123,Demo User,${profileZone},KILOGRAM,METRIC\n`,
    );
  }
  await fs.put(`${PA}swim_lengths_data.csv`, 'no data');
  await fs.put(`${PA}calories_in.csv`, 'timestamp,calories,data source\n');
  await fs.put(
    `${HFD}UserSleeps README.txt`,
    'Sleep sessions with UTC times and the UTC offset of the device.\n',
  );
  if (o.decoys ?? true) {
    const junk: string[] = ['timestamp,activity,probability\n'];
    for (let i = 0; i < 2000; i++)
      junk.push(`${isoZ(T0 + i * MINUTE)},${rng.int(0, 30)},${rng.next().toFixed(4)}\n`);
    await fs.put(`${HFD}UserActivityProbabilities_${o.startDay}.csv`, junk.join(''));
    await fs.put(`${HFD}UserSensorCompressionToken_${o.startDay}.csv`, 'token\n' + 'A'.repeat(4096) + '\n');
  }
}
