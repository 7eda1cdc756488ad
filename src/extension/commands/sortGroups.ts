// threadline.sortGroups: the Groups view's order — by start time, duration, errors, records or spans.

import * as vscode from 'vscode';
import type { GroupSortKey } from '../../core/session/api';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

const SORTS: { sort: GroupSortKey; label: string; detail: string }[] = [
  { sort: 'start', label: 'Start Time', detail: 'Earliest first' },
  { sort: 'duration', label: 'Duration', detail: 'Longest first: the slow requests' },
  { sort: 'errors', label: 'Errors', detail: 'Most errors first' },
  { sort: 'records', label: 'Records', detail: 'Most records first' },
  { sort: 'spans', label: 'Spans', detail: 'Most spans first' },
];

export const sortGroupsCommand: ThreadlineCommand = {
  id: CommandId.SortGroups,
  async run(s, arg?: unknown) {
    let sort = SORTS.find((x) => x.sort === arg)?.sort;
    if (!sort) {
      const pick = await vscode.window.showQuickPick(
        SORTS.map((x) => ({ label: x.label, detail: x.detail, sort: x.sort, picked: x.sort === s.host.sort })),
        {
          title: 'Sort the Groups view by',
          placeHolder: `Currently: ${SORTS.find((x) => x.sort === s.host.sort)?.label}`,
        },
      );
      if (!pick) return undefined;
      sort = pick.sort;
    }
    s.host.setSort(sort);
    return sort;
  },
};
