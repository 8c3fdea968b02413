// The lazily loaded screens, in one place: the components load them when first shown, and main.tsx
// fetches a deep link's ones while the login is being restored instead of one after the other.
import { parseRoute } from '../stores/router';

export const chunks = {
  sessionView: () => import('../components/session/SessionView'),
  chatPanel: () => import('../components/chat/ChatPanel'),
  filesPanel: () => import('../components/explorer/FilesPanel'),
  terminalPanel: () => import('../components/explorer/TerminalPanel'),
  checkpointsPanel: () => import('../components/explorer/CheckpointsPanel'),
  visualPanel: () => import('../components/visual/VisualPanel'),
  adminArea: () => import('../components/admin/AdminArea'),
};

export type ChunkName = keyof typeof chunks;

const TAB_CHUNKS: Record<string, ChunkName> = {
  chat: 'chatPanel',
  files: 'filesPanel',
  terminal: 'terminalPanel',
  checkpoints: 'checkpointsPanel',
  visualise: 'visualPanel',
};

/** The chunks the first screen of {@code path} shows (none for pages in the main bundle). */
export function chunksFor(path: string): ChunkName[] {
  const route = parseRoute(path);
  if (route.name === 'session') return ['sessionView', TAB_CHUNKS[route.tab]];
  if (route.name === 'admin') return ['adminArea'];
  return [];
}

/** Starts loading them; a failure is left to the component that needs the chunk to report. */
export function preload(names: ChunkName[], load: Record<ChunkName, () => Promise<unknown>> = chunks): void {
  for (const name of names) void load[name]().catch(() => undefined);
}
