// What this person does in a session, told to the others (POST …/presence, or a frame on the open
// event socket): "watching" while the chat is shown, "typing" while they write, "left" when they go.

export type PresenceState = 'watching' | 'typing' | 'left';

/** Without a keystroke for this long, typing has stopped. */
export const TYPING_IDLE_MS = 4_000;
/** At most one "typing" per this long, however fast the keys come. */
export const TYPING_THROTTLE_MS = 2_000;

/**
 * Turns keystrokes into as few presence updates as tell the truth: "typing" at the first key (and
 * again no sooner than {@link TYPING_THROTTLE_MS} after the last one), "watching" once the message
 * is sent or after {@link TYPING_IDLE_MS} without a key, "left" at the end.
 */
export class TypingPresence {
  private state: PresenceState | null = null;
  private lastTyping = -Infinity;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private deferred: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (state: PresenceState, keepalive: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** What was told last (null before anything). */
  get current(): PresenceState | null {
    return this.state;
  }

  /** The chat is shown (again). */
  watching(): void {
    this.clearTimers();
    this.tell('watching');
  }

  /** A key went into the message. */
  keystroke(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idle = null;
      if (this.state === 'typing' || this.deferred) this.watching();
    }, TYPING_IDLE_MS);
    if (this.state === 'typing' || this.deferred) return;
    const wait = this.lastTyping + TYPING_THROTTLE_MS - this.now();
    if (wait <= 0) {
      this.typing();
    } else {
      this.deferred = setTimeout(() => {
        this.deferred = null;
        this.typing();
      }, wait);
    }
  }

  /** The message went out: no longer typing. */
  sent(): void {
    if (this.state === 'typing' || this.deferred) this.watching();
  }

  /** The chat goes away (unmount, the page is hidden): "left", with keepalive so it survives unload. */
  leave(): void {
    this.clearTimers();
    if (this.state === 'left') return;
    this.state = 'left';
    this.send('left', true);
  }

  private typing() {
    this.lastTyping = this.now();
    this.tell('typing');
  }

  private tell(state: PresenceState) {
    if (this.state === state) return;
    this.state = state;
    this.send(state, false);
  }

  private clearTimers() {
    if (this.idle) clearTimeout(this.idle);
    if (this.deferred) clearTimeout(this.deferred);
    this.idle = null;
    this.deferred = null;
  }
}
