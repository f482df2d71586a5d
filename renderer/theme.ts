/**
 * Light/dark theme: follows the system (prefers-color-scheme) unless the person picks one.
 * `<html data-theme>` always holds the theme drawn (`light` or `dark`, so the stylesheet has one
 * rule per theme), `<html data-theme-choice>` what the person chose.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'syncbit-theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function apply(choice: ThemeChoice): void {
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  root.dataset.theme = choice === 'system' ? (systemDark().matches ? 'dark' : 'light') : choice;
}

/** Applies the saved choice and follows the system's changes while the choice is `system`. */
export function initTheme(): ThemeChoice {
  const choice = stored();
  apply(choice);
  systemDark().addEventListener('change', () => {
    apply(currentTheme());
  });
  return choice;
}

export function setTheme(choice: ThemeChoice): void {
  apply(choice);
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // storage unavailable: the choice lasts until the window closes
  }
}

export function currentTheme(): ThemeChoice {
  const v = document.documentElement.dataset.themeChoice;
  return v === 'light' || v === 'dark' ? v : 'system';
}
