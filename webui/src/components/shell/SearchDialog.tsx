import { useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import { studio } from '../../api/studio';
import type { ConversationMessage } from '../../api/types';
import { dateTime } from '../../lib/format';
import { navigate, useRouter } from '../../stores/router';
import { Modal } from './Modal';

/** Searches the organisation's conversations (GET /orgs/{org}/conversations/search). */
export function SearchDialog({ onClose }: { onClose(): void }) {
  const route = useRouter((s) => s.route);
  const org = 'org' in route ? route.org : null;
  const project = 'project' in route ? route.project : null;
  const [q, setQ] = useState('');
  const [onlyProject, setOnlyProject] = useState(!!project);
  const [results, setResults] = useState<ConversationMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!org || q.trim().length < 2) {
      setResults([]);
      return;
    }
    let current = true;
    const t = setTimeout(() => {
      setBusy(true);
      studio
        .searchConversations(org, q.trim(), onlyProject ? project : null)
        .then((page) => current && (setResults(page.items), setError(null)))
        .catch((e) => current && setError(messageOf(e)))
        .finally(() => current && setBusy(false));
    }, 250);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [q, org, project, onlyProject]);

  return (
    <Modal title="Search conversations" onClose={onClose} wide testId="search-dialog">
      <label className="label" htmlFor="search-q">
        Text (at least 2 characters)
      </label>
      <input id="search-q" className="field" value={q} onChange={(e) => setQ(e.target.value)} autoFocus type="search" />
      {project && (
        <label className="mt-2 flex items-center gap-2 text-sm text-slate-300">
          <input type="checkbox" checked={onlyProject} onChange={(e) => setOnlyProject(e.target.checked)} /> Only this project
        </label>
      )}
      <div aria-live="polite" className="mt-3 text-sm text-slate-300">
        {busy ? 'Searching…' : error ? <span className="text-rose-200">{error}</span> : q.trim().length >= 2 ? `${results.length} messages` : ''}
      </div>
      <ul className="mt-2 max-h-[50vh] space-y-2 overflow-y-auto">
        {results.map((m) => (
          <li key={m.id}>
            <button
              className="w-full rounded-md border border-slate-700 p-2 text-left hover:border-sky-500"
              disabled={!m.sessionId || !m.projectId || !org}
              onClick={() => {
                if (!org || !m.sessionId || !m.projectId) return;
                onClose();
                navigate({ name: 'session', org, project: m.projectId, session: m.sessionId, tab: 'chat' });
              }}
            >
              <span className="block text-xs text-slate-400">
                {m.role} · {dateTime(m.at)} · {m.projectId}
              </span>
              <span className="line-clamp-3 block text-sm">{m.text}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
