// A record as the detail document shows it: the core's one record shape, every parsed field included.

import type { LogRecord, Position } from '../../core/model';
import { recordJson, toJson } from '../../core/json/recordJson';

export { toJson };

export function recordDetail(r: LogRecord & { position: Position }): Record<string, unknown> {
  return { ...recordJson(r, { fields: true }) };
}
