// A panel's listing: loaded when the panel opens and whenever what it reads changes, again on
// demand, with its loading state and the error of the last attempt.
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api/client';

export interface Load {
  loading: boolean;
  error: string | null;
  /** Loads again (refresh, after a change the panel made). */
  reload(): Promise<void>;
}

/** {@code read} stores what it reads itself; it is a new function whenever what it reads changes. */
export function useLoad(read: () => Promise<void>): Load {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      await read();
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [read]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loading, error, reload };
}
