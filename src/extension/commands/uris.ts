// URIs as commands receive them: menus pass vscode.Uri, but a multi-selection can arrive as plain
// URI-shaped objects, and tests pass strings.

import * as vscode from 'vscode';

export function asUri(x: unknown): vscode.Uri | null {
  if (x instanceof vscode.Uri) return x;
  if (typeof x === 'string' && x) return x.includes('://') ? vscode.Uri.parse(x) : vscode.Uri.file(x);
  if (typeof x === 'object' && x !== null) {
    const o = x as { scheme?: unknown; path?: unknown; authority?: unknown; query?: unknown; fragment?: unknown };
    if (typeof o.scheme === 'string' && typeof o.path === 'string') {
      return vscode.Uri.from({
        scheme: o.scheme,
        path: o.path,
        authority: typeof o.authority === 'string' ? o.authority : undefined,
        query: typeof o.query === 'string' ? o.query : undefined,
        fragment: typeof o.fragment === 'string' ? o.fragment : undefined,
      });
    }
  }
  return null;
}

export function asUris(x: unknown): vscode.Uri[] {
  const list = Array.isArray(x) ? x : [x];
  return list.map(asUri).filter((u): u is vscode.Uri => u !== null);
}
