// The lazy index: public entry points (see types.ts for the RecordStore contract).
export {
  createRecordStore,
  indexFile,
  IndexStore,
  FIRST_RECORDS,
  type FileIndexResult,
  type IndexFileOptions,
  type StoreOptions,
} from './store';
export { createStreamIndex, type StreamIndex } from './streamIndex';
export { setWorkerScript, workerScript } from './workerPool';
export { NONE, type RecordStore } from './types';
