// The other direction of "Go to Source": in a file that emitted records of the session, a quiet CodeLens
// above each line that logged (count, levels, last message) and a hover listing the latest records.
// Candidates come from the session by file name; each is kept only if the resolver maps its location to
// this very file, so two `Main.java` in different folders do not borrow each other's records.

import * as vscode from 'vscode';
import type { Level } from '../../core/model';
import type { RecordSummary } from '../../core/session/api';
import type { ConfigStore } from '../config';
import type { SessionHost } from '../sessionHost';
import { CommandId } from '../commands/commandIds';
import { formatClockNs, levelLabel, noIcons, oneLine, plural } from '../tree/format';
import type { SourceNavigator } from '../navigation/sourceNavigator';

const HOVER_RECORDS = 8;
const WORSE_FIRST: Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export class SourceHints implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Per document version and session change: lines → records. */
  private cache = new Map<string, Promise<Map<number, RecordSummary[]>>>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly navigator: SourceNavigator,
    private readonly config: ConfigStore,
  ) {
    const selector: vscode.DocumentSelector = { scheme: 'file' };
    this.disposables.push(
      this.changed,
      vscode.languages.registerCodeLensProvider(selector, this),
      vscode.languages.registerHoverProvider(selector, this),
      host.onDidChange(() => this.scheduleRefresh()),
      config.onDidChange(({ previous, current }) => {
        if (
          previous.inlineHints !== current.inlineHints ||
          JSON.stringify(previous.pathMappings) !== JSON.stringify(current.pathMappings)
        )
          this.refresh();
      }),
    );
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, 500);
  }

  private refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  /** Records of this session that were logged from `doc`, by 1-based line. */
  recordsByLine(doc: vscode.TextDocument): Promise<Map<number, RecordSummary[]>> {
    const key = `${doc.uri.toString()}@${doc.version}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.compute(doc);
      this.cache.set(key, found);
    }
    return found;
  }

  private async compute(doc: vscode.TextDocument): Promise<Map<number, RecordSummary[]>> {
    const out = new Map<number, RecordSummary[]>();
    if (!this.host.hasRecords()) return out;
    const name = doc.uri.fsPath.split(/[\\/]/).pop() ?? '';
    if (!name) return out;
    const byLine = this.host.session.recordsAtSource(name);
    if (byLine.size === 0) return out;
    const resolver = await this.navigator.currentResolver();
    const verdict = new Map<string, boolean>();
    for (const [line, records] of byLine) {
      const mine = records.filter((r) => {
        if (!r.source) return false;
        const k = r.source.file;
        let ok = verdict.get(k);
        if (ok === undefined) {
          ok = resolver.resolve(r.source)[0]?.path === doc.uri.fsPath;
          verdict.set(k, ok);
        }
        return ok;
      });
      if (mine.length > 0 && line >= 1 && line <= doc.lineCount) out.set(line, mine);
    }
    return out;
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.config.current.inlineHints) return [];
    const byLine = await this.recordsByLine(doc);
    const lenses: vscode.CodeLens[] = [];
    for (const [line, records] of byLine) {
      const range = doc.lineAt(line - 1).range;
      lenses.push(
        new vscode.CodeLens(range, {
          title: lensTitle(records),
          command: CommandId.ShowRecordsAtLine,
          arguments: [doc.uri, line],
          tooltip: 'Show these records in Threadline',
        }),
      );
    }
    return lenses;
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.config.current.inlineHints) return undefined;
    const records = (await this.recordsByLine(doc)).get(pos.line + 1);
    if (!records || records.length === 0) return undefined;
    const latest = [...records].sort((a, b) => compareTime(b, a)).slice(0, HOVER_RECORDS);
    const md = new vscode.MarkdownString(undefined, true);
    // only our own command may run from this hover; record text is escaped by appendText
    md.isTrusted = { enabledCommands: [CommandId.ShowRecord] };
    md.appendMarkdown(`**Threadline** · ${plural(records.length, 'record')} logged here\n\n`);
    for (const r of latest) {
      const args = encodeURIComponent(JSON.stringify([r.id]));
      md.appendMarkdown(
        `- [$(go-to-file)](command:${CommandId.ShowRecord}?${args} "Show record") ` +
          `\`${levelLabel(r.level)}\` ${formatClockNs(r.timeNs)} `,
      );
      md.appendText(oneLine(r.message, 120));
      md.appendMarkdown('\n');
    }
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Oldest first; records without a time sort before the rest, ties by read order. */
export function compareTime(a: RecordSummary, b: RecordSummary): number {
  if (a.timeNs === b.timeNs) return a.id - b.id;
  if (a.timeNs === null) return -1;
  if (b.timeNs === null) return 1;
  return a.timeNs < b.timeNs ? -1 : 1;
}

export function lensTitle(records: readonly RecordSummary[]): string {
  const counts = new Map<Level, number>();
  for (const r of records) if (r.level) counts.set(r.level, (counts.get(r.level) ?? 0) + 1);
  const levels = WORSE_FIRST.filter((l) => counts.has(l))
    .map((l) => `${counts.get(l)} ${l}`)
    .join(', ');
  const last = [...records].sort(compareTime).at(-1)!;
  return noIcons(
    `${plural(records.length, 'record')}${levels ? ` (${levels})` : ''} · last: ${oneLine(last.message, 60)}`,
  );
}
