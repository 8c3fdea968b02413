import { useEffect, useRef, useState } from 'react';
import { niceTicks, shortNumber, type ChartData } from './table';

/** Series colours, readable on the dark background (and told apart by the legend's names). */
export const COLORS = ['#38bdf8', '#fbbf24', '#34d399', '#fb7185', '#a78bfa', '#a3e635', '#fb923c', '#67e8f9'];

/** The width of an element, following its size. */
export function useWidth<T extends HTMLElement>(fallback = 640): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.getBoundingClientRect().width) || fallback));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [fallback]);
  return [ref, width];
}

export interface ChartProps {
  data: ChartData;
  type: 'line' | 'bar';
  /** Says what the chart shows (its accessible name). */
  title: string;
  height?: number;
  format?: (v: number) => string;
  testId?: string;
}

/**
 * A line or bar chart in SVG: one band per label, series side by side (bars) or as lines with
 * points; missing values leave gaps. Each point has a tooltip; the accessible name summarises it.
 */
export function Chart({ data, type, title, height = 300, format = shortNumber, testId }: ChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const n = data.labels.length;
  const values = data.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const min = Math.min(type === 'bar' ? 0 : Infinity, ...values);
  const max = Math.max(type === 'bar' ? 0 : -Infinity, ...values);
  const ticks = values.length ? niceTicks(min, max, Math.max(2, Math.round(height / 60))) : [0, 1];
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];

  const longest = Math.max(0, ...data.labels.map((l) => l.length));
  const rotate = n > 0 && longest * 7 > width / Math.max(1, n);
  const margin = { top: 12, right: 12, bottom: rotate ? Math.min(90, 16 + Math.min(longest, 14) * 5.5) : 28, left: Math.max(44, 10 + Math.max(...ticks.map((t) => format(t).length)) * 7) };
  const plotW = Math.max(10, width - margin.left - margin.right);
  const plotH = Math.max(10, height - margin.top - margin.bottom);
  const band = plotW / Math.max(1, n);
  const x = (i: number) => margin.left + band * i + band / 2;
  const y = (v: number) => margin.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / (rotate ? 18 : Math.max(40, longest * 7 + 8))))));
  const zero = y(Math.max(lo, Math.min(hi, 0)));
  const seriesCount = Math.max(1, data.series.length);
  const barW = Math.max(1, (band * 0.8) / seriesCount);
  const dots = n <= 200;

  const summary = `${title}: ${type === 'bar' ? 'bar' : 'line'} chart of ${data.series.map((s) => s.name).join(', ') || 'nothing'} over ${n} ${n === 1 ? 'point' : 'points'}${
    values.length ? `, from ${format(Math.min(...values))} to ${format(Math.max(...values))}` : ''
  }.`;

  return (
    <figure className="min-w-0" data-testid={testId}>
      <div ref={ref} className="w-full">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="block select-none">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={margin.left} x2={margin.left + plotW} y1={y(t)} y2={y(t)} stroke="#334155" strokeWidth={1} />
              <text x={margin.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill="#cbd5e1">
                {format(t)}
              </text>
            </g>
          ))}
          <line x1={margin.left} x2={margin.left + plotW} y1={zero} y2={zero} stroke="#64748b" strokeWidth={1} />
          {data.labels.map((l, i) =>
            i % every === 0 ? (
              <text
                key={i}
                x={x(i)}
                y={margin.top + plotH + 14}
                fontSize={11}
                fill="#cbd5e1"
                textAnchor={rotate ? 'end' : 'middle'}
                transform={rotate ? `rotate(-40 ${x(i)} ${margin.top + plotH + 14})` : undefined}
              >
                {l.length > 16 ? `${l.slice(0, 15)}…` : l}
              </text>
            ) : null,
          )}
          {type === 'bar' &&
            data.series.map((s, si) =>
              s.values.map((v, i) =>
                v === null ? null : (
                  <rect
                    key={`${si}:${i}`}
                    x={x(i) - (barW * seriesCount) / 2 + barW * si}
                    y={Math.min(y(v), zero)}
                    width={Math.max(1, barW - (barW > 4 ? 1 : 0))}
                    height={Math.max(1, Math.abs(zero - y(v)))}
                    fill={COLORS[si % COLORS.length]}
                  >
                    <title>{`${data.labels[i]} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                ),
              ),
            )}
          {type === 'line' &&
            data.series.map((s, si) => {
              const color = COLORS[si % COLORS.length];
              let d = '';
              let pen = false;
              s.values.forEach((v, i) => {
                if (v === null) {
                  pen = false;
                  return;
                }
                d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
                pen = true;
              });
              return (
                <g key={si}>
                  <path d={d} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
                  {s.values.map((v, i) =>
                    v === null ? null : (
                      <circle key={i} cx={x(i)} cy={y(v)} r={dots ? 3 : 6} fill={dots ? color : 'transparent'}>
                        <title>{`${data.labels[i]} · ${s.name}: ${format(v)}`}</title>
                      </circle>
                    ),
                  )}
                </g>
              );
            })}
        </svg>
      </div>
      {data.series.length > 0 && (
        <figcaption className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-200">
          {data.series.map((s, i) => (
            <span key={s.name + i} className="inline-flex items-center gap-1.5">
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" rx="2" fill={COLORS[i % COLORS.length]} />
              </svg>
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
