// The one session of this window and the view state around it (grouping, paging of opened files).
// Everything that shows session data listens to `onDidChange` here rather than to the session directly, so
// a regrouping or a clear refreshes the tree, status bar and hints together.

import * as vscode from 'vscode';
import type {
  GroupBy,
  GroupQuery,
  GroupRef,
  GroupSortKey,
  IndexProgress,
  SessionApi,
  SourceSummary,
} from '../core/session/api';
import { SessionSearch } from '../core/search/sessionSearch';
import type { ConfigStore } from './config';

export type ChangeReason = 'data' | 'grouping' | 'filter' | 'clear';

/** Reading that ends sooner shows no notification. */
const PROGRESS_DELAY_MS = 400;

export class SessionHost implements vscode.Disposable {
  private groupingValue: GroupBy;
  private filterValue = '';
  private sortValue: GroupSortKey = 'start';
  /** Fuzzy search over the session (the Search command). */
  readonly search: SessionSearch;
  private readonly emitter = new vscode.EventEmitter<ChangeReason>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly session: SessionApi,
    private readonly config: ConfigStore,
  ) {
    this.search = new SessionSearch(session);
    this.groupingValue = { kind: config.current.defaultGrouping };
    const unsubscribe = session.onDidChange(() => {
      this.updateContext();
      this.emitter.fire('data');
    });
    this.disposables.push({ dispose: unsubscribe }, this.emitter);
    this.disposables.push(
      config.onDidChange(({ previous, current }) => {
        // the default applies to this window too unless the user already picked another grouping here
        if (
          previous.defaultGrouping !== current.defaultGrouping &&
          'kind' in this.groupingValue &&
          this.groupingValue.kind === previous.defaultGrouping
        ) {
          this.setGrouping({ kind: current.defaultGrouping });
        }
      }),
    );
    this.updateContext();
  }

  get grouping(): GroupBy {
    return this.groupingValue;
  }

  setGrouping(by: GroupBy): void {
    this.groupingValue = by;
    this.updateContext();
    this.emitter.fire('grouping');
  }

  /** Group id prefix of the current grouping (`trace`, `thread`, `field`, …), as GroupSummary ids use it. */
  groupingKind(): string {
    return 'kind' in this.groupingValue ? this.groupingValue.kind : 'field';
  }

  /** The Groups tree's filter (the filter language); '' for none. Each view holds its own: this is the tree's. */
  get filter(): string {
    return this.filterValue;
  }

  /** Sets the tree's filter; throws the session's FilterSyntaxError, leaving the previous one, when it is invalid. */
  setFilter(text: string): void {
    const t = text.trim();
    const err = t === '' ? null : this.session.checkFilter(t);
    if (err) throw err;
    this.filterValue = t;
    this.updateContext();
    this.emitter.fire('filter');
  }

  /** How the Groups tree orders its groups (`threadline.sortGroups`); 'start' is the session's default order. */
  get sort(): GroupSortKey {
    return this.sortValue;
  }

  setSort(sort: GroupSortKey): void {
    this.sortValue = sort;
    this.updateContext();
    this.emitter.fire('grouping');
  }

  /** What the Groups tree lists: the current grouping under the tree's filter, in the tree's order. */
  groupQuery(): GroupQuery {
    return {
      by: this.groupingValue,
      ...(this.filterValue ? { filter: this.filterValue } : {}),
      ...(this.sortValue !== 'start' ? { sort: this.sortValue } : {}),
    };
  }

  /** A group of the current grouping, as a reference that means the same to any other caller. */
  ref(groupId: string): GroupRef {
    return { by: this.groupingValue, id: groupId };
  }

  clear(): void {
    this.session.clear();
    this.updateContext();
    this.emitter.fire('clear');
  }

  /** Notify listeners after the live sources or others changed the session outside `onDidChange`. */
  refresh(): void {
    this.updateContext();
    this.emitter.fire('data');
  }

  hasRecords(): boolean {
    return this.session.sources().some((s) => s.records > 0 || s.spans > 0);
  }

  /**
   * Indexes files one after another. Resolves with what was read; a cancelled or failed file is reported and
   * skipped.
   */
  async openFiles(uris: readonly vscode.Uri[]): Promise<SourceSummary[]> {
    const done: SourceSummary[] = [];
    for (const uri of uris) {
      if (uri.scheme !== 'file') {
        void vscode.window.showErrorMessage(`Threadline reads files on disk; ${uri.toString(true)} is not one.`);
        continue;
      }
      const name = uri.fsPath.split(/[\\/]/).pop() ?? uri.fsPath;
      const summary = await this.readWithProgress(uri.fsPath, name);
      if (summary?.error) {
        void vscode.window.showErrorMessage(`Threadline could not read ${name}: ${summary.error}`);
      } else if (summary) {
        done.push(summary);
        if (summary.badLines.length > 0) {
          const first = summary.badLines[0]!;
          void vscode.window.showWarningMessage(
            `Threadline: ${summary.badLines.length.toLocaleString('en-US')} line(s) of ${name} are not records ` +
              `(first: line ${first.line}: ${first.reason}). They are listed under the file in the Sources view.`,
          );
        }
      }
    }
    this.refresh();
    return done;
  }

  /**
   * One file, with a cancellable progress notification that appears only if reading takes longer than
   * PROGRESS_DELAY_MS: small files should not flash a notification. Never throws; null when it failed.
   */
  private async readWithProgress(path: string, name: string): Promise<SourceSummary | null> {
    const abort = new AbortController();
    let latest: IndexProgress | null = null;
    let report: ((p: IndexProgress) => void) | null = null;
    const reading = this.session.addFile(path, {
      signal: abort.signal,
      onProgress: (p: IndexProgress) => {
        latest = p;
        report?.(p);
        this.updateContext();
      },
    });
    const settled = reading.then(
      () => undefined,
      () => undefined,
    );
    const quick = await Promise.race([
      settled.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), PROGRESS_DELAY_MS)),
    ]);
    if (!quick) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Threadline: reading ${name}`, cancellable: true },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => abort.abort());
          let lastPct = 0;
          report = (p) => {
            const pct = p.source.bytes > 0 ? Math.floor((p.source.bytesDone / p.source.bytes) * 100) : 0;
            progress.report({
              message: `${p.records.toLocaleString('en-US')} records`,
              increment: Math.max(0, pct - lastPct),
            });
            lastPct = Math.max(lastPct, pct);
          };
          if (latest) report(latest);
          await settled;
          sub.dispose();
        },
      );
    }
    try {
      return await reading;
    } catch (err) {
      if (abort.signal.aborted) {
        void vscode.window.showInformationMessage(`Threadline: stopped reading ${name}; records read so far are kept.`);
      } else {
        void vscode.window.showErrorMessage(
          `Threadline could not read ${name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return null;
    }
  }

  private readonly contextValues = new Map<string, unknown>();

  /** Context keys for when-clauses; set only when they change (this runs on every session change). */
  private updateContext(): void {
    const set = (key: string, value: unknown) => {
      if (this.contextValues.get(key) === value) return;
      this.contextValues.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    };
    set('threadline.hasRecords', this.hasRecords());
    set('threadline.filterActive', this.filterValue !== '');
    set('threadline.grouping', this.groupingKind());
    set('threadline.groupSort', this.sortValue);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
