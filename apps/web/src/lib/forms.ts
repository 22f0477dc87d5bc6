/** Puts the server's field issues onto an antd form; returns those that fit no field. */
import type { FormInstance } from 'antd';
import { ApiError, issuesByField, type Issue } from './api.ts';

export function applyServerErrors(form: FormInstance, err: unknown, aliases: Record<string, string> = {}): Issue[] {
  if (!(err instanceof ApiError)) return [];
  const byField = issuesByField(err, aliases);
  const known = new Set(form.getFieldsError().map((f) => String(f.name[0])));
  const fields: { name: string; errors: string[] }[] = [];
  const rest: Issue[] = [];
  for (const [name, messages] of byField) {
    if (known.has(name)) fields.push({ name, errors: messages });
    else rest.push(...messages.map((message) => ({ path: name, message })));
  }
  if (fields.length) form.setFields(fields);
  return rest;
}
