// Tabular data of the project's files for the market-analysis view: CSV (RFC 4180 quoting, the
// delimiter found from the header line) and JSON (an array of objects, an array of rows with a
// header row, or an object holding one such array), with a type per column and the series a chart
// draws. Malformed files raise a DataError that says where and what.

export type Cell = string | number | boolean | null;
export type ColumnType = 'number' | 'date' | 'boolean' | 'text';

export interface Column {
  name: string;
  type: ColumnType;
}

export interface DataTable {
  columns: Column[];
  rows: Cell[][];
  /** What the parser noticed but accepted (renamed columns, the array it took from an object). */
  notes: string[];
}

export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

const delimiterName = (d: string) => (d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'bar' : JSON.stringify(d));

/** The delimiter of a CSV text: the candidate found most often outside quotes in its first line. */
export function detectDelimiter(text: string): string {
  let best = ',';
  let bestCount = 0;
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * The records of a CSV text, each with the line it starts on. Fields may be quoted with double
 * quotes (a doubled quote inside stands for one; delimiters and line breaks inside are data);
 * lines may end in LF, CRLF or CR; blank lines are skipped.
 */
export function parseCsv(input: string, delimiter = detectDelimiter(input)): { fields: string[]; line: number }[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false; // the current field was quoted (so it counts even when empty)
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !quotedField;
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    quotedField = false;
  };

  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && !quotedField) {
      // a quoted field
      const startLine = line;
      quotedField = true;
      i++;
      for (;;) {
        if (i >= n) throw new DataError(`Line ${startLine}: a quoted field starts here but its closing quote is missing.`);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\r' || q === '\n') {
          line++;
          if (q === '\r' && text[i + 1] === '\n') {
            field += '\r\n';
            i += 2;
            continue;
          }
        }
        field += q;
        i++;
      }
      // after the closing quote: spaces, then a delimiter, a line break or the end
      while (i < n && (text[i] === ' ' || (text[i] === '\t' && delimiter !== '\t'))) i++;
      if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        throw new DataError(`Line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a quoted field is written "").`);
      }
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** A number written the way spreadsheets export them ("1,234.5", "12%", "$3.50", "-4e3"), else null. */
export function parseNumber(value: string): number | null {
  let s = value.trim();
  if (!s) return null;
  let sign = '';
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0];
    s = s.slice(1).trim();
  }
  s = s.replace(/^[$€£¥]\s?/, '').replace(/\s?%$/, '');
  const t = sign + s;
  if (NUMBER.test(t)) return Number(t);
  if (GROUPED.test(t)) return Number(t.replace(/,/g, ''));
  return null;
}

const DATE = /^\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds of an ISO date ("2026", "2026-03", "2026-03-01", with a time), else null. */
export function parseDate(value: string): number | null {
  const s = value.trim();
  if (/^\d{4}$/.test(s)) return Date.UTC(Number(s), 0, 1);
  if (!DATE.test(s)) return null;
  const t = Date.parse(s.length === 7 ? `${s}-01` : s.replace(' ', 'T'));
  return Number.isFinite(t) ? t : null;
}

/** The type every non-empty value of a column fits (text when any does not). */
export function inferType(values: Cell[]): ColumnType {
  let seen = 0;
  let numbers = 0;
  let dates = 0;
  let booleans = 0;
  for (const v of values) {
    if (v === null || v === '') continue;
    seen++;
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'boolean') booleans++;
    else {
      const s = String(v);
      if (/^(true|false)$/i.test(s.trim())) booleans++;
      // four-digit years count as dates; other numbers as numbers
      if (parseDate(s) !== null && !/^\d{4}$/.test(s.trim())) dates++;
      else if (parseNumber(s) !== null) numbers++;
    }
  }
  if (seen === 0) return 'text';
  if (numbers === seen) return 'number';
  if (dates === seen) return 'date';
  if (booleans === seen) return 'boolean';
  return 'text';
}

/** Column names: blanks named after their position, repeats numbered. */
function columnNames(raw: string[], notes: string[]): string[] {
  const used = new Map<string, number>();
  return raw.map((r, i) => {
    let name = r.trim();
    if (!name) {
      name = `column ${i + 1}`;
      notes.push(`Column ${i + 1} has no name: it is called “${name}”.`);
    }
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    if (n > 0) {
      const renamed = `${name} (${n + 1})`;
      notes.push(`The column name “${name}” appears more than once: the repeat is called “${renamed}”.`);
      return renamed;
    }
    return name;
  });
}

/** Typed rows: numbers in number columns, booleans in boolean ones, null for empty cells. */
function typed(names: string[], rows: Cell[][], notes: string[]): DataTable {
  const columns: Column[] = names.map((name, c) => ({ name, type: inferType(rows.map((r) => r[c] ?? null)) }));
  const out = rows.map((r) =>
    columns.map((col, c) => {
      const v = r[c] ?? null;
      if (v === null || v === '') return null;
      if (col.type === 'number') return typeof v === 'number' ? v : parseNumber(String(v));
      if (col.type === 'boolean') return typeof v === 'boolean' ? v : /^true$/i.test(String(v).trim());
      return typeof v === 'string' ? v : String(v);
    }),
  );
  return { columns, rows: out, notes };
}

/** A CSV text as a table: the first record names the columns; every record must have as many fields. */
export function csvTable(text: string, delimiter?: string): DataTable {
  if (!text.trim()) throw new DataError('The file is empty.');
  const d = delimiter ?? detectDelimiter(text);
  const records = parseCsv(text, d);
  if (records.length === 0) throw new DataError('The file is empty.');
  const [header, ...body] = records;
  if (body.length === 0) throw new DataError('The file has a header line but no rows.');
  const notes: string[] = [];
  const width = header.fields.length;
  if (width < 2 && d === ',' && !text.includes(',')) notes.push('No delimiter found in the header line: the file has one column.');
  for (const r of body) {
    if (r.fields.length !== width) {
      throw new DataError(
        `Line ${r.line} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'} but the header (line ${header.line}) has ${width} (delimiter: ${delimiterName(d)}). ` +
          'A field that contains the delimiter or a line break must be in double quotes.',
      );
    }
  }
  return typed(columnNames(header.fields, notes), body.map((r) => r.fields), notes);
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : (v as Cell));

/** A JSON text as a table: an array of objects (or of rows under a header row), or an object holding one. */
export function jsonTable(text: string): DataTable {
  if (!text.trim()) throw new DataError('The file is empty.');
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new DataError(`This is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const notes: string[] = [];
  if (isObject(data)) {
    const arrays = Object.entries(data).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isObject));
    const preferred = arrays.find(([k]) => ['data', 'items', 'rows', 'records', 'results'].includes(k)) ?? (arrays.length === 1 ? arrays[0] : undefined);
    if (preferred) {
      notes.push(`The rows are the array “${preferred[0]}” of the object.`);
      data = preferred[1];
    } else if (Object.keys(data).length > 0 && Object.values(data).every((v) => typeof v === 'number')) {
      notes.push('The object’s keys and numbers are the rows.');
      return typed(['key', 'value'], Object.entries(data).map(([k, v]) => [k, v as number]), notes);
    } else {
      throw new DataError(
        arrays.length > 1
          ? `The object holds several arrays of objects (${arrays.map(([k]) => k).join(', ')}): keep one of them in the file.`
          : 'Expected an array of objects (or an object holding one), such as [{"year": 2025, "revenue": 10}].',
      );
    }
  }
  if (!Array.isArray(data)) throw new DataError(`Expected an array of objects, but the file holds a ${kind(data)}.`);
  if (data.length === 0) throw new DataError('The array is empty: there are no rows.');

  if (isObject(data[0])) {
    const names: string[] = [];
    const seen = new Set<string>();
    data.forEach((item, i) => {
      if (!isObject(item)) throw new DataError(`Item ${i + 1} of the array is ${kind(item) === 'array' ? 'an' : 'a'} ${kind(item)}, but the first is an object: every item must be an object.`);
      for (const k of Object.keys(item)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    });
    const rows = (data as Record<string, unknown>[]).map((item) => names.map((k) => cell(item[k])));
    return typed(names, rows, notes);
  }
  if (Array.isArray(data[0])) {
    const rows = data as unknown[];
    rows.forEach((r, i) => {
      if (!Array.isArray(r)) throw new DataError(`Item ${i + 1} of the array is a ${kind(r)}, but the first is an array: every row must be an array.`);
    });
    const first = rows[0] as unknown[];
    const hasHeader = first.every((v) => typeof v === 'string') && rows.length > 1;
    const width = Math.max(...rows.map((r) => (r as unknown[]).length));
    const names = hasHeader ? columnNames([...(first as string[]), ...Array(width - first.length).fill('')], notes) : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
    if (!hasHeader) notes.push('The first row is not a header of names: the columns are numbered.');
    return typed(names, (hasHeader ? rows.slice(1) : rows).map((r) => names.map((_, c) => cell((r as unknown[])[c]))), notes);
  }
  const bad = data.findIndex((v) => isObject(v) || Array.isArray(v));
  if (bad >= 0) throw new DataError(`Item ${bad + 1} of the array is ${kind(data[bad])}, but the first is a ${kind(data[0])}: the items must be alike.`);
  notes.push('The array holds plain values: they are one column.');
  return typed(['value'], data.map((v) => [cell(v)]), notes);
}

/** A table from a file's name and text (.json is JSON, .tsv tab-separated, anything else CSV). */
export function parseDataFile(path: string, text: string): DataTable {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return jsonTable(text);
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return csvTable(text, '\t');
  return csvTable(text);
}

/** Whether a workspace file can be charted here. */
export function isDataFile(path: string): boolean {
  return /\.(csv|tsv|tab|json)$/i.test(path) && !/(^|\/)(node_modules|\.git|\.venv|target|dist|build)\//.test(path) && !/(^|\/)(package(-lock)?|tsconfig[^/]*|composer)\.json$/i.test(path);
}

// ---- what a chart draws --------------------------------------------------------------------------

export type Aggregate = 'none' | 'sum' | 'mean' | 'count';

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartData {
  labels: string[];
  series: Series[];
}

function label(v: Cell): string {
  if (v === null) return '(empty)';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)));
  return String(v);
}

/**
 * The series to chart: the values of the {@code y} columns against the {@code x} column. With an
 * aggregate, rows with the same x become one point (their sum, mean or count, in the order the x
 * values first appear); with {@code sort} the points go by x (numbers and dates by value).
 */
export function chartData(table: DataTable, x: number, columns: number[], aggregate: Aggregate = 'none', sort = false): ChartData {
  // counting rows makes one series, whatever the columns
  const ys = aggregate === 'count' ? [columns[0] ?? x] : columns;
  const xType = table.columns[x]?.type ?? 'text';
  let points: { x: Cell; values: (number | null)[] }[];
  const num = (v: Cell): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  if (aggregate === 'none') {
    points = table.rows.map((r) => ({ x: r[x] ?? null, values: ys.map((y) => num(r[y] ?? null)) }));
  } else {
    const groups = new Map<string, { x: Cell; sums: number[]; counts: number[]; rows: number }>();
    for (const r of table.rows) {
      const key = label(r[x] ?? null);
      let g = groups.get(key);
      if (!g) {
        g = { x: r[x] ?? null, sums: ys.map(() => 0), counts: ys.map(() => 0), rows: 0 };
        groups.set(key, g);
      }
      g.rows++;
      ys.forEach((y, i) => {
        const v = num(r[y] ?? null);
        if (v !== null) {
          g!.sums[i] += v;
          g!.counts[i]++;
        }
      });
    }
    points = [...groups.values()].map((g) => ({
      x: g.x,
      values: ys.map((_, i) => (aggregate === 'count' ? g.rows : g.counts[i] === 0 ? null : aggregate === 'sum' ? g.sums[i] : g.sums[i] / g.counts[i])),
    }));
  }
  if (sort) {
    const key = (v: Cell): number | string => {
      if (v === null) return Number.POSITIVE_INFINITY;
      if (xType === 'number' && typeof v === 'number') return v;
      if (xType === 'date') return parseDate(String(v)) ?? Number.POSITIVE_INFINITY;
      return String(v);
    };
    points = points
      .map((p, i) => ({ p, i, k: key(p.x) }))
      .sort((a, b) => (typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k), undefined, { numeric: true })) || a.i - b.i)
      .map((e) => e.p);
  }
  return {
    labels: points.map((p) => label(p.x)),
    series: ys.map((y, i) => ({ name: aggregate === 'count' ? 'rows' : table.columns[y]?.name ?? `column ${y + 1}`, values: points.map((p) => p.values[i]) })),
  };
}

/** "Nice" axis ticks covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    const pad = Math.abs(min) / 10 || 1;
    min -= pad / 2;
    max += pad / 2;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A short number for axes and labels: 1.2k, 3.4M, 0.25. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${Number((v / 1e9).toPrecision(3))}B`;
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}
