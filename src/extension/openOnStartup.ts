// `threadline.openOnStartup`: workspace globs of log files to open when the window starts, so a prepared
// workspace (the demo's, a team's) shows its logs at once. Nothing is opened when the setting is empty.

import * as vscode from 'vscode';
import { showThreadline } from './commands/showThreadline';
import type { SessionHost } from './sessionHost';

export async function openOnStartup(host: SessionHost, patterns: readonly string[]): Promise<void> {
  if (patterns.length === 0 || !vscode.workspace.workspaceFolders?.length) return;
  const found = new Map<string, vscode.Uri>();
  for (const p of patterns) for (const uri of await vscode.workspace.findFiles(p)) found.set(uri.toString(), uri);
  if (found.size === 0) {
    const which = patterns.join(', ');
    void vscode.window.showWarningMessage(`Threadline: threadline.openOnStartup matches no file (${which}).`);
    return;
  }
  await showThreadline();
  await host.openFiles([...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath)));
}
