// threadline.showRecordsAtLine: from a CodeLens in a source file to the latest record logged at that line.

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { compareTime } from '../hints/sourceHints';

export const showRecordsAtLineCommand: ThreadlineCommand = {
  id: CommandId.ShowRecordsAtLine,
  async run(s, uri?: unknown, line?: unknown) {
    if (!(uri instanceof vscode.Uri) || typeof line !== 'number') return undefined;
    const doc = await vscode.workspace.openTextDocument(uri);
    const records = (await s.hints.recordsByLine(doc)).get(line) ?? [];
    const latest = [...records].sort(compareTime).at(-1);
    if (!latest) return undefined;
    const groupId = await s.groupIdOfRecord(latest);
    if (groupId) await s.revealInTree(groupId, latest.spanId, latest.id);
    await s.recordDocuments.open(latest.id, { preserveFocus: false });
    return latest.id;
  },
};
