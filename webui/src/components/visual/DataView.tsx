import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { studio } from '../../api/studio';
import type { WorkspaceEntry } from '../../api/types';
import { bytes } from '../../lib/format';
import { useCommands } from '../../lib/useCommands';
import { Chart } from './Chart';
import { chartData, DataError, isDataFile, parseDataFile, type Aggregate, type DataTable } from './table';

const ROOT = 'project';
const MAX_SIZE = 20 * 1024 * 1024;
const MAX_TABLE_ROWS = 500;
const MAX_POINTS = 5000;

type Loaded = { path: string; table: DataTable } | { path: string; error: string } | null;

/** Picks the columns a first chart shows: x the first date or text column, y the first number column. */
function defaults(table: DataTable): { x: number; ys: number[]; type: 'line' | 'bar' } {
  const cols = table.columns;
  let x = cols.findIndex((c) => c.type === 'date');
  if (x < 0) x = cols.findIndex((c) => c.type === 'text');
  if (x < 0) x = 0;
  const ys = cols.map((c, i) => (c.type === 'number' && i !== x ? i : -1)).filter((i) => i >= 0).slice(0, 1);
  const type = cols[x]?.type === 'text' ? 'bar' : 'line';
  return { x, ys, type };
}

/** The market-analysis view: a CSV or JSON file of the project as a chart and a table. */
export default function DataView({ org, session, active }: { org: string; session: string; active: boolean }) {
  const [files, setFiles] = useState<WorkspaceEntry[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [loading, setLoading] = useState(false);
  const [x, setX] = useState(0);
  const [ys, setYs] = useState<number[]>([]);
  const [type, setType] = useState<'line' | 'bar'>('line');
  const [aggregate, setAggregate] = useState<Aggregate>('none');
  const [sort, setSort] = useState(false);
  const [show, setShow] = useState<'chart' | 'table'>('chart');
  const picker = useRef<HTMLSelectElement>(null);
  const id = useId();

  const list = useCallback(async () => {
    try {
      const listing = await studio.files(org, session, ROOT, true);
      const data = listing.entries.filter((e) => !e.directory && isDataFile(e.path));
      data.sort((a, b) => a.path.localeCompare(b.path));
      setFiles(data);
      setListError(null);
    } catch (e) {
      setListError(messageOf(e));
    }
  }, [org, session]);

  useEffect(() => {
    if (active && files === null) void list();
  }, [active, files, list]);

  const open = useCallback(
    async (p: string) => {
      setPath(p);
      if (!p) {
        setLoaded(null);
        return;
      }
      const entry = files?.find((f) => f.path === p);
      if (entry && entry.size > MAX_SIZE) {
        setLoaded({ path: p, error: `This file is ${bytes(entry.size)}: files up to ${bytes(MAX_SIZE)} can be charted here.` });
        return;
      }
      setLoading(true);
      try {
        const text = await (await studio.readFile(org, session, p)).text();
        const table = parseDataFile(p, text);
        const d = defaults(table);
        setX(d.x);
        setYs(d.ys);
        setType(d.type);
        setAggregate('none');
        setSort(table.columns[d.x]?.type === 'date');
        setLoaded({ path: p, table });
      } catch (e) {
        setLoaded({ path: p, error: e instanceof DataError ? `${p} cannot be charted. ${e.message}` : messageOf(e) });
      } finally {
        setLoading(false);
      }
    },
    [files, org, session],
  );

  const table = loaded && 'table' in loaded ? loaded.table : null;
  const chart = useMemo(() => (table && (ys.length > 0 || aggregate === 'count') ? chartData(table, x, ys, aggregate, sort) : null), [table, x, ys, aggregate, sort]);
  const tooMany = chart !== null && chart.labels.length > MAX_POINTS;
  const numeric = table ? table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'number') : [];

  useCommands(
    active
      ? [
          { id: 'data:open', section: 'Market analysis', title: 'Choose a data file to chart…', keywords: 'csv json open', run: () => picker.current?.focus() },
          { id: 'data:refresh', section: 'Market analysis', title: 'Refresh the list of data files', run: () => list() },
          ...(table
            ? [
                { id: 'data:line', section: 'Market analysis', title: 'Show as a line chart', run: () => (setType('line'), setShow('chart')) },
                { id: 'data:bar', section: 'Market analysis', title: 'Show as a bar chart', run: () => (setType('bar'), setShow('chart')) },
                { id: 'data:table', section: 'Market analysis', title: 'Show the data as a table', run: () => setShow('table') },
              ]
            : []),
        ]
      : [],
    [active, table, list],
  );

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="data-view">
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-800 px-3 py-2">
        <div className="min-w-0 flex-1 basis-64">
          <label className="label" htmlFor={`${id}-file`}>
            Data file (CSV or JSON)
          </label>
          <select id={`${id}-file`} ref={picker} className="field" value={path} onChange={(e) => void open(e.target.value)} data-testid="data-file">
            <option value="">{files === null ? 'Loading…' : files.length === 0 ? 'No CSV or JSON file in the project' : 'Choose a file…'}</option>
            {(files ?? []).map((f) => (
              <option key={f.path} value={f.path}>
                {f.path.slice(ROOT.length + 1)} ({bytes(f.size)})
              </option>
            ))}
          </select>
        </div>
        <button className="btn btn-sm" onClick={() => void list()}>
          Refresh
        </button>
        {path && (
          <button className="btn btn-sm" onClick={() => void open(path)} disabled={loading}>
            Reload file
          </button>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-3">
        {listError && (
          <p role="alert" className="mb-2 text-sm text-rose-200">
            {listError}
          </p>
        )}
        {loading && (
          <p role="status" className="text-sm text-slate-300">
            Reading {path}…
          </p>
        )}
        {!loaded && !loading && (
          <div className="max-w-prose text-sm text-slate-300">
            <p>Choose a CSV or JSON file of the project to chart it. CSV files need a header line; quoted fields may hold commas and line breaks. JSON files hold an array of objects, such as:</p>
            <pre className="mt-2 rounded bg-slate-900 p-2 font-mono text-xs text-slate-200">{'[{"year": 2024, "revenue": 1.2}, {"year": 2025, "revenue": 3.4}]'}</pre>
          </div>
        )}
        {loaded && 'error' in loaded && !loading && (
          <div role="alert" className="rounded-md border border-rose-700 bg-rose-950 p-3 text-sm text-rose-100" data-testid="data-error">
            {loaded.error}
          </div>
        )}
        {table && !loading && (
          <>
            {table.notes.length > 0 && (
              <ul className="mb-2 list-disc pl-5 text-xs text-amber-100">
                {table.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            <p className="mb-2 text-xs text-slate-300">
              {table.rows.length} rows · {table.columns.length} columns ({table.columns.map((c) => `${c.name}: ${c.type}`).join(', ')})
            </p>
            <div className="mb-3 flex flex-wrap items-end gap-3">
              <div>
                <label className="label" htmlFor={`${id}-x`}>
                  X axis
                </label>
                <select id={`${id}-x`} className="field py-1" value={x} onChange={(e) => setX(Number(e.target.value))} data-testid="data-x">
                  {table.columns.map((c, i) => (
                    <option key={i} value={i}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="min-w-0">
                <legend className="label">Values (Y)</legend>
                {numeric.length === 0 ? (
                  <p className="text-xs text-amber-100">No column holds numbers only: count rows per X instead.</p>
                ) : (
                  <div className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
                    {numeric.map(({ c, i }) => (
                      <label key={i} className="inline-flex items-center gap-1.5">
                        <input type="checkbox" checked={ys.includes(i)} onChange={(e) => setYs((v) => (e.target.checked ? [...v, i].sort((a, b) => a - b) : v.filter((k) => k !== i)))} />
                        {c.name}
                      </label>
                    ))}
                  </div>
                )}
              </fieldset>
              <div>
                <label className="label" htmlFor={`${id}-agg`}>
                  Rows with the same X
                </label>
                <select
                  id={`${id}-agg`}
                  className="field py-1"
                  value={aggregate}
                  onChange={(e) => setAggregate(e.target.value as Aggregate)}
                >
                  <option value="none">Keep each row</option>
                  <option value="sum">Sum</option>
                  <option value="mean">Average</option>
                  <option value="count">Count rows</option>
                </select>
              </div>
              <label className="inline-flex items-center gap-1.5 pb-1.5 text-sm">
                <input type="checkbox" checked={sort} onChange={(e) => setSort(e.target.checked)} />
                Sort by X
              </label>
              <div role="group" aria-label="Chart type" className="flex gap-1 pb-0.5">
                {(['line', 'bar'] as const).map((t) => (
                  <button key={t} className={`btn btn-sm ${type === t && show === 'chart' ? 'btn-primary' : ''}`} aria-pressed={type === t && show === 'chart'} onClick={() => (setType(t), setShow('chart'))}>
                    {t === 'line' ? 'Line' : 'Bar'}
                  </button>
                ))}
                <button className={`btn btn-sm ${show === 'table' ? 'btn-primary' : ''}`} aria-pressed={show === 'table'} onClick={() => setShow('table')} data-testid="data-show-table">
                  Table
                </button>
              </div>
            </div>
            {show === 'chart' &&
              (chart === null ? (
                <p className="text-sm text-slate-300">Choose at least one column of values.</p>
              ) : tooMany ? (
                <p className="text-sm text-amber-100">
                  {chart.labels.length} points are too many to draw: combine the rows with the same X (sum, average or count), or look at the table.
                </p>
              ) : (
                <Chart data={chart} type={type} title={`${loaded!.path.split('/').pop()}: ${chart.series.map((s) => s.name).join(', ')} by ${table.columns[x]?.name}`} testId="data-chart" />
              ))}
            {show === 'table' && <DataGrid table={table} />}
          </>
        )}
      </div>
    </div>
  );
}

function DataGrid({ table }: { table: DataTable }) {
  const rows = table.rows.slice(0, MAX_TABLE_ROWS);
  return (
    <div className="overflow-auto rounded border border-slate-700" data-testid="data-table">
      <table className="min-w-full border-collapse text-left text-xs">
        <caption className="sr-only">The rows of the file</caption>
        <thead className="sticky top-0 bg-slate-900">
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={`border-b border-slate-700 px-2 py-1 font-semibold ${c.type === 'number' ? 'text-right' : ''}`}>
                {c.name} <span className="font-normal text-slate-400">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={ri} className="odd:bg-slate-900/50">
              {r.map((v, ci) => (
                <td key={ci} className={`max-w-xs truncate border-b border-slate-800 px-2 py-0.5 ${typeof v === 'number' ? 'text-right tabular-nums' : ''}`} title={v === null ? '' : String(v)}>
                  {v === null ? <span className="text-slate-400">—</span> : String(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length > rows.length && <p className="p-2 text-xs text-slate-300">The first {rows.length} of {table.rows.length} rows.</p>}
    </div>
  );
}
