/**
 * The wizard's Google client step: how to create a Google Cloud Desktop OAuth client (with the
 * Testing/production note), and the client ID and secret, the ID checked before moving on.
 */
import { clientIdSchema } from '../../../../common/settings-schema.js';
import { h } from '../../../dom.js';
import { labelled } from '../../parts/labelled.js';
import { guide, nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

/** What is wrong with a typed client ID ('' when nothing is). */
function clientIdProblem(v: string): string {
  const issue = clientIdSchema.safeParse(v).error?.issues[0];
  if (issue === undefined) return '';
  return issue.code === 'too_small'
    ? 'Paste the client ID from the Credentials page (it ends in .apps.googleusercontent.com).'
    : `The client ID ${issue.message}.`;
}

function howTo(): HTMLElement {
  return h(
    'ol',
    { class: 'howto' },
    h(
      'li',
      {},
      'Create a Google Cloud project (any name, e.g. “SyncBit”).',
      h('div', {}, guide('cloud-console', 'New project')),
    ),
    h(
      'li',
      {},
      'In the API Library, enable the ',
      h('b', {}, 'Google Health API'),
      ' for that project.',
      h('div', {}, guide('health-api', 'API Library')),
    ),
    h(
      'li',
      {},
      'Configure the consent screen (Google Auth Platform → Branding and Audience): user type ',
      h('b', {}, 'External'),
      ', add your own Google account as a test user.',
      h('div', {}, guide('consent-screen', 'Consent screen')),
    ),
    h(
      'li',
      {},
      'Under Clients, create an OAuth client of type ',
      h('b', {}, 'Desktop app'),
      '. Copy its client ID and secret below.',
      h('div', {}, guide('credentials', 'Clients')),
    ),
  );
}

function publishingNote(): HTMLElement {
  return h(
    'div',
    { class: 'notice warn' },
    h(
      'div',
      {},
      h('strong', {}, 'Testing or In production?'),
      'While the app’s publishing status is “Testing”, Google expires the sign-in (including the refresh token) 7 days after you allow access, so SyncBit will ask you to authorize again every week. Publishing it “In production” without verification keeps you signed in; Google then shows a “Google hasn’t verified this app” screen, which you can pass for your own client (Advanced → Go to …). Personal use stays far below the 100-user cap.',
    ),
  );
}

export const googleClientStep: WizardStepDef = {
  id: 'google-client',
  title: 'Your Google OAuth client',
  render: (state, nav) => {
    const idError = h('div', { class: 'error', role: 'alert' });
    const id = h('input', {
      type: 'text',
      id: 'client-id',
      value: state.clientId,
      placeholder: '1234567890-abc….apps.googleusercontent.com',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const secret = h('input', {
      type: 'password',
      id: 'client-secret',
      value: state.clientSecret,
      placeholder: 'GOCSPX-…',
      autocomplete: 'off',
    });
    const next = nextButton('Continue', () => {
      const v = id.value.trim();
      const problem = clientIdProblem(v);
      idError.textContent = problem;
      if (problem !== '') {
        id.setAttribute('aria-invalid', 'true');
        id.focus();
        return;
      }
      state.clientId = v;
      state.clientSecret = secret.value.trim();
      nav.next();
    });
    return {
      heading: 'Create a Google Cloud Desktop client',
      body: [
        h(
          'p',
          {},
          'Google only lets apps read health data through an OAuth client. You make your own — free, and only you use it.',
        ),
        howTo(),
        publishingNote(),
        h(
          'div',
          { class: 'dest-card' },
          labelled('Client ID', id, undefined, idError),
          labelled('Client secret', secret, 'Stored in your system keychain, never in a file.'),
        ),
      ],
      back: true,
      next,
    };
  },
};
