// Pitch decks kept in the project as Markdown: slides separated by a line "---" (not inside a
// fenced code block), an optional front matter block at the top (title: …), speaker notes as HTML
// comments or after a line "Note:" (they are not shown on the slide). New decks start from the
// 11-slide framework.

export interface Slide {
  /** 0-based. */
  index: number;
  /** What the slide shows (notes removed). */
  markdown: string;
  title: string;
  notes: string;
  /** The line of the file the slide starts on (1-based). */
  line: number;
}

export interface Deck {
  title: string | null;
  meta: Record<string, string>;
  slides: Slide[];
}

export const FRAMEWORK = ['Problem', 'Solution', 'Market', 'Product', 'Business model', 'Traction', 'Competition', 'Go-to-market', 'Team', 'Financials', 'Ask'] as const;

/** Where decks live, relative to the workspace. */
export const DECK_FOLDER = 'project/decks';

const SEPARATOR = /^ {0,3}---\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const META = /^\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/;
const NOTE_START = /^\s*(?:Note|Notes)\s*:\s*(.*)$/i;

/** Front matter at the top: "---", lines "key: value", "---". */
function frontMatter(lines: string[]): { meta: Record<string, string>; end: number } | null {
  if (lines.length === 0 || !SEPARATOR.test(lines[0])) return null;
  const meta: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    if (SEPARATOR.test(lines[i])) return Object.keys(meta).length > 0 ? { meta, end: i + 1 } : null;
    if (!lines[i].trim()) continue;
    const m = META.exec(lines[i]);
    if (!m) return null;
    meta[m[1].toLowerCase()] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return null;
}

/** A slide's title: its first heading, else its first line of text. */
export function slideTitle(markdown: string): string {
  const lines = markdown.split('\n');
  const heading = lines.find((l) => /^ {0,3}#{1,6}\s+\S/.test(l));
  const text = heading ?? lines.find((l) => l.trim() && !FENCE.test(l)) ?? '';
  const clean = text
    .replace(/^ {0,3}#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/[*_`]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/** Splits a slide's lines into what it shows and its notes. */
function splitNotes(lines: string[]): { shown: string[]; notes: string[] } {
  const shown: string[] = [];
  const notes: string[] = [];
  let fence: string | null = null;
  let inComment = false;
  let noteMode = false;
  for (const line of lines) {
    if (noteMode) {
      notes.push(line);
      continue;
    }
    const f = FENCE.exec(line);
    if (fence) {
      shown.push(line);
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
      continue;
    }
    if (!inComment && f) {
      fence = f[1];
      shown.push(line);
      continue;
    }
    if (!inComment) {
      const n = NOTE_START.exec(line);
      if (n) {
        noteMode = true;
        if (n[1].trim()) notes.push(n[1]);
        continue;
      }
    }
    // take out <!-- comments -->, which may span lines
    const touched = inComment || line.includes('<!--');
    let rest = line;
    let kept = '';
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          notes.push(rest);
          rest = '';
        } else {
          notes.push(rest.slice(0, end));
          rest = rest.slice(end + 3);
          inComment = false;
        }
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          kept += rest;
          rest = '';
        } else {
          kept += rest.slice(0, start);
          rest = rest.slice(start + 4);
          inComment = true;
        }
      }
    }
    if (kept.trim() || !touched) shown.push(kept);
  }
  return { shown, notes: notes.map((n) => n.trim()).filter(Boolean) };
}

/** The slides of a deck's Markdown. */
export function parseDeck(text: string): Deck {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fm = frontMatter(lines);
  const meta = fm?.meta ?? {};
  const chunks: { lines: string[]; line: number }[] = [];
  let current: { lines: string[]; line: number } = { lines: [], line: (fm?.end ?? 0) + 1 };
  let fence: string | null = null;
  for (let i = fm?.end ?? 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1];
    } else if (SEPARATOR.test(line)) {
      chunks.push(current);
      current = { lines: [], line: i + 2 };
      continue;
    }
    current.lines.push(line);
  }
  chunks.push(current);

  const slides: Slide[] = [];
  for (const c of chunks) {
    const { shown, notes } = splitNotes(c.lines);
    const markdown = shown.join('\n').trim();
    if (!markdown && notes.length === 0) continue;
    const firstShown = c.lines.findIndex((l) => l.trim());
    slides.push({ index: slides.length, markdown, title: slideTitle(markdown) || `Slide ${slides.length + 1}`, notes: notes.join('\n'), line: c.line + Math.max(0, firstShown) });
  }
  return { title: meta.title ?? null, meta, slides };
}

/** Whether a workspace file is a deck: Markdown under project/decks, or named *.deck.md. */
export function isDeckFile(path: string): boolean {
  return (path.startsWith(`${DECK_FOLDER}/`) && /\.(md|markdown)$/i.test(path)) || /\.deck\.md$/i.test(path);
}

/** A file name from a deck's name: "Acme Seed Round!" -> "acme-seed-round". */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'deck'
  );
}

/** The path of a new deck named {@code name} that does not collide with {@code existing}. */
export function newDeckPath(name: string, existing: string[]): string {
  const base = `${DECK_FOLDER}/${slug(name)}`;
  const taken = new Set(existing.map((p) => p.toLowerCase()));
  if (!taken.has(`${base}.md`)) return `${base}.md`;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}.md`)) return `${base}-${i}.md`;
}

const GUIDE: Record<(typeof FRAMEWORK)[number], { points: string[]; note: string }> = {
  Problem: {
    points: ['Who has the problem, and how often?', 'What does it cost them today (time, money, risk)?', 'How do they cope now, and why is that not good enough?'],
    note: 'Tell the story of one real customer; end with the number that shows the pain.',
  },
  Solution: {
    points: ['What we do, in one sentence', 'Why it works now (what changed)', 'The result for the customer, in their words'],
    note: 'Show, do not list features: one before/after is enough.',
  },
  Market: {
    points: ['TAM: everybody who could buy — size and source', 'SAM: the part we can reach with this product', 'SOM: what we can win in 3–5 years'],
    note: 'Work bottom-up (customers × price) and say where the numbers come from.',
  },
  Product: {
    points: ['The core workflow in three steps', 'What is live today, what ships next', 'A screenshot or a short demo link'],
    note: 'One screen, one flow; keep the demo under a minute.',
  },
  'Business model': {
    points: ['Who pays, for what, how often', 'Price points and average contract value', 'Unit economics: gross margin, CAC, payback'],
    note: 'Name the one metric the model depends on.',
  },
  Traction: {
    points: ['Revenue or usage over time (chart)', 'Customers, pilots, letters of intent', 'Retention and growth rate'],
    note: 'Lead with the steepest honest curve; the market-analysis view can chart a CSV of it.',
  },
  Competition: {
    points: ['Who else solves this, including doing nothing', 'Where we win: the two axes that matter to buyers', 'Why it is hard to copy'],
    note: 'Be fair to competitors; investors know them.',
  },
  'Go-to-market': {
    points: ['The first customer segment and why', 'Channels: how they hear of us and buy', 'Sales cycle and the next 12 months of milestones'],
    note: 'Show the funnel numbers you already have.',
  },
  Team: {
    points: ['Founders: why this team for this problem', 'Key hires and advisers', 'Who we hire next with this round'],
    note: 'One line per person: the relevant thing they did before.',
  },
  Financials: {
    points: ['Revenue, costs and burn for the next 3 years', 'Key assumptions behind the plan', 'Runway today and after this round'],
    note: 'A small table is enough; keep the detailed model for the data room.',
  },
  Ask: {
    points: ['How much we raise, on what terms', 'What the money buys: milestones it reaches', 'How to reach us'],
    note: 'End with the milestone the round gets to, and the next step you want from the room.',
  },
};

/** A new deck following the 11-slide framework, with prompts to replace. */
export function deckTemplate(name: string): string {
  const title = name.trim() || 'Our company';
  const slides = FRAMEWORK.map((section) => {
    const g = GUIDE[section];
    return [`# ${section}`, '', ...g.points.map((p) => `- ${p}`), '', `<!-- ${g.note} -->`].join('\n');
  });
  return [`---`, `title: ${title}`, `---`, '', slides.join('\n\n---\n\n'), ''].join('\n');
}
