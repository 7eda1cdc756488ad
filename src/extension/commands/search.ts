// threadline.search: fuzzy Quick Pick over groups, spans, services and messages (the session's fuse.js
// index), jumping to the hit in the tree and opening a record hit.

import * as vscode from 'vscode';
import type { SearchHit } from '../../core/session/api';
import type { Services } from '../services';
import { noIcons, oneLine } from '../tree/format';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

const LIMIT = 50;
const KIND_ICON: Record<SearchHit['kind'], string> = {
  group: 'pulse',
  span: 'symbol-method',
  service: 'server',
  record: 'note',
};

interface HitItem extends vscode.QuickPickItem {
  hit: SearchHit;
}

export async function jumpTo(s: Services, hit: SearchHit): Promise<void> {
  await s.revealInTree(hit.group.id, hit.spanId ?? null, hit.recordId ?? null);
  if (hit.recordId !== undefined) await s.recordDocuments.open(hit.recordId);
}

function items(s: Services, query: string): HitItem[] {
  if (!query.trim()) return [];
  return s.host.search.search(query, LIMIT).map((hit) => ({
    label: noIcons(oneLine(hit.label, 120)),
    description: hit.kind,
    detail: noIcons(oneLine(hit.detail, 200)),
    iconPath: new vscode.ThemeIcon(KIND_ICON[hit.kind]),
    // the session already ranked them fuzzily; the Quick Pick must not filter them again
    alwaysShow: true,
    hit,
  }));
}

export const searchCommand: ThreadlineCommand = {
  id: CommandId.Search,
  async run(s, query?: unknown) {
    if (typeof query === 'string') {
      const hits = s.host.search.search(query, LIMIT);
      if (hits[0]) await jumpTo(s, hits[0]);
      return hits;
    }
    const qp = vscode.window.createQuickPick<HitItem>();
    qp.title = 'Search Threadline';
    qp.placeholder = 'Trace or span ID, span name, service, message…';
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    const picked = await new Promise<HitItem | undefined>((resolve) => {
      qp.onDidChangeValue((v) => {
        qp.items = items(s, v);
      });
      qp.onDidAccept(() => {
        resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
        qp.hide();
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
    qp.dispose();
    if (picked) await jumpTo(s, picked.hit);
    return picked?.hit;
  },
};
