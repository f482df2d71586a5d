/**
 * Sync view: what SyncBit is doing now (phase, last/next run, ETA, quota waits), progress per data
 * type, the outbox per destination with "Export now", and the recent log lines.
 */
import type { AppStatus, DestinationName, DestinationStatus, LogLine } from '../../common/app-types.js';
import { api, call, errorMessage } from '../bridge.js';
import { errorState, h, loading, progressBar, replace } from '../dom.js';
import { TYPE_LABELS, clock, eta, int, when } from '../format.js';
import type { View, ViewContext } from '../view-context.js';

const DEST_LABEL: Record<DestinationName, string> = { victoria: 'Victoria Metrics', s3: 'Amazon S3' };

const PHASE: Record<AppStatus['phase'], { label: string; tone: string }> = {
  idle: { label: 'Up to date', tone: 'ok' },
  syncing: { label: 'Syncing', tone: 'info' },
  paused: { label: 'Paused', tone: 'warn' },
  attention: { label: 'Needs attention', tone: 'bad' },
  'signed-out': { label: 'Signed out', tone: '' },
};

function stateBadge(state: string): HTMLElement {
  const tone =
    state === 'ok'
      ? 'ok'
      : state === 'failed' || state === 'scope-missing'
        ? 'bad'
        : state === 'waiting'
          ? 'warn'
          : 'info';
  return h('span', { class: `badge ${tone}` }, state.replace('-', ' '));
}

export const renderSync: View = (root: HTMLElement, ctx: ViewContext) => {
  const summary = h('div', { class: 'card' });
  const types = h('div', { class: 'card' });
  const outbox = h('div', { class: 'grid two' });
  const logBox = h('div', { class: 'card' });
  const controls = h('div', { class: 'inline' });

  const renderControls = (s: AppStatus): void => {
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
  };

  const renderSummary = (s: AppStatus): void => {
    const p = PHASE[s.phase];
    const totalDone = s.progress.reduce((n, t) => n + t.daysDone, 0);
    const totalLeft = s.progress.reduce((n, t) => n + t.daysLeft, 0);
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
      h('dl', { class: 'kv' }, ...kv.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
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
    renderControls(s);
  };

  const renderTypes = (s: AppStatus): void => {
    if (s.progress.length === 0) {
      replace(
        types,
        h('h2', {}, 'Data types'),
        h(
          'p',
          { class: 'tile-sub' },
          'No sync has run yet. Progress per data type shows here while SyncBit works.',
        ),
      );
      return;
    }
    replace(
      types,
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, 'Data types'),
        h('p', {}, 'Days done per type in the current run'),
      ),
      h(
        'div',
        { class: 'type-rows', 'data-testid': 'type-progress' },
        h('span', { class: 'head' }, 'Type'),
        h('span', { class: 'head' }, 'Progress'),
        h('span', { class: 'head num' }, 'Days'),
        h('span', { class: 'head' }, 'State'),
        ...s.progress.flatMap((t) => {
          const total = t.daysDone + t.daysLeft;
          return [
            h('span', {}, TYPE_LABELS[t.type] ?? t.type),
            h(
              'div',
              { title: t.message ?? '' },
              progressBar(
                total === 0 ? 1 : t.daysDone / total,
                t.state === 'failed' ? 'bad' : t.daysLeft === 0 ? 'ok' : '',
                `${t.type} progress`,
              ),
            ),
            h('span', { class: 'num' }, `${int(t.daysDone)} / ${int(total)}`),
            h('span', {}, stateBadge(t.state)),
          ];
        }),
      ),
    );
  };

  // An export's "Exporting…" and its result outlive the status updates that redraw the cards.
  const exports = new Map<DestinationName, { busy: boolean; text: string; className: string }>();
  let lastOutbox: AppStatus | undefined;
  const renderOutbox = (s: AppStatus): void => {
    lastOutbox = s;
    const dests: readonly DestinationStatus[] =
      s.destinations.length > 0
        ? s.destinations
        : (['victoria', 's3'] as const).map((name) => ({
            name,
            enabled: false,
            pending: 0,
            failed: 0,
            warnings: [],
          }));
    const settle = (name: DestinationName, text: string, className: string): void => {
      exports.set(name, { busy: false, text, className });
      if (lastOutbox !== undefined) renderOutbox(lastOutbox);
    };
    replace(
      outbox,
      ...dests.map((d) => {
        const state = exports.get(d.name);
        const result = h('p', { class: state?.className ?? 'tile-sub', role: 'status' }, state?.text ?? '');
        const button = h(
          'button',
          {
            class: 'button small',
            type: 'button',
            disabled: !d.enabled || state?.busy === true,
            'data-export': d.name,
          },
          'Export now',
        );
        button.addEventListener('click', () => {
          exports.set(d.name, { busy: true, text: 'Exporting…', className: 'tile-sub' });
          renderOutbox(lastOutbox ?? s);
          call(api.export.runNow({ destination: d.name }))
            .then((r) => {
              settle(d.name, r.message, r.failed > 0 ? 'result-bad' : 'result-ok');
            })
            .catch((err: unknown) => {
              settle(d.name, errorMessage(err), 'result-bad');
            });
        });
        return h(
          'div',
          { class: 'card dest', 'data-destination': d.name },
          h(
            'div',
            { class: 'dest-head' },
            h('h2', {}, DEST_LABEL[d.name]),
            d.enabled
              ? h('span', { class: `badge ${d.failed > 0 ? 'bad' : 'ok'}` }, d.failed > 0 ? 'failing' : 'on')
              : h('span', { class: 'badge' }, 'off'),
          ),
          d.enabled
            ? h(
                'dl',
                { class: 'kv' },
                h('dt', {}, 'Waiting in outbox'),
                h('dd', {}, `${int(d.pending)} day(s)`),
                h('dt', {}, 'Failed attempts'),
                h('dd', {}, int(d.failed)),
                d.nextAttemptAt !== undefined && h('dt', {}, 'Next attempt'),
                d.nextAttemptAt !== undefined && h('dd', {}, when(d.nextAttemptAt)),
              )
            : h('p', { class: 'tile-sub' }, 'Turn it on in Settings to send your archive there.'),
          d.lastError !== undefined && h('div', { class: 'notice bad' }, d.lastError),
          ...d.warnings.map((w) => h('div', { class: 'notice warn' }, w)),
          h('div', { class: 'inline' }, button),
          result,
        );
      }),
    );
  };

  const renderLog = (lines: readonly LogLine[]): void => {
    replace(
      logBox,
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, 'Recent log'),
        h(
          'button',
          { class: 'button small ghost', type: 'button', onclick: () => void refreshLog() },
          'Refresh',
        ),
      ),
      lines.length === 0
        ? h('p', { class: 'tile-sub' }, 'Nothing logged yet.')
        : h(
            'pre',
            { class: 'log', 'data-testid': 'log', tabindex: '0' },
            ...lines.map((l) =>
              h(
                'div',
                { class: `lvl-${l.level}` },
                h('span', { class: 't' }, `${new Date(l.time).toLocaleTimeString()} `),
                `${l.level.toUpperCase().padEnd(5)} [${l.scope}] ${l.message}`,
              ),
            ),
          ),
    );
  };

  const refreshLog = async (): Promise<void> => {
    try {
      renderLog(await call(api.log.getRecent({ limit: 80 })));
    } catch (err) {
      replace(
        logBox,
        errorState(errorMessage(err), () => void refreshLog()),
      );
    }
  };

  const apply = (s: AppStatus): void => {
    renderSummary(s);
    renderTypes(s);
    renderOutbox(s);
  };

  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Sync'), h('p', {}, 'What SyncBit is doing, and where your data goes.')),
    ),
    summary,
    types,
    outbox,
    logBox,
  );
  replace(summary, loading());
  ctx.onStatus((s) => {
    apply(s);
    void refreshLog();
  });
  call(api.sync.getStatus())
    .then(async (s) => {
      apply(s);
      await refreshLog();
      root.dataset.ready = 'true';
    })
    .catch((err: unknown) => {
      replace(
        summary,
        errorState(errorMessage(err), () => {
          ctx.navigate('sync');
        }),
      );
      root.dataset.ready = 'true';
    });
};
