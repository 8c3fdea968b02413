// How people are named in the chat: "you" for the person at this page, else the name the studio
// sent with their presence, else their user record's display name (read once per page), else the id.
import { useEffect, useState } from 'react';
import { getJson, seg } from '../api/client';
import type { User } from '../api/types';

const loaded = new Map<string, Promise<string | null>>();

/** The display name (else the e-mail) of a user of the organisation; null when it cannot be read. */
export function loadUserName(org: string, userId: string): Promise<string | null> {
  const key = `${org}/${userId}`;
  let name = loaded.get(key);
  if (!name) {
    name = getJson<User>(`orgs/${seg(org)}/users/${seg(userId)}`)
      .then((u) => u.displayName?.trim() || u.email || null)
      .catch(() => null);
    loaded.set(key, name);
  }
  return name;
}

/** Forgets the names read (tests). */
export function forgetUserNames(): void {
  loaded.clear();
}

/** What to call {@code userId}: "you", the name known, or the id. */
export function personName(userId: string, me: string | null | undefined, known?: string | null): string {
  if (me && userId === me) return 'you';
  return known?.trim() || userId;
}

/**
 * The name of {@code userId} for showing: {@code known} (from presence) when there is one, else
 * read from the studio once; the id until then.
 */
export function useUserName(org: string, userId: string | null, known: string | null | undefined): string | null {
  const [read, setRead] = useState<{ key: string; name: string | null } | null>(null);
  const key = userId ? `${org}/${userId}` : '';
  const need = !!userId && !known?.trim();
  useEffect(() => {
    if (!need || !userId) return;
    let current = true;
    void loadUserName(org, userId).then((name) => current && setRead({ key, name }));
    return () => {
      current = false;
    };
  }, [need, org, userId, key]);
  if (!userId) return null;
  if (known?.trim()) return known.trim();
  return (read?.key === key ? read.name : null) ?? userId;
}
