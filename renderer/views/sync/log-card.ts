/** The sync view's "Recent log" card: the last log lines, with Refresh. */
import type { LogLine } from '../../../common/app-types.js';
import { api, call, errorMessage } from '../../bridge.js';
import { errorState, h, replace } from '../../dom.js';

function logLines(lines: readonly LogLine[]): HTMLElement {
  return lines.length === 0
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
      );
}

/** The card `logBox`; `refresh()` reads the recent lines again. */
export function logCard(logBox: HTMLElement): { refresh(): Promise<void> } {
  const refresh = async (): Promise<void> => {
    try {
      const lines = await call(api.log.getRecent({ limit: 80 }));
      replace(
        logBox,
        h(
          'div',
          { class: 'card-head' },
          h('h2', {}, 'Recent log'),
          h(
            'button',
            { class: 'button small ghost', type: 'button', onclick: () => void refresh() },
            'Refresh',
          ),
        ),
        logLines(lines),
      );
    } catch (err) {
      replace(
        logBox,
        errorState(errorMessage(err), () => void refresh()),
      );
    }
  };
  return { refresh };
}
