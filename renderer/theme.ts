/** Light/dark theme: follows the system (prefers-color-scheme) unless the person picks one. */

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

/** Applies the saved choice to <html data-theme>. */
export function initTheme(): ThemeChoice {
  const choice = stored();
  setTheme(choice);
  return choice;
}

export function setTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // storage unavailable: the choice lasts for this session
  }
}

export function currentTheme(): ThemeChoice {
  const v = document.documentElement.dataset.theme;
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Whether the page currently renders dark. */
export function isDark(): boolean {
  const t = currentTheme();
  return t === 'dark' || (t === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
}
