/** A compact form field: its label, the control, an optional hint and an optional error line. */
import { h } from '../../dom.js';

export function labelled(label: string, input: HTMLElement, hint?: string, error?: HTMLElement): HTMLElement {
  return h(
    'label',
    { class: 'small' },
    h('span', {}, label),
    input,
    hint !== undefined && h('span', { class: 'tile-sub' }, hint),
    error,
  );
}
