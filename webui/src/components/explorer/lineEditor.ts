// The line the person types in the terminal: echo, backspace, history (up/down), Ctrl-C, Ctrl-L.

export type LineAction =
  | { kind: 'echo'; text: string }
  | { kind: 'run'; line: string }
  | { kind: 'cancel' }
  | { kind: 'clear' };

const erase = (n: number) => '\b \b'.repeat(n);

export class LineEditor {
  line = '';
  private history: string[] = [];
  private index = 0;
  private escape = '';

  constructor(private readonly maxHistory = 200) {}

  /** What to do with terminal input (a key, an escape sequence or a paste). */
  input(data: string): LineAction[] {
    const actions: LineAction[] = [];
    for (const ch of data) {
      if (this.escape) {
        this.escape += ch;
        if (/^\x1b\[[0-9;]*[A-Za-z~]$/.test(this.escape) || this.escape.length > 8 || (this.escape.length === 2 && ch !== '[')) {
          const seq = this.escape;
          this.escape = '';
          if (seq === '\x1b[A') actions.push(...this.recall(-1));
          if (seq === '\x1b[B') actions.push(...this.recall(1));
        }
        continue;
      }
      switch (ch) {
        case '\x1b':
          this.escape = ch;
          break;
        case '\r':
        case '\n': {
          const line = this.line;
          this.line = '';
          if (line.trim() && this.history[this.history.length - 1] !== line) {
            this.history.push(line);
            if (this.history.length > this.maxHistory) this.history.shift();
          }
          this.index = this.history.length;
          actions.push({ kind: 'run', line });
          return actions; // the rest of a paste waits for the prompt
        }
        case '\x7f':
        case '\b':
          if (this.line.length > 0) {
            this.line = Array.from(this.line).slice(0, -1).join('');
            actions.push({ kind: 'echo', text: erase(1) });
          }
          break;
        case '\x03':
          this.line = '';
          this.index = this.history.length;
          actions.push({ kind: 'cancel' });
          break;
        case '\x0c':
          actions.push({ kind: 'clear' });
          break;
        case '\t':
          break;
        default:
          if (ch >= ' ') {
            this.line += ch;
            actions.push({ kind: 'echo', text: ch });
          }
      }
    }
    return actions;
  }

  private recall(step: number): LineAction[] {
    if (this.history.length === 0) return [];
    const next = Math.max(0, Math.min(this.history.length, this.index + step));
    if (next === this.index) return [];
    this.index = next;
    const old = Array.from(this.line).length;
    this.line = this.history[next] ?? '';
    return [{ kind: 'echo', text: erase(old) + this.line }];
  }
}
