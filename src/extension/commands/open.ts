// threadline.open: pick log files in a dialog (or pass URIs) and read them into the session.

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { showThreadline } from './showThreadline';
import { asUris } from './uris';

export const LOG_EXTENSIONS = ['log', 'json', 'jsonl', 'ndjson', 'gz', 'txt'];

export const openCommand: ThreadlineCommand = {
  id: CommandId.Open,
  async run(s, arg?: unknown) {
    let uris: vscode.Uri[] | undefined = arg === undefined ? undefined : asUris(arg);
    uris ??= await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Open in Threadline',
      title: 'Open Log Files',
      filters: { 'Logs and traces': LOG_EXTENSIONS, 'All files': ['*'] },
    });
    if (!uris || uris.length === 0) return [];
    await showThreadline();
    return s.host.openFiles(uris);
  },
};
