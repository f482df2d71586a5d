/** The first-run wizard's steps by id (their order is WIZARD_STEPS in ../../wizard-steps.ts). */
import type { WizardStep } from '../../wizard-steps.js';
import type { WizardStepDef } from '../wizard-step.js';
import { authorizeStep } from './authorize.js';
import { destinationsStep } from './destinations.js';
import { doneStep } from './done.js';
import { googleClientStep } from './google-client.js';
import { signedInStep } from './signed-in.js';
import { startAtLoginStep } from './start-at-login.js';
import { takeoutStep } from './takeout.js';
import { welcomeStep } from './welcome.js';

export const STEP_DEFS: Readonly<Record<WizardStep, WizardStepDef>> = {
  welcome: welcomeStep,
  'google-client': googleClientStep,
  authorize: authorizeStep,
  'signed-in': signedInStep,
  takeout: takeoutStep,
  destinations: destinationsStep,
  'start-at-login': startAtLoginStep,
  done: doneStep,
};
