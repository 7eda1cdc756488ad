// threadline.exportGroup: every record of a group (or span) as NDJSON, one record's fields per line, with
// progress and cancel.

import * as vscode from 'vscode';
import { toJson } from '../detail/recordJson';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { groupTargetOf } from './targets';

const PAGE = 1000;

export const exportGroupCommand: ThreadlineCommand = {
  id: CommandId.ExportGroup,
  async run(s, arg?: unknown, target?: unknown) {
    const t = groupTargetOf(s, arg);
    if (!t) {
      void vscode.window.showInformationMessage('Threadline: select a group first.');
      return undefined;
    }
    const key =
      t.groupId
        .slice(t.groupId.indexOf(':') + 1)
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 60) || 'group';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target instanceof vscode.Uri
        ? target
        : await vscode.window.showSaveDialog({
            title: 'Export group as NDJSON',
            defaultUri: folder ? vscode.Uri.joinPath(folder, `${key}.ndjson`) : undefined,
            filters: { NDJSON: ['ndjson', 'jsonl'] },
          });
    if (!uri) return undefined;
    const session = s.host.session;
    // The tree's group and filter: the export holds what the tree shows.
    const query = {
      scope: { group: s.host.ref(t.groupId), ...(t.spanId ? { spanId: t.spanId } : {}) },
      filter: s.host.filter,
    };
    const total = session.queryIds(query, { limit: 0 }).total;
    const written = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Threadline: exporting ${total.toLocaleString('en-US')} records`,
        cancellable: true,
      },
      async (progress, token) => {
        const lines: string[] = [];
        for (let offset = 0; offset < total; offset += PAGE) {
          if (token.isCancellationRequested) return null;
          const page = session.queryIds(query, { offset, limit: PAGE }).ids;
          for (const id of page) lines.push(toJson((await session.record(id)).fields));
          progress.report({ increment: (page.length / Math.max(total, 1)) * 100 });
        }
        await vscode.workspace.fs.writeFile(
          uri,
          new TextEncoder().encode(lines.length > 0 ? `${lines.join('\n')}\n` : ''),
        );
        return lines.length;
      },
    );
    if (written === null) return undefined;
    void vscode.window.showInformationMessage(
      `Threadline: exported ${written.toLocaleString('en-US')} records to ${vscode.workspace.asRelativePath(uri)}.`,
    );
    return { uri, records: written };
  },
};
