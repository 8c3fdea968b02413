import { afterEach, expect } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(() => cleanup());

// small DOM matchers (instead of another dependency)
expect.extend({
  toHaveFocus(el: Element) {
    const pass = document.activeElement === el;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to have focus` };
  },
  toHaveAttribute(el: Element, name: string, value?: string) {
    const has = el.hasAttribute(name);
    const pass = value === undefined ? has : has && el.getAttribute(name) === value;
    return { pass, message: () => `expected ${el.tagName} ${pass ? 'not ' : ''}to have ${name}${value === undefined ? '' : `="${value}"`} (it has "${el.getAttribute(name)}")` };
  },
  toHaveTextContent(el: Element, text: string) {
    const pass = (el.textContent ?? '').includes(text);
    return { pass, message: () => `expected "${el.textContent}" ${pass ? 'not ' : ''}to contain "${text}"` };
  },
  toBeDisabled(el: Element) {
    const pass = (el as HTMLButtonElement).disabled === true;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be disabled` };
  },
});

declare module 'vitest' {
  interface Assertion<T> {
    toHaveFocus(): T;
    toHaveAttribute(name: string, value?: string): T;
    toHaveTextContent(text: string): T;
    toBeDisabled(): T;
  }
}
