// What commands and providers share: one object built by extension.ts, passed explicitly (no globals).

import type * as vscode from 'vscode';
import type { ConfigStore } from './config';
import type { SessionHost } from './sessionHost';
import type { GroupsTreeProvider } from './tree/groupsTree';
import type { SourcesTreeProvider } from './tree/sourcesTree';
import type { TreeNode } from './tree/nodes';
import type { SourceNavigator } from './navigation/sourceNavigator';
import type { RecordDocuments } from './detail/recordDocuments';
import type { SourceHints } from './hints/sourceHints';
import type { RecordSummary } from '../core/session/api';
import type { LiveRegistry } from './live';
import type { ZipkinController } from './remote/zipkinController';
import type { LogsHandle } from './logs';
import type { TracesHandle } from './traces';

/** The timeline's handle once it is registered (src/extension/timeline). */
export interface TimelineHandle {
  show(groupId: string, opts?: { spanId?: string }): void;
  reveal(groupId: string, spanId?: string, recordId?: number): void;
}

export interface Services {
  context: vscode.ExtensionContext;
  config: ConfigStore;
  host: SessionHost;
  groupsTree: GroupsTreeProvider;
  groupsView: vscode.TreeView<TreeNode>;
  sourcesTree: SourcesTreeProvider;
  navigator: SourceNavigator;
  recordDocuments: RecordDocuments;
  hints: SourceHints;
  timeline: TimelineHandle | null;
  /** The Logs view (src/extension/logs), once registered. */
  logs?: LogsHandle;
  /** The Traces table (src/extension/traces), once registered. */
  traces?: TracesHandle;
  /** The live sources' registry (src/extension/live), for tests and the Sources view's commands. */
  live: () => LiveRegistry | null;
  /** The Zipkin connection (src/extension/remote): its searches and fetched traces, for tests. */
  zipkin: ZipkinController;
  /** Reveals a group / span / record in the tree, regrouping when the group belongs to another grouping. */
  revealInTree(groupId: string, spanId?: string | null, recordId?: number | null): Promise<boolean>;
  /** The id of the group holding a record in the current grouping, or null. */
  groupIdOfRecord(record: RecordSummary): Promise<string | null>;
}
