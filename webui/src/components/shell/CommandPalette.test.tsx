import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { usePalette } from '../../stores/palette';
import { CommandPalette } from './CommandPalette';

beforeEach(() => {
  usePalette.setState({ open: false, query: '', active: 0, sources: {} });
});

describe('CommandPalette', () => {
  it('is closed until opened, then lists every registered command', () => {
    usePalette.getState().register('a', [
      { id: 'one', section: 'Project', title: 'Create project…', run: vi.fn() },
      { id: 'two', section: 'Account', title: 'Log out', run: vi.fn() },
    ]);
    render(<CommandPalette />);
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => usePalette.getState().show());
    expect(screen.getByRole('combobox', { name: 'Command' })).toHaveFocus();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['ProjectCreate project…', 'AccountLog out']);
  });

  it('filters as one types and runs the chosen command with the keyboard', () => {
    const logout = vi.fn();
    const create = vi.fn();
    usePalette.getState().register('a', [
      { id: 'one', section: 'Project', title: 'Create project…', run: create },
      { id: 'two', section: 'Account', title: 'Log out', run: logout },
      { id: 'three', section: 'Account', title: 'Log in elsewhere', run: vi.fn() },
    ]);
    render(<CommandPalette />);
    act(() => usePalette.getState().show());
    const input = screen.getByRole('combobox');
    fireEvent.change(input, { target: { value: 'log' } });
    expect(screen.getAllByRole('option')).toHaveLength(2);
    expect(screen.getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1].id);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(logout).toHaveBeenCalledOnce();
    expect(create).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes with Escape and says when nothing matches', () => {
    usePalette.getState().register('a', [{ id: 'one', section: 'X', title: 'Alpha', run: vi.fn() }]);
    render(<CommandPalette />);
    act(() => usePalette.getState().show());
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'qqq' } });
    expect(screen.getByText('No command matches.')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
