import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { messageOf } from '../../api/client';
import { download, studio } from '../../api/studio';
import type { SessionRecord } from '../../api/types';
import { chatRights } from '../../lib/chatRights';
import { useUserName } from '../../lib/people';
import { TypingPresence } from '../../lib/presence';
import { useCommands } from '../../lib/useCommands';
import { useAuth } from '../../stores/auth';
import { useSessionChat } from '../../stores/sessionChat';
import { pendingApprovals, runningTurn } from '../../stores/chatModel';
import { toast } from '../../stores/toasts';
import { ApprovalBar } from './ApprovalBar';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { PresenceBar } from './PresenceBar';
import { WatchNotice } from './WatchNotice';

/**
 * The chat of a session. Its owner drives the agent (composer, approvals, cancel); everybody else
 * who may read the session watches: the same stream, a notice instead of the composer, and cancel
 * for those the studio lets cancel (lib/chatRights.ts). {@code record} is null while it loads.
 * {@code onReconnected} runs when the stream is live again after it was lost (the session may
 * have changed meanwhile: after a studio restart it has ended).
 */
export default function ChatPanel({
  org,
  session,
  final,
  record = null,
  active = true,
  onReconnected,
}: {
  org: string;
  session: string;
  final: boolean;
  record?: SessionRecord | null;
  active?: boolean;
  onReconnected?: () => void;
}) {
  const chat = useSessionChat(org, session);
  const store = chat.chat;
  const composer = useRef<HTMLTextAreaElement>(null);
  const live = useStore(store, (s) => s.live);
  const me = useAuth((s) => s.me);
  const running = runningTurn(live);
  const approvals = pendingApprovals(live);
  const known = !!record && !!me;
  const rights = useMemo(() => chatRights(me, record), [me, record]);
  const ownerId = record?.userId ?? null;
  const owner = useUserName(org, known && !rights.send ? ownerId : null, ownerId ? live.presence[ownerId]?.name : null);

  useEffect(() => {
    if (!onReconnected) return;
    return store.subscribe((s, prev) => {
      if (s.stream === 'open' && (prev.stream === 'reconnecting' || prev.stream === 'resyncing')) onReconnected();
    });
  }, [store, onReconnected]);

  // tell the others who is watching and typing; "left" when the panel goes away (keepalive survives unload)
  const presence = useMemo(() => new TypingPresence((state, keepalive) => chat.presence(state, keepalive)), [chat]);
  useEffect(() => {
    presence.watching();
    const leave = () => presence.leave();
    const back = (e: PageTransitionEvent) => e.persisted && presence.watching();
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', back);
    return () => {
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', back);
      leave();
    };
  }, [presence]);

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
      ...(rights.send ? [{ id: 'chat:focus', section: 'Chat', title: 'Write a message', keywords: 'focus composer', run: () => composer.current?.focus() }] : []),
      { id: 'chat:export-md', section: 'Chat', title: 'Export conversation as Markdown', run: () => exportAs('markdown') },
      { id: 'chat:export-json', section: 'Chat', title: 'Export conversation as JSON', run: () => exportAs('json') },
      { id: 'chat:reload', section: 'Chat', title: 'Reload the conversation', run: () => store.getState().loadHistory().catch(() => {}) },
      ...(running && rights.cancel ? [{ id: 'chat:cancel', section: 'Chat', title: 'Cancel the running turn', run: () => store.getState().cancel() }] : []),
      ...(rights.decide
        ? approvals.flatMap((a) => [
            { id: `approve:${a.approvalId}`, section: 'Approval', title: `Approve ${a.tool}`, run: () => store.getState().decide(a.approvalId, true) },
            { id: `deny:${a.approvalId}`, section: 'Approval', title: `Deny ${a.tool}`, run: () => store.getState().decide(a.approvalId, false) },
          ])
        : []),
    ],
    [store, running, rights.send, rights.cancel, rights.decide, approvals.map((a) => a.approvalId).join(',')],
  );

  return (
    <section className="flex h-full min-h-0 flex-col" aria-label="Chat" data-testid="chat-panel">
      <PresenceBar store={store} onExport={exportAs} />
      <MessageList store={store} active={active} />
      <ApprovalBar store={store} canDecide={rights.decide} decider={owner} />
      {known && !rights.send ? (
        <WatchNotice store={store} owner={owner ?? ownerId ?? 'Its owner'} canCancel={rights.cancel} final={final} />
      ) : (
        <Composer store={store} session={session} disabled={final} waiting={known ? null : 'Loading the session…'} inputRef={composer} presence={presence} />
      )}
    </section>
  );
}
