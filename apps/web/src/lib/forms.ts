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

/**
 * Like applyServerErrors, for forms with nested fields (policy.lights.redBehindPoints, staff.0.name):
 * each issue goes to the field its path names, or to the nearest enclosing field there is; the
 * rest comes back for an alert.
 */
export function applyNestedServerErrors(form: FormInstance, err: unknown, prefix: string[] = []): Issue[] {
  if (!(err instanceof ApiError)) return [];
  const known = form.getFieldsError().map((f) => f.name.map(String).join('.'));
  const byField = new Map<string, string[]>();
  const rest: Issue[] = [];
  for (const i of err.issues) {
    let path = i.path.replace(/^(body|query|params)\.?/, '');
    const pre = prefix.join('.');
    if (pre && path.startsWith(`${pre}.`)) path = path.slice(pre.length + 1);
    else if (pre && path === pre) path = '';
    let target: string | undefined;
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      if (known.includes(p)) {
        target = p;
        break;
      }
    }
    // an object-level issue (policy.lights) goes to the first field inside it
    target ??= path ? known.find((k) => k.startsWith(`${path}.`)) : undefined;
    if (target) byField.set(target, [...(byField.get(target) ?? []), i.message]);
    else rest.push(i);
  }
  if (byField.size) {
    form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), errors })));
  }
  return rest;
}
