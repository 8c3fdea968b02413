import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, Role, SessionRecord } from '../../api/types';
import { forgetUserNames } from '../../lib/people';
import { useAuth } from '../../stores/auth';
import type { ChatApi } from '../../stores/chat';
import { usePalette } from '../../stores/palette';
import { createSessionChat, type SessionChat } from '../../stores/sessionChat';
import { event, resetSeq } from '../../test/fixtures';

// the panel's shared store comes from here: a fake API instead of the studio
let current: SessionChat;
vi.mock('../../stores/sessionChat', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/sessionChat')>()),
  useSessionChat: () => current,
}));
const { default: ChatPanel } = await import('./ChatPanel');

const record: SessionRecord = {
  id: 's1', orgId: 'acme', teamId: 'web', userId: 'dev', projectId: 'site', kind: 'INTERACTIVE', state: 'RUNNING',
  title: null, createdAt: null, lastActiveAt: null, endedAt: null,
};

const me = (userId: string, teams: Record<string, Role> = {}, orgRole: Role | null = null): Me => ({
  orgId: 'acme', userId, email: null, displayName: null, credential: 'PASSWORD', orgRole, teamRoles: teams, scopes: [], studioAdmin: false,
});

let api: { [K in keyof ChatApi]-?: ReturnType<typeof vi.fn> } & ChatApi;

beforeEach(() => {
  resetSeq();
  forgetUserNames();
  api = {
    conversation: vi.fn(async () => ({ items: [], total: 0, nextCursor: null })),
    send: vi.fn(async () => ({ turnId: 't9', sessionId: 's1', userId: 'dev', messageSeq: 1, startedAt: '' })),
    cancel: vi.fn(async () => {}),
    decide: vi.fn(async () => {}),
    events: vi.fn(() => (async function* () {})()),
    presence: vi.fn(async () => {}),
    renewLogin: vi.fn(async () => true),
  } as never;
  current = createSessionChat('acme/s1', api);
  // the owner's user record, read for the watchers' notice
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) =>
      String(url).endsWith('/orgs/acme/users/dev')
        ? new Response(JSON.stringify({ orgId: 'acme', id: 'dev', email: 'dev@acme.example', displayName: 'Dev Eloper', disabled: false, createdAt: null }), { headers: { 'Content-Type': 'application/json' } })
        : new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } }),
    ),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  useAuth.setState({ me: null });
});

const as = (m: Me) => useAuth.setState({ me: m, accessToken: 'tok', status: 'authenticated' });
const apply = (...events: ReturnType<typeof event>[]) => act(() => events.forEach((e) => current.chat.getState().apply(e)));
const commands = () => usePalette.getState().all().map((c) => c.id);

describe('ChatPanel: only the session’s owner drives the agent', () => {
  it('gives the owner the composer, approvals and cancel, and tells the others when they type', async () => {
    as(me('dev', { web: 'DEVELOPER' }));
    const { unmount } = render(<ChatPanel org="acme" session="s1" final={false} record={record} />);
    expect(api.presence).toHaveBeenLastCalledWith('watching', false);
    expect(screen.queryByTestId('watch-notice')).toBeNull();

    const input = screen.getByLabelText('Message to the agent');
    fireEvent.change(input, { target: { value: 'Tidy the README' } });
    expect(api.presence).toHaveBeenLastCalledWith('typing', false);
    await act(async () => fireEvent.keyDown(input, { key: 'Enter' }));
    expect(api.send).toHaveBeenCalledWith('Tidy the README', null);
    expect(api.presence).toHaveBeenLastCalledWith('watching', false); // typing does not stick

    apply(event('USER_MESSAGE', { text: 'Tidy the README' }, 't9', 'dev'), event('TURN_STARTED', {}, 't9'), event('APPROVAL_REQUESTED', { approvalId: 'a1', tool: 'run_command' }, 't9'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('run_command');
    expect(screen.getByTestId('approve')).toBeTruthy();
    expect(screen.getByTestId('cancel-turn')).toBeTruthy();
    expect(commands()).toEqual(expect.arrayContaining(['chat:focus', 'chat:cancel', 'approve:a1', 'deny:a1']));

    unmount();
    expect(api.presence).toHaveBeenLastCalledWith('left', true);
  });

  it('shows everybody else a notice instead of the composer, and approvals without buttons', async () => {
    as(me('lee', { web: 'PROJECT_LEAD' }));
    render(<ChatPanel org="acme" session="s1" final={false} record={record} />);
    expect(screen.queryByLabelText('Message to the agent')).toBeNull();
    expect(screen.queryByTestId('send')).toBeNull();
    // the owner's name from the user record until their presence brings one
    await waitFor(() => expect(screen.getByTestId('watch-notice')).toHaveTextContent('Dev Eloper is driving this session; you are watching.'));
    apply(event('PRESENCE', { user: 'dev', name: 'Devi', state: 'typing' }, null, 'dev'));
    expect(screen.getByTestId('watch-notice')).toHaveTextContent('Devi is driving this session');
    expect(screen.getByTestId('presence')).toHaveTextContent('Here with you: Devi is typing…');

    apply(event('TURN_STARTED', {}, 't1'), event('APPROVAL_REQUESTED', { approvalId: 'a1', tool: 'run_command', reason: 'deletes build/' }, 't1'));
    expect(screen.getByTestId('approval-bar')).toHaveTextContent('waiting for Devi to decide');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByTestId('approve')).toBeNull();
    expect(screen.queryByTestId('deny')).toBeNull();
    expect(screen.queryByTestId('cancel-turn')).toBeNull(); // a Project Lead may not cancel
    expect(commands()).not.toEqual(expect.arrayContaining(['chat:focus']));
    expect(commands().filter((c) => /^(approve|deny):|chat:cancel/.test(c))).toEqual([]);
  });

  it('lets a Team Admin of the session’s team cancel the running turn, but not write', async () => {
    as(me('tara', { web: 'TEAM_ADMIN' }));
    render(<ChatPanel org="acme" session="s1" final={false} record={record} />);
    expect(screen.queryByLabelText('Message to the agent')).toBeNull();
    expect(screen.queryByTestId('cancel-turn')).toBeNull();
    apply(event('USER_MESSAGE', { text: 'go' }, 't1', 'dev'), event('TURN_STARTED', {}, 't1'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel the turn' })));
    expect(api.cancel).toHaveBeenCalledWith('t1');
    expect(commands()).toContain('chat:cancel');
  });

  it('keeps the composer closed while the session or the login is not known yet', () => {
    as(me('dev'));
    render(<ChatPanel org="acme" session="s1" final={false} record={null} />);
    expect(screen.getByLabelText('Message to the agent')).toBeDisabled();
    expect(screen.getByLabelText('Message to the agent')).toHaveAttribute('placeholder', 'Loading the session…');
  });
});

describe('ChatPanel: back after the stream was lost', () => {
  it('tells its page when the stream is live again after it was lost, not when it first opens', () => {
    as(me('dev'));
    const onReconnected = vi.fn();
    render(<ChatPanel org="acme" session="s1" final={false} record={record} onReconnected={onReconnected} />);
    const status = (stream: 'connecting' | 'open' | 'reconnecting' | 'resyncing') => act(() => current.chat.setState({ stream }));
    status('connecting');
    status('open');
    expect(onReconnected).not.toHaveBeenCalled();
    status('reconnecting');
    status('open');
    expect(onReconnected).toHaveBeenCalledTimes(1);
    status('resyncing'); // a studio that restarted: RESYNC, then the history again
    status('reconnecting');
    status('open');
    expect(onReconnected).toHaveBeenCalledTimes(2);
  });
});
