// Short messages for the person (an aria-live region shows them).
import { create } from 'zustand';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

interface ToastState {
  toasts: Toast[];
  push(text: string, kind?: Toast['kind']): void;
  dismiss(id: number): void;
}

let ids = 0;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(text, kind = 'info') {
    const id = ++ids;
    set({ toasts: [...get().toasts.slice(-4), { id, text, kind }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 10_000 : 4_000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  useToasts.getState().push(text, kind);
}
