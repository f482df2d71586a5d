/** One write-only secret in the Settings view: whether it is set, a new value, and Save. */
import type { PublicSettings } from '../../../common/app-types.js';
import { api, call, errorMessage } from '../../bridge.js';
import { h } from '../../dom.js';
import type { SecretSpec } from '../parts/field-spec.js';

export function secretRow(spec: SecretSpec, settings: PublicSettings): HTMLElement {
  const id = `secret-${spec.name}`;
  const isSet = settings.secretsSet[spec.name] === true;
  const badge = h(
    'span',
    { class: `badge ${isSet ? 'ok' : ''}`, 'data-secret-state': spec.name },
    isSet ? 'Set' : 'Not set',
  );
  const input = h('input', {
    type: 'password',
    id,
    autocomplete: 'off',
    placeholder: isSet ? '•••••••• (enter a new value to replace)' : 'Paste the value',
  });
  const error = h('div', { class: 'error', role: 'alert' });
  const save = h('button', { class: 'button small', type: 'button' }, 'Save');
  save.addEventListener('click', () => {
    const value = input.value;
    if (value.trim() === '') {
      error.textContent = `${spec.label} must not be empty.`;
      return;
    }
    error.textContent = '';
    call(api.settings.setSecret({ name: spec.name, value }))
      .then(() => {
        input.value = '';
        input.placeholder = '•••••••• (enter a new value to replace)';
        badge.className = 'badge ok';
        badge.textContent = 'Set';
      })
      .catch((err: unknown) => {
        error.textContent = errorMessage(err);
      });
  });
  return h(
    'div',
    { class: 'field', 'data-secret': spec.name },
    h('label', { for: id }, spec.label),
    h(
      'div',
      {},
      h('div', { class: 'inline' }, input, save, badge),
      h('div', { class: 'hint' }, spec.hint),
      error,
    ),
  );
}
