// Development aid: node scripts/screenshot.mjs URL OUT.png [width] [height]
import { chromium } from 'playwright-core';
const [url, out, w = '1024', h = '768'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
await page.goto(url);
await page.waitForTimeout(500);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
