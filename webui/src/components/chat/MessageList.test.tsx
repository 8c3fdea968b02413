import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationMessage } from '../../api/types';
import { createChatStore } from '../../stores/chat';
import { message } from '../../test/fixtures';
import { MessageList } from './MessageList';

describe('MessageList', () => {
  // jsdom lays nothing out: give every element a viewport-sized box
  const saved = { h: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'), w: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'), o: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight') };
  const rect = HTMLElement.prototype.getBoundingClientRect;
  beforeEach(() => {
    HTMLElement.prototype.getBoundingClientRect = () => ({ x: 0, y: 0, top: 0, left: 0, right: 1000, bottom: 64, width: 1000, height: 64, toJSON: () => ({}) });
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 64 });
  });
  afterEach(() => {
    HTMLElement.prototype.getBoundingClientRect = rect;
    const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
    for (const [name, d] of [['clientHeight', saved.h], ['clientWidth', saved.w], ['offsetHeight', saved.o]] as const) {
      if (d) Object.defineProperty(HTMLElement.prototype, name, d);
      else delete proto[name];
    }
  });

  it('keeps only a window of a 2,000-message conversation in the DOM', async () => {
    const history: ConversationMessage[] = [];
    for (let i = 0; i < 2000; i++) {
      history.push(message({ id: `m${i}`, role: i % 2 ? 'ASSISTANT' : 'USER', turnId: `t${Math.floor(i / 2)}`, text: `message **${i}**` }));
    }
    const store = createChatStore({
      conversation: vi.fn(async () => ({ items: history, total: history.length, nextCursor: null })),
      send: vi.fn(),
      cancel: vi.fn(),
      decide: vi.fn(),
      events: () => (async function* () {})(),
    });
    await store.getState().loadHistory();
    expect(store.getState().items.length).toBeGreaterThan(2000); // messages and turn footers
    render(<MessageList store={store} />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    const rendered = log.querySelectorAll('[data-index]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
  });
});
