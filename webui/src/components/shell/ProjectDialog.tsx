import { useState, type FormEvent } from 'react';
import { navigate } from '../../stores/router';
import { useWorkspace } from '../../stores/workspace';
import { Modal } from './Modal';

/** Project ids: lower-case letters, digits and dashes (derived from the name until edited). */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function ProjectDialog({ onClose }: { onClose(): void }) {
  const { teams, team, org, createProject } = useWorkspace();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [teamId, setTeamId] = useState(team ?? teams[0]?.id ?? '');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const p = await createProject({ id: idEdited ? id : slug(name), teamId, name, ...(description ? { description } : {}) });
    setBusy(false);
    if (p && org) {
      onClose();
      navigate({ name: 'project', org, project: p.id });
    }
  };

  return (
    <Modal title="Create project" onClose={onClose} testId="project-dialog">
      <form onSubmit={submit} className="space-y-3">
        <div>
          <label className="label" htmlFor="project-name">
            Name
          </label>
          <input id="project-name" className="field" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </div>
        <div>
          <label className="label" htmlFor="project-id">
            Id
          </label>
          <input
            id="project-id"
            className="field font-mono"
            value={idEdited ? id : slug(name)}
            onChange={(e) => {
              setIdEdited(true);
              setId(e.target.value);
            }}
            pattern="[a-z0-9][a-z0-9\-]*"
            required
            aria-describedby="project-id-help"
          />
          <p id="project-id-help" className="mt-1 text-xs text-slate-400">
            Lower-case letters, digits and dashes; used in URLs and storage paths.
          </p>
        </div>
        <div>
          <label className="label" htmlFor="project-team">
            Team
          </label>
          <select id="project-team" className="field" value={teamId} onChange={(e) => setTeamId(e.target.value)} required>
            {teams.length === 0 && <option value="">No team available</option>}
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="project-description">
            Description
          </label>
          <textarea id="project-description" className="field" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !teamId || !name.trim()}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
