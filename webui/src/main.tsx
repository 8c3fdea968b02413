import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './App';
import { chunksFor, preload } from './lib/chunks';
import { useAuth } from './stores/auth';

// The login is restored and a deep link's screens are fetched while React starts, all at once: on
// an empty cache they used to come one after the other (login, then session view, then chat).
void useAuth.getState().init();
preload(chunksFor(window.location.pathname));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
