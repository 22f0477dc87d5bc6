/**
 * docx, loaded on the first document (a 公文, the year-end report) rather than at start-up: a server
 * that never writes a .docx never pays for loading it, in time or in memory.
 */
import type * as Docx from 'docx';

let loading: Promise<typeof Docx> | null = null;

export function loadDocx(): Promise<typeof Docx> {
  loading ??= import('docx');
  return loading;
}
