import { describe, expect, it } from 'vitest';
import { LineEditor } from './lineEditor';

describe('LineEditor', () => {
  it('echoes typing, erases with backspace and runs on Enter', () => {
    const e = new LineEditor();
    expect(e.input('ls -x')).toHaveLength(5);
    expect(e.input('\x7f')).toEqual([{ kind: 'echo', text: '\b \b' }]);
    expect(e.input('l\r')).toEqual([{ kind: 'echo', text: 'l' }, { kind: 'run', line: 'ls -l' }]);
    expect(e.line).toBe('');
  });

  it('recalls earlier lines with the arrow keys', () => {
    const e = new LineEditor();
    e.input('one\r');
    e.input('two\r');
    e.input('\x1b[A');
    expect(e.line).toBe('two');
    e.input('\x1b[A');
    expect(e.line).toBe('one');
    expect(e.input('\x1b[B')).toEqual([{ kind: 'echo', text: '\b \b\b \b\b \btwo' }]);
    e.input('\x1b[B');
    expect(e.line).toBe('');
  });

  it('cancels the line with Ctrl-C and stops a paste at its first line end', () => {
    const e = new LineEditor();
    e.input('rm -rf');
    expect(e.input('\x03')).toEqual([{ kind: 'cancel' }]);
    expect(e.line).toBe('');
    const actions = e.input('echo a\necho b\n');
    expect(actions.at(-1)).toEqual({ kind: 'run', line: 'echo a' });
  });
});
