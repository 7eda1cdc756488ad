// What a command acts on: its argument (from a menu, a test or another command) or else the tree's
// selection or the record shown in the active editor.

import * as vscode from 'vscode';
import { RecordDocuments } from '../detail/recordDocuments';
import type { Services } from '../services';
import type { TreeNode } from '../tree/nodes';

function isNode(x: unknown): x is TreeNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { type?: unknown }).type === 'string' &&
    typeof (x as { id?: unknown }).id === 'string'
  );
}

function selected(s: Services): TreeNode | undefined {
  return s.groupsView.selection[0];
}

export function recordIdOf(s: Services, arg: unknown): number | null {
  if (typeof arg === 'number' && Number.isInteger(arg)) return arg;
  if (isNode(arg)) return arg.type === 'record' ? arg.recordId : null;
  if (arg instanceof vscode.Uri) return RecordDocuments.recordIdOf(arg);
  // no argument (palette, keybinding): the record shown in the active editor, else the tree's selected record
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active ? RecordDocuments.recordIdOf(active) : null;
  if (fromEditor !== null) return fromEditor;
  const sel = selected(s);
  return sel?.type === 'record' ? sel.recordId : null;
}

export function groupTargetOf(s: Services, arg: unknown): { groupId: string; spanId?: string } | null {
  if (typeof arg === 'string') return { groupId: arg };
  const node = isNode(arg) ? arg : selected(s);
  if (!node) return null;
  switch (node.type) {
    case 'group':
      return { groupId: node.groupId };
    case 'span':
      return { groupId: node.groupId, spanId: node.spanId };
    case 'record':
      return { groupId: node.groupId, spanId: node.spanId ?? undefined };
    default:
      return null;
  }
}
