import { describe, expect, it } from 'vitest';
import { emailError, expiryError, idError, idFrom, nameError, passwordError, scopesOf } from './validation';

describe('admin validation', () => {
  it('checks ids like StudioIds', () => {
    expect(idError('team', 'web-1')).toBeNull();
    expect(idError('team', 'a')).toBeNull();
    expect(idError('team', '')).toMatch(/Give the team an id/);
    for (const bad of ['Web', '-web', 'web-', 'we b', 'a'.repeat(64), 'ü']) expect(idError('team', bad)).toMatch(/1 to 63 lower-case/);
    expect(idError('team', 'a'.repeat(63))).toBeNull();
  });

  it('derives ids from names and e-mail addresses', () => {
    expect(idFrom('Web Platform Team!')).toBe('web-platform-team');
    expect(idFrom('  Zoë  ')).toBe('zoe');
    expect(idFrom('ada.lovelace')).toBe('ada-lovelace');
    expect(idFrom('x'.repeat(62) + '-y')).toBe('x'.repeat(62));
  });

  it('checks names, e-mail addresses and passwords like the studio', () => {
    expect(nameError('team name', '  ')).toMatch(/Give the team name/);
    expect(nameError('team name', 'x'.repeat(201))).toMatch(/at most 200/);
    expect(nameError('team name', 'a\u0007b')).toMatch(/control character/);
    expect(emailError('ada@example.com')).toBeNull();
    expect(emailError('ada@')).toMatch(/name@domain/);
    expect(emailError('a b@c')).toMatch(/name@domain/);
    expect(passwordError('short')).toMatch(/at least 12/);
    expect(passwordError(' '.repeat(12))).toMatch(/only blanks/);
    expect(passwordError('correct horse battery')).toBeNull();
  });

  it('checks API key expiry and builds scopes', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiryError(null, now)).toBeNull();
    expect(expiryError(new Date('2025-12-31T00:00:00Z'), now)).toMatch(/future/);
    expect(expiryError(new Date('2031-01-02T00:00:00Z'), now)).toMatch(/5 years/);
    expect(expiryError(new Date('2030-12-31T00:00:00Z'), now)).toBeNull();
    expect(scopesOf({ projects: 'read', sessions: '*', users: 'none', teams: 'write' })).toEqual(['projects:read', 'sessions:*', 'teams:write']);
  });
});
