import { describe, expect, it, vi } from 'vitest';
import { chunksFor, preload, type ChunkName } from './chunks';

describe('chunks of a deep link', () => {
  it('fetches the session view and the tab it opens on', () => {
    expect(chunksFor('/orgs/acme/projects/p/sessions/s1')).toEqual(['sessionView', 'chatPanel']);
    expect(chunksFor('/orgs/acme/projects/p/sessions/s1/files')).toEqual(['sessionView', 'filesPanel']);
    expect(chunksFor('/orgs/acme/projects/p/sessions/s1/visualise/deck')).toEqual(['sessionView', 'visualPanel']);
  });

  it('fetches the administration area for its pages and nothing for the main bundle', () => {
    expect(chunksFor('/orgs/acme/admin/users')).toEqual(['adminArea']);
    expect(chunksFor('/orgs/acme/projects/p')).toEqual([]);
    expect(chunksFor('/')).toEqual([]);
    expect(chunksFor('/no/such/page')).toEqual([]);
  });

  it('starts every load at once and swallows a failed one', async () => {
    const started: string[] = [];
    const load = Object.fromEntries(
      (['sessionView', 'chatPanel', 'filesPanel', 'terminalPanel', 'checkpointsPanel', 'visualPanel', 'adminArea'] as ChunkName[]).map((n) => [
        n,
        vi.fn(() => {
          started.push(n);
          return n === 'chatPanel' ? Promise.reject(new Error('offline')) : Promise.resolve({});
        }),
      ]),
    ) as unknown as Record<ChunkName, () => Promise<unknown>>;
    preload(['sessionView', 'chatPanel'], load);
    expect(started).toEqual(['sessionView', 'chatPanel']);
    await Promise.resolve();
  });
});
