import { useEffect, useState } from 'react';
import { studio } from '../../api/studio';
import type { PluginView } from '../../api/types';

let cache: Promise<PluginView[]> | null = null;

/** GET /api/v1/providers once per page (the list changes only when an admin adds a provider). */
export function loadProviders(): Promise<PluginView[]> {
  if (!cache) {
    cache = studio.providers().catch((e) => {
      cache = null;
      throw e;
    });
  }
  return cache;
}

/** Which model to ask: the router's choice, a provider, or one of its models. */
export function ModelPicker({ value, onChange, id }: { value: string | null; onChange(model: string | null): void; id: string }) {
  const [providers, setProviders] = useState<PluginView[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    loadProviders()
      .then(setProviders)
      .catch(() => setFailed(true));
  }, []);

  return (
    <>
      <label htmlFor={id} className="sr-only">
        Model
      </label>
      <select id={id} className="field w-auto max-w-64 py-1 text-xs" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid="model-picker">
        <option value="">Automatic (router chooses)</option>
        {failed && <option disabled>Models could not be loaded</option>}
        {providers.map((p) => (
          <optgroup key={p.id} label={`${p.name || p.id}${p.details.offline ? ' (offline)' : ''}${p.status !== 'UP' ? ` — ${p.status}` : ''}`}>
            <option value={p.id}>{p.id}: any model</option>
            {(p.details.models ?? []).map((m) => (
              <option key={m.id} value={`${p.id}/${m.id}`}>
                {m.name || m.id}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </>
  );
}
