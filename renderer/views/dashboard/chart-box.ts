/**
 * What the dashboard's cards share: a chart canvas with its text label, a box that loads with
 * loading and error states (and a retry), and the set of live charts destroyed when the view is left.
 */
import type { Chart } from 'chart.js';
import { errorMessage } from '../../bridge.js';
import { errorState, h, loading, replace } from '../../dom.js';

export function chartCanvas(name: string, label: string): HTMLCanvasElement {
  return h('canvas', { 'data-chart': name, role: 'img', 'aria-label': label });
}

/** Runs `load` into `box`, with loading and error states and a retry. */
export function section(box: HTMLElement, load: () => Promise<void>): Promise<void> {
  replace(box, loading());
  return load().catch((err: unknown) => {
    replace(
      box,
      errorState(errorMessage(err), () => {
        void section(box, load);
      }),
    );
  });
}

/** The dashboard's live charts: each is kept until replaced (`drop`) or the view is left. */
export interface ChartKeeper {
  keep(chart: Chart): Chart;
  drop(chart: Chart | undefined): void;
  destroyAll(): void;
}

export function chartKeeper(): ChartKeeper {
  const charts = new Set<Chart>();
  return {
    keep: (chart) => {
      charts.add(chart);
      return chart;
    },
    drop: (chart) => {
      if (chart === undefined) return;
      chart.destroy();
      charts.delete(chart);
    },
    destroyAll: () => {
      for (const c of charts) c.destroy();
    },
  };
}
