import { describe, expect, it } from 'vitest';
import { TrayController, type TrayLike } from '../../main/shell/tray-controller.js';
import type { TrayMenuItem } from '../../main/shell/tray-menu.js';
import { baseStatus } from './fake-services.js';

function setup() {
  const log: string[] = [];
  let menu: readonly TrayMenuItem[] = [];
  let created = 0;
  const tray: TrayLike = {
    setImage: (p) => log.push(`image ${p}`),
    setToolTip: () => log.push('tooltip'),
    setMenu: (items) => {
      menu = items;
      log.push('menu');
    },
    destroy: () => log.push('destroy'),
  };
  const controller = new TrayController({
    createTray: (icon) => {
      created += 1;
      log.push(`create ${icon}`);
      return tray;
    },
    iconFor: (phase) => `${phase}.png`,
    onAction: () => undefined,
    formatTime: (ms) => String(ms),
  });
  return { controller, log, menu: () => menu, created: () => created };
}

describe('TrayController', () => {
  it('creates the tray lazily with the icon of the first state', () => {
    const t = setup();
    expect(t.created()).toBe(0);
    t.controller.setStatus(baseStatus({ phase: 'signed-out', signedInAs: undefined }));
    expect(t.log[0]).toBe('create signed-out.png');
    expect(t.created()).toBe(1);
  });

  it('is idempotent: the same status, or a change the menu does not show, renders nothing new', () => {
    const t = setup();
    t.controller.setStatus(baseStatus());
    t.controller.setStatus(baseStatus());
    t.controller.setStatus({ ...baseStatus(), etaSeconds: 42, archive: { days: 11, dataDir: '/data' } });
    t.controller.setStartAtLogin(false);
    expect(t.controller.renders).toBe(1);
    expect(t.log.filter((l) => l === 'menu')).toHaveLength(1);
  });

  it('re-renders and swaps the icon when the state changes', () => {
    const t = setup();
    t.controller.setStatus(baseStatus());
    t.controller.setStatus(
      baseStatus({ phase: 'attention', errorCode: 'auth-required', message: 'expired' }),
    );
    expect(t.log).toContain('image attention.png');
    expect(t.controller.renders).toBe(2);
    t.controller.setStartAtLogin(true);
    expect(t.controller.renders).toBe(3);
    const login = t.menu().find((i) => i.kind === 'checkbox');
    expect(login).toMatchObject({ checked: true });
  });

  it('does not create a tray before it knows the status', () => {
    const t = setup();
    t.controller.setStartAtLogin(true);
    expect(t.created()).toBe(0);
  });
});
