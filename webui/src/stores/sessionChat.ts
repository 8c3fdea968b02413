// One chat store per open session, shared by the chat panel and the workflow diagram: a single
// event stream feeds both (the chat's items and the workflow graph). The stream runs while at
// least one of them is shown and stops shortly after the last one goes.
import { useEffect, useMemo } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { studio } from '../api/studio';
import { SessionSocket, socketUrl } from '../api/socket';
import { sseMessages } from '../api/streams';
import type { SessionEvent } from '../api/types';
import type { PresenceState } from '../lib/presence';
import { useAuth } from './auth';
import { createChatStore, type ChatApi, type ChatStore } from './chat';
import type { StreamTransport } from './eventStream';
import { applyWorkflowEvent, emptyRun, type WorkflowRun } from './workflow';

/** The session's events over SSE (GET …/events). */
export function sseEvents(org: string, session: string): StreamTransport {
  return async function* (after, signal, opened) {
    const res = await studio.events(org, session, after, signal);
    if (!res.body) return;
    opened?.();
    for await (const m of sseMessages(res.body, signal)) {
      if (!m.data) continue;
      let event: SessionEvent;
      try {
        event = JSON.parse(m.data) as SessionEvent;
      } catch {
        continue; // not an event of this API
      }
      yield event;
    }
  };
}

/** The access token for a new socket handshake, renewed first when it has (nearly) run out. */
async function handshakeToken(): Promise<string | null> {
  const auth = useAuth.getState();
  if (auth.accessToken && auth.expiresAt - Date.now() > 10_000) return auth.accessToken;
  return (await auth.refresh()) ? useAuth.getState().accessToken : null;
}

/** The chat API of one session over the real endpoints: events over the WebSocket (SSE where it cannot open). */
export function sessionChatApi(org: string, session: string): ChatApi {
  const socket = new SessionSocket({
    url: (after) => socketUrl(org, session, after),
    token: handshakeToken,
    fallback: sseEvents(org, session),
  });
  return {
    conversation: (cursor) => studio.conversation(org, session, cursor),
    send: (text, model) => studio.sendMessage(org, session, text, model),
    cancel: (turn) => studio.cancelTurn(org, session, turn),
    decide: (approvalId, approve, reason) => studio.decide(org, session, approvalId, approve, reason),
    events: socket.events,
    // on the open socket when there is one ("left" goes over REST with keepalive: it must survive unload)
    presence: async (state, keepalive) => {
      if (!keepalive && socket.send({ type: 'presence', state })) return;
      await studio.presence(org, session, state, keepalive);
    },
    renewLogin: () => useAuth.getState().refresh(),
  };
}

export type WorkflowStore = StoreApi<WorkflowRun>;

export interface SessionChat {
  key: string;
  chat: ChatStore;
  workflow: WorkflowStore;
  /** Tells the others what this person does (best effort: failures are dropped). */
  presence(state: PresenceState, keepalive?: boolean): void;
}

interface Entry extends SessionChat {
  users: number;
  stop: (() => void) | null;
  idle: ReturnType<typeof setTimeout> | null;
}

const entries = new Map<string, Entry>();
const LINGER_MS = 2_000;

/** A chat and workflow store pair wired to each other (the API is a parameter for tests). */
export function createSessionChat(key: string, api: ChatApi): SessionChat {
  const workflow = createStore<WorkflowRun>()(() => emptyRun());
  const chat = createChatStore(api, {
    onEvent: (e) => workflow.setState(applyWorkflowEvent(workflow.getState(), e), true),
    onReset: () => workflow.setState(emptyRun(), true),
  });
  const presence = (state: PresenceState, keepalive = false) => {
    api.presence?.(state, keepalive).catch(() => {});
  };
  return { key, chat, workflow, presence };
}

/** The shared stores of a session (created on first use; connected while retained). */
export function sessionChat(org: string, session: string): SessionChat {
  const key = `${org}/${session}`;
  let e = entries.get(key);
  if (!e) {
    e = { ...createSessionChat(key, sessionChatApi(org, session)), users: 0, stop: null, idle: null };
    entries.set(key, e);
  }
  return e;
}

function retain(e: Entry): void {
  if (e.idle) clearTimeout(e.idle);
  e.idle = null;
  e.users++;
  entries.set(e.key, e);
  if (!e.stop) e.stop = e.chat.getState().connect();
}

function release(e: Entry): void {
  e.users = Math.max(0, e.users - 1);
  if (e.users > 0) return;
  e.idle = setTimeout(() => {
    e.idle = null;
    if (e.users > 0) return;
    e.stop?.();
    e.stop = null;
    if (entries.get(e.key) === e) entries.delete(e.key);
  }, LINGER_MS);
}

/** The session's shared chat and workflow stores, following the stream while the caller is shown. */
export function useSessionChat(org: string, session: string): SessionChat {
  const entry = useMemo(() => sessionChat(org, session) as Entry, [org, session]);
  useEffect(() => {
    retain(entry);
    return () => release(entry);
  }, [entry]);
  return entry;
}
