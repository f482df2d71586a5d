/**
 * First-run wizard: what SyncBit does → create a Google Cloud Desktop OAuth client (step by step,
 * with the Testing/production note) → Authorize in the system browser → who is signed in →
 * optional Takeout import → destinations → start at login → done (the first backfill starts, with
 * visible progress). "Explore with demo data" skips everything for people who only want to look.
 */
import type { AppStatus, ImportSummary } from '../../common/app-types.js';
import { clientIdSchema } from '../../common/settings-schema.js';
import type { GuidePage } from '../../preload/contract.js';
import { BridgeError, api, call, errorMessage } from '../bridge.js';
import { h, progressBar, replace } from '../dom.js';
import { int } from '../format.js';
import type { View, ViewContext } from '../view-context.js';
import { WIZARD_STEPS, type WizardStep } from './wizard-steps.js';

const STEPS = WIZARD_STEPS;
type Step = WizardStep;

const TITLES: Record<Step, string> = {
  welcome: 'Welcome',
  'google-client': 'Your Google OAuth client',
  authorize: 'Authorize',
  'signed-in': 'Signed in',
  takeout: 'Import your history',
  destinations: 'Where your data goes',
  'start-at-login': 'Start at login',
  done: 'All set',
};

interface WizardState {
  clientId: string;
  clientSecret: string;
  signedInAs: string | undefined;
  imported: ImportSummary | undefined;
  startAtLogin: boolean;
}

function guide(page: GuidePage, label: string): HTMLElement {
  return h(
    'button',
    {
      class: 'button small',
      type: 'button',
      'data-guide': page,
      onclick: () => void api.app.openGuide({ page }),
    },
    `${label} ↗`,
  );
}

function labelled(label: string, input: HTMLElement, hint?: string, error?: HTMLElement): HTMLElement {
  return h(
    'label',
    { class: 'small' },
    h('span', {}, label),
    input,
    hint !== undefined && h('span', { class: 'tile-sub' }, hint),
    error,
  );
}

export const renderWizard: View = (root: HTMLElement, ctx: ViewContext) => {
  const status = ctx.status();
  const state: WizardState = {
    clientId: '',
    clientSecret: '',
    signedInAs: status?.signedInAs,
    imported: undefined,
    startAtLogin: true,
  };
  let index = 0;
  const card = h('div', { class: 'wizard-card' });
  replace(root, card);

  call(api.settings.getAll())
    .then((s) => {
      const saved = s.values.google.clientId;
      if (saved !== undefined && state.clientId === '') state.clientId = saved;
    })
    .catch(() => undefined);

  const go = (step: Step): void => {
    index = STEPS.indexOf(step);
    show();
  };

  /** Moves on to `step` once `work` (saving the step's choices) succeeds; a failure is shown in `err`. */
  const thenGo = (work: Promise<unknown>, step: Step, err: HTMLElement): void => {
    work
      .then(() => {
        go(step);
      })
      .catch((e: unknown) => {
        err.textContent = errorMessage(e);
      });
  };

  /** Shows one step: its heading, its body (in the wizard-body column) and its back/next actions. */
  function frame(
    title: string,
    body: HTMLElement[],
    actions: { back?: boolean; next?: HTMLElement; extra?: HTMLElement },
  ): void {
    const step = STEPS[index] ?? 'welcome';
    root.dataset.step = step;
    replace(
      card,
      h(
        'div',
        { class: 'wizard-top' },
        h(
          'div',
          { class: 'brand' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'),
          'SyncBit',
        ),
        h('span', { class: 'tile-sub' }, `Step ${index + 1} of ${STEPS.length}`),
      ),
      h(
        'ol',
        { class: 'steps', 'aria-label': 'Progress' },
        ...STEPS.map((s, i) =>
          h(
            'li',
            {
              class: i < index ? 'done' : i === index ? 'current' : '',
              'aria-current': i === index ? 'step' : undefined,
            },
            h('span', { class: 'sr-only' }, TITLES[s]),
          ),
        ),
      ),
      h('div', { class: 'step-kicker' }, TITLES[step]),
      h('h1', {}, title),
      h('div', { class: 'wizard-body' }, ...body),
      h(
        'div',
        { class: 'wizard-actions' },
        h(
          'div',
          {},
          actions.back === true &&
            h(
              'button',
              {
                class: 'button ghost',
                type: 'button',
                'data-action': 'back',
                onclick: () => {
                  index = Math.max(0, index - 1);
                  show();
                },
              },
              '← Back',
            ),
        ),
        h('div', { class: 'right' }, actions.extra, actions.next),
      ),
    );
    root.dataset.ready = 'true';
    const focusTarget = card.querySelector<HTMLElement>('h1');
    focusTarget?.setAttribute('tabindex', '-1');
    focusTarget?.focus();
  }

  const nextButton = (label: string, onClick: () => void, disabled = false): HTMLElement =>
    h(
      'button',
      { class: 'button primary', type: 'button', 'data-action': 'next', disabled, onclick: onClick },
      label,
    );

  function show(): void {
    const step = STEPS[index] ?? 'welcome';
    switch (step) {
      case 'welcome': {
        welcome();
        return;
      }
      case 'google-client': {
        googleClient();
        return;
      }
      case 'authorize': {
        authorize();
        return;
      }
      case 'signed-in': {
        signedIn();
        return;
      }
      case 'takeout': {
        takeout();
        return;
      }
      case 'destinations': {
        destinations();
        return;
      }
      case 'start-at-login': {
        startAtLogin();
        return;
      }
      case 'done': {
        done();
        return;
      }
    }
  }

  function welcome(): void {
    const demoNote = h('p', { class: 'tile-sub', role: 'status' });
    const demo = h(
      'button',
      { class: 'button', type: 'button', 'data-action': 'demo' },
      'Explore with demo data',
    );
    demo.addEventListener('click', () => {
      demo.setAttribute('disabled', '');
      demoNote.textContent = 'Generating a year of realistic demo data…';
      call(api.import.loadDemo())
        .then((summary) => {
          demoNote.textContent = `Loaded ${int(summary.days)} days of demo data.`;
          ctx.navigate('dashboard');
        })
        .catch((err: unknown) => {
          demoNote.textContent = errorMessage(err);
          demo.removeAttribute('disabled');
        });
    });
    frame(
      'Own your Fitbit data',
      [
        h(
          'p',
          {},
          'SyncBit copies your Fitbit data from Google to your own computer, quietly, every few minutes — and keeps it as plain files you can open without SyncBit.',
        ),
        h(
          'div',
          { class: 'features' },
          h(
            'div',
            { class: 'feature' },
            h('b', {}, 'Sync'),
            h(
              'p',
              {},
              'Steps, heart rate to the second, sleep stages, HRV, SpO2 and more, from the Google Health API.',
            ),
          ),
          h(
            'div',
            { class: 'feature' },
            h('b', {}, 'Archive'),
            h(
              'p',
              {},
              'One compressed JSON file per day in your data folder. Years of history from Google Takeout too.',
            ),
          ),
          h(
            'div',
            { class: 'feature' },
            h('b', {}, 'Export'),
            h('p', {}, 'Optionally to Victoria Metrics for Grafana dashboards, and to an S3 bucket.'),
          ),
        ),
        h(
          'p',
          {},
          'Setting up takes about five minutes: you create your own Google OAuth client, so your data goes from Google straight to this computer and nowhere else.',
        ),
        demoNote,
      ],
      {
        next: nextButton('Set up syncing', () => {
          go('google-client');
        }),
        extra: demo,
      },
    );
  }

  function googleClient(): void {
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
      const issue = clientIdSchema.safeParse(v).error?.issues[0];
      const problem =
        issue === undefined
          ? ''
          : issue.code === 'too_small'
            ? 'Paste the client ID from the Credentials page (it ends in .apps.googleusercontent.com).'
            : `The client ID ${issue.message}.`;
      idError.textContent = problem;
      if (problem !== '') {
        id.setAttribute('aria-invalid', 'true');
        id.focus();
        return;
      }
      state.clientId = v;
      state.clientSecret = secret.value.trim();
      go('authorize');
    });
    frame(
      'Create a Google Cloud Desktop client',
      [
        h(
          'p',
          {},
          'Google only lets apps read health data through an OAuth client. You make your own — free, and only you use it.',
        ),
        h(
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
        ),
        h(
          'div',
          { class: 'notice warn' },
          h(
            'div',
            {},
            h('strong', {}, 'Testing or In production?'),
            'While the app’s publishing status is “Testing”, Google expires the sign-in (including the refresh token) 7 days after you allow access, so SyncBit will ask you to authorize again every week. Publishing it “In production” without verification keeps you signed in; Google then shows a “Google hasn’t verified this app” screen, which you can pass for your own client (Advanced → Go to …). Personal use stays far below the 100-user cap.',
          ),
        ),
        h(
          'div',
          { class: 'dest-card' },
          labelled('Client ID', id, undefined, idError),
          labelled('Client secret', secret, 'Stored in your system keychain, never in a file.'),
        ),
      ],
      { back: true, next },
    );
  }

  function authorize(): void {
    const note = h('div', { role: 'status' });
    const button = h(
      'button',
      { class: 'button primary', type: 'button', 'data-action': 'authorize' },
      'Authorize in your browser',
    );
    button.addEventListener('click', () => {
      button.setAttribute('disabled', '');
      replace(
        note,
        h(
          'div',
          { class: 'notice' },
          h('div', { class: 'spinner', 'aria-hidden': 'true' }),
          h(
            'div',
            {},
            h('strong', {}, 'Waiting for you in the browser…'),
            'Sign in with your Google account and allow SyncBit to read your health data, then come back here.',
          ),
        ),
      );
      call(
        api.auth.authorizeAccount(
          state.clientSecret === ''
            ? { clientId: state.clientId }
            : { clientId: state.clientId, clientSecret: state.clientSecret },
        ),
      )
        .then((r) => {
          state.signedInAs = r.signedInAs;
          state.clientSecret = '';
          go('signed-in');
        })
        .catch((err: unknown) => {
          button.removeAttribute('disabled');
          const hint =
            err instanceof BridgeError && err.code === 'port-in-use'
              ? ' Another program is using the sign-in port; close it and try again.'
              : '';
          replace(
            note,
            h(
              'div',
              { class: 'notice bad' },
              h('div', {}, h('strong', {}, 'Authorization did not finish'), `${errorMessage(err)}${hint}`),
            ),
          );
        });
    });
    frame(
      'Authorize SyncBit',
      [
        h(
          'p',
          {},
          'SyncBit opens Google’s sign-in page in your usual browser. When you allow access, Google hands a one-time code back to SyncBit on this computer (a loopback address only it listens on).',
        ),
        h(
          'p',
          {},
          'SyncBit asks only for read access to your health data. You can revoke it at any time in your Google account.',
        ),
        h('div', {}, button),
        note,
      ],
      { back: true },
    );
  }

  function signedIn(): void {
    const name = state.signedInAs ?? 'your account';
    frame(
      'You’re signed in',
      [
        h(
          'div',
          { class: 'who', 'data-testid': 'signed-in-as' },
          h('div', { class: 'avatar', 'aria-hidden': 'true' }, name.charAt(0).toUpperCase()),
          h(
            'div',
            {},
            h('strong', {}, name),
            h('div', { class: 'tile-sub' }, 'SyncBit can now read your Fitbit data from Google.'),
          ),
        ),
        h('p', {}, 'Not you? Go back and sign in with another account.'),
      ],
      {
        back: true,
        // Signing in again (re-authorize) needs none of the later steps: the archive is there.
        ...(ctx.status()?.archive.lastDay === undefined
          ? {}
          : {
              extra: h(
                'button',
                {
                  class: 'button',
                  type: 'button',
                  'data-action': 'to-dashboard',
                  onclick: () => {
                    ctx.navigate('dashboard');
                  },
                },
                'Back to the dashboard',
              ),
            }),
        next: nextButton('Continue', () => {
          go('takeout');
        }),
      },
    );
  }

  function takeout(): void {
    const chosen = h('div', {});
    const progress = h('div', {});
    let paths: string[] = [];
    const run = h(
      'button',
      { class: 'button primary', type: 'button', 'data-action': 'import', disabled: true },
      'Import',
    );
    const choose = h(
      'button',
      { class: 'button', type: 'button', 'data-action': 'choose' },
      'Choose export…',
    );
    const next = nextButton(state.imported === undefined ? 'Skip' : 'Continue', () => {
      go('destinations');
    });
    choose.addEventListener('click', () => {
      call(api.import.pickTakeout())
        .then((r) => {
          paths = r.paths;
          replace(
            chosen,
            paths.length === 0
              ? h('p', { class: 'tile-sub' }, 'Nothing chosen.')
              : h('p', {}, 'Chosen: ', ...paths.map((p) => h('code', {}, p.split(/[\\/]/).pop() ?? p))),
          );
          run.toggleAttribute('disabled', paths.length === 0);
        })
        .catch((err: unknown) => {
          replace(chosen, h('p', { class: 'result-bad' }, errorMessage(err)));
        });
    });
    run.addEventListener('click', () => {
      run.setAttribute('disabled', '');
      choose.setAttribute('disabled', '');
      next.setAttribute('disabled', '');
      const label = h('p', { class: 'tile-sub' }, 'Reading the export…');
      let bar = progressBar(0, '', 'Import progress');
      // Cancelling leaves the archive exactly as it was before the import began.
      const cancel = h(
        'button',
        { class: 'button', type: 'button', 'data-action': 'cancel-import' },
        'Cancel',
      );
      cancel.addEventListener('click', () => {
        cancel.setAttribute('disabled', '');
        label.textContent = 'Cancelling…';
        void call(api.import.cancelTakeout()).catch(() => undefined);
      });
      replace(progress, label, bar, cancel);
      const off = api.import.onProgressChanged((p) => {
        const fraction =
          p.phase === 'reading'
            ? p.bytesTotal !== undefined && p.bytesTotal > 0
              ? ((p.bytesDone ?? 0) / p.bytesTotal) * 0.5
              : p.filesTotal === 0
                ? 0
                : (p.filesDone / p.filesTotal) * 0.5
            : p.daysTotal === 0
              ? 1
              : 0.5 + (p.daysWritten / p.daysTotal) * 0.5;
        const eta = p.etaMs === undefined ? '' : `, about ${int(Math.ceil(p.etaMs / 60_000))} min left`;
        const families =
          p.familiesTotal === undefined
            ? ''
            : ` (${int(p.familiesDone ?? 0)} of ${int(p.familiesTotal)} kinds of data)`;
        const mbs =
          p.bytesTotal === undefined
            ? ''
            : `, ${int(Math.round((p.bytesDone ?? 0) / 1e6))} of ${int(Math.round(p.bytesTotal / 1e6))} MB`;
        if (p.phase !== 'reading') cancel.remove();
        label.textContent =
          p.phase === 'reading'
            ? `Reading files: ${int(p.filesDone)} of ${int(p.filesTotal)}${mbs}${families}${eta}`
            : p.phase === 'writing'
              ? `Writing days: ${int(p.daysWritten)} of ${int(p.daysTotal)}`
              : 'Finishing…';
        const nb = progressBar(fraction, '', 'Import progress');
        bar.replaceWith(nb);
        bar = nb;
      });
      ctx.onLeave(off);
      call(api.import.runTakeout({ paths }))
        .then((summary) => {
          off();
          cancel.remove();
          state.imported = summary;
          const nb = progressBar(1, 'ok', 'Import progress');
          bar.replaceWith(nb);
          bar = nb;
          label.textContent = `Imported ${int(summary.days)} days, ${int(summary.records)} records.`;
          progress.appendChild(
            h(
              'div',
              { class: 'kv', 'data-testid': 'import-summary' },
              ...summary.families
                .filter((f) => f.records > 0)
                .slice(0, 8)
                .flatMap((f) => [
                  h('dt', {}, f.family),
                  h('dd', {}, `${int(f.records)} records over ${int(f.days)} days`),
                ]),
            ),
          );
          for (const w of summary.warnings.slice(0, 3))
            progress.appendChild(h('div', { class: 'notice warn' }, w));
          next.textContent = 'Continue';
          next.removeAttribute('disabled');
        })
        .catch((err: unknown) => {
          off();
          const cancelled = err instanceof BridgeError && err.code === 'cancelled';
          replace(
            progress,
            cancelled
              ? h('div', { class: 'notice' }, 'Import cancelled. Your archive is as it was before.')
              : h(
                  'div',
                  { class: 'notice bad' },
                  h('div', {}, h('strong', {}, 'Import failed'), errorMessage(err)),
                ),
          );
          run.removeAttribute('disabled');
          choose.removeAttribute('disabled');
          next.removeAttribute('disabled');
        });
    });
    frame(
      'Bring in your history (optional)',
      [
        h(
          'p',
          {},
          'The Google Health API reaches back a limited time. A Google Takeout export holds everything since your first tracker. Request “Fitbit” at Google Takeout, wait for the email, then choose the .zip (or .tgz) here. You can do this later from Settings.',
        ),
        h('div', { class: 'inline' }, guide('takeout', 'Open Google Takeout'), choose, run),
        chosen,
        progress,
      ],
      { back: true, next },
    );
  }

  function destinations(): void {
    const err = h('div', { class: 'error', role: 'alert' });
    const archive = h('input', { type: 'checkbox', id: 'dest-archive', checked: true });
    const vmOn = h('input', { type: 'checkbox', id: 'dest-victoria' });
    const vmEndpoint = h('input', {
      type: 'url',
      placeholder: 'http://localhost:8428/api/v1/import/prometheus',
      'data-path': 'victoria.endpoint',
    });
    const vmUser = h('input', { type: 'text', placeholder: 'optional' });
    const vmPass = h('input', { type: 'password', placeholder: 'optional', autocomplete: 'off' });
    const s3On = h('input', { type: 'checkbox', id: 'dest-s3' });
    const s3Bucket = h('input', { type: 'text', placeholder: 'my-fitbit-archive', 'data-path': 's3.bucket' });
    const s3Region = h('input', { type: 'text', value: 'us-east-1' });
    const s3Endpoint = h('input', { type: 'url', placeholder: 'optional, for S3-compatible services' });
    const s3Key = h('input', { type: 'text', placeholder: 'AKIA…' });
    const s3Secret = h('input', { type: 'password', autocomplete: 'off' });
    const vmFields = h(
      'div',
      { class: 'fields' },
      labelled('Endpoint URL', vmEndpoint),
      labelled('User', vmUser),
      labelled('Password', vmPass),
    );
    const s3Fields = h(
      'div',
      { class: 'fields' },
      labelled('Bucket', s3Bucket),
      labelled('Region', s3Region),
      labelled('Endpoint URL', s3Endpoint),
      labelled('Access key ID', s3Key),
      labelled('Secret access key', s3Secret),
    );
    const toggle = (): void => {
      vmFields.hidden = !vmOn.checked;
      s3Fields.hidden = !s3On.checked;
    };
    vmOn.addEventListener('change', toggle);
    s3On.addEventListener('change', toggle);
    toggle();

    const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
    const save = async (): Promise<void> => {
      await call(
        api.settings.updateValues({
          patch: {
            archive: { enabled: archive.checked },
            victoria: {
              enabled: vmOn.checked,
              endpoint: opt(vmEndpoint.value) ?? null,
              user: opt(vmUser.value) ?? null,
            },
            s3: {
              enabled: s3On.checked,
              bucket: opt(s3Bucket.value) ?? null,
              region: opt(s3Region.value) ?? 'us-east-1',
              endpoint: opt(s3Endpoint.value) ?? null,
              accessKeyId: opt(s3Key.value) ?? null,
            },
          },
        }),
      );
      if (vmPass.value !== '')
        await call(api.settings.setSecret({ name: 'victoriaPassword', value: vmPass.value }));
      if (s3Secret.value !== '')
        await call(api.settings.setSecret({ name: 's3SecretAccessKey', value: s3Secret.value }));
    };
    const tester = (destination: 'victoria' | 's3'): HTMLElement => {
      const result = h('span', { class: 'tile-sub', role: 'status', 'data-test-result': destination });
      const b = h(
        'button',
        { class: 'button small', type: 'button', 'data-test': destination },
        'Test connection',
      );
      b.addEventListener('click', () => {
        err.textContent = '';
        result.className = 'tile-sub';
        result.textContent = 'Testing…';
        save()
          .then(() => call(api.export.testDestination({ destination })))
          .then((r) => {
            result.className = r.ok ? 'result-ok' : 'result-bad';
            result.textContent = r.message;
          })
          .catch((e: unknown) => {
            result.className = 'result-bad';
            result.textContent = errorMessage(e);
          });
      });
      return h('div', { class: 'inline' }, b, result);
    };
    const next = nextButton('Continue', () => {
      err.textContent = '';
      thenGo(save(), 'start-at-login', err);
    });
    frame(
      'Where should your data go?',
      [
        h(
          'div',
          { class: 'dest-card' },
          h(
            'label',
            { class: 'check', for: 'dest-archive' },
            archive,
            h('b', {}, 'Local archive'),
            h('span', { class: 'badge ok' }, 'recommended'),
          ),
          h(
            'p',
            { class: 'tile-sub' },
            `One file per day in ${status?.archive.dataDir ?? 'your data folder'}.`,
          ),
        ),
        h(
          'div',
          { class: 'dest-card' },
          h(
            'label',
            { class: 'check', for: 'dest-victoria' },
            vmOn,
            h('b', {}, 'Victoria Metrics'),
            h('span', { class: 'tile-sub' }, 'for Grafana dashboards'),
          ),
          vmFields,
          tester('victoria'),
        ),
        h(
          'div',
          { class: 'dest-card' },
          h(
            'label',
            { class: 'check', for: 'dest-s3' },
            s3On,
            h('b', {}, 'Amazon S3'),
            h('span', { class: 'tile-sub' }, 'or any S3-compatible bucket'),
          ),
          s3Fields,
          tester('s3'),
        ),
        err,
      ],
      { back: true, next },
    );
  }

  function startAtLogin(): void {
    const box = h('input', { type: 'checkbox', id: 'wizard-login', checked: state.startAtLogin });
    const err = h('div', { class: 'error', role: 'alert' });
    const next = nextButton('Continue', () => {
      state.startAtLogin = box.checked;
      thenGo(call(api.app.setStartAtLogin({ enabled: box.checked })), 'done', err);
    });
    frame(
      'Keep syncing in the background',
      [
        h(
          'p',
          {},
          'SyncBit lives in the tray (menu bar). Closing its window doesn’t stop it; “Quit” in the tray menu does.',
        ),
        h(
          'div',
          { class: 'dest-card' },
          h('label', { class: 'check', for: 'wizard-login' }, box, h('b', {}, 'Start SyncBit when I log in')),
          h('p', { class: 'tile-sub' }, 'It starts hidden in the tray and syncs every 15 minutes.'),
        ),
        err,
      ],
      { back: true, next },
    );
  }

  function done(): void {
    const progress = h('div', { 'data-testid': 'backfill-progress' });
    const render = (s: AppStatus | undefined): void => {
      if (s === undefined) return;
      const doneDays = s.progress.reduce((n, p) => n + p.daysDone, 0);
      const left = s.progress.reduce((n, p) => n + p.daysLeft, 0);
      const total = doneDays + left;
      replace(
        progress,
        h(
          'p',
          {},
          s.phase === 'syncing'
            ? `First backfill running: ${int(doneDays)} of ${int(total)} type-days`
            : total > 0 && left === 0
              ? `Backfill finished: ${int(doneDays)} type-days.`
              : 'The first backfill is starting…',
        ),
        progressBar(
          total === 0 ? 0 : doneDays / total,
          left === 0 && total > 0 ? 'ok' : '',
          'Backfill progress',
        ),
      );
    };
    render(ctx.status());
    ctx.onStatus(render);
    api.sync
      .runNow()
      .then((r) => {
        if (!r.ok) replace(progress, h('div', { class: 'notice bad' }, r.error.message));
      })
      .catch(() => undefined);
    frame(
      'SyncBit is set up',
      [
        h(
          'p',
          {},
          'Your first backfill has started. It fetches your recent history type by type; you can close this window — SyncBit keeps going in the tray.',
        ),
        progress,
      ],
      {
        next: nextButton('Open dashboard', () => {
          ctx.navigate('dashboard');
        }),
      },
    );
  }

  if (state.signedInAs !== undefined) go('google-client');
  else show();
};
