import { describe, expect, it } from 'vitest';
import { personName } from '../../lib/people';
import { presenceText } from './PresenceBar';

const at = '2026-03-01T10:00:00Z';

describe('who is here', () => {
  it('names the others by the name their presence carries, else by id, and leaves this person out as "you"', () => {
    expect(
      presenceText(
        {
          me: { state: 'watching', at, name: 'Me Myself' },
          bob: { state: 'typing', at, name: 'Bob Builder' },
          eve: { state: 'watching', at, name: null },
        },
        'me',
      ),
    ).toBe('Here with you: Bob Builder is typing… · eve is watching');
    expect(presenceText({ me: { state: 'typing', at, name: 'Me' } }, 'me')).toBeNull();
    expect(presenceText({}, 'me')).toBeNull();
  });

  it('calls this person "you" and everybody else by name or id', () => {
    expect(personName('me', 'me', 'Me Myself')).toBe('you');
    expect(personName('bob', 'me', ' Bob ')).toBe('Bob');
    expect(personName('bob', 'me', '  ')).toBe('bob');
    expect(personName('bob', null, null)).toBe('bob');
  });
});
