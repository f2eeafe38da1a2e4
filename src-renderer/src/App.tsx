// The shell: header, then the start view or the open engagement.
import { useCallback, useEffect } from 'react';
import { runCommand, useCommand, useCommandSources, useOpenRecent } from './commands';
import { Alert } from './components/Alert';
import { Header } from './components/Header';
import { useAppStore } from './store/app-store';
import { useWelcomeStore } from './store/welcome-store';
import { EngagementView } from './views/EngagementView';
import { StartView } from './views/StartView';

export function App() {
  const view = useAppStore((s) => s.view);
  const hostError = useAppStore((s) => s.hostError);
  const openError = useWelcomeStore((s) => s.error);
  const loadHost = useAppStore((s) => s.loadHost);

  useEffect(() => {
    void loadHost();
  }, [loadHost]);

  // The engagement commands that do not need an open engagement: new, open, the sample, Open Recent and
  // Clear Recent. The start view focuses its New form on 'new' once it shows.
  useCommandSources();
  const showNew = useCallback(() => {
    if (useAppStore.getState().view.name === 'start') return;
    useAppStore.getState().showStart();
    requestAnimationFrame(() => runCommand('new'));
  }, []);
  useCommand('new', showNew);
  useCommand(
    'open',
    useCallback(() => void useWelcomeStore.getState().openWithDialog(), []),
  );
  useCommand(
    'sample',
    useCallback(() => void useWelcomeStore.getState().openSample(), []),
  );
  // The same open as the welcome screen's recent list.
  useOpenRecent(useCallback((path: string) => void useWelcomeStore.getState().openPath(path), []));
  useCommand(
    'clear-recent',
    useCallback(() => void useWelcomeStore.getState().clearRecent(), []),
  );

  return (
    <div className="app">
      <Header />
      <Alert message={hostError} className="banner" />
      {/* The start view shows its own; over an engagement, a failed Open Recent or Open… must show too. */}
      {view.name !== 'start' && (
        <Alert message={openError} className="banner" onDismiss={() => useWelcomeStore.setState({ error: null })} />
      )}
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
