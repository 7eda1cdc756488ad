// The workspace's file list for source resolution: listed once with findFiles, then kept current by a
// FileSystemWatcher (created/deleted files drop the cache; edits do not change the list).

import * as vscode from 'vscode';
import type { ConfigStore } from '../config';

/** Enough for large monorepos; beyond it resolution still works on the files listed. */
const MAX_FILES = 200_000;

export class WorkspaceFiles implements vscode.Disposable {
  private cache: Promise<string[]> | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped whenever the list may have changed, so resolvers built on an older list are rebuilt. */
  version = 0;

  constructor(private readonly config: ConfigStore) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const invalidate = () => {
      this.cache = null;
      this.version++;
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      config.onDidChange(({ previous, current }) => {
        if (previous.sourceExclude !== current.sourceExclude) invalidate();
      }),
    );
  }

  /** Absolute paths of the workspace's files. */
  list(): Promise<string[]> {
    const listed =
      this.cache ??
      Promise.resolve(
        vscode.workspace.findFiles('**/*', this.config.current.sourceExclude || undefined, MAX_FILES),
      ).then((uris) =>
        uris
          .filter((u) => u.scheme === 'file')
          .map((u) => u.fsPath)
          .sort(),
      );
    this.cache = listed;
    return listed;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
