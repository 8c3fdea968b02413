import { describe, expect, it } from 'vitest';
import { deckTemplate, FRAMEWORK, isDeckFile, newDeckPath, parseDeck, slideTitle, slug } from './deck';

describe('splitting a deck into slides', () => {
  it('splits at lines of three dashes, with front matter and notes', () => {
    const deck = parseDeck(
      ['---', 'title: "Acme seed"', 'author: Ann', '---', '', '# Hello', 'World', '<!-- say hi -->', '---', '## Second *slide*', '', '- a', '  ---  ', 'Third', 'Note: the rest', 'is notes', ''].join('\r\n'),
    );
    expect(deck.title).toBe('Acme seed');
    expect(deck.meta).toEqual({ title: 'Acme seed', author: 'Ann' });
    expect(deck.slides.map((s) => [s.title, s.markdown, s.notes, s.line])).toEqual([
      ['Hello', '# Hello\nWorld', 'say hi', 6],
      ['Second slide', '## Second *slide*\n\n- a', '', 10],
      ['Third', 'Third', 'the rest\nis notes', 14],
    ]);
  });

  it('keeps dashes and comments inside fenced code, and multi-line comments out', () => {
    const deck = parseDeck(['# Code', '```yaml', '---', 'a: 1', '<!-- kept -->', '```', '<!--', 'long', 'note', '-->', 'after', '---', '~~~~', '---', '~~~~'].join('\n'));
    expect(deck.slides).toHaveLength(2);
    expect(deck.slides[0].markdown).toBe(['# Code', '```yaml', '---', 'a: 1', '<!-- kept -->', '```', 'after'].join('\n'));
    expect(deck.slides[0].notes).toBe('long\nnote');
    expect(deck.slides[1].markdown).toBe('~~~~\n---\n~~~~');
  });

  it('drops empty slides and does not take a leading separator for front matter', () => {
    const deck = parseDeck('---\n\n# One\n---\n\n---\nTwo\n---\n');
    expect(deck.title).toBeNull();
    expect(deck.slides.map((s) => s.title)).toEqual(['One', 'Two']);
    expect(parseDeck('').slides).toEqual([]);
    expect(parseDeck('just text').slides).toMatchObject([{ index: 0, title: 'just text', markdown: 'just text' }]);
  });

  it('finds a title without a heading', () => {
    expect(slideTitle('- **Bold** [link](http://x)\n- b')).toBe('Bold link');
    expect(slideTitle('### Revenue ###')).toBe('Revenue');
    expect(slideTitle('')).toBe('');
  });
});

describe('the 11-slide framework', () => {
  it('makes a deck of the eleven sections, in order, with notes', () => {
    const text = deckTemplate('Acme Robotics');
    const deck = parseDeck(text);
    expect(deck.title).toBe('Acme Robotics');
    expect(deck.slides.map((s) => s.title)).toEqual([...FRAMEWORK]);
    expect(deck.slides).toHaveLength(11);
    for (const s of deck.slides) {
      expect(s.notes.length).toBeGreaterThan(10);
      expect(s.markdown).not.toContain('<!--');
      expect(s.markdown.split('\n').filter((l) => l.startsWith('- ')).length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('deck files', () => {
  it('knows decks and names new ones', () => {
    expect(isDeckFile('project/decks/seed.md')).toBe(true);
    expect(isDeckFile('project/decks/2026/q1.markdown')).toBe(true);
    expect(isDeckFile('project/docs/board.deck.md')).toBe(true);
    expect(isDeckFile('project/README.md')).toBe(false);
    expect(isDeckFile('project/decks/logo.png')).toBe(false);
    expect(slug('  Acme Séed Round! 2026 ')).toBe('acme-seed-round-2026');
    expect(slug('***')).toBe('deck');
    expect(newDeckPath('Seed', [])).toBe('project/decks/seed.md');
    expect(newDeckPath('Seed', ['project/decks/seed.md', 'project/decks/Seed-2.md'])).toBe('project/decks/seed-3.md');
  });
});
