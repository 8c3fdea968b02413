import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { studio } from '../../api/studio';
import { FRAMEWORK, parseDeck } from './deck';
import DeckView from './DeckView';

const DECK = '---\ntitle: Acme\n---\n# Acme\n\nRobots\n\n---\n\n# Problem\n\n- <script>alert(1)</script> sorting is slow\n\n<!-- the Leeds story -->\n\n---\n\n# Ask\n\n**$2M**\n';

function fake(files: Record<string, string>) {
  vi.spyOn(studio, 'files').mockImplementation(async () => ({
    path: 'project',
    truncated: false,
    entries: Object.entries(files).map(([path, text]) => ({ path, directory: false, size: text.length, modifiedAt: '' })),
  }));
  vi.spyOn(studio, 'readFile').mockImplementation(async (_o, _s, path) => new Blob([files[path] ?? '']));
  return vi.spyOn(studio, 'writeFile').mockImplementation(async (_o, _s, path, body) => {
    files[path] = typeof body === 'string' ? body : await body.text();
    return { path, directory: false, size: 1, modifiedAt: '' };
  });
}

describe('DeckView', () => {
  it('opens the first deck and moves through its slides with the keyboard', async () => {
    fake({ 'project/decks/acme.md': DECK, 'project/README.md': '# not a deck' });
    render(<DeckView org="o" session="s" active readOnly={false} />);
    const slide = await screen.findByRole('region', { name: 'Slide 1 of 3: Acme' });
    expect(slide.querySelector('h1')?.textContent).toBe('Acme');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a deck…', 'decks/acme.md']);

    act(() => slide.focus());
    fireEvent.keyDown(slide, { key: 'ArrowRight' });
    expect(slide).toHaveAttribute('aria-label', 'Slide 2 of 3: Problem');
    // rendered with the chat's sanitising renderer: the tag is text, no script element
    expect(slide.querySelector('script')).toBeNull();
    expect(slide.textContent).toContain('<script>alert(1)</script> sorting is slow');
    expect(slide.textContent).not.toContain('Leeds');
    fireEvent.keyDown(slide, { key: 'n' });
    expect(screen.getByLabelText('Speaker notes').textContent).toBe('the Leeds story');
    fireEvent.keyDown(slide, { key: 'End' });
    expect(slide).toHaveAttribute('aria-label', 'Slide 3 of 3: Ask');
    fireEvent.keyDown(slide, { key: 'ArrowRight' });
    expect(slide).toHaveAttribute('aria-label', 'Slide 3 of 3: Ask');
    fireEvent.keyDown(slide, { key: 'Home' });
    expect(slide).toHaveAttribute('aria-label', 'Slide 1 of 3: Acme');
    fireEvent.click(screen.getByRole('button', { name: /^3\. Ask$/ }));
    expect(slide).toHaveAttribute('aria-label', 'Slide 3 of 3: Ask');
  });

  it('creates a new deck from the 11-slide framework in the project', async () => {
    const files: Record<string, string> = {};
    const write = fake(files);
    render(<DeckView org="o" session="s" active readOnly={false} />);
    fireEvent.click(await screen.findByRole('button', { name: 'New deck' }));
    fireEvent.change(screen.getByLabelText('Company or deck name'), { target: { value: 'Acme Robotics' } });
    expect(screen.getByRole('dialog').textContent).toContain('project/decks/acme-robotics.md');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(write).toHaveBeenCalledTimes(1));
    expect(write.mock.calls[0][2]).toBe('project/decks/acme-robotics.md');
    expect(parseDeck(files['project/decks/acme-robotics.md']).slides.map((s) => s.title)).toEqual([...FRAMEWORK]);
    expect(await screen.findByRole('region', { name: 'Slide 1 of 11: Problem' })).toBeTruthy();
  });

  it('offers no new deck on a stopped session', async () => {
    fake({});
    render(<DeckView org="o" session="s" active readOnly />);
    expect(await screen.findByText(/No deck yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New deck' })).toBeNull();
  });
});
