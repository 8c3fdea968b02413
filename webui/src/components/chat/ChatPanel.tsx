import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { messageOf } from '../../api/client';
import { download, studio } from '../../api/studio';
import { useCommands } from '../../lib/useCommands';
import { useSessionChat } from '../../stores/sessionChat';
import { pendingApprovals, runningTurn } from '../../stores/chatModel';
import { toast } from '../../stores/toasts';
import { ApprovalBar } from './ApprovalBar';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { PresenceBar } from './PresenceBar';

export default function ChatPanel({ org, session, final, active = true }: { org: string; session: string; final: boolean; active?: boolean }) {
  const { chat: store } = useSessionChat(org, session);
  const composer = useRef<HTMLTextAreaElement>(null);
  const live = useStore(store, (s) => s.live);
  const running = runningTurn(live);
  const approvals = pendingApprovals(live);

  // tell the others who is watching; "left" when the panel goes away (keepalive survives unload)
  useEffect(() => {
    const send = (state: 'watching' | 'left') => studio.presence(org, session, state, state === 'left').catch(() => {});
    void send('watching');
    const leave = () => void send('left');
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [org, session]);

  const exportAs = async (format: 'markdown' | 'json') => {
    try {
      const blob = await studio.exportConversation(org, session, format);
      download(blob, `conversation-${session.slice(0, 8)}.${format === 'markdown' ? 'md' : 'json'}`);
    } catch (e) {
      toast(messageOf(e), 'error');
    }
  };

  useCommands(
    [
      { id: 'chat:focus', section: 'Chat', title: 'Write a message', keywords: 'focus composer', run: () => composer.current?.focus() },
      { id: 'chat:export-md', section: 'Chat', title: 'Export conversation as Markdown', run: () => exportAs('markdown') },
      { id: 'chat:export-json', section: 'Chat', title: 'Export conversation as JSON', run: () => exportAs('json') },
      { id: 'chat:reload', section: 'Chat', title: 'Reload the conversation', run: () => store.getState().loadHistory().catch(() => {}) },
      ...(running ? [{ id: 'chat:cancel', section: 'Chat', title: 'Cancel the running turn', run: () => store.getState().cancel() }] : []),
      ...approvals.flatMap((a) => [
        { id: `approve:${a.approvalId}`, section: 'Approval', title: `Approve ${a.tool}`, run: () => store.getState().decide(a.approvalId, true) },
        { id: `deny:${a.approvalId}`, section: 'Approval', title: `Deny ${a.tool}`, run: () => store.getState().decide(a.approvalId, false) },
      ]),
    ],
    [store, running, approvals.map((a) => a.approvalId).join(',')],
  );

  return (
    <section className="flex h-full min-h-0 flex-col" aria-label="Chat" data-testid="chat-panel">
      <PresenceBar store={store} onExport={exportAs} />
      <MessageList store={store} active={active} />
      <ApprovalBar store={store} />
      <Composer store={store} org={org} session={session} disabled={final} inputRef={composer} />
    </section>
  );
}
