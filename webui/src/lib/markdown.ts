// Markdown of model answers to safe HTML. Model output is untrusted: markdown-it runs with raw HTML
// off (tags come out as text), links are limited to http(s), mailto and in-page targets, images
// become plain links (no third-party requests), and DOMPurify then keeps only an allowlist of
// tags and attributes, so no script, event handler, style or foreign URL survives.
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdownLang from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = { bash, c, cpp, css, diff, go, java, javascript, json, kotlin, markdown: markdownLang, plaintext, python, rust, sql, typescript, xml, yaml };
for (const [name, lang] of Object.entries(languages)) hljs.registerLanguage(name, lang);
hljs.registerAliases(['sh', 'shell', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['js', 'jsx', 'mjs'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' });

/** Syntax-highlighted HTML of code (hljs spans only), escaped text for unknown languages. */
export function highlight(code: string, lang: string): string {
  const name = lang.trim().toLowerCase();
  if (name && hljs.getLanguage(name) && code.length < 200_000) {
    try {
      return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
    } catch {
      // fall through to plain text
    }
  }
  return md.utils.escapeHtml(code);
}

const SAFE_URL = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/)/i;

const md = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: false,
  typographer: false,
  highlight: (code, lang) => highlight(code, lang),
});

md.validateLink = (url: string) => SAFE_URL.test(url.trim());

// images would load from anywhere (and the CSP refuses them): show them as links
md.renderer.rules.image = (tokens: Token[], idx: number) => {
  const t = tokens[idx];
  const src = String(t.attrGet('src') ?? '');
  const alt = t.children ? t.children.map((c) => c.content).join('') : t.content;
  return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt || src)}</a>`;
};

// table alignment comes as a style attribute, which the CSP (style-src) refuses: use classes
md.core.ruler.push('align_classes', (state: StateCore) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    if (!style) continue;
    const m = /text-align:\s*(left|right|center)/.exec(String(style));
    token.attrs = (token.attrs ?? []).filter((attr) => attr[0] !== 'style');
    if (m) token.attrJoin('class', `md-align-${m[1]}`);
  }
  return true;
});

const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre',
  's', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];

let purifier: DOMPurify | null = null;

function sanitizer(): DOMPurify {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  p.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'class') {
      // only highlight.js's and our own classes
      data.attrValue = data.attrValue
        .split(/\s+/)
        .filter((c) => /^(hljs[\w-]*|language-[\w-]+|md-align-(left|right|center))$/.test(c))
        .join(' ');
    }
    if (data.attrName === 'href' && !SAFE_URL.test(data.attrValue.trim())) data.keepAttr = false;
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!href.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    }
  });
  purifier = p;
  return p;
}

/** Allowlist sanitising of HTML (used on the Markdown renderer's output). */
export function sanitizeHtml(html: string): string {
  return sanitizer().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
  });
}

const cache = new Map<string, string>();
const CACHE_SIZE = 400;

/** Safe HTML of Markdown text; repeated texts come from a small cache. */
export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const html = sanitizeHtml(md.render(text));
  if (text.length < 100_000) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, html);
  }
  return html;
}
