import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { messageOf } from '../../api/client';
import { studio } from '../../api/studio';
import type { WorkspaceEntry } from '../../api/types';
import { renderMarkdown } from '../../lib/markdown';
import { useCommands } from '../../lib/useCommands';
import { toast } from '../../stores/toasts';
import { Modal } from '../shell/Modal';
import { DECK_FOLDER, deckTemplate, FRAMEWORK, isDeckFile, newDeckPath, parseDeck, type Slide } from './deck';
import './deck.css';

const ROOT = 'project';

function SlideBody({ slide, className = '' }: { slide: Slide; className?: string }) {
  const html = useMemo(() => renderMarkdown(slide.markdown), [slide.markdown]);
  const short = slide.markdown.split('\n').filter((l) => l.trim()).length <= 2;
  return <div className={`md deck-md ${short ? 'deck-center' : ''} ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The pitch-deck view: decks kept as Markdown in the project, a slide viewer, new decks, PDF export. */
export default function DeckView({ org, session, active, readOnly }: { org: string; session: string; active: boolean; readOnly: boolean }) {
  const [decks, setDecks] = useState<WorkspaceEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [index, setIndex] = useState(0);
  const [notes, setNotes] = useState(false);
  const [creating, setCreating] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);
  const stage = useRef<HTMLDivElement>(null);
  const slideRef = useRef<HTMLElement>(null);
  const id = useId();

  const deck = useMemo(() => parseDeck(draft ?? text ?? ''), [draft, text]);
  const count = deck.slides.length;
  const current = count > 0 ? Math.min(index, count - 1) : 0;
  const slide = deck.slides[current];
  const dirty = draft !== null && draft !== text;

  const list = useCallback(async (): Promise<WorkspaceEntry[]> => {
    try {
      const listing = await studio.files(org, session, ROOT, true);
      const found = listing.entries.filter((e) => !e.directory && isDeckFile(e.path)).sort((a, b) => a.path.localeCompare(b.path));
      setDecks(found);
      setListError(null);
      return found;
    } catch (e) {
      setListError(messageOf(e));
      return [];
    }
  }, [org, session]);

  const open = useCallback(
    async (p: string, at = 0) => {
      if (dirty && !window.confirm('Discard the changes to this deck?')) return;
      setPath(p);
      setDraft(null);
      setIndex(at);
      setText(null);
      setLoadError(null);
      if (!p) return;
      setLoading(true);
      try {
        setText(await (await studio.readFile(org, session, p)).text());
      } catch (e) {
        setLoadError(messageOf(e));
      } finally {
        setLoading(false);
      }
    },
    [dirty, org, session],
  );

  // the first time the view is shown: list the decks and open the first
  useEffect(() => {
    if (!active || decks !== null) return;
    void list().then((found) => {
      if (found.length > 0 && !path) void open(found[0].path);
    });
  }, [active, decks, list, open, path]);

  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(count - 1, i))), [count]);

  const toggleFullscreen = useCallback(async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await stage.current?.requestFullscreen();
      slideRef.current?.focus();
    } catch (e) {
      toast(`Full screen is not available: ${messageOf(e)}`, 'error');
    }
  }, []);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === stage.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  // Export to PDF: the slides go into a print-only copy (one per page), then the browser prints
  useEffect(() => {
    if (!printing) return;
    const title = document.title;
    document.title = deck.title ?? path.split('/').pop()?.replace(/\.\w+$/, '') ?? title;
    document.body.classList.add('deck-printing');
    const done = () => setPrinting(false);
    window.addEventListener('afterprint', done);
    const t = setTimeout(() => {
      window.print();
      // browsers whose print() returns at once still send afterprint; the others end here
      setTimeout(done, 500);
    }, 30);
    return () => {
      clearTimeout(t);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('deck-printing');
      document.title = title;
    };
  }, [printing, deck.title, path]);

  const onSlideKey = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
      case 'PageDown':
      case ' ':
        go(current + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
      case 'PageUp':
      case 'Backspace':
        go(current - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(count - 1);
        break;
      case 'f':
      case 'F':
        void toggleFullscreen();
        break;
      case 'n':
      case 'N':
        setNotes((v) => !v);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const save = async () => {
    if (draft === null || !path) return;
    setSaving(true);
    try {
      await studio.writeFile(org, session, path, new Blob([draft], { type: 'application/octet-stream' }));
      setText(draft);
      setDraft(null);
      toast(`Saved ${path}.`);
    } catch (e) {
      toast(messageOf(e), 'error');
    } finally {
      setSaving(false);
    }
  };

  useCommands(
    active
      ? [
          ...(readOnly ? [] : [{ id: 'deck:new', section: 'Pitch deck', title: 'New pitch deck from the 11-slide framework…', keywords: 'create template', run: () => setCreating(true) }]),
          { id: 'deck:refresh', section: 'Pitch deck', title: 'Refresh the list of decks', run: () => void list() },
          ...(count > 0
            ? [
                { id: 'deck:present', section: 'Pitch deck', title: 'Present the deck full screen', shortcut: 'F', keywords: 'fullscreen slideshow', run: () => toggleFullscreen() },
                { id: 'deck:pdf', section: 'Pitch deck', title: 'Export the deck to PDF', keywords: 'print', run: () => setPrinting(true) },
                { id: 'deck:next', section: 'Pitch deck', title: 'Next slide', shortcut: '→', run: () => go(current + 1) },
                { id: 'deck:previous', section: 'Pitch deck', title: 'Previous slide', shortcut: '←', run: () => go(current - 1) },
                { id: 'deck:notes', section: 'Pitch deck', title: notes ? 'Hide the speaker notes' : 'Show the speaker notes', shortcut: 'N', run: () => setNotes((v) => !v) },
              ]
            : []),
          ...(path && text !== null && !readOnly && draft === null ? [{ id: 'deck:edit', section: 'Pitch deck', title: 'Edit the deck’s Markdown', run: () => setDraft(text) }] : []),
          ...(dirty ? [{ id: 'deck:save', section: 'Pitch deck', title: 'Save the deck', run: () => save() }] : []),
        ]
      : [],
    [active, readOnly, count, current, notes, path, text, draft, dirty, list, toggleFullscreen],
  );

  const label = slide ? `Slide ${current + 1} of ${count}: ${slide.title}` : 'No slide';

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="deck-view">
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-800 px-3 py-2">
        <div className="min-w-0 flex-1 basis-56">
          <label className="label" htmlFor={`${id}-deck`}>
            Deck
          </label>
          <select id={`${id}-deck`} className="field" value={path} onChange={(e) => void open(e.target.value)} data-testid="deck-file">
            <option value="">{decks === null ? 'Loading…' : decks.length === 0 ? `No deck yet (${DECK_FOLDER}/*.md)` : 'Choose a deck…'}</option>
            {(decks ?? []).map((d) => (
              <option key={d.path} value={d.path}>
                {d.path.slice(ROOT.length + 1)}
              </option>
            ))}
          </select>
        </div>
        <button className="btn btn-sm" onClick={() => void list()}>
          Refresh
        </button>
        {!readOnly && (
          <button className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="deck-new">
            New deck
          </button>
        )}
        {count > 0 && (
          <>
            <button className="btn btn-sm" onClick={() => void toggleFullscreen()} aria-keyshortcuts="F" data-testid="deck-present">
              Present
            </button>
            <button className="btn btn-sm" onClick={() => setPrinting(true)} disabled={printing} data-testid="deck-pdf">
              {printing ? 'Preparing…' : 'Export PDF'}
            </button>
          </>
        )}
        {path && text !== null && !readOnly && (
          <button className="btn btn-sm" onClick={() => setDraft(draft === null ? text : null)} aria-pressed={draft !== null} disabled={draft !== null && dirty}>
            {draft === null ? 'Edit' : 'Close editor'}
          </button>
        )}
      </div>
      {listError && (
        <p role="alert" className="px-3 pt-2 text-sm text-rose-200">
          {listError}
        </p>
      )}
      {loadError && (
        <p role="alert" className="px-3 pt-2 text-sm text-rose-200">
          {loadError}
        </p>
      )}
      {loading && (
        <p role="status" className="px-3 pt-2 text-sm text-slate-300">
          Opening {path}…
        </p>
      )}
      {!path && decks !== null && decks.length === 0 && (
        <div className="max-w-prose p-4 text-sm text-slate-300">
          <p>
            Decks are Markdown files in <code className="font-mono">{DECK_FOLDER}/</code>: slides are separated by a line <code className="font-mono">---</code>, speaker notes are{' '}
            <code className="font-mono">{'<!-- comments -->'}</code>.
          </p>
          {!readOnly && <p className="mt-2">“New deck” starts one from the 11-slide framework: {FRAMEWORK.join(', ')}.</p>}
        </div>
      )}
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        {count > 0 && (
          <nav aria-label="Slides" className="hidden max-h-full w-52 shrink-0 overflow-y-auto border-r border-slate-800 p-2 md:block">
            <ol className="space-y-0.5 text-sm">
              {deck.slides.map((s, i) => (
                <li key={i}>
                  <button
                    className={`w-full truncate rounded px-2 py-1 text-left ${i === current ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60'}`}
                    aria-current={i === current ? 'true' : undefined}
                    onClick={() => {
                      go(i);
                      slideRef.current?.focus();
                    }}
                  >
                    <span className="text-slate-400">{i + 1}.</span> {s.title}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        )}
        {draft !== null && (
          <div className="flex min-h-0 flex-col border-b border-slate-800 p-2 md:w-2/5 md:border-r md:border-b-0">
            <label htmlFor={`${id}-md`} className="label">
              Markdown of {path.split('/').pop()}
            </label>
            <textarea
              id={`${id}-md`}
              className="field min-h-40 flex-1 resize-none font-mono text-xs"
              value={draft}
              spellCheck
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
                  e.preventDefault();
                  void save();
                }
              }}
              data-testid="deck-editor"
            />
            <div className="mt-2 flex justify-end gap-2">
              <button className="btn btn-sm" onClick={() => setDraft(null)}>
                {dirty ? 'Discard' : 'Close'}
              </button>
              <button className="btn btn-primary btn-sm" onClick={() => void save()} disabled={!dirty || saving}>
                {saving ? 'Saving…' : 'Save'}
              </button>
            </div>
          </div>
        )}
        {path && text !== null && (
          <div ref={stage} className="deck-stage flex min-h-0 min-w-0 flex-1 flex-col gap-2 p-3">
            {count === 0 ? (
              <p className="text-sm text-slate-300">This deck has no slide yet: write Markdown, with a line --- between slides.</p>
            ) : (
              <>
                <div className="deck-viewport flex-1">
                  <section
                    ref={slideRef}
                    className="deck-slide outline-offset-4"
                    tabIndex={0}
                    aria-roledescription="slide"
                    aria-label={label}
                    onKeyDown={onSlideKey}
                    data-testid="deck-slide"
                  >
                    {slide && <SlideBody key={current} slide={slide} />}
                  </section>
                </div>
                {notes && slide && (
                  <div className="max-h-32 overflow-y-auto rounded border border-slate-700 bg-slate-900 p-2 text-sm whitespace-pre-wrap text-slate-200" aria-label="Speaker notes">
                    {slide.notes || 'No notes on this slide.'}
                  </div>
                )}
                <div className="flex flex-wrap items-center justify-center gap-2">
                  <button className="btn btn-sm" onClick={() => go(current - 1)} disabled={current === 0} aria-label="Previous slide">
                    ← Previous
                  </button>
                  <span className="min-w-20 text-center text-sm text-slate-200" aria-hidden="true" data-testid="deck-position">
                    {current + 1} / {count}
                  </span>
                  <button className="btn btn-sm" onClick={() => go(current + 1)} disabled={current >= count - 1} aria-label="Next slide">
                    Next →
                  </button>
                  <button className="btn btn-sm" onClick={() => setNotes((v) => !v)} aria-pressed={notes} aria-keyshortcuts="N">
                    Notes
                  </button>
                  {fullscreen && (
                    <button className="btn btn-sm" onClick={() => void toggleFullscreen()}>
                      Exit full screen
                    </button>
                  )}
                </div>
                <p className="sr-only" role="status" aria-live="polite">
                  {label}
                </p>
                {!fullscreen && <p className="text-center text-xs text-slate-400">Click the slide, then ← → to move, F for full screen, N for notes.</p>}
              </>
            )}
          </div>
        )}
      </div>
      {creating && (
        <NewDeckDialog
          existing={(decks ?? []).map((d) => d.path)}
          onClose={() => setCreating(false)}
          onCreate={async (name) => {
            const target = newDeckPath(name, (decks ?? []).map((d) => d.path));
            await studio.writeFile(org, session, target, new Blob([deckTemplate(name)], { type: 'application/octet-stream' }));
            toast(`Created ${target}.`);
            setCreating(false);
            await list();
            await open(target);
          }}
        />
      )}
      {printing &&
        createPortal(
          <div className="deck-print" aria-hidden="true">
            {deck.slides.map((s, i) => (
              <div key={i} className="deck-print-slide">
                <SlideBody slide={s} />
                <span className="deck-print-number">{i + 1}</span>
              </div>
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}

function NewDeckDialog({ existing, onClose, onCreate }: { existing: string[]; onClose(): void; onCreate(name: string): Promise<void> }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onCreate(name.trim());
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Modal title="New pitch deck" onClose={onClose} testId="deck-new-dialog">
      <form onSubmit={submit} className="space-y-3">
        <div>
          <label className="label" htmlFor="deck-name">
            Company or deck name
          </label>
          <input id="deck-name" className="field" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
          <p className="mt-1 text-xs text-slate-300">
            Written to <span className="font-mono">{newDeckPath(name || 'deck', existing)}</span> with the 11 slides {FRAMEWORK.join(', ')}.
          </p>
        </div>
        {error && (
          <p role="alert" className="text-sm text-rose-200">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
