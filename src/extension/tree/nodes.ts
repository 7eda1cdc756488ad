// Elements of the `threadline.groups` tree. Each carries plain ids (`groupId`, `spanId`, `recordId`) so any
// command a menu passes it to (the timeline's `threadline.showTimeline`, live sources, tests) can read them
// without knowing this module.

import type { GroupSummary, RecordSummary, SpanNode } from '../../core/session/api';

export interface GroupNode {
  type: 'group';
  id: string;
  groupId: string;
  group: GroupSummary;
}

export interface SpanTreeNode {
  type: 'span';
  id: string;
  groupId: string;
  spanId: string;
  /** Index in the group's pre-order span tree. */
  index: number;
  node: SpanNode;
  parent: GroupNode | SpanTreeNode;
}

export interface RecordNode {
  type: 'record';
  id: string;
  groupId: string;
  spanId: string | null;
  recordId: number;
  record: RecordSummary;
  parent: GroupNode | SpanTreeNode;
}

/** "Show 500 more…": pages a long child list without building it all. */
export interface MoreNode {
  type: 'more';
  id: string;
  /** Key of the list it extends (see GroupsTreeProvider.pageKey). */
  pageKey: string;
  remaining: number;
  parent: GroupNode | SpanTreeNode | undefined;
}

export type TreeNode = GroupNode | SpanTreeNode | RecordNode | MoreNode;
