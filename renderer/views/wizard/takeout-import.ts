/**
 * A Takeout import run inside the wizard: the progress line and bar while it reads and writes, a
 * Cancel while it reads, then the summary of what was imported (or why it stopped).
 */
import type { ImportProgress, ImportSummary } from '../../../common/app-types.js';
import { BridgeError, api, call, errorMessage } from '../../bridge.js';
import { h, progressBar, replace } from '../../dom.js';
import { int } from '../../format.js';

/** How far along the import is: reading is the first half, writing days the second. */
function progressFraction(p: ImportProgress): number {
  return p.phase === 'reading'
    ? p.bytesTotal !== undefined && p.bytesTotal > 0
      ? ((p.bytesDone ?? 0) / p.bytesTotal) * 0.5
      : p.filesTotal === 0
        ? 0
        : (p.filesDone / p.filesTotal) * 0.5
    : p.daysTotal === 0
      ? 1
      : 0.5 + (p.daysWritten / p.daysTotal) * 0.5;
}

function progressLabel(p: ImportProgress): string {
  const eta = p.etaMs === undefined ? '' : `, about ${int(Math.ceil(p.etaMs / 60_000))} min left`;
  const families =
    p.familiesTotal === undefined
      ? ''
      : ` (${int(p.familiesDone ?? 0)} of ${int(p.familiesTotal)} kinds of data)`;
  const mbs =
    p.bytesTotal === undefined
      ? ''
      : `, ${int(Math.round((p.bytesDone ?? 0) / 1e6))} of ${int(Math.round(p.bytesTotal / 1e6))} MB`;
  return p.phase === 'reading'
    ? `Reading files: ${int(p.filesDone)} of ${int(p.filesTotal)}${mbs}${families}${eta}`
    : p.phase === 'writing'
      ? `Writing days: ${int(p.daysWritten)} of ${int(p.daysTotal)}`
      : 'Finishing…';
}

function summaryList(summary: ImportSummary): HTMLElement {
  return h(
    'dl',
    { class: 'kv', 'data-testid': 'import-summary' },
    ...summary.families
      .filter((f) => f.records > 0)
      .slice(0, 8)
      .flatMap((f) => [
        h('dt', {}, f.family),
        h('dd', {}, `${int(f.records)} records over ${int(f.days)} days`),
      ]),
  );
}

function failure(err: unknown): HTMLElement {
  const cancelled = err instanceof BridgeError && err.code === 'cancelled';
  return cancelled
    ? h('div', { class: 'notice' }, 'Import cancelled. Your archive is as it was before.')
    : h('div', { class: 'notice bad' }, h('div', {}, h('strong', {}, 'Import failed'), errorMessage(err)));
}

function cancelButton(label: HTMLElement): HTMLElement {
  // Cancelling leaves the archive exactly as it was before the import began.
  const cancel = h('button', { class: 'button', type: 'button', 'data-action': 'cancel-import' }, 'Cancel');
  cancel.addEventListener('click', () => {
    cancel.setAttribute('disabled', '');
    label.textContent = 'Cancelling…';
    void call(api.import.cancelTakeout()).catch(() => undefined);
  });
  return cancel;
}

export interface ImportRun {
  /** Where the progress, then the summary or the failure, is drawn. */
  readonly progress: HTMLElement;
  /** Registers the clean-up of the progress subscription for when the wizard is left. */
  readonly onLeave: (cleanup: () => void) => void;
  readonly done: (summary: ImportSummary) => void;
  readonly failed: () => void;
}

/** Imports `paths`, drawing its progress into `run.progress`. */
export function runImport(paths: string[], run: ImportRun): void {
  const { progress } = run;
  const label = h('p', { class: 'tile-sub' }, 'Reading the export…');
  let bar = progressBar(0, '', 'Import progress');
  const setBar = (next: HTMLElement): void => {
    bar.replaceWith(next);
    bar = next;
  };
  const cancel = cancelButton(label);
  replace(progress, label, bar, cancel);
  const off = api.import.onProgressChanged((p) => {
    if (p.phase !== 'reading') cancel.remove();
    label.textContent = progressLabel(p);
    setBar(progressBar(progressFraction(p), '', 'Import progress'));
  });
  run.onLeave(off);
  call(api.import.runTakeout({ paths }))
    .then((summary) => {
      off();
      cancel.remove();
      setBar(progressBar(1, 'ok', 'Import progress'));
      label.textContent = `Imported ${int(summary.days)} days, ${int(summary.records)} records.`;
      progress.appendChild(summaryList(summary));
      for (const w of summary.warnings.slice(0, 3))
        progress.appendChild(h('div', { class: 'notice warn' }, w));
      run.done(summary);
    })
    .catch((err: unknown) => {
      off();
      replace(progress, failure(err));
      run.failed();
    });
}
