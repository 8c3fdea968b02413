import { beforeEach, describe, expect, it, vi } from 'vitest';
import { filterCommands, isPaletteShortcut, score, usePalette, type Command } from './palette';

const cmd = (id: string, title: string, section = 'Test', run = vi.fn()): Command => ({ id, title, section, run });

beforeEach(() => {
  usePalette.setState({ open: false, query: '', active: 0, sources: {} });
});

describe('matching', () => {
  it('scores substrings above scattered letters and refuses non-matches', () => {
    expect(score('Start a session', 'sess')).toBeGreaterThan(score('Show sidebar sessions', 'ssn'));
    expect(score('Log out', 'xyz')).toBe(-1);
    expect(score('Create project', 'cp')).toBeGreaterThan(0);
  });

  it('orders by relevance and keeps registration order without a query', () => {
    const list = [cmd('a', 'Log out', 'Account'), cmd('b', 'Start a session', 'Session'), cmd('c', 'Stop session', 'Session')];
    expect(filterCommands(list, '').map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(filterCommands(list, 'stop').map((c) => c.id)).toEqual(['c']);
    expect(filterCommands(list, 'session')[0].id).toBe('c');
    expect(filterCommands(list, 'zzz')).toEqual([]);
  });

  it('finds commands by keywords', () => {
    const list = [{ ...cmd('x', 'Create project…'), keywords: 'new add' }];
    expect(filterCommands(list, 'new').map((c) => c.id)).toEqual(['x']);
  });
});

describe('palette store', () => {
  it('lists the commands of every part of the UI shown, once each, and forgets those unregistered', () => {
    const p = usePalette.getState();
    p.register('shell', [cmd('logout', 'Log out'), cmd('search', 'Search')]);
    p.register('chat', [cmd('cancel', 'Cancel turn'), cmd('logout', 'Log out (dup)')]);
    expect(usePalette.getState().all().map((c) => c.id)).toEqual(['logout', 'search', 'cancel']);
    usePalette.getState().unregister('chat');
    expect(usePalette.getState().all().map((c) => c.id)).toEqual(['logout', 'search']);
  });

  it('moves the highlight around the filtered list and runs the highlighted command', async () => {
    const a = cmd('a', 'Alpha');
    const b = cmd('b', 'Beta');
    const c = cmd('c', 'Gamma');
    usePalette.getState().register('x', [a, b, c]);
    usePalette.getState().show();
    usePalette.getState().move(1);
    usePalette.getState().move(1);
    usePalette.getState().move(1); // wraps
    expect(usePalette.getState().active).toBe(0);
    usePalette.getState().move(-1);
    expect(usePalette.getState().active).toBe(2);
    usePalette.getState().setQuery('be');
    expect(usePalette.getState().active).toBe(0);
    await usePalette.getState().run();
    expect(b.run).toHaveBeenCalledOnce();
    expect(a.run).not.toHaveBeenCalled();
    expect(usePalette.getState().open).toBe(false);
  });

  it('recognises Ctrl-K and Cmd-K only', () => {
    expect(isPaletteShortcut(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))).toBe(true);
    expect(isPaletteShortcut(new KeyboardEvent('keydown', { key: 'K', metaKey: true }))).toBe(true);
    expect(isPaletteShortcut(new KeyboardEvent('keydown', { key: 'k' }))).toBe(false);
    expect(isPaletteShortcut(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
