// System / Light / Dark as a segmented radio group: one tab stop, arrow keys move between choices.
import { useThemeStore, type ThemePreference } from '../store/theme-store';

const choices: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeControl() {
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Theme</legend>
      {choices.map((c) => (
        <label key={c.value} className={c.value === preference ? 'segment selected' : 'segment'}>
          <input
            type="radio"
            name="theme"
            value={c.value}
            checked={c.value === preference}
            onChange={() => setPreference(c.value)}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
