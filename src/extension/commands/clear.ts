// threadline.clear: forget every source and record of the session.

import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

export const clearCommand: ThreadlineCommand = {
  id: CommandId.Clear,
  run(s) {
    s.host.clear();
  },
};
