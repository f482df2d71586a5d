/**
 * The contract between the first-run wizard's shell and its steps: the state the steps share, the
 * navigation a step is given, and what a step draws (the shell puts it in the wizard's frame).
 */
import type { ImportSummary } from '../../../common/app-types.js';
import type { ViewContext } from '../../view-context.js';
import type { WizardStep } from '../wizard-steps.js';

/** What the steps fill in as the person moves through the wizard. */
export interface WizardState {
  clientId: string;
  clientSecret: string;
  signedInAs: string | undefined;
  imported: ImportSummary | undefined;
  startAtLogin: boolean;
}

/** Navigation for one step: `next`/`back` are relative to that step, `goto` is absolute. */
export interface WizardNav {
  readonly next: () => void;
  readonly back: () => void;
  readonly goto: (step: WizardStep) => void;
  /** The app frame's context: the status, its subscription, leaving for a view, clean-ups. */
  readonly view: ViewContext;
}

/** A step's heading, its body (in the wizard-body column) and its back/next actions. */
export interface StepView {
  readonly heading: string;
  readonly body: readonly HTMLElement[];
  readonly back?: boolean;
  readonly next?: HTMLElement;
  readonly extra?: HTMLElement;
}

export interface WizardStepDef {
  readonly id: WizardStep;
  /** The short name shown above the heading and in the progress list. */
  readonly title: string;
  render(state: WizardState, nav: WizardNav): StepView;
}
