import type { WorkspaceEntry } from '../../api/types';

export interface TreeNode {
  name: string;
  /** Relative to the workspace root (/home/dev). */
  path: string;
  directory: boolean;
  size: number;
  children: TreeNode[];
}

/** The tree below {@code root} of a recursive listing; folders first, then by name. */
export function buildTree(root: string, entries: WorkspaceEntry[]): TreeNode {
  const top: TreeNode = { name: root.split('/').pop() || root, path: root, directory: true, size: 0, children: [] };
  const folders = new Map<string, TreeNode>([[root, top]]);
  const folder = (path: string): TreeNode => {
    const existing = folders.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf('/');
    const parent = folder(slash < 0 ? root : path.slice(0, slash));
    const node: TreeNode = { name: path.slice(slash + 1), path, directory: true, size: 0, children: [] };
    parent.children.push(node);
    folders.set(path, node);
    return node;
  };
  for (const e of entries) {
    if (!e.path || e.path === root || !e.path.startsWith(`${root}/`)) continue;
    if (e.directory) {
      folder(e.path);
      continue;
    }
    const slash = e.path.lastIndexOf('/');
    folder(e.path.slice(0, slash)).children.push({ name: e.path.slice(slash + 1), path: e.path, directory: false, size: e.size, children: [] });
  }
  const sort = (n: TreeNode) => {
    n.children.sort((a, b) => (a.directory === b.directory ? a.name.localeCompare(b.name) : a.directory ? -1 : 1));
    n.children.forEach(sort);
  };
  sort(top);
  return top;
}

/** The nodes a person sees: the children of expanded folders, depth first. */
export function visibleNodes(root: TreeNode, expanded: Set<string>): { node: TreeNode; depth: number }[] {
  const out: { node: TreeNode; depth: number }[] = [];
  const walk = (n: TreeNode, depth: number) => {
    for (const c of n.children) {
      out.push({ node: c, depth });
      if (c.directory && expanded.has(c.path)) walk(c, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** Whether bytes look like text (no NUL in the first 8 KiB). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}
