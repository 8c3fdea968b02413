import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { navigate, useRouter } from '../../stores/router';
import VisualPanel from './VisualPanel';

vi.mock('./WorkflowView', () => ({ default: ({ active }: { active: boolean }) => <p>workflow view {active ? 'active' : 'idle'}</p> }));
vi.mock('./DeckView', () => ({ default: ({ active }: { active: boolean }) => <p>deck view {active ? 'active' : 'idle'}</p> }));
vi.mock('./DataView', () => ({ default: ({ active }: { active: boolean }) => <p>data view {active ? 'active' : 'idle'}</p> }));
vi.mock('./AgentsView', () => ({ default: ({ active }: { active: boolean }) => <p>agents view {active ? 'active' : 'idle'}</p> }));

function Harness() {
  const route = useRouter((s) => s.route);
  return <VisualPanel org="o" project="p" session="s" view={route.name === 'session' ? route.view : undefined} active readOnly={false} />;
}

beforeEach(() => navigate('/orgs/o/projects/p/sessions/s/visualise/workflow'));

describe('VisualPanel', () => {
  it('has a tab per view, moves between them with the arrow keys and keeps opened views', async () => {
    render(<Harness />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Workflow', 'Pitch deck', 'Market analysis', 'Agents']);
    expect(screen.getByRole('tablist', { name: 'Visualisations' })).toBeTruthy();
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(tabs[0]).toHaveAttribute('tabindex', '0');
    expect(tabs[1]).toHaveAttribute('tabindex', '-1');
    expect(await screen.findByText('workflow view active')).toBeTruthy();

    act(() => tabs[0].focus());
    fireEvent.keyDown(tabs[0], { key: 'ArrowRight' });
    expect(window.location.pathname).toBe('/orgs/o/projects/p/sessions/s/visualise/deck');
    expect(screen.getByRole('tab', { name: 'Pitch deck' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Pitch deck' })).toHaveFocus();
    expect(await screen.findByText('deck view active')).toBeTruthy();
    // the workflow stays mounted, hidden and idle
    expect(screen.getByText('workflow view idle').closest('[role=tabpanel]')).toHaveAttribute('hidden');

    fireEvent.keyDown(screen.getByRole('tab', { name: 'Pitch deck' }), { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Agents' })).toHaveFocus();
    expect(await screen.findByText('agents view active')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Agents' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Workflow' })).toHaveAttribute('aria-selected', 'true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Workflow' }), { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Agents' })).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel', { name: 'Agents' });
    expect(panel.id).toBe('vpanel-agents');
  });

  it('opens the view last shown when the address names none', async () => {
    navigate('/orgs/o/projects/p/sessions/s/visualise/data');
    const { unmount } = render(<Harness />);
    expect(await screen.findByText('data view active')).toBeTruthy();
    unmount();
    navigate('/orgs/o/projects/p/sessions/s/visualise');
    render(<Harness />);
    expect(await screen.findByText('data view active')).toBeTruthy();
  });
});
