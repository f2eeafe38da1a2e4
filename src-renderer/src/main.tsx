// Renderer entry: apply the saved theme, listen to job events once, then render the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/app.css';
import './styles/standard.css';
import './styles/inventory.css';
import './styles/review.css';
import './styles/dashboard.css';
import './styles/evidence.css';
import { hasBridge } from './api/client';
import { App, NoBridge } from './App';
import { subscribeToJobEvents } from './store/jobs-store';
import { initTheme } from './store/theme-store';

initTheme();
const container = document.getElementById('root');
if (!container) throw new Error('index.html: the #root element is missing');
const bridged = hasBridge();
if (bridged) subscribeToJobEvents();
createRoot(container).render(<StrictMode>{bridged ? <App /> : <NoBridge />}</StrictMode>);
