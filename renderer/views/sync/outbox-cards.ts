/**
 * The sync view's destination cards: per destination whether it is on, the days waiting in its
 * outbox, failures and warnings, and "Export now" with its result (kept across status redraws).
 */
import type { AppStatus, DestinationName, DestinationStatus } from '../../../common/app-types.js';
import { api, call, errorMessage } from '../../bridge.js';
import { h, replace } from '../../dom.js';
import { int, when } from '../../format.js';

const DEST_LABEL: Record<DestinationName, string> = { victoria: 'Victoria Metrics', s3: 'Amazon S3' };

interface ExportState {
  readonly busy: boolean;
  readonly text: string;
  readonly className: string;
}

function destinations(s: AppStatus): readonly DestinationStatus[] {
  return s.destinations.length > 0
    ? s.destinations
    : (['victoria', 's3'] as const).map((name) => ({
        name,
        enabled: false,
        pending: 0,
        failed: 0,
        warnings: [],
      }));
}

function outboxFacts(d: DestinationStatus): HTMLElement {
  return d.enabled
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
    : h('p', { class: 'tile-sub' }, 'Turn it on in Settings to send your archive there.');
}

function destinationCard(
  d: DestinationStatus,
  state: ExportState | undefined,
  button: HTMLElement,
): HTMLElement {
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
    outboxFacts(d),
    d.lastError !== undefined && h('div', { class: 'notice bad' }, d.lastError),
    ...d.warnings.map((w) => h('div', { class: 'notice warn' }, w)),
    h('div', { class: 'inline' }, button),
    h('p', { class: state?.className ?? 'tile-sub', role: 'status' }, state?.text ?? ''),
  );
}

/** The cards in `outbox`; `show(status)` redraws them. */
export function outboxCards(outbox: HTMLElement): { show(s: AppStatus): void } {
  // An export's "Exporting…" and its result outlive the status updates that redraw the cards.
  const exports = new Map<DestinationName, ExportState>();
  let last: AppStatus | undefined;
  const settle = (name: DestinationName, text: string, className: string): void => {
    exports.set(name, { busy: false, text, className });
    if (last !== undefined) show(last);
  };
  const exportButton = (d: DestinationStatus, s: AppStatus): HTMLElement => {
    const state = exports.get(d.name);
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
      show(last ?? s);
      call(api.export.runNow({ destination: d.name }))
        .then((r) => {
          settle(d.name, r.message, r.failed > 0 ? 'result-bad' : 'result-ok');
        })
        .catch((err: unknown) => {
          settle(d.name, errorMessage(err), 'result-bad');
        });
    });
    return button;
  };
  const show = (s: AppStatus): void => {
    last = s;
    replace(
      outbox,
      ...destinations(s).map((d) => destinationCard(d, exports.get(d.name), exportButton(d, s))),
    );
  };
  return { show };
}
