// Typed view of the `threadline.*` settings; mirrors `contributes.configuration` in package.json.
// Read once and re-read only when `affectsConfiguration('threadline')` says something changed.

import * as vscode from 'vscode';
import type { GroupKind } from '../core/model';

export interface ThreadlineConfig {
  /** Extra keys per normalised field: `{ "traceId": "x-trace" }` or a nested path `["ctx", "trace"]`. */
  fieldMappings: Record<string, string | string[]>;
  /** Path prefix as written in logs → workspace path (`${workspaceFolder}` expanded by the reader). */
  pathMappings: Record<string, string>;
  defaultGrouping: GroupKind;
  maxRecords: number;
  inlineHints: boolean;
  pageSize: number;
  openLogsByDefault: boolean;
  sourceExclude: string;
  /** Workspace globs of logs to open when the window starts. */
  openOnStartup: string[];
}

const GROUPINGS: readonly GroupKind[] = ['trace', 'correlation', 'thread'];

function isStringMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandWorkspaceFolder(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return p.replace(/\$\{workspaceFolder\}/g, folder);
}

export function readConfig(): ThreadlineConfig {
  const c = vscode.workspace.getConfiguration('threadline');

  const fieldMappings: Record<string, string | string[]> = {};
  const rawFields = c.get<unknown>('fieldMappings');
  if (isStringMap(rawFields)) {
    for (const [k, v] of Object.entries(rawFields)) {
      if (typeof v === 'string') fieldMappings[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) fieldMappings[k] = v as string[];
    }
  }

  const pathMappings: Record<string, string> = {};
  const rawPaths = c.get<unknown>('pathMappings');
  if (isStringMap(rawPaths)) {
    for (const [k, v] of Object.entries(rawPaths))
      if (typeof v === 'string') pathMappings[k] = expandWorkspaceFolder(v);
  }

  const grouping = c.get<string>('defaultGrouping', 'trace');
  return {
    fieldMappings,
    pathMappings,
    defaultGrouping: (GROUPINGS as readonly string[]).includes(grouping) ? (grouping as GroupKind) : 'trace',
    maxRecords: Math.max(1000, Math.floor(c.get<number>('maxRecords', 1_000_000))),
    inlineHints: c.get<boolean>('inlineHints', true),
    pageSize: Math.min(10_000, Math.max(1, Math.floor(c.get<number>('pageSize', 500)))),
    openLogsByDefault: c.get<boolean>('openLogsByDefault', false),
    sourceExclude: c.get<string>('sourceExclude', '**/{node_modules,.git,dist,out,target,build,.vscode-test}/**'),
    openOnStartup: (c.get<unknown[]>('openOnStartup', []) ?? []).filter(
      (x): x is string => typeof x === 'string' && x !== '',
    ),
  };
}

/** Holds the current settings and tells listeners which ones changed. */
export class ConfigStore implements vscode.Disposable {
  private value = readConfig();
  private readonly emitter = new vscode.EventEmitter<{ previous: ThreadlineConfig; current: ThreadlineConfig }>();
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('threadline')) return;
      const previous = this.value;
      this.value = readConfig();
      this.emitter.fire({ previous, current: this.value });
    });
  }

  get current(): ThreadlineConfig {
    return this.value;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
