/** The first-run wizard's steps, in order (also used by the browser tests that drive it). */
export const WIZARD_STEPS = [
  'welcome',
  'google-client',
  'authorize',
  'signed-in',
  'takeout',
  'destinations',
  'start-at-login',
  'done',
] as const;

export type WizardStep = (typeof WIZARD_STEPS)[number];
