// The Content-Security-Policy nonce the studio's servlet puts into index.html on every load; style
// elements that libraries create (CodeMirror, xterm.js) carry it, so the policy needs no
// 'unsafe-inline' for styles.
let cached: string | null | undefined;

export function cspNonce(): string | null {
  if (cached !== undefined) return cached;
  const meta = document.querySelector('meta[name="csp-nonce"]');
  const value = meta?.getAttribute('content') ?? '';
  cached = value && !value.startsWith('__') ? value : null;
  return cached;
}

/**
 * Runs {@code fn} with every style element created through document.createElement carrying the
 * nonce (for libraries that create their own and offer no option for it). Elements created by
 * markup (innerHTML) never get it, so injected styles stay refused.
 */
export function withStyleNonce<T>(fn: () => T): T {
  const nonce = cspNonce();
  if (!nonce) return fn();
  const original = document.createElement;
  const patched = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const el = original.call(this, tag, options);
    if (String(tag).toLowerCase() === 'style') (el as HTMLStyleElement).nonce = nonce;
    return el;
  };
  document.createElement = patched as typeof document.createElement;
  try {
    return fn();
  } finally {
    document.createElement = original;
  }
}

/** Gives style elements below {@code root} that lack it the nonce, and re-applies their text. */
export function adoptStyles(root: ParentNode): void {
  const nonce = cspNonce();
  if (!nonce) return;
  root.querySelectorAll('style').forEach((s) => {
    if (s.nonce === nonce) return;
    s.nonce = nonce;
    const text = s.textContent;
    s.textContent = text ?? '';
  });
}
