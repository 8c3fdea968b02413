import { describe, expect, it } from 'vitest';
import type { WorkspaceEntry } from '../../api/types';
import { classifyDiff } from './DiffView';
import { buildTree, looksLikeText, visibleNodes } from './fileTree';

const e = (path: string, directory = false): WorkspaceEntry => ({ path, directory, size: directory ? 0 : 10, modifiedAt: '2026-01-01T00:00:00Z' });

describe('file tree', () => {
  it('nests a recursive listing, folders first, and creates folders the listing only implies', () => {
    const tree = buildTree('project', [e('project/src', true), e('project/README.md'), e('project/src/b.py'), e('project/src/a.py'), e('project/docs/x/y.md'), e('other/z')]);
    expect(tree.children.map((c) => c.name)).toEqual(['docs', 'src', 'README.md']);
    expect(tree.children[1].children.map((c) => c.path)).toEqual(['project/src/a.py', 'project/src/b.py']);
    expect(tree.children[0].children[0]).toMatchObject({ name: 'x', directory: true });
  });

  it('shows the children of expanded folders only', () => {
    const tree = buildTree('project', [e('project/src', true), e('project/src/a.py'), e('project/top.txt')]);
    expect(visibleNodes(tree, new Set()).map((r) => r.node.name)).toEqual(['src', 'top.txt']);
    expect(visibleNodes(tree, new Set(['project/src'])).map((r) => `${r.depth}:${r.node.name}`)).toEqual(['0:src', '1:a.py', '0:top.txt']);
  });

  it('tells text from binary', () => {
    expect(looksLikeText(new TextEncoder().encode('hello'))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x89, 0x50, 0, 1]))).toBe(false);
  });
});

describe('classifyDiff', () => {
  it('marks files, hunks, additions and removals', () => {
    const kinds = classifyDiff('diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n').map((l) => l.kind);
    expect(kinds).toEqual(['file', 'meta', 'file', 'file', 'hunk', 'context', 'del', 'add']);
  });
});
