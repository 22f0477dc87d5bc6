/**
 * Valid calls for the task sheet (任务分解表) routes: the template, the export and the import. The
 * import uploads, as a dry run, the office's own export of its test campaign.
 */
import { tasks } from '@luoshi/contracts';
import { download, multipart } from './sheets.ts';
import type { Fixtures, RouteCall } from './routes.ts';

export const WORK_CALLS: Record<string, (f: Fixtures, username: string | null) => Promise<RouteCall>> = {
  [tasks.taskSheetTemplate.id]: async (f) => ({ params: { id: f.ids.ownCampaign! } }),
  [tasks.exportTasks.id]: async (f) => ({ params: { id: f.ids.campaign! }, query: { scope: 'all' } }),
  [tasks.importTasks.id]: async (f) => {
    const office = await f.client('duchashi');
    const sheet = await download(f.t, office, `/api/v1/campaigns/${f.ids.ownCampaign}/tasks/export.xlsx`);
    if (sheet.status !== 200) throw new Error(`export failed: ${sheet.status}`);
    return { params: { id: f.ids.ownCampaign! }, query: { dryRun: 'true' }, raw: multipart(sheet.file) };
  },
};
