// An expanded row of the Logs view: the record as every page shows it (../record.ts).

export { renderRecord, type RecordActions as DetailActions } from '../record';
