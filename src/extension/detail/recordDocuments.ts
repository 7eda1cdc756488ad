// Records shown in full as read-only virtual documents (`threadline-record:`), so the editor's own search,
// folding, copy and themes work on them. The content is produced on demand from the session.

import * as vscode from 'vscode';
import type { SessionHost } from '../sessionHost';
import { recordDetail, toJson } from './recordJson';

export const RECORD_SCHEME = 'threadline-record';

export class RecordDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly host: SessionHost) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, this);
  }

  static uri(recordId: number): vscode.Uri {
    return vscode.Uri.from({ scheme: RECORD_SCHEME, path: `/record-${recordId}.json`, query: String(recordId) });
  }

  static recordIdOf(uri: vscode.Uri): number | null {
    if (uri.scheme !== RECORD_SCHEME) return null;
    const id = Number(uri.query);
    return Number.isInteger(id) && id >= 0 ? id : null;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = RecordDocuments.recordIdOf(uri);
    if (id === null) return '// not a Threadline record';
    try {
      const record = await this.host.session.record(id);
      return `${toJson(recordDetail(record), 2)}\n`;
    } catch (err) {
      return `// Record ${id} is no longer available: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  async open(recordId: number, opts: { preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(RecordDocuments.uri(recordId));
    const json = doc.languageId === 'json' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(json, {
      preview: true,
      preserveFocus: opts.preserveFocus ?? true,
      viewColumn: vscode.ViewColumn.Active,
    });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
