// The colour theme: a preference (system, light or dark) kept in localStorage, resolved to light or dark
// on <html data-theme>, where the CSS custom properties of each theme hang.
import { create } from 'zustand';

export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'portcullis.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function readPreference(): ThemePreference {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'system' || saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage can be unavailable (privacy settings); the default is fine.
  }
  return 'system';
}

function apply(preference: ThemePreference): void {
  const resolved = preference === 'system' ? (darkQuery().matches ? 'dark' : 'light') : preference;
  document.documentElement.dataset.theme = resolved;
}

interface ThemeState {
  preference: ThemePreference;
  setPreference(preference: ThemePreference): void;
}

export const useThemeStore = create<ThemeState>((set) => ({
  preference: readPreference(),
  setPreference(preference) {
    try {
      window.localStorage.setItem(STORAGE_KEY, preference);
    } catch {
      // Not persisted, but still applied for this session.
    }
    apply(preference);
    set({ preference });
  },
}));

/** Applies the saved theme before the first render and follows the system while the preference is "system". */
export function initTheme(): void {
  apply(useThemeStore.getState().preference);
  darkQuery().addEventListener('change', () => {
    if (useThemeStore.getState().preference === 'system') apply('system');
  });
}
