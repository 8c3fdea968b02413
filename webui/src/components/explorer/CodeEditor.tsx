// CodeMirror 6, loaded only when a file is opened (its own chunk). Its style elements carry the
// page's CSP nonce (EditorView.cspNonce).
import { useEffect, useRef } from 'react';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { tags as t } from '@lezer/highlight';
import { cspNonce } from '../../lib/csp';

/** Loads the language support for a file name, if the studio has one. */
async function languageFor(path: string): Promise<Extension | null> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return (await import('@codemirror/lang-javascript')).javascript({ jsx: true });
    case 'ts':
    case 'tsx':
      return (await import('@codemirror/lang-javascript')).javascript({ jsx: ext === 'tsx', typescript: true });
    case 'py':
      return (await import('@codemirror/lang-python')).python();
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'md':
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown();
    case 'html':
    case 'htm':
    case 'xml':
    case 'svg':
      return (await import('@codemirror/lang-html')).html();
    case 'css':
      return (await import('@codemirror/lang-css')).css();
    case 'java':
    case 'kt':
      return (await import('@codemirror/lang-java')).java();
    default:
      return null;
  }
}

const highlight = HighlightStyle.define([
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#94a3b8', fontStyle: 'italic' },
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: '#c4b5fd' },
  { tag: [t.string, t.special(t.string), t.regexp], color: '#86efac' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#fdba74' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.heading], color: '#7dd3fc' },
  { tag: [t.typeName, t.className, t.namespace], color: '#fcd34d' },
  { tag: [t.propertyName, t.attributeName], color: '#f9a8d4' },
  { tag: [t.tagName, t.meta], color: '#a5b4fc' },
  { tag: t.invalid, color: '#fda4af' },
  { tag: t.strong, fontWeight: '600' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.link, textDecoration: 'underline' },
]);

const theme = EditorView.theme(
  {
    '&': { height: '100%', backgroundColor: '#020617', color: '#e2e8f0', fontSize: '13px' },
    '.cm-scroller': { fontFamily: 'var(--font-mono)' },
    '.cm-gutters': { backgroundColor: '#0f172a', color: '#94a3b8', border: 'none' },
    '.cm-activeLine': { backgroundColor: '#1e293b55' },
    '.cm-activeLineGutter': { backgroundColor: '#1e293b' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#e2e8f0' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#0369a1aa' },
    '.cm-panels': { backgroundColor: '#0f172a', color: '#e2e8f0' },
    '.cm-searchMatch': { backgroundColor: '#a16207aa' },
  },
  { dark: true },
);

export interface CodeEditorProps {
  path: string;
  value: string;
  readOnly: boolean;
  onChange(value: string): void;
  onSave(): void;
}

export default function CodeEditor({ path, value, readOnly, onChange, onSave }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  // one editor per file
  useEffect(() => {
    const nonce = cspNonce();
    const state = EditorState.create({
      doc: value,
      extensions: [
        ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        syntaxHighlighting(highlight),
        bracketMatching(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (callbacks.current.onSave(), true) },
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          indentWithTab,
        ]),
        theme,
        language.current.of([]),
        editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        EditorView.contentAttributes.of({ 'aria-label': `Contents of ${path}` }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    const v = new EditorView({ state, parent: host.current! });
    view.current = v;
    let current = true;
    void languageFor(path).then((lang) => {
      if (current && lang) v.dispatch({ effects: language.current.reconfigure(lang) });
    });
    return () => {
      current = false;
      v.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  // a reload from outside (not typing) replaces the text
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  return <div ref={host} className="h-full min-h-0 overflow-hidden" data-testid="code-editor" />;
}
