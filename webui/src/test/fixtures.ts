import type { ConversationMessage, SessionEvent } from '../api/types';

let seq = 0;

export function resetSeq(n = 0) {
  seq = n;
}

export function event(type: string, data: Record<string, unknown> = {}, turnId: string | null = 't1', actor: string | null = null): SessionEvent {
  return { seq: ++seq, sessionId: 's1', type, at: '2026-03-01T10:00:00Z', actor, turnId, data };
}

export function message(partial: Partial<ConversationMessage> & Pick<ConversationMessage, 'id' | 'role'>): ConversationMessage {
  return {
    index: 0,
    turnId: null,
    authorId: null,
    text: '',
    toolCalls: [],
    toolCallId: null,
    error: false,
    provider: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    at: '2026-03-01T09:00:00Z',
    ...partial,
  };
}

export function resyncEvent(lastSeq: number): SessionEvent {
  return { seq: 0, sessionId: 's1', type: 'RESYNC', at: '2026-03-01T10:00:00Z', actor: null, turnId: null, data: { lastSeq, reason: 'the client fell behind' } };
}

/** An event with a given sequence number (a stream's transport and reconnect tests). */
export function numbered(seq: number, type = 'TEXT_DELTA', data: Record<string, unknown> = { text: `t${seq}` }): SessionEvent {
  return { seq, sessionId: 's', type, at: '2026-01-01T00:00:00Z', actor: null, turnId: 'turn', data };
}
