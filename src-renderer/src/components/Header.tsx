// The app bar: name, which face the core runs behind and who is acting, and the theme control.
import { useAppStore } from '../store/app-store';
import { ThemeControl } from './ThemeControl';

const faceNames = { electron: 'Desktop', cli: 'Command line', harness: 'Test harness' } as const;

export function Header() {
  const host = useAppStore((s) => s.host);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1 className="brand-name">Portcullis</h1>
          <p className="brand-tag">PCI DSS v4.0.1 Req. 1.2.6 evidence binder</p>
        </div>
      </div>
      <div className="header-side">
        {host && (
          <p className="actor" data-testid="actor">
            <span className="face">{faceNames[host.face]}</span>
            <span className="actor-name">
              Acting as <strong>{host.actor}</strong>
            </span>
          </p>
        )}
        <ThemeControl />
      </div>
    </header>
  );
}
