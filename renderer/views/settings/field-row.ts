/**
 * One row of the Settings view: the control for a setting (checkbox, select or text input), its
 * hint, the quick check as you type, saving on change, and the core's verdict at the field it names.
 */
import type { PublicSettings } from '../../../common/app-types.js';
import { BridgeError, api, call, errorMessage } from '../../bridge.js';
import { h } from '../../dom.js';
import type { FieldSpec } from '../parts/field-spec.js';
import { getPath, messagesByPath, patchFor, quickCheck } from './field-check.js';

/** The error lines of every row on the page, so a verdict can be shown at the field it names. */
export interface FieldErrors {
  add(path: string, line: HTMLElement): void;
  get(path: string): HTMLElement | undefined;
  /** Empties every error line and drops every aria-invalid mark. */
  clear(): void;
  /** Marks the input of `path` invalid. */
  markInvalid(path: string): void;
}

type Control = HTMLInputElement | HTMLSelectElement;

function control(spec: FieldSpec, id: string, value: unknown, locked: boolean): Control {
  if (spec.kind === 'bool') {
    return h('input', {
      type: 'checkbox',
      id,
      checked: value === true,
      disabled: locked,
      'aria-describedby': `${id}-error`,
    });
  }
  if (spec.kind === 'select') {
    return h(
      'select',
      { id, disabled: locked, 'aria-describedby': `${id}-error` },
      ...(spec.options ?? []).map((o) => h('option', { value: o, selected: o === value }, o)),
    );
  }
  return h('input', {
    type: spec.kind === 'int' ? 'number' : spec.kind === 'url' ? 'url' : 'text',
    id,
    value: value === undefined || value === null ? '' : String(value as string | number),
    disabled: locked,
    spellcheck: 'false',
    'aria-describedby': `${id}-error`,
    'data-path': spec.path,
  });
}

/** The value to save: a checkbox's state, a number, a trimmed text, or undefined for an empty optional. */
function currentValue(spec: FieldSpec, input: Control): unknown {
  if (input instanceof HTMLInputElement && input.type === 'checkbox') return input.checked;
  const raw = input.value.trim();
  if (raw === '' && spec.optional === true) return undefined;
  return spec.kind === 'int' ? Number(raw) : raw;
}

/** Saves the field; a refusal is shown at every field the core names (this one if none). */
function save(
  spec: FieldSpec,
  input: Control,
  error: HTMLElement,
  saved: HTMLElement,
  errors: FieldErrors,
): void {
  errors.clear();
  call(api.settings.updateValues({ patch: patchFor(spec.path, currentValue(spec, input) ?? null) }))
    .then(() => {
      saved.textContent = 'Saved';
    })
    .catch((err: unknown) => {
      const byPath =
        err instanceof BridgeError && err.code === 'invalid-settings'
          ? messagesByPath(err.message)
          : new Map<string, string>();
      if (byPath.size === 0) byPath.set(spec.path, errorMessage(err));
      for (const [path, msg] of byPath) {
        const target = errors.get(path) ?? error;
        target.textContent = `${path === spec.path ? spec.label : path} ${msg}`;
        errors.markInvalid(path);
      }
      if (!byPath.has(spec.path)) input.setAttribute('aria-invalid', 'true');
    });
}

export function fieldRow(spec: FieldSpec, settings: PublicSettings, errors: FieldErrors): HTMLElement {
  const id = `set-${spec.path.replace(/\./g, '-')}`;
  const locked = spec.appLocked === true || settings.fromEnv.includes(spec.path);
  const error = h('div', { class: 'error', id: `${id}-error`, role: 'alert' });
  const saved = h('div', { class: 'saved', 'aria-live': 'polite' });
  errors.add(spec.path, error);
  const input = control(spec, id, getPath(settings.values, spec.path), locked);
  const check = (): boolean => {
    if (spec.kind === 'bool' || spec.kind === 'select') return true;
    const problem = quickCheck(spec, input.value.trim());
    error.textContent = problem === undefined ? '' : `${spec.label} ${problem}.`;
    if (problem === undefined) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    return problem === undefined;
  };
  input.addEventListener('input', () => {
    saved.textContent = '';
    check();
  });
  input.addEventListener('change', () => {
    if (check()) save(spec, input, error, saved, errors);
  });
  return h(
    'div',
    { class: 'field', 'data-setting': spec.path },
    spec.kind === 'bool' ? h('span', { class: 'label' }, '') : h('label', { for: id }, spec.label),
    h(
      'div',
      {},
      spec.kind === 'bool' ? h('label', { class: 'check', for: id }, input, spec.label) : input,
      locked && h('div', { class: 'hint' }, 'Set by an environment variable; change it there.'),
      spec.hint !== undefined && h('div', { class: 'hint' }, spec.hint),
      error,
      saved,
    ),
  );
}
