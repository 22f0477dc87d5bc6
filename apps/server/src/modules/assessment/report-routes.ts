/** The year-end reports as file downloads (.xlsx or .docx), for the county and for one unit. */
import type { FastifyInstance } from 'fastify';
import { assessment } from '@luoshi/contracts';
import { fileRoute, type FileReply } from '../../platform/http.ts';
import type { Services } from '../../platform/context.ts';
import { reportData, type ReportData } from './report-data.ts';
import { reportXlsx } from './report-xlsx.ts';
import { reportDocx } from './report-docx.ts';

async function file(d: ReportData, format: 'xlsx' | 'docx', name: string, ascii: string): Promise<FileReply> {
  if (format === 'docx') return { filename: `${name}.docx`, asciiFilename: `${ascii}.docx`, contentType: assessment.DOCX_MIME, body: await reportDocx(d) };
  return { filename: `${name}.xlsx`, asciiFilename: `${ascii}.xlsx`, contentType: assessment.XLSX_MIME_TYPE, body: await reportXlsx(d) };
}

export function reportRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  fileRoute(app, s, assessment.assessmentReport, {
    access: 'assessment.read',
    handler: async (c, i) => {
      const d = await reportData(db, c.actor!, i.params.id, null, s.clock.now());
      return file(d, i.query.format, `${d.year}年度目标责任考核报告`, `assessment-${d.year}`);
    },
  });
  fileRoute(app, s, assessment.unitAssessmentReport, {
    access: 'assessment.read',
    unitScoped: true,
    handler: async (c, i) => {
      const d = await reportData(db, c.actor!, i.params.id, i.params.unitId, s.clock.now());
      return file(d, i.query.format, `${d.year}年度目标责任考核报告-${d.rows[0]?.unitName ?? ''}`, `assessment-${d.year}-unit`);
    },
  });
}
