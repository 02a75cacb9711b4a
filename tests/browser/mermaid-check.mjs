// Renders every ```mermaid block of a Markdown file with the mermaid library (npm, the renderer
// GitHub uses) inside real headless Chromium. Prints {"diagrams": N, "errors": [...]}.
// Usage: node mermaid-check.mjs REPORT.md
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const md = fs.readFileSync(process.argv[2], 'utf8');
const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 30_000,
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ path: path.join(here, 'node_modules/mermaid/dist/mermaid.min.js') });
  const result = await page.evaluate(async (blocks) => {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const errors = [];
    let svgs = 0;
    for (let i = 0; i < blocks.length; i++) {
      try {
        const { svg } = await window.mermaid.render(`d${i}`, blocks[i]);
        if (svg.includes('<svg') && !svg.includes('Syntax error')) svgs++;
        else errors.push(`diagram ${i}: no svg`);
      } catch (e) {
        errors.push(`diagram ${i}: ${e.message ?? e}`);
      }
    }
    return { diagrams: blocks.length, rendered: svgs, errors };
  }, blocks);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
