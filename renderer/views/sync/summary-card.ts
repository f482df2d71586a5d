/**
 * The sync view's status card: phase, sync now / pause / resume, notices (attention, quota wait),
 * who is signed in, last and next sync, the archive, and the backfill's progress.
 */
import type { AppStatus } from '../../../common/app-types.js';
import { api } from '../../bridge.js';
import { h, progressBar, replace } from '../../dom.js';
import { clock, eta, int, when } from '../../format.js';

const PHASE: Record<AppStatus['phase'], { label: string; tone: string }> = {
  idle: { label: 'Up to date', tone: 'ok' },
  syncing: { label: 'Syncing', tone: 'info' },
  paused: { label: 'Paused', tone: 'warn' },
  attention: { label: 'Needs attention', tone: 'bad' },
  'signed-out': { label: 'Signed out', tone: '' },
};

function showControls(controls: HTMLElement, s: AppStatus): void {
  const paused = s.phase === 'paused';
  replace(
    controls,
    h(
      'button',
      {
        class: 'button primary',
        type: 'button',
        disabled: s.phase === 'signed-out',
        onclick: () => void api.sync.runNow(),
      },
      s.phase === 'syncing' ? 'Syncing…' : 'Sync now',
    ),
    paused
      ? h(
          'button',
          { class: 'button', type: 'button', onclick: () => void api.sync.resumeSyncing() },
          'Resume',
        )
      : h(
          'button',
          {
            class: 'button',
            type: 'button',
            disabled: s.phase === 'signed-out',
            onclick: () => void api.sync.pauseSyncing({ minutes: 30 }),
          },
          'Pause 30 min',
        ),
  );
}

function facts(s: AppStatus, totalLeft: number): [string, string][] {
  const kv: [string, string][] = [
    ['Signed in as', s.signedInAs ?? 'not signed in'],
    ...(s.signInLapsesAt === undefined
      ? []
      : [['Sign-in lapses', `${when(s.signInLapsesAt)} (re-authorize before then)`] as [string, string]]),
    ['Last sync', s.lastSyncAt === undefined ? 'never' : when(s.lastSyncAt)],
    [
      'Next sync',
      s.phase === 'paused'
        ? s.pausedUntil === 'indefinitely' || s.pausedUntil === undefined
          ? 'when you resume'
          : when(s.pausedUntil)
        : s.nextSyncAt === undefined
          ? '—'
          : when(s.nextSyncAt),
    ],
    [
      'Archive',
      `${int(s.archive.days)} days${s.archive.firstDay === undefined ? '' : ` (${s.archive.firstDay} – ${s.archive.lastDay ?? ''})`}`,
    ],
  ];
  if (s.etaSeconds !== undefined && totalLeft > 0) kv.push(['Time left', eta(s.etaSeconds)]);
  return kv;
}

function notices(s: AppStatus): (HTMLElement | false)[] {
  return [
    s.message !== undefined &&
      h(
        'div',
        { class: `notice ${s.phase === 'attention' ? 'bad' : ''}` },
        h('div', {}, h('strong', {}, s.errorCode ?? 'Note'), s.message),
      ),
    s.quotaWaitUntil !== undefined &&
      h(
        'div',
        { class: 'notice warn' },
        h(
          'div',
          {},
          h('strong', {}, 'Waiting for quota'),
          `Google’s rate limit was reached; SyncBit continues at ${clock(s.quotaWaitUntil)}.`,
        ),
      ),
  ];
}

/** Draws status `s` into the card `summary` (its buttons go to `controls`, kept across redraws). */
export function showSummary(summary: HTMLElement, controls: HTMLElement, s: AppStatus): void {
  const p = PHASE[s.phase];
  const totalDone = s.progress.reduce((n, t) => n + t.daysDone, 0);
  const totalLeft = s.progress.reduce((n, t) => n + t.daysLeft, 0);
  replace(
    summary,
    h(
      'div',
      { class: 'card-head' },
      h(
        'div',
        { class: 'inline' },
        h('h2', {}, 'Status'),
        h('span', { class: `badge ${p.tone}`, 'data-testid': 'phase' }, p.label),
      ),
      controls,
    ),
    ...notices(s),
    h('dl', { class: 'kv' }, ...facts(s, totalLeft).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    totalLeft > 0 &&
      h(
        'div',
        {},
        h(
          'p',
          { class: 'tile-sub' },
          `Backfill: ${int(totalDone)} of ${int(totalDone + totalLeft)} type-days`,
        ),
        progressBar(totalDone / (totalDone + totalLeft), '', 'Backfill progress'),
      ),
  );
  showControls(controls, s);
}
