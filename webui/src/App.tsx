import { useEffect } from 'react';
import { useAuth } from './stores/auth';
import { isPaletteShortcut, usePalette } from './stores/palette';
import { Login } from './components/shell/Login';
import { Shell } from './components/shell/Shell';
import { Toasts } from './components/shell/Toasts';
import { CommandPalette } from './components/shell/CommandPalette';

export function App() {
  const status = useAuth((s) => s.status);

  useEffect(() => {
    // main.tsx started it; this covers an App rendered on its own (tests)
    if (useAuth.getState().status === 'unknown') void useAuth.getState().init();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isPaletteShortcut(e)) {
        e.preventDefault();
        usePalette.getState().toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      {status === 'unknown' && (
        <div className="flex h-full items-center justify-center text-slate-300" role="status">
          Opening the studio…
        </div>
      )}
      {status === 'anonymous' && <Login />}
      {status === 'authenticated' && <Shell />}
      <CommandPalette />
      <Toasts />
    </>
  );
}
