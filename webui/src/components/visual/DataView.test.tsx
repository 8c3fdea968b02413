import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { studio } from '../../api/studio';
import DataView from './DataView';

const FILES: Record<string, string> = {
  'project/data/market.csv': 'month,region,revenue\n2026-01,EU,"1,200"\n2026-02,EU,1500\n2026-03,US,900\n',
  'project/data/broken.csv': 'a,b\n1,2,3\n',
  'project/package.json': '{}',
};

function fakeFiles() {
  vi.spyOn(studio, 'files').mockResolvedValue({
    path: 'project',
    truncated: false,
    entries: Object.entries(FILES).map(([path, text]) => ({ path, directory: false, size: text.length, modifiedAt: '' })),
  });
  vi.spyOn(studio, 'readFile').mockImplementation(async (_o, _s, path) => new Blob([FILES[path]]));
}

describe('DataView', () => {
  it('lists the data files, charts one and shows it as a table', async () => {
    fakeFiles();
    render(<DataView org="o" session="s" active />);
    const picker = (await screen.findByRole('option', { name: /market\.csv/ })).closest('select')!;
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a file…', 'data/broken.csv (10 B)', 'data/market.csv (71 B)']);

    fireEvent.change(picker, { target: { value: 'project/data/market.csv' } });
    const chart = await screen.findByRole('img', { name: /revenue by month/ });
    expect(chart.getAttribute('aria-label')).toContain('line chart of revenue over 3 points, from 900 to 1500');
    expect(screen.getByText(/3 rows · 3 columns/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Bar' }));
    expect(screen.getByRole('img', { name: /bar chart of revenue/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Table' }));
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['month date', 'region text', 'revenue number']);
    expect(within(table).getAllByRole('row')[1].textContent).toBe('2026-01EU1200');
  });

  it('says what is wrong with a malformed file', async () => {
    fakeFiles();
    render(<DataView org="o" session="s" active />);
    const picker = (await screen.findByRole('option', { name: /broken\.csv/ })).closest('select')!;
    fireEvent.change(picker, { target: { value: 'project/data/broken.csv' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^project\/data\/broken\.csv cannot be charted\. Line 2 has 3 fields but the header \(line 1\) has 2/);
    expect(screen.queryByRole('img')).toBeNull();
  });
});
