/**
 * A tiny element builder. Views build DOM nodes (never innerHTML), so data from the archive or an
 * error message can never become markup, and nothing needs inline styles the CSP would block.
 */

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element: `h('button', { class: 'button', onclick: fn }, 'Sync now')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.replace(/^on/, ''), value);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c,
    );
  }
}

/** Replaces all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A loading state with a spinner and a label. */
export function loading(label = 'Loading…'): HTMLElement {
  return h(
    'div',
    { class: 'state', role: 'status', 'data-state': 'loading' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    label,
  );
}

/** An error state with the message and a retry button. */
export function errorState(message: string, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state error', role: 'alert', 'data-state': 'error' },
    h('strong', {}, 'Something went wrong'),
    h('span', {}, message),
    retry && h('div', { class: 'actions' }, h('button', { class: 'button', onclick: retry }, 'Try again')),
  );
}

/** An empty state: what is missing and what to do about it. */
export function emptyState(title: string, body: string, ...actions: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'state', 'data-state': 'empty' },
    h('h2', {}, title),
    h('p', {}, body),
    actions.length > 0 && h('div', { class: 'actions' }, ...actions),
  );
}

/** A progress bar whose width is set through the CSSOM (allowed by the CSP, unlike style="" attributes). */
export function progressBar(fraction: number, tone: '' | 'ok' | 'bad' = '', label = 'Progress'): HTMLElement {
  const bar = h('span');
  const pct = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  bar.style.width = `${(pct * 100).toFixed(1)}%`;
  return h(
    'div',
    {
      class: `progress ${tone}`,
      role: 'progressbar',
      'aria-label': label,
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(pct * 100),
    },
    bar,
  );
}
