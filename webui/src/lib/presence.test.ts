import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingPresence, type PresenceState } from './presence';

describe('TypingPresence', () => {
  let sent: Array<[PresenceState, boolean]>;
  let p: TypingPresence;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    sent = [];
    p = new TypingPresence((state, keepalive) => sent.push([state, keepalive]));
  });
  afterEach(() => vi.useRealTimers());

  const states = () => sent.map(([s]) => s);

  it('says typing once for a burst of keys, and watching after 4 s without one', () => {
    p.watching();
    for (let i = 0; i < 30; i++) {
      p.keystroke();
      vi.advanceTimersByTime(100);
    }
    expect(states()).toEqual(['watching', 'typing']);
    vi.advanceTimersByTime(3_800);
    expect(states()).toEqual(['watching', 'typing']);
    vi.advanceTimersByTime(200); // 4 s after the last key
    expect(states()).toEqual(['watching', 'typing', 'watching']);
    expect(p.current).toBe('watching');
  });

  it('says watching as soon as the message is sent (typing does not stick)', () => {
    p.watching();
    p.keystroke();
    p.sent();
    expect(states()).toEqual(['watching', 'typing', 'watching']);
    vi.advanceTimersByTime(10_000);
    expect(states()).toEqual(['watching', 'typing', 'watching']); // the idle timer sends nothing more
  });

  it('sends typing at most once per 2 s however often typing starts again', () => {
    p.watching();
    p.keystroke(); // typing at t=0
    p.sent(); // watching
    vi.advanceTimersByTime(500);
    p.keystroke(); // typing again at t=0.5 s: deferred to t=2 s
    p.keystroke();
    expect(states()).toEqual(['watching', 'typing', 'watching']);
    vi.advanceTimersByTime(1_499);
    expect(states()).toEqual(['watching', 'typing', 'watching']);
    vi.advanceTimersByTime(1);
    expect(states()).toEqual(['watching', 'typing', 'watching', 'typing']);
  });

  it('drops a deferred typing when the message goes out first', () => {
    p.watching();
    p.keystroke();
    p.sent();
    p.keystroke(); // deferred
    p.sent(); // sent before the 2 s: no typing at all
    vi.advanceTimersByTime(10_000);
    expect(states()).toEqual(['watching', 'typing', 'watching']);
  });

  it('leaves once, with keepalive, and stops its timers', () => {
    p.watching();
    p.keystroke();
    p.leave();
    p.leave();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([
      ['watching', false],
      ['typing', false],
      ['left', true],
    ]);
    p.watching(); // back (the page was restored from the back-forward cache)
    expect(states().at(-1)).toBe('watching');
  });
});
