import { describe, expect, it } from 'vitest';
import {
  FAILING_FOR_MS,
  NotificationCenter,
  StatusNotices,
  type ShownNotification,
} from '../../main/shell/notifications.js';
import { baseStatus } from './fake-services.js';
import { TestClock } from '../helpers/test-clock.js';

function setup() {
  const clock = new TestClock({ start: 1_000_000 });
  const shown: ShownNotification[] = [];
  const center = new NotificationCenter({ clock, show: (n) => shown.push(n), combineWindowMs: 2_000 });
  return { clock, shown, center };
}

describe('NotificationCenter', () => {
  it('shows one notice after the combine window, with the right click action', () => {
    const { clock, shown, center } = setup();
    center.post({ kind: 'import-done', title: 'Takeout import finished', body: '3 days' });
    expect(shown).toHaveLength(0);
    clock.advance(2_000);
    expect(shown).toEqual([{ title: 'Takeout import finished', body: '3 days', action: 'open' }]);
  });

  it('throttles repeats of the same kind within its window, and shows it again after', () => {
    const { clock, shown, center } = setup();
    const auth = { kind: 'auth-required' as const, title: 'Authorization needs renewing', body: 'Click' };
    center.post(auth);
    clock.advance(2_000);
    center.post(auth);
    clock.advance(3_600_000);
    center.post(auth);
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.action).toBe('reauthorize');
    clock.advance(12 * 3_600_000);
    center.post(auth);
    clock.advance(2_000);
    expect(shown).toHaveLength(2);
  });

  it('combines notices that arrive together into one, most severe first', () => {
    const { clock, shown, center } = setup();
    center.post({ kind: 'backfill-done', title: 'Your history is in', body: '' });
    center.post({ kind: 'destination-refusing', key: 's3', title: 'S3 keeps refusing data', body: '' });
    center.post({ kind: 'auth-required', title: 'Google authorization needs renewing', body: '' });
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('SyncBit: 3 things to look at');
    expect(shown[0]?.body.split('\n')).toEqual([
      '• Google authorization needs renewing',
      '• S3 keeps refusing data',
      '• Your history is in',
    ]);
    expect(shown[0]?.action).toBe('reauthorize');
  });

  it('throttles destinations separately', () => {
    const { clock, shown, center } = setup();
    center.post({ kind: 'destination-refusing', key: 's3', title: 'S3', body: '' });
    center.post({ kind: 'destination-refusing', key: 's3', title: 'S3', body: '' });
    center.post({ kind: 'destination-refusing', key: 'victoria', title: 'VM', body: '' });
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.body).toBe('• S3\n• VM');
  });
});

describe('StatusNotices', () => {
  it('says syncing has failed only once it has failed for hours', () => {
    const { clock, shown, center } = setup();
    const notices = new StatusNotices(center, clock);
    const failing = baseStatus({
      phase: 'attention',
      errorCode: 'network',
      message: 'No network',
      lastSyncAt: clock.now(),
    });
    notices.observe(failing);
    clock.advance(FAILING_FOR_MS - 60_000);
    notices.observe(failing);
    clock.advance(2_000);
    expect(shown).toHaveLength(0);
    clock.advance(60_000);
    notices.observe(failing);
    clock.advance(2_000);
    expect(shown).toEqual([{ title: 'Syncing has failed for 3 hours', body: 'No network', action: 'open' }]);
  });

  it('notices the backfill finishing and a destination that keeps refusing', () => {
    const { clock, shown, center } = setup();
    const notices = new StatusNotices(center, clock);
    notices.observe(
      baseStatus({
        phase: 'syncing',
        progress: [{ type: 'steps', daysDone: 5, daysLeft: 5, state: 'syncing' }],
      }),
    );
    notices.observe(
      baseStatus({
        phase: 'idle',
        progress: [{ type: 'steps', daysDone: 10, daysLeft: 0, state: 'ok' }],
        destinations: [
          {
            name: 'victoria',
            enabled: true,
            pending: 4,
            failed: 3,
            lastError: '401 Unauthorized',
            warnings: [],
          },
        ],
      }),
    );
    clock.advance(2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.body).toContain('• Victoria Metrics keeps refusing data');
    expect(shown[0]?.body).toContain('• Your history is in');
  });

  it('asks to re-authorize when authorization is required', () => {
    const { clock, shown, center } = setup();
    new StatusNotices(center, clock).observe(baseStatus({ phase: 'attention', errorCode: 'auth-required' }));
    clock.advance(2_000);
    expect(shown[0]).toMatchObject({ title: 'Google authorization needs renewing', action: 'reauthorize' });
  });
});
