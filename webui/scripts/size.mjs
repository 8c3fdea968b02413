#!/usr/bin/env node
// Prints the gzip size of every file of dist/ and checks the budget: the JavaScript a first visit
// loads (the entry script of index.html and what it preloads) stays within 250 KB gzip; the
// editor, the terminal and the chat come later, by dynamic import.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);

const rows = readdirSync(join(dist, 'assets'))
  .map((name) => {
    const data = readFileSync(join(dist, 'assets', name));
    return { name: `assets/${name}`, raw: data.length, gz: gzipSync(data, { level: 9 }).length };
  })
  .sort((a, b) => Number(initial.has(b.name)) - Number(initial.has(a.name)) || b.gz - a.gz);

console.log(`${'file'.padEnd(44)}${'size'.padStart(10)}${'gzip'.padStart(10)}  loaded`);
for (const r of rows) console.log(`${r.name.padEnd(44)}${kb(r.raw)}${kb(r.gz)}  ${initial.has(r.name) ? 'at start' : 'lazily'}`);
const js = rows.filter((r) => initial.has(r.name) && r.name.endsWith('.js')).reduce((n, r) => n + r.gz, 0);
const css = rows.filter((r) => initial.has(r.name) && r.name.endsWith('.css')).reduce((n, r) => n + r.gz, 0);
const lazy = rows.filter((r) => !initial.has(r.name)).reduce((n, r) => n + r.gz, 0);
console.log(`\ninitial JavaScript ${kb(js).trim()} gzip (budget ${BUDGET / 1024} KB), initial CSS ${kb(css).trim()}, lazy chunks ${kb(lazy).trim()}`);
if (js > BUDGET) {
  console.error(`The initial JavaScript is over budget by ${kb(js - BUDGET).trim()}: load more of it with import().`);
  process.exit(1);
}
