// The shell: header, then the start view or the open engagement.
import { useEffect } from 'react';
import { Alert } from './components/Alert';
import { Header } from './components/Header';
import { useAppStore } from './store/app-store';
import { EngagementView } from './views/EngagementView';
import { StartView } from './views/StartView';

export function App() {
  const view = useAppStore((s) => s.view);
  const hostError = useAppStore((s) => s.hostError);
  const loadHost = useAppStore((s) => s.loadHost);

  useEffect(() => {
    void loadHost();
  }, [loadHost]);

  return (
    <div className="app">
      <Header />
      <Alert message={hostError} className="banner" />
      {view.name === 'start' ? <StartView /> : <EngagementView key={view.path} />}
    </div>
  );
}

export function NoBridge() {
  return (
    <div className="app">
      <main className="start">
        <Alert
          className="banner"
          message="Portcullis cannot reach its core: this page must be opened by the Portcullis app (or its test harness)."
        />
      </main>
    </div>
  );
}
