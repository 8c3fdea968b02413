// The studio's input rules, checked before a form is sent (the studio checks again and its problem
// detail is shown when it refuses). Each function answers null when the value is fine, otherwise
// the sentence to show next to the field.

/** Ids of teams and users (studio-api StudioIds): 1-63 lower-case letters, digits or inner hyphens. */
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** The HTML pattern attribute of the same rule. */
export const ID_HTML_PATTERN = '[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?';
/** Team names and display names (JpaTenancyStore NAME_MAX). */
export const NAME_MAX = 200;
/** Passwords (studio-security PasswordRules). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
/** API key names (KeyRules). */
export const KEY_NAME_MAX = 100;
export const KEY_MAX_YEARS = 5;

export function idError(what: string, id: string): string | null {
  if (!id) return `Give the ${what} an id.`;
  if (!ID_PATTERN.test(id)) return `The ${what} id may hold 1 to 63 lower-case letters, digits and hyphens, and cannot start or end with a hyphen.`;
  return null;
}

/** An id derived from a name or an e-mail's local part (until the person edits the id). */
export function idFrom(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

export function nameError(what: string, name: string, max = NAME_MAX): string | null {
  const v = name.trim();
  if (!v) return `Give the ${what}.`;
  if (v.length > max) return `The ${what} has ${v.length} characters: at most ${max} are allowed.`;
  if (CONTROL.test(v)) return `The ${what} contains a control character: remove it.`;
  return null;
}

/** E-mail addresses (JpaTenancyStore Check.email): name@domain without blanks, at most 254 characters. */
export function emailError(email: string): string | null {
  const v = email.trim();
  if (!v) return 'Give an e-mail address.';
  if (v.length > 254 || !/^[^@\s]+@[^@\s]+$/.test(v)) return 'Use an address of the form name@domain, at most 254 characters.';
  return null;
}

export function passwordError(password: string): string | null {
  if (!password) return `Choose a password of ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`;
  if (password.length < PASSWORD_MIN) return `The password is too short: use at least ${PASSWORD_MIN} characters (a few unrelated words make a good one).`;
  if (password.length > PASSWORD_MAX) return `The password is too long: use at most ${PASSWORD_MAX} characters.`;
  if (!/\S/.test(password)) return 'The password is only blanks: use letters, digits or symbols too.';
  return null;
}

/** An API key's expiry: none, or later than now and at most five years ahead. */
export function expiryError(expiresAt: Date | null, now = new Date()): string | null {
  if (expiresAt === null) return null;
  if (Number.isNaN(expiresAt.getTime())) return 'Give a valid date.';
  if (expiresAt.getTime() <= now.getTime()) return 'The expiry must be in the future.';
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + KEY_MAX_YEARS);
  if (expiresAt.getTime() > latest.getTime()) return `A key can live at most ${KEY_MAX_YEARS} years.`;
  return null;
}

/** The resources an API key's scopes name (studio-security Scopes), in the order the form lists them. */
export const SCOPE_RESOURCES = ['projects', 'sessions', 'teams', 'users', 'members', 'organisations', 'api-keys', 'usage', 'audit'] as const;
export type ScopeLevel = 'none' | 'read' | 'write' | '*';

/** The scopes of a key from per-resource levels: read and write together are {@code resource:*}. */
export function scopesOf(levels: Record<string, ScopeLevel>): string[] {
  return SCOPE_RESOURCES.filter((r) => levels[r] && levels[r] !== 'none').map((r) => `${r}:${levels[r]}`);
}
