// Headless Debian Chromium driven by playwright-core, with the flags this network needs (no background
// connections) and a throwaway profile.
import { chromium } from 'playwright-core';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
}

/** A page sized like a laptop screen, with console errors collected for failure reports. */
export async function openPage(browser, url, { width = 1400, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleLines.push(m.text());
  });
  page.on('pageerror', (e) => consoleLines.push(String(e)));
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, context, consoleLines };
}
