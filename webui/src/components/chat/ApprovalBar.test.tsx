import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatStore, type ChatApi } from '../../stores/chat';
import { event, resetSeq } from '../../test/fixtures';
import { ApprovalBar } from './ApprovalBar';

function api(decide: ChatApi['decide']): ChatApi {
  return {
    conversation: async () => ({ items: [], total: 0, nextCursor: null }),
    send: vi.fn(),
    cancel: vi.fn(),
    decide,
    events: () => (async function* () {})(),
  };
}

beforeEach(() => resetSeq());

describe('ApprovalBar', () => {
  it('asks for a decision, sends it with the reason, and goes away when the stream confirms it', async () => {
    const decide = vi.fn(async () => {});
    const store = createChatStore(api(decide));
    render(<ApprovalBar store={store} />);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    act(() => {
      store.getState().apply(event('TURN_STARTED', {}));
      store.getState().apply(event('APPROVAL_REQUESTED', { approvalId: 'a1', callId: 'c1', tool: 'run_command', reason: 'runs rm -rf build/' }));
    });
    expect(screen.getByRole('alertdialog')).toHaveTextContent('run_command');
    expect(screen.getByRole('alertdialog')).toHaveTextContent('runs rm -rf build/');

    fireEvent.change(screen.getByLabelText('Reason for denying (optional)'), { target: { value: 'keep the build' } });
    await act(async () => fireEvent.click(screen.getByTestId('deny')));
    expect(decide).toHaveBeenCalledWith('a1', false, 'keep the build');
    expect(screen.getByTestId('deny')).toBeDisabled();
    expect(screen.getByTestId('approve')).toBeDisabled();

    act(() => store.getState().apply(event('APPROVAL_DENIED', { approvalId: 'a1', by: 'ann', reason: 'keep the build' })));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('approves', async () => {
    const decide = vi.fn(async () => {});
    const store = createChatStore(api(decide));
    act(() => store.getState().apply(event('APPROVAL_REQUESTED', { approvalId: 'a2', tool: 'write_file' })));
    render(<ApprovalBar store={store} />);
    await act(async () => fireEvent.click(screen.getByTestId('approve')));
    expect(decide).toHaveBeenCalledWith('a2', true, null);
  });
});
