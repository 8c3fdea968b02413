import { describe, expect, it } from 'vitest';
import {
  chartData,
  csvTable,
  DataError,
  detectDelimiter,
  inferType,
  isDataFile,
  jsonTable,
  niceTicks,
  parseCsv,
  parseDataFile,
  parseNumber,
  shortNumber,
} from './table';

describe('CSV', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const text = 'name,notes,revenue\r\n"Acme, Inc.","said ""hi""\nthen left",1200\r\nGlobex,,"3,400.50"\r\n';
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ['name', 'notes', 'revenue'],
      ['Acme, Inc.', 'said "hi"\nthen left', '1200'],
      ['Globex', '', '3,400.50'],
    ]);
    const t = csvTable(text);
    expect(t.columns).toEqual([
      { name: 'name', type: 'text' },
      { name: 'notes', type: 'text' },
      { name: 'revenue', type: 'number' },
    ]);
    expect(t.rows).toEqual([
      ['Acme, Inc.', 'said "hi"\nthen left', 1200],
      ['Globex', null, 3400.5],
    ]);
  });

  it('knows on which line a record starts, skips blank lines and a byte order mark', () => {
    const records = parseCsv('\ufeffa,b\n\n"x\ny",1\n\n2,3');
    expect(records).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x\ny', '1'], line: 3 },
      { fields: ['2', '3'], line: 6 },
    ]);
    expect(parseCsv('a\rb\rc').map((r) => r.fields)).toEqual([['a'], ['b'], ['c']]);
    expect(parseCsv('"",""\n').map((r) => r.fields)).toEqual([['', '']]);
  });

  it('finds the delimiter', () => {
    expect(detectDelimiter('year;revenue;"a;b"\n1;2;3')).toBe(';');
    expect(detectDelimiter('year\trevenue\n')).toBe('\t');
    expect(detectDelimiter('"a,b,c";x\n')).toBe(';');
    expect(detectDelimiter('single\n1')).toBe(',');
    expect(csvTable('year;revenue\n2025;10\n2026;12').rows).toEqual([
      [2025, 10],
      [2026, 12],
    ]);
    expect(parseDataFile('data/x.tsv', 'a,b\tc\n1,2\t3').columns.map((c) => c.name)).toEqual(['a,b', 'c']);
  });

  it('says clearly what is wrong with a malformed file', () => {
    expect(() => csvTable('a,b\n"open,1\n2,3')).toThrow(new DataError('Line 2: a quoted field starts here but its closing quote is missing.'));
    expect(() => csvTable('a,b\n"x"y,1')).toThrow(/^Line 2: unexpected "y" after a closing quote/);
    expect(() => csvTable('a,b,c\n1,2,3\n4,5\n')).toThrow(/^Line 3 has 2 fields but the header \(line 1\) has 3 \(delimiter: comma\)/);
    expect(() => csvTable('')).toThrow('The file is empty.');
    expect(() => csvTable('a,b\n')).toThrow('The file has a header line but no rows.');
  });

  it('names blank and repeated columns', () => {
    const t = csvTable('x,,x\n1,2,3');
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'column 2', 'x (2)']);
    expect(t.notes).toHaveLength(2);
  });
});

describe('JSON', () => {
  it('reads an array of objects with the union of their keys', () => {
    const t = jsonTable('[{"year": 2024, "revenue": 10, "tags": ["a"]}, {"year": 2025, "revenue": "12.5", "region": "EU"}]');
    expect(t.columns).toEqual([
      { name: 'year', type: 'number' },
      { name: 'revenue', type: 'number' },
      { name: 'tags', type: 'text' },
      { name: 'region', type: 'text' },
    ]);
    expect(t.rows).toEqual([
      [2024, 10, '["a"]', null],
      [2025, 12.5, null, 'EU'],
    ]);
  });

  it('takes the array from an object, rows under a header row and key-number objects', () => {
    expect(jsonTable('{"meta": {}, "items": [{"a": 1}]}')).toMatchObject({ rows: [[1]], notes: ['The rows are the array “items” of the object.'] });
    expect(jsonTable('[["month", "users"], ["2026-01", 5], ["2026-02", 9]]')).toMatchObject({
      columns: [
        { name: 'month', type: 'date' },
        { name: 'users', type: 'number' },
      ],
      rows: [
        ['2026-01', 5],
        ['2026-02', 9],
      ],
    });
    expect(jsonTable('{"2024": 3, "2025": 7}').rows).toEqual([
      [2024, 3],
      [2025, 7],
    ]);
    expect(jsonTable('[1, 2, null]').rows).toEqual([[1], [2], [null]]);
  });

  it('says clearly what is wrong', () => {
    expect(() => jsonTable('{"a": 1,}')).toThrow(/^This is not valid JSON: /);
    expect(() => jsonTable('[]')).toThrow('The array is empty: there are no rows.');
    expect(() => jsonTable('"text"')).toThrow('Expected an array of objects, but the file holds a string.');
    expect(() => jsonTable('[{"a": 1}, 5]')).toThrow('Item 2 of the array is a number, but the first is an object: every item must be an object.');
    expect(() => jsonTable('{"a": [{"x": 1}], "b": [{"y": 2}]}')).toThrow(/several arrays of objects \(a, b\)/);
    expect(() => jsonTable('{"name": "x"}')).toThrow(/^Expected an array of objects \(or an object holding one\)/);
  });
});

describe('values', () => {
  it('parses numbers the way spreadsheets write them', () => {
    expect(parseNumber('1,234,567.5')).toBe(1234567.5);
    expect(parseNumber('-4e3')).toBe(-4000);
    expect(parseNumber('12%')).toBe(12);
    expect(parseNumber('$3.50')).toBe(3.5);
    expect(parseNumber('- $1,000')).toBe(-1000);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', '1,23', '12abc', 'NaN', '1.2.3', '--1']) expect(parseNumber(bad)).toBeNull();
  });

  it('infers column types', () => {
    expect(inferType(['1', '2.5', null, ''])).toBe('number');
    expect(inferType(['2026-01-01', '2026-02-01T10:00:00Z'])).toBe('date');
    expect(inferType(['2024', '2025'])).toBe('number');
    expect(inferType(['true', 'FALSE'])).toBe('boolean');
    expect(inferType(['1', 'x'])).toBe('text');
    expect(inferType([null, ''])).toBe('text');
  });

  it('lists the files it can chart', () => {
    expect(isDataFile('project/data/market.csv')).toBe(true);
    expect(isDataFile('project/x.JSON')).toBe(true);
    expect(isDataFile('project/package.json')).toBe(false);
    expect(isDataFile('project/node_modules/a/data.csv')).toBe(false);
    expect(isDataFile('project/readme.md')).toBe(false);
  });
});

describe('chart data', () => {
  const t = csvTable('region,year,revenue,units\nEU,2026,10,1\nUS,2025,20,2\nEU,2025,5,\nUS,2026,,4');

  it('draws the rows as they are', () => {
    expect(chartData(t, 1, [2, 3])).toEqual({
      labels: ['2026', '2025', '2025', '2026'],
      series: [
        { name: 'revenue', values: [10, 20, 5, null] },
        { name: 'units', values: [1, 2, null, 4] },
      ],
    });
  });

  it('combines rows with the same x and sorts by x', () => {
    expect(chartData(t, 0, [2], 'sum')).toEqual({ labels: ['EU', 'US'], series: [{ name: 'revenue', values: [15, 20] }] });
    expect(chartData(t, 1, [2, 3], 'mean', true)).toEqual({
      labels: ['2025', '2026'],
      series: [
        { name: 'revenue', values: [12.5, 10] },
        { name: 'units', values: [2, 2.5] },
      ],
    });
    expect(chartData(t, 0, [2, 3], 'count').series).toEqual([{ name: 'rows', values: [2, 2] }]);
    expect(chartData(t, 0, [], 'count').series).toEqual([{ name: 'rows', values: [2, 2] }]);
  });

  it('makes round axis ticks and short numbers', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-3, 7, 5)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(5, 5)).toEqual([4.7, 4.8, 4.9, 5, 5.1, 5.2, 5.3]);
    expect(shortNumber(1234)).toBe('1234');
    expect(shortNumber(25_000)).toBe('25k');
    expect(shortNumber(3_450_000)).toBe('3.45M');
    expect(shortNumber(0.12345)).toBe('0.1235');
  });
});
