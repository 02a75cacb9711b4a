// Renders a corsdx HTML report in real headless Chromium (Debian's package), checks what a
// person sees, and saves a screenshot. Usage: node render-check.mjs REPORT.html SCREENSHOT.png
// Prints one JSON object with what was visible; exits non-zero when the page cannot render.
import { chromium } from 'playwright-core';
import path from 'node:path';

const [report, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 30_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto('file://' + path.resolve(report), { waitUntil: 'load', timeout: 20_000 });
  const visibleSections = async () => page.locator('section.req:visible').count();
  const before = await visibleSections();
  const title = await page.locator('h1').innerText();
  const blocked = await page.locator('#n-blocked').innerText();
  const firstCause = await page.locator('section.req:visible dd b').first().innerText();
  const svgs = await page.locator('section.req:visible svg.seq').count();
  const svgBox = await page.locator('section.req:visible svg.seq').first().boundingBox();
  if (shot) await page.screenshot({ path: shot, fullPage: false });
  await page.click('#f-all');
  const after = await visibleSections();
  console.log(JSON.stringify({ title, blocked, firstCause, svgs, svgWidth: svgBox?.width ?? 0, before, after, external: requests }));
} finally {
  await browser.close();
}
