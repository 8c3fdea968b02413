// The chat of one session: its stored conversation, its live events and what the person does
// (send, cancel, approve). One store per open session (zustand vanilla store).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { messageOf } from '../api/client';
import type { ChatTurn, ConversationMessage, Page, SessionEvent } from '../api/types';
import type { PresenceState } from '../lib/presence';
import {
  applyEvent,
  composeItems,
  emptyLive,
  historyItems,
  pendingApprovals,
  runningTurn,
  type ChatItem,
  type LiveState,
  type UserItem,
} from './chatModel';
import { SessionEventStream, type StreamStatus, type StreamTransport } from './eventStream';

/** What the chat needs from the API (the real one is in api/studio.ts; tests pass fakes). */
export interface ChatApi {
  conversation(cursor: string | null): Promise<Page<ConversationMessage>>;
  send(text: string, model: string | null): Promise<ChatTurn>;
  cancel(turnId: string): Promise<void>;
  decide(approvalId: string, approve: boolean, reason: string | null): Promise<void>;
  events: StreamTransport;
  /** Tells the others what this person does (watching, typing, left). */
  presence?(state: PresenceState, keepalive: boolean): Promise<void>;
  renewLogin?(): Promise<boolean>;
}

export interface ChatState {
  history: ConversationMessage[];
  historyItems: ChatItem[];
  historyState: 'idle' | 'loading' | 'loaded' | 'failed';
  historyError: string | null;
  live: LiveState;
  pending: UserItem[];
  items: ChatItem[];
  stream: StreamStatus;
  streamDetail: string | null;
  lastSeq: number;
  /** Approval ids being decided, with the decision sent. */
  deciding: Record<string, 'approve' | 'deny'>;
  error: string | null;
  model: string | null;
  cancelling: boolean;

  loadHistory(): Promise<void>;
  apply(event: SessionEvent): void;
  resync(reset: boolean): Promise<void>;
  send(text: string): Promise<boolean>;
  cancel(): Promise<void>;
  decide(approvalId: string, approve: boolean, reason?: string | null): Promise<void>;
  setModel(model: string | null): void;
  clearError(): void;
  /** Loads the history and follows the stream; returns the function that stops it. */
  connect(): () => void;
}

export type ChatStore = StoreApi<ChatState>;

const MAX_HISTORY = 20_000;

export interface ChatStoreOptions {
  streamOptions?: ConstructorParameters<typeof SessionEventStream>[2];
  /** Each event the store applies (the workflow diagram follows the same stream). */
  onEvent?(event: SessionEvent): void;
  /** The events seen so far were forgotten (a RESYNC that cannot continue them). */
  onReset?(): void;
}

export function createChatStore(api: ChatApi, options: ChatStoreOptions = {}): ChatStore {
  let clientIds = 0;
  let loadGeneration = 0;

  const store = createStore<ChatState>()((set, get) => {
    const recompose = (patch: Partial<ChatState>): Partial<ChatState> => {
      const s = { ...get(), ...patch };
      return { ...patch, items: composeItems(s.historyItems, s.live, s.pending) };
    };

    return {
      history: [],
      historyItems: [],
      historyState: 'idle',
      historyError: null,
      live: emptyLive(),
      pending: [],
      items: [],
      stream: 'idle',
      streamDetail: null,
      lastSeq: 0,
      deciding: {},
      error: null,
      model: null,
      cancelling: false,

      async loadHistory() {
        const generation = ++loadGeneration;
        set({ historyState: 'loading', historyError: null });
        try {
          const messages: ConversationMessage[] = [];
          let cursor: string | null = null;
          do {
            const page = await api.conversation(cursor);
            messages.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor && messages.length < MAX_HISTORY);
          if (generation !== loadGeneration) return;
          set(recompose({ history: messages, historyItems: historyItems(messages), historyState: 'loaded' }));
        } catch (e) {
          if (generation !== loadGeneration) return;
          set({ historyState: 'failed', historyError: messageOf(e) });
          throw e;
        }
      },

      apply(event) {
        const live = applyEvent(get().live, event);
        const patch: Partial<ChatState> = { live, lastSeq: event.seq > 0 ? event.seq : get().lastSeq };
        const { deciding } = get();
        if ((event.type === 'APPROVAL_GRANTED' || event.type === 'APPROVAL_DENIED') && deciding[String(event.data.approvalId)]) {
          const next = { ...deciding };
          delete next[String(event.data.approvalId)];
          patch.deciding = next;
        }
        if (event.type === 'DONE') patch.cancelling = false;
        if (event.type === 'USER_MESSAGE') {
          // the stream now shows the message sent: drop its "sending" placeholder
          const pending = get().pending;
          let i = pending.findIndex((p) => event.turnId !== null && p.turnId === event.turnId);
          if (i < 0) i = pending.findIndex((p) => p.turnId === null && p.text === String(event.data.text ?? '').trim());
          if (i >= 0) patch.pending = pending.filter((_, j) => j !== i);
        }
        set(recompose(patch));
        options.onEvent?.(event);
      },

      async resync(reset) {
        if (reset) {
          options.onReset?.();
          set(recompose({ live: emptyLive(), lastSeq: 0 }));
        }
        await get().loadHistory();
      },

      async send(text) {
        const body = text.trim();
        if (!body) return false;
        const clientKey = `p:${++clientIds}`;
        const pendingItem: UserItem = { kind: 'user', key: clientKey, turnId: null, authorId: null, text: body, at: null, pending: true };
        set(recompose({ pending: [...get().pending, pendingItem], error: null }));
        try {
          const turn = await api.send(body, get().model);
          // keep it until the stream shows the message (composeItems hides it once its turn is live)
          const shown = get().live.turns[turn.turnId]?.items.some((i) => i.kind === 'user');
          set(
            recompose({
              pending: shown
                ? get().pending.filter((p) => p.key !== clientKey)
                : get().pending.map((p) => (p.key === clientKey ? { ...p, turnId: turn.turnId } : p)),
            }),
          );
          return true;
        } catch (e) {
          set(recompose({ pending: get().pending.filter((p) => p.key !== clientKey), error: messageOf(e) }));
          return false;
        }
      },

      async cancel() {
        const turn = runningTurn(get().live);
        if (!turn) return;
        set({ cancelling: true, error: null });
        try {
          await api.cancel(turn);
        } catch (e) {
          set({ cancelling: false, error: messageOf(e) });
        }
      },

      async decide(approvalId, approve, reason = null) {
        if (get().deciding[approvalId]) return;
        const pending = pendingApprovals(get().live).some((a) => a.approvalId === approvalId);
        if (!pending) return;
        set({ deciding: { ...get().deciding, [approvalId]: approve ? 'approve' : 'deny' }, error: null });
        try {
          await api.decide(approvalId, approve, reason && reason.trim() ? reason.trim() : null);
          // the APPROVAL_GRANTED / APPROVAL_DENIED event settles it
        } catch (e) {
          const next = { ...get().deciding };
          delete next[approvalId];
          set({ deciding: next, error: messageOf(e) });
        }
      },

      setModel(model) {
        set({ model: model || null });
      },

      clearError() {
        set({ error: null });
      },

      connect() {
        const stream = new SessionEventStream(
          api.events,
          {
            onEvent: (e) => get().apply(e),
            onResync: (reset) => get().resync(reset),
            onStatus: (status, detail) => set({ stream: status, streamDetail: detail ?? null }),
            onUnauthorized: api.renewLogin,
          },
          options.streamOptions,
        );
        let stopped = false;
        // the history first, so the replayed events find the turns they continue
        get()
          .loadHistory()
          .catch(() => {})
          .finally(() => {
            if (!stopped) void stream.start(get().lastSeq);
          });
        // back online: connect at once instead of waiting out the backoff. Gone offline: the open
        // connection carries nothing any more (Chromium keeps a WebSocket open but holds its frames
        // back), so drop it and show the stream as reconnecting until the network is back
        const reconnect = () => stream.reconnectNow();
        window.addEventListener('online', reconnect);
        window.addEventListener('offline', reconnect);
        return () => {
          stopped = true;
          window.removeEventListener('online', reconnect);
          window.removeEventListener('offline', reconnect);
          stream.stop();
        };
      },
    };
  });
  return store;
}
