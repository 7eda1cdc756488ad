// threadline.openActive: read the file of the active editor (text or Threadline's own editor).

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { activeUri } from './openFile';
import { showThreadline } from './showThreadline';

export const openActiveCommand: ThreadlineCommand = {
  id: CommandId.OpenActive,
  async run(s) {
    const uri = activeUri();
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Threadline: the active editor shows no file on disk to open.');
      return [];
    }
    await showThreadline();
    return s.host.openFiles([uri]);
  },
};
