/**
 * How a setting is described to the views that edit it: its path in the settings, label, kind and
 * hint (its rule lives in common/settings-schema.ts), and the write-only secrets next to it.
 */
import type { SecretName } from '../../../common/settings-schema.js';

export type FieldKind = 'int' | 'text' | 'url' | 'bool' | 'select';

export interface FieldSpec {
  readonly path: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly hint?: string;
  readonly options?: readonly string[];
  /** An empty field clears the setting (instead of being "required"). */
  readonly optional?: boolean;
  /** Shown but never changed from the window (set in the environment or config.json only). */
  readonly appLocked?: boolean;
}

export interface SecretSpec {
  readonly name: SecretName;
  readonly label: string;
  readonly hint: string;
}
