// Helpers for the extension-host tests: the activated extension's services, the test workspace, waiting.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/nodes';

export { assert };

export async function api(): Promise<ThreadlineApi> {
  const ext = vscode.extensions.getExtension<ThreadlineApi>('threadline.threadline');
  assert.ok(ext, 'the extension under development is loaded');
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), rel);
}

export const SAMPLE_LOGS = ['logs/checkout.ndjson', 'logs/orders.log', 'logs/traces.otlp.json'];

/** Sample log lines, parsed: the tests derive what they expect from the data, not from constants. */
export function sampleLines(rel: string): Record<string, unknown>[] {
  return fs
    .readFileSync(wsUri(rel).fsPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** 1-based line of the first line of a workspace file containing `needle`. */
export function lineOf(rel: string, needle: string): number {
  const i = fs
    .readFileSync(wsUri(rel).fsPath, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${rel} contains ${needle}`);
  return i + 1;
}

/** A fresh session holding the three sample logs, grouped by trace. */
export async function openSample(): Promise<ThreadlineApi> {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('threadline.groupBy', 'trace');
  await vscode.commands.executeCommand('threadline.open', SAMPLE_LOGS.map(wsUri));
  return t;
}

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function children(t: ThreadlineApi, node?: TreeNode): TreeNode[] {
  return t.groupsTree.getChildren(node) as TreeNode[];
}

export function label(t: ThreadlineApi, node: TreeNode): string {
  const item = t.groupsTree.getTreeItem(node);
  const l = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return `${l} ${typeof item.description === 'string' ? item.description : ''}`.trim();
}

export async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('threadline').update(key, value, vscode.ConfigurationTarget.Workspace);
  // the change event reaches our ConfigStore asynchronously
  await new Promise((r) => setTimeout(r, 200));
}
