import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { measureElement, useVirtualizer } from '@tanstack/react-virtual';
import { useStore } from 'zustand';
import type { ChatStore } from '../../stores/chat';
import { ChatItemView } from './ChatItemView';

/**
 * The conversation, virtualised: only the items near the viewport are in the DOM (measured as they
 * render), so thousands of messages scroll smoothly. It follows the end while the reader is there.
 */
export function MessageList({ store, active = true }: { store: ChatStore; active?: boolean }) {
  const items = useStore(store, (s) => s.items);
  const historyState = useStore(store, (s) => s.historyState);
  const historyError = useStore(store, (s) => s.historyError);
  const deciding = useStore(store, (s) => s.deciding);
  const decide = useStore(store, (s) => s.decide);
  const scroller = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const [showJump, setShowJump] = useState(false);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    overscan: 8,
    getItemKey: (i) => items[i]?.key ?? i,
    // a hidden tab measures everything as 0: keep the last real size instead
    measureElement: (el, entry, instance) => {
      const size = measureElement(el, entry, instance);
      return size > 0 ? size : 96;
    },
    enabled: active,
  });

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el || el.clientHeight === 0) return; // hidden: keep where the reader was
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    setShowJump(!atEnd.current);
  }, []);

  const total = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [total, items]);

  // the first load lands at the end
  useEffect(() => {
    if (historyState === 'loaded' && items.length > 0) {
      atEnd.current = true;
      virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [historyState]);

  // back from another tab: where the reader was, the end if they were there
  useEffect(() => {
    if (active && atEnd.current && items.length > 0) {
      requestAnimationFrame(() => virtualizer.scrollToIndex(items.length - 1, { align: 'end' }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const jump = () => {
    atEnd.current = true;
    virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    setShowJump(false);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="h-full overflow-y-auto px-4"
        role="log"
        aria-label="Conversation"
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        data-testid="message-list"
      >
        {historyState === 'loading' && items.length === 0 && <p className="py-4 text-sm text-slate-300">Loading the conversation…</p>}
        {historyState === 'failed' && (
          <p role="alert" className="my-3 rounded border border-rose-700 bg-rose-950 px-3 py-2 text-sm text-rose-100">
            The conversation could not be loaded: {historyError}
          </p>
        )}
        {historyState === 'loaded' && items.length === 0 && <p className="py-6 text-center text-sm text-slate-300">No message yet. Ask the agent something below.</p>}
        <div style={{ height: total, position: 'relative', width: '100%' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index];
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
              >
                <ChatItemView item={item} deciding={item.kind === 'approval' ? deciding[item.approvalId] : undefined} onDecide={decide} />
              </div>
            );
          })}
        </div>
      </div>
      {showJump && (
        <button className="btn btn-sm absolute right-4 bottom-3 shadow-lg" onClick={jump} data-testid="jump-to-end">
          ↓ Latest
        </button>
      )}
    </div>
  );
}
