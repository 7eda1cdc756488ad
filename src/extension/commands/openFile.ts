// threadline.openFile: "Open in Threadline" from the Explorer (one or several selected files) and the
// editor title.

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { showThreadline } from './showThreadline';
import { asUris } from './uris';

export const openFileCommand: ThreadlineCommand = {
  id: CommandId.OpenFile,
  async run(s, clicked?: unknown, selection?: unknown) {
    const many = Array.isArray(selection) ? asUris(selection) : [];
    const uris = many.length > 0 ? many : asUris(clicked);
    const target = uris.length > 0 ? uris : activeUri() ? [activeUri()!] : [];
    if (target.length === 0) {
      void vscode.window.showInformationMessage(
        'Threadline: choose a log file in the Explorer or open one in an editor first.',
      );
      return [];
    }
    await showThreadline();
    return s.host.openFiles(target);
  },
};

export function activeUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}
