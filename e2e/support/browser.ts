/** Chromium through playwright-core (no browser download: the system's chromium). */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** uncaught page errors and console errors (CSP violations show up here) */
  errors: string[];
}

/** A fresh context (no cookies, no storage) and a page in it. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL,
    locale: opts.locale ?? 'zh-CN',
    viewport: opts.viewport ?? { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors };
}
