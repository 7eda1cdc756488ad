// threadline.refresh: redraw the tree (after a live source changed the session, for instance).

import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

export const refreshCommand: ThreadlineCommand = {
  id: CommandId.Refresh,
  run(s) {
    s.host.refresh();
    s.groupsTree.refreshNow();
  },
};
