// threadline.showMore: the "Show 500 more…" item of a paged list.

import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import type { MoreNode } from '../tree/nodes';

export const showMoreCommand: ThreadlineCommand = {
  id: CommandId.ShowMore,
  run(s, node?: unknown) {
    const n = node as MoreNode | undefined;
    if (n?.type === 'more') s.groupsTree.showMore(n);
  },
};
