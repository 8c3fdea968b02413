import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../../api/types';
import type { ChatApi } from '../../stores/chat';
import { createSessionChat, type SessionChat } from '../../stores/sessionChat';
import WorkflowView from './WorkflowView';

let shared: SessionChat;
const decide = vi.fn(async () => {});

vi.mock('../../stores/sessionChat', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../stores/sessionChat')>();
  return { ...real, useSessionChat: () => shared };
});

const api = (): ChatApi => ({
  conversation: async () => ({ items: [], total: 0, nextCursor: null }),
  send: vi.fn(),
  cancel: vi.fn(),
  decide,
  events: () => (async function* () {})(),
});

let seq = 0;
const at = (ms: number) => new Date(Date.parse('2026-03-01T10:00:00Z') + ms).toISOString();
const ev = (ms: number, type: string, data: Record<string, unknown> = {}): SessionEvent => ({ seq: ++seq, sessionId: 's', type, at: at(ms), actor: 'ann', turnId: 't1', data });

beforeEach(() => {
  seq = 0;
  decide.mockClear();
  shared = createSessionChat('o/s', api());
  shared.chat.setState({ historyState: 'loaded' });
});

describe('WorkflowView', () => {
  it('says when there is no run yet', () => {
    render(<WorkflowView org="o" project="p" session="s" active />);
    expect(screen.getByText(/No agent run in this session yet/)).toBeTruthy();
  });

  it('draws the turn live, shows a node’s details and decides an approval from there', () => {
    render(<WorkflowView org="o" project="p" session="s" active />);
    const apply = (e: SessionEvent) => act(() => shared.chat.getState().apply(e));
    apply(ev(0, 'USER_MESSAGE', { text: 'Delete the build' }));
    apply(ev(300, 'TURN_STARTED', { provider: 'anthropic', model: 'claude' }));
    apply(ev(500, 'TOOL_CALL_STARTED', { callId: 'c1', tool: 'run_command' }));
    apply(ev(600, 'TOOL_CALL_DELTA', { callId: 'c1', delta: '{"command":["rm","-rf","build"]}' }));
    apply(ev(900, 'USAGE', { inputTokens: 100, outputTokens: 20, costUsd: '0.002', provider: 'anthropic', model: 'claude' }));
    apply(ev(1000, 'APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', reason: 'deletes files' }));

    const flow = screen.getByRole('list', { name: 'Steps of turn 1' });
    const nodes = within(flow).getAllByRole('button');
    expect(nodes.map((b) => b.textContent)).toEqual([
      expect.stringContaining('Message from ann“Delete the build”'),
      expect.stringContaining('Model call 1 · anthropic/claudeanswered · 900 ms · 100 in / 20 out · $0.0020 · 1 tool call'),
      expect.stringContaining('run_commandwaiting for approval'),
      expect.stringContaining('Approval for run_commandwaiting for a person'),
      expect.stringContaining('Running'),
    ]);
    expect(screen.getByRole('img', { name: /Timeline of the turn: 3 items/ })).toBeTruthy();
    expect(screen.getByTestId('workflow-summary').textContent).toContain('1 model call · 1 tool call · 1 approval');

    // the keyboard moves through the nodes and selects them
    act(() => nodes[0].focus());
    fireEvent.keyDown(nodes[0], { key: 'ArrowDown' });
    fireEvent.keyDown(nodes[1], { key: 'ArrowDown' });
    expect(nodes[2]).toHaveFocus();
    expect(nodes[2]).toHaveAttribute('aria-pressed', 'true');
    const details = screen.getByTestId('workflow-details');
    expect(details.textContent).toContain('"rm",');

    fireEvent.keyDown(nodes[2], { key: 'ArrowDown' });
    expect(details.textContent).toContain('deletes files');
    fireEvent.click(within(details).getByRole('button', { name: 'Approve' }));
    expect(decide).toHaveBeenCalledWith('a1', true, null);

    apply(ev(4000, 'APPROVAL_GRANTED', { approvalId: 'a1', by: 'bob' }));
    apply(ev(4500, 'TOOL_CALL_RESULT', { callId: 'c1', output: 'removed', error: false }));
    apply(ev(5200, 'TEXT_DELTA', { text: 'Done.' }));
    apply(ev(6000, 'DONE', { reason: 'completed', inputTokens: 300, outputTokens: 40, costUsd: '0.005' }));
    expect(within(details).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(details.textContent).toContain('granted by bob');
    const after = within(screen.getByRole('list', { name: 'Steps of turn 1' })).getAllByRole('button');
    expect(after.map((b) => b.textContent)).toEqual([
      expect.any(String),
      expect.any(String),
      expect.stringContaining('run_commanddone · 500 ms'),
      expect.stringContaining('granted by bob · 3.0 s'),
      expect.stringContaining('Model call 2'),
      expect.stringContaining('Ended: completed6.0 s · $0.0050'),
    ]);
  });
});
