/** Steps the browser tests share: signing in, picking from an antd Select, reading errors. */
import type { Locator, Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Luoshi@2013';

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Types into an antd Select (showSearch) and clicks the option containing `option`. */
export async function pick(page: Page, field: Locator, typed: string, option: string): Promise<void> {
  await field.click();
  await field.fill(typed);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

/** Errors that mean something is broken; expected HTTP failures (401 before sign-in, 400 on a weak password) are left out. */
export function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|401|403|409|423)/.test(e));
}
