import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeHtml } from './markdown';

/** Parses the output like the browser will, to look at what actually survives. */
function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

function allAttributes(root: HTMLElement): string[] {
  return Array.from(root.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).map((a) => `${el.tagName.toLowerCase()}[${a.name}=${a.value}]`));
}

describe('renderMarkdown', () => {
  it('renders Markdown: emphasis, lists, links, tables', () => {
    const html = renderMarkdown('# Title\n\n**bold** and *it*\n\n- one\n- two\n\n[docs](https://example.com/d)\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |');
    const root = dom(html);
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/d');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(root.querySelector('th')?.className).toBe('md-align-right');
    expect(html).not.toContain('style=');
  });

  it('highlights fenced code', () => {
    const root = dom(renderMarkdown('```python\ndef f():\n    return "x"\n```'));
    const code = root.querySelector('pre code')!;
    expect(code.textContent).toBe('def f():\n    return "x"\n');
    expect(code.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(code.querySelector('.hljs-string')).not.toBeNull();
  });

  it.each([
    ['a script tag', 'Hi <script>alert(1)</script> there'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['an svg with onload', '<svg onload=alert(1)><circle/></svg>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['an inline handler on a div', '<div onclick="alert(1)">x</div>'],
  ])('keeps %s as inert text', (_name, input) => {
    const root = dom(renderMarkdown(input));
    expect(root.querySelector('script, img, svg, iframe, style, div')).toBeNull();
    expect(allAttributes(root).filter((a) => /\[on/i.test(a))).toEqual([]);
    // the markup is shown to the reader as text, not executed
    expect(root.textContent).toContain(input.match(/<\w+/)![0]);
  });

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['JavaScript with spaces and case', '[click]( JaVaScRiPt:alert(1))'],
    ['vbscript:', '[click](vbscript:msgbox)'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an autolink', '<javascript:alert(1)>'],
  ])('drops %s links', (_name, input) => {
    const root = dom(renderMarkdown(input));
    for (const a of Array.from(root.querySelectorAll('a'))) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|vbscript|data):/i);
    }
    expect(root.innerHTML).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
  });

  it('shows images as links instead of loading them', () => {
    const root = dom(renderMarkdown('![a cat](https://example.com/cat.png "t") and ![x](javascript:alert(1))'));
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/cat.png');
    expect(root.querySelector('a')?.textContent).toBe('a cat');
  });
});

describe('sanitizeHtml', () => {
  it('removes scripts, handlers, styles and foreign URLs even from raw HTML', () => {
    const out = sanitizeHtml(
      '<p onclick="x()" style="color:red" class="hljs-string evil">a</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">l</a><form action="/x"><input></form>',
    );
    const root = dom(out);
    expect(root.querySelector('script, img, form, input')).toBeNull();
    expect(out).not.toMatch(/onclick|onerror|style=|javascript:/i);
    expect(root.querySelector('p')?.className).toBe('hljs-string');
    expect(root.querySelector('a')?.hasAttribute('href')).toBe(false);
  });
});
