import { existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeModel, contentScanner } from '../../src/image/analyses/index.js';
import { readImage } from '../../src/image/read.js';
import { renderHtmlReport } from '../../src/image/report/html.js';
import { kitchenSink } from './fixtures.js';
import { classicArchive, tempDir, writeTemp } from './helpers.js';

const CHROMIUM = process.env.DW_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  const bar = '!'.repeat(78);
  console.warn(
    `${bar}\n!! HTML REPORT BROWSER TEST SKIPPED: no Chromium at ${CHROMIUM}.\n!! Install it with: apt-get install -y chromium\n${bar}`,
  );
}

describe('HTML report', () => {
  it.skipIf(!haveChromium)(
    'renders in headless Chromium: layer chart and treemap visible, no network, screenshot',
    async () => {
      const scanner = contentScanner();
      const model = await readImage(writeTemp(classicArchive(kitchenSink)), scanner.hooks);
      const report = analyzeModel(model, { facts: scanner.facts() });
      const page = join(tempDir('dw-html-'), 'report.html');
      writeFileSync(page, renderHtmlReport(report, model, { toolVersion: 'test' }));

      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      try {
        const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
        const tab = await context.newPage();
        const requests: string[] = [];
        tab.on('request', (r) => requests.push(r.url()));
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        await tab.goto(pathToFileURL(page).href);
        const chart = tab.locator('#layer-chart');
        await expect(chart.isVisible()).resolves.toBe(true);
        const box = await chart.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(40);
        expect(await tab.locator('#layer-chart rect.bar').count()).toBe(3);
        expect(await tab.locator('#treemap rect').count()).toBeGreaterThan(5);
        expect(await tab.locator('#treemap').isVisible()).toBe(true);
        expect(await tab.locator('#findings-table tbody tr').count()).toBe(report.findings.length);
        expect(await tab.locator('#waste-table tbody tr').count()).toBe(2);
        // Hovering the treemap shows the path (the page's own script runs).
        await tab.locator('#treemap rect').first().dispatchEvent('mouseenter');
        expect(await tab.locator('#treemap-path').textContent()).toMatch(/^\/\S+ — [\d,]+ bytes$/);
        // Sorting a table by clicking its header.
        await tab.locator('#waste-table th').nth(1).click();
        expect(await tab.locator('#waste-table tbody tr').first().textContent()).toContain(
          '/root/.ssh/id_rsa',
        );
        const shot = join(tmpdir(), `dockwright-analyze-report-${process.pid}.png`);
        await tab.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
        console.log(`screenshot: ${shot}`);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
