import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { download, studio } from '../../api/studio';
import { uploadFile } from '../../api/upload';
import type { WorkspaceEntry } from '../../api/types';
import { bytes } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { toast } from '../../stores/toasts';
import { buildTree, looksLikeText, visibleNodes, type TreeNode } from './fileTree';
import { useLoad } from '../../lib/useLoad';

const CodeEditor = lazy(() => import('./CodeEditor'));

const ROOT = 'project';
const MAX_EDIT = 2 * 1024 * 1024;

interface OpenFile {
  path: string;
  text: string | null;
  saved: string;
  size: number;
  note: string | null;
}

/** The project's files: a tree, an editor, upload and download. */
export default function FilesPanel({ org, session, readOnly }: { org: string; session: string; readOnly: boolean }) {
  const [entries, setEntries] = useState<WorkspaceEntry[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [file, setFile] = useState<OpenFile | null>(null);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState<{ name: string; index: number; count: number; loaded: number; total: number } | null>(null);
  const upload = useRef<HTMLInputElement>(null);
  const treeRef = useRef<HTMLUListElement>(null);

  const { loading, error, reload: load } = useLoad(
    useCallback(async () => {
      const listing = await studio.files(org, session, ROOT, true);
      setEntries(listing.entries);
      setTruncated(listing.truncated);
    }, [org, session]),
  );

  const tree = useMemo(() => buildTree(ROOT, entries), [entries]);
  const rows = useMemo(() => visibleNodes(tree, expanded), [tree, expanded]);
  const dirty = file !== null && file.text !== null && file.text !== file.saved;

  const open = async (node: TreeNode) => {
    if (node.directory) return;
    if (dirty && !window.confirm(`Discard the changes to ${file!.path}?`)) return;
    setFile({ path: node.path, text: null, saved: '', size: node.size, note: 'Loading…' });
    try {
      const blob = await studio.readFile(org, session, node.path);
      const data = new Uint8Array(await blob.arrayBuffer());
      if (data.length > MAX_EDIT || !looksLikeText(data)) {
        setFile({ path: node.path, text: null, saved: '', size: data.length, note: data.length > MAX_EDIT ? 'This file is too large to edit here.' : 'This is a binary file.' });
        return;
      }
      const text = new TextDecoder().decode(data);
      setFile({ path: node.path, text, saved: text, size: data.length, note: null });
    } catch (e) {
      setFile({ path: node.path, text: null, saved: '', size: node.size, note: messageOf(e) });
    }
  };

  const save = async () => {
    if (!file || file.text === null || readOnly) return;
    setSaving(true);
    const text = file.text;
    try {
      const entry = await studio.writeFile(org, session, file.path, new Blob([text], { type: 'application/octet-stream' }));
      setFile((f) => (f && f.path === file.path ? { ...f, saved: text, size: entry?.size ?? f.size } : f));
      toast(`Saved ${file.path}.`);
    } catch (e) {
      toast(messageOf(e), 'error');
    } finally {
      setSaving(false);
    }
  };

  const downloadFile = async (path: string) => {
    try {
      download(await studio.readFile(org, session, path), path.split('/').pop() || 'file');
    } catch (e) {
      toast(messageOf(e), 'error');
    }
  };

  /** The folder uploads go to: the focused folder, the open file's folder, or the project. */
  const targetFolder = (): string => {
    const f = focused && entries.find((e) => e.path === focused);
    if (f && f.directory) return f.path;
    const base = focused ?? file?.path;
    return base && base.includes('/') ? base.slice(0, base.lastIndexOf('/')) : ROOT;
  };

  const uploadFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const folder = targetFolder();
    const list = Array.from(files);
    for (const [i, f] of list.entries()) {
      setUploading({ name: f.name, index: i + 1, count: list.length, loaded: 0, total: f.size });
      try {
        await uploadFile(org, session, `${folder}/${f.name}`, f, (loaded, total) => setUploading((u) => u && { ...u, loaded, total }));
        toast(`Uploaded ${folder}/${f.name}.`);
      } catch (e) {
        toast(`${f.name}: ${messageOf(e)}`, 'error');
      }
    }
    setUploading(null);
    if (upload.current) upload.current.value = '';
    void load();
  };

  const newFile = async () => {
    const name = window.prompt(`New file in ${targetFolder()}/`);
    if (!name) return;
    const path = `${targetFolder()}/${name.replace(/^\/+/, '')}`;
    try {
      await studio.writeFile(org, session, path, new Blob([]));
      await load();
      setFile({ path, text: '', saved: '', size: 0, note: null });
    } catch (e) {
      toast(messageOf(e), 'error');
    }
  };

  const toggle = (path: string, open?: boolean) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (open ?? !next.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });

  const focusRow = (path: string) => {
    setFocused(path);
    treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus();
  };

  const onTreeKey = (e: React.KeyboardEvent, index: number) => {
    const row = rows[index];
    const go = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (r) focusRow(r.node.path);
    };
    switch (e.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.node.directory) {
          if (!expanded.has(row.node.path)) toggle(row.node.path, true);
          else go(index + 1);
        }
        break;
      case 'ArrowLeft':
        if (row.node.directory && expanded.has(row.node.path)) toggle(row.node.path, false);
        else {
          const parent = row.node.path.slice(0, row.node.path.lastIndexOf('/'));
          if (parent !== ROOT) focusRow(parent);
        }
        break;
      case 'Enter':
      case ' ':
        if (row.node.directory) toggle(row.node.path);
        else void open(row.node);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  useCommands(
    [
      { id: 'files:refresh', section: 'Files', title: 'Refresh the file tree', run: () => load() },
      ...(readOnly
        ? []
        : [
            { id: 'files:upload', section: 'Files', title: 'Upload files…', run: () => upload.current?.click() },
            { id: 'files:new', section: 'Files', title: 'New file…', run: () => newFile() },
          ]),
      ...(file && dirty ? [{ id: 'files:save', section: 'Files', title: `Save ${file.path}`, shortcut: 'Ctrl+S', run: () => save() }] : []),
      ...(file ? [{ id: 'files:download', section: 'Files', title: `Download ${file.path}`, run: () => downloadFile(file.path) }] : []),
    ],
    [file?.path, dirty, readOnly, load],
  );

  const tabStop = focused && rows.some((r) => r.node.path === focused) ? focused : rows[0]?.node.path;

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <div className="flex max-h-[40%] min-h-0 flex-col border-b border-slate-800 md:max-h-none md:w-72 md:border-r md:border-b-0">
        <div className="flex flex-wrap items-center gap-1 border-b border-slate-800 p-2">
          <button className="btn btn-sm" onClick={() => void load()} aria-label="Refresh the file tree">
            ↻
          </button>
          {!readOnly && (
            <>
              <button className="btn btn-sm" onClick={() => void newFile()} data-testid="new-file">
                New
              </button>
              <button className="btn btn-sm" onClick={() => upload.current?.click()} disabled={uploading !== null} data-testid="upload">
                Upload
              </button>
              <input ref={upload} type="file" multiple className="hidden" aria-label="Files to upload" onChange={(e) => void uploadFiles(e.target.files)} />
            </>
          )}
        </div>
        {uploading && (
          <div className="border-b border-slate-800 p-2 text-xs text-slate-200" role="status" data-testid="upload-progress">
            <p className="truncate">
              Uploading {uploading.name}
              {uploading.count > 1 ? ` (${uploading.index} of ${uploading.count})` : ''} · {bytes(uploading.loaded)} of {bytes(uploading.total)}
            </p>
            <progress className="mt-1 h-1.5 w-full accent-sky-500" value={uploading.loaded} max={Math.max(1, uploading.total)} aria-label={`Upload of ${uploading.name}`} />
          </div>
        )}
        {error && (
          <p role="alert" className="p-2 text-sm text-rose-200">
            {error}
          </p>
        )}
        {loading && entries.length === 0 && <p className="p-2 text-sm text-slate-300">Loading files…</p>}
        {!loading && !error && rows.length === 0 && <p className="p-2 text-sm text-slate-300">The project is empty.</p>}
        <ul ref={treeRef} role="tree" aria-label="Project files" className="min-h-0 flex-1 overflow-auto py-1 text-sm" data-testid="file-tree">
          {rows.map(({ node, depth }, i) => (
            <li
              key={node.path}
              role="treeitem"
              aria-level={depth + 1}
              aria-expanded={node.directory ? expanded.has(node.path) : undefined}
              aria-selected={file?.path === node.path}
              tabIndex={node.path === tabStop ? 0 : -1}
              data-path={node.path}
              onKeyDown={(e) => onTreeKey(e, i)}
              onFocus={() => setFocused(node.path)}
              onClick={() => {
                setFocused(node.path);
                if (node.directory) toggle(node.path);
                else void open(node);
              }}
              className={`flex cursor-pointer items-center gap-1 truncate py-0.5 pr-2 ${file?.path === node.path ? 'bg-slate-800 text-white' : 'text-slate-200 hover:bg-slate-800/60'}`}
              style={{ paddingLeft: 8 + depth * 14 }}
            >
              <span aria-hidden="true" className="w-3 text-slate-400">
                {node.directory ? (expanded.has(node.path) ? '▾' : '▸') : ''}
              </span>
              <span className="truncate">{node.name}</span>
            </li>
          ))}
        </ul>
        {truncated && <p className="border-t border-slate-800 p-2 text-xs text-amber-200">Not every file is listed (more than 10,000).</p>}
      </div>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        {!file && <p className="p-4 text-sm text-slate-300">Choose a file to view or edit it.</p>}
        {file && (
          <>
            <div className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-1.5 text-sm">
              <span className="min-w-0 flex-1 truncate font-mono" data-testid="open-file">
                {file.path}
                {dirty ? ' •' : ''}
              </span>
              <span className="text-xs text-slate-400">{bytes(file.size)}</span>
              <button className="btn btn-sm" onClick={() => void downloadFile(file.path)}>
                Download
              </button>
              {!readOnly && file.text !== null && (
                <button className="btn btn-primary btn-sm" onClick={() => void save()} disabled={!dirty || saving} data-testid="save-file">
                  {saving ? 'Saving…' : 'Save'}
                </button>
              )}
            </div>
            {file.note && <p className="p-4 text-sm text-slate-300">{file.note}</p>}
            {file.text !== null && (
              <div className="min-h-0 flex-1">
                <Suspense fallback={<p className="p-4 text-sm text-slate-300">Loading the editor…</p>}>
                  <CodeEditor
                    path={file.path}
                    value={file.text}
                    readOnly={readOnly}
                    onChange={(text) => setFile((f) => (f ? { ...f, text } : f))}
                    onSave={() => void save()}
                  />
                </Suspense>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
