// "Go to Source": a record's source location → workspace file and line, through the core resolver over the
// workspace's file list. One candidate opens; several ask; none explains why and offers the path mappings.

import * as vscode from 'vscode';
import type { SourceLocation } from '../../core/model';
import { navigableLocation } from '../../core/source/frames';
import type { ConfigStore } from '../config';
import type { SessionHost } from '../sessionHost';
import { noIcons } from '../tree/format';
import type { WorkspaceFiles } from './workspaceFiles';
import { buildResolver, type SourceCandidate, type SourceResolverLike } from './resolver';

export type GoToSourceResult =
  | { kind: 'opened'; uri: vscode.Uri; line: number | null }
  | { kind: 'cancelled' }
  | { kind: 'noSource' }
  | { kind: 'noMatch'; reason: string };

/** How long the landed-on line stays highlighted. */
const HIGHLIGHT_MS = 2500;

export class SourceNavigator implements vscode.Disposable {
  private resolver: { version: number; mappings: string; value: SourceResolverLike } | null = null;
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.rangeHighlightBorder'),
    borderWidth: '1px 0',
    borderStyle: 'solid',
  });
  private highlightTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly files: WorkspaceFiles,
    private readonly config: ConfigStore,
  ) {}

  /** The resolver over the current file list and mappings, rebuilt only when either changed. */
  async currentResolver(): Promise<SourceResolverLike> {
    const mappings = JSON.stringify(this.config.current.pathMappings);
    const version = this.files.version;
    if (this.resolver && this.resolver.version === version && this.resolver.mappings === mappings)
      return this.resolver.value;
    const list = await this.files.list();
    const value = buildResolver(
      list,
      this.config.current.pathMappings,
      vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [],
    );
    this.resolver = { version, mappings, value };
    return value;
  }

  async candidates(loc: SourceLocation): Promise<SourceCandidate[]> {
    return (await this.currentResolver()).resolve(loc);
  }

  /**
   * Opens a record's source. `pick` chooses among several candidates without asking (tests, the timeline's
   * requests): 'ask' shows a QuickPick, 'first' takes the best.
   */
  async goToRecordSource(recordId: number, pick: 'ask' | 'first' = 'ask'): Promise<GoToSourceResult> {
    const record = await this.host.session.record(recordId);
    if (!record.source) {
      void vscode.window.showInformationMessage(
        'Threadline: this record names no source location: no file/line field, caller, stack frame or ' +
          'logger name was found in it.',
      );
      return { kind: 'noSource' };
    }
    const resolver = await this.currentResolver();
    const loc = navigableLocation(record.source, record.error, (l) => resolver.resolve(l).length > 0) ?? record.source;
    return this.goToLocation(loc, pick);
  }

  async goToLocation(loc: SourceLocation, pick: 'ask' | 'first' = 'ask'): Promise<GoToSourceResult> {
    const resolver = await this.currentResolver();
    const found = resolver.resolve(loc);
    if (found.length === 0) {
      const reason = resolver.explainNoMatch(loc);
      void vscode.window
        .showWarningMessage(`Threadline could not find ${loc.file} in the workspace: ${reason}`, 'Open Settings')
        .then((choice) => {
          if (choice === 'Open Settings')
            void vscode.commands.executeCommand('workbench.action.openSettings', 'threadline.pathMappings');
        });
      return { kind: 'noMatch', reason };
    }
    let chosen: SourceCandidate | undefined = found[0];
    if (found.length > 1 && pick === 'ask') {
      const items = found.map((c) => ({
        label: noIcons(vscode.workspace.asRelativePath(c.path)),
        description: c.line !== null ? `line ${c.line}` : undefined,
        detail: c.reason ? noIcons(c.reason) : undefined,
        candidate: c,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: `Several files match ${loc.file}`,
        placeHolder: 'Choose the file that wrote this record',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      chosen = picked?.candidate;
    }
    if (!chosen) return { kind: 'cancelled' };
    const uri = vscode.Uri.file(chosen.path);
    await this.open(uri, chosen.line, chosen.column ?? null);
    return { kind: 'opened', uri, line: chosen.line };
  }

  /** Opens a file at a 1-based line and highlights the line for a moment. */
  async open(uri: vscode.Uri, line: number | null, column: number | null = null): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const lineIndex = line === null ? 0 : Math.min(Math.max(line - 1, 0), doc.lineCount - 1);
    const text = doc.lineAt(lineIndex);
    const col =
      column !== null && column > 0 ? Math.min(column - 1, text.text.length) : text.firstNonWhitespaceCharacterIndex;
    const pos = new vscode.Position(lineIndex, col);
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
    editor.revealRange(text.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (line !== null) {
      editor.setDecorations(this.highlight, [text.range]);
      if (this.highlightTimer) clearTimeout(this.highlightTimer);
      this.highlightTimer = setTimeout(() => editor.setDecorations(this.highlight, []), HIGHLIGHT_MS);
    }
    return editor;
  }

  dispose(): void {
    if (this.highlightTimer) clearTimeout(this.highlightTimer);
    this.highlight.dispose();
  }
}
