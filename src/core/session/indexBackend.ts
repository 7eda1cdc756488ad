// Connects a session to the lazy index in `index/`: one IndexStore per session lifetime (a new one after clear()).

import type { FieldMappings as IndexFieldMappings, MappedField } from '../formats/normalize';
import { createRecordStore, type IndexFileOptions } from '../index/store';
import type { FieldMappings } from './api';
import type { BackendFactory } from './session';

const MAPPED: readonly MappedField[] = [
  'time',
  'level',
  'message',
  'service',
  'logger',
  'thread',
  'correlationId',
  'traceId',
  'spanId',
  'parentSpanId',
  'error',
];

/** Settings allow a nested path as an array; the normaliser takes a dotted path. */
export function toIndexMappings(m: FieldMappings | undefined): IndexFieldMappings | undefined {
  if (!m) return undefined;
  const out: IndexFieldMappings = {};
  for (const f of MAPPED) {
    const v = m[f];
    if (typeof v === 'string' && v) out[f] = v;
    else if (Array.isArray(v) && v.length > 0) out[f] = v.join('.');
  }
  return out;
}

export const indexBackend: BackendFactory = (opts) => {
  const store = createRecordStore({ fieldMappings: toIndexMappings(opts.fieldMappings) });
  return {
    store,
    addFile: async (path, o) => {
      const fileOpts: IndexFileOptions = {
        signal: o?.signal,
        onProgress: o?.onProgress,
        whileWaiting: o?.whileWaiting,
        workers: opts.workers,
        callerIndexes: !opts.keepThreadFree,
        fieldMappings: opts.fieldMappings ? toIndexMappings(opts.fieldMappings) : undefined,
      };
      return (await store.addFile(path, fileOpts)).summary;
    },
    addStream: (name) => store.addStream(name),
    evictRecords: (ids) => store.evictRecords(ids),
    dispose: () => store.clear(),
  };
};
