// A terminal over POST …/exec (NDJSON): xterm.js shows the output as it streams. The studio runs
// one command at a time without a pseudo-terminal, so this is a line shell: the line is edited
// here, Enter runs it with `sh -c` in the current folder, Ctrl-C stops it (closing the request
// cancels the command), `cd` changes the folder the next commands start in.
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { isAbort, messageOf } from '../../api/client';
import { studio } from '../../api/studio';
import { adoptStyles, withStyleNonce } from '../../lib/csp';
import { LineEditor, type LineAction } from './lineEditor';

const HOME = '/home/dev';
const START = `${HOME}/project`;

export default function TerminalPanel({ org, session, active, disabled }: { org: string; session: string; active: boolean; disabled: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);

  useEffect(() => {
    const t = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: { background: '#020617', foreground: '#e2e8f0', cursor: '#e2e8f0', selectionBackground: '#0369a1aa' },
    });
    const f = new FitAddon();
    t.loadAddon(f);
    withStyleNonce(() => t.open(host.current!));
    adoptStyles(host.current!);
    term.current = t;
    fit.current = f;
    try {
      f.fit();
    } catch {
      // not laid out yet (hidden tab): fitted when shown
    }

    let cwd = START;
    let running: AbortController | null = null;
    const editor = new LineEditor();
    const shortCwd = () => (cwd.startsWith(HOME) ? `~${cwd.slice(HOME.length)}` : cwd);
    const prompt = () => t.write(`\x1b[1;36m${shortCwd()}\x1b[0m $ `);
    const out = (text: string) => t.write(text.replace(/\r?\n/g, '\r\n'));

    const run = async (line: string) => {
      const cdMatch = /^\s*cd(?:\s+(.*))?$/.exec(line);
      const command = cdMatch ? `cd ${cdMatch[1]?.trim() || HOME} && pwd` : line;
      running = new AbortController();
      let newCwd: string | null = null;
      try {
        for await (const l of studio.exec(org, session, { command: ['sh', '-c', command], workdir: cwd }, running.signal)) {
          if ('stream' in l) {
            if (cdMatch && l.stream === 'stdout') newCwd = (newCwd ?? '') + l.data;
            else out(l.stream === 'stderr' ? `\x1b[31m${l.data}\x1b[0m` : l.data);
          } else {
            if (cdMatch && l.exitCode === 0 && newCwd) cwd = newCwd.trim();
            if (l.exitCode !== 0) out(`\x1b[33m[exit ${l.exitCode}${l.termination !== 'EXITED' ? `, ${l.termination.toLowerCase()}` : ''}]\x1b[0m\n`);
          }
        }
      } catch (e) {
        out(isAbort(e) ? '\x1b[33m^C\x1b[0m\n' : `\x1b[31m${messageOf(e)}\x1b[0m\n`);
      } finally {
        running = null;
        prompt();
      }
    };

    t.writeln('\x1b[2mCommands run in the session sandbox one at a time (no interactive programs). Ctrl-C stops one, Ctrl-L clears.\x1b[0m');
    prompt();

    const sub = t.onData((data) => {
      if (running) {
        if (data === '\x03') running.abort();
        return;
      }
      for (const action of editor.input(data)) apply(action);
    });

    function apply(action: LineAction) {
      switch (action.kind) {
        case 'echo':
          t.write(action.text);
          break;
        case 'clear':
          t.clear();
          t.write('\x1b[2K\r');
          prompt();
          t.write(editor.line);
          break;
        case 'cancel':
          t.write('^C\r\n');
          prompt();
          break;
        case 'run':
          t.write('\r\n');
          if (!action.line.trim()) {
            prompt();
          } else if (disabled) {
            out('This session has ended: resume it to run commands.\n');
            prompt();
          } else {
            void run(action.line);
          }
          break;
      }
    }

    const onResize = () => {
      try {
        f.fit();
      } catch {
        // hidden
      }
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      sub.dispose();
      running?.abort();
      t.dispose();
      term.current = null;
    };
  }, [org, session, disabled]);

  useEffect(() => {
    if (!active) return;
    requestAnimationFrame(() => {
      try {
        fit.current?.fit();
      } catch {
        // not laid out
      }
      term.current?.focus();
    });
  }, [active]);

  return <div ref={host} className="terminal-host h-full min-h-0 bg-slate-950" role="region" aria-label="Terminal" data-testid="terminal" />;
}
