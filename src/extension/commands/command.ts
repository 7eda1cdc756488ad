// The shape of one command: its id and a handler that gets the shared services first.

import type { Services } from '../services';
import type { CommandId } from './commandIds';

export interface ThreadlineCommand {
  id: CommandId;
  run(services: Services, ...args: unknown[]): unknown;
}
