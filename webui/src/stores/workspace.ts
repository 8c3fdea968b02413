// Organisations, teams, projects and sessions of the organisation being looked at.
import { create } from 'zustand';
import { messageOf } from '../api/client';
import { all, studio } from '../api/studio';
import type { Organisation, Project, SessionKind, SessionRecord, Team } from '../api/types';
import { toast } from './toasts';

export interface WorkspaceState {
  orgs: Organisation[];
  org: string | null;
  teams: Team[];
  team: string | null;
  projects: Project[];
  sessions: SessionRecord[];
  sessionsProject: string | null;
  loading: { orgs: boolean; org: boolean; sessions: boolean };
  error: string | null;

  loadOrgs(fallback: string): Promise<void>;
  openOrg(org: string): Promise<void>;
  setTeam(team: string | null): void;
  createProject(body: { id: string; teamId: string; name: string; description?: string }): Promise<Project | null>;
  loadSessions(project: string): Promise<void>;
  startSession(project: string, kind: SessionKind, title?: string, command?: string[]): Promise<SessionRecord | null>;
  stopSession(id: string): Promise<void>;
  resumeSession(id: string): Promise<SessionRecord | null>;
  upsertSession(s: SessionRecord): void;
}

const byActivity = (a: SessionRecord, b: SessionRecord) =>
  (Date.parse(b.lastActiveAt ?? b.createdAt ?? '') || 0) - (Date.parse(a.lastActiveAt ?? a.createdAt ?? '') || 0);

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  orgs: [],
  org: null,
  teams: [],
  team: null,
  projects: [],
  sessions: [],
  sessionsProject: null,
  loading: { orgs: false, org: false, sessions: false },
  error: null,

  async loadOrgs(fallback) {
    set((s) => ({ loading: { ...s.loading, orgs: true } }));
    try {
      const orgs = await all((c) => studio.orgs(c), 2_000);
      set({ orgs: orgs.length ? orgs : [{ id: fallback, name: fallback }] });
    } catch {
      // members who may not list organisations still have their own
      set({ orgs: [{ id: fallback, name: fallback }] });
    } finally {
      set((s) => ({ loading: { ...s.loading, orgs: false } }));
    }
  },

  async openOrg(org) {
    if (get().org === org && get().teams.length + get().projects.length > 0) return;
    set((s) => ({ org, teams: [], projects: [], sessions: [], sessionsProject: null, error: null, loading: { ...s.loading, org: true } }));
    try {
      const [teams, projects] = await Promise.all([
        all((c) => studio.teams(org, c), 2_000),
        all((c) => studio.projects(org, null, c), 5_000),
      ]);
      if (get().org !== org) return;
      const team = get().team && teams.some((t) => t.id === get().team) ? get().team : null;
      set({ teams, projects, team });
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set((s) => ({ loading: { ...s.loading, org: false } }));
    }
  },

  setTeam(team) {
    set({ team });
  },

  async createProject(body) {
    const org = get().org;
    if (!org) return null;
    try {
      const p = await studio.createProject(org, body);
      set({ projects: [...get().projects, p].sort((a, b) => a.name.localeCompare(b.name)) });
      toast(`Project ${p.name} created.`);
      return p;
    } catch (e) {
      toast(messageOf(e), 'error');
      return null;
    }
  },

  async loadSessions(project) {
    const org = get().org;
    if (!org) return;
    set((s) => ({ loading: { ...s.loading, sessions: true }, sessionsProject: project, ...(s.sessionsProject !== project ? { sessions: [] } : {}) }));
    try {
      const sessions = await all((c) => studio.sessions(org, { project }, c), 1_000);
      if (get().sessionsProject === project) set({ sessions: sessions.sort(byActivity) });
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set((s) => ({ loading: { ...s.loading, sessions: false } }));
    }
  },

  async startSession(project, kind, title, command) {
    const org = get().org;
    if (!org) return null;
    try {
      const s = await studio.openSession(org, {
        projectId: project,
        kind,
        ...(title ? { title } : {}),
        ...(command && command.length ? { command } : {}),
      });
      get().upsertSession(s);
      toast(`Session ${s.title ?? s.id.slice(0, 8)} started.`);
      return s;
    } catch (e) {
      toast(messageOf(e), 'error');
      return null;
    }
  },

  async stopSession(id) {
    const org = get().org;
    if (!org) return;
    try {
      get().upsertSession(await studio.stopSession(org, id));
      toast('Session stopped.');
    } catch (e) {
      toast(messageOf(e), 'error');
    }
  },

  async resumeSession(id) {
    const org = get().org;
    if (!org) return null;
    try {
      const s = await studio.resumeSession(org, id);
      if (s && s.id) get().upsertSession(s);
      toast('Session resumed.');
      return s ?? null;
    } catch (e) {
      toast(messageOf(e), 'error');
      return null;
    }
  },

  upsertSession(s) {
    const sessions = get().sessions.filter((x) => x.id !== s.id);
    if (get().sessionsProject === s.projectId) sessions.push(s);
    set({ sessions: sessions.sort(byActivity) });
  },
}));
