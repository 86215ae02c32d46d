// Runs every course notebook in a live JupyterLab in headless Chromium, the way a learner does:
// opens it, Run > Run All Cells, waits until the kernel has run every cell, saves it and takes a
// screenshot of the whole notebook. It reports what the page showed; what passes is decided by
// lab-src/python/browser_all_notebooks.py, which reads the saved notebooks and this report.
// usage: node all-notebooks.js PLAN.json
//   PLAN.json: {"url": JupyterLab's /lab?token=... address, "profile": Chromium's profile folder,
//   "timeoutSeconds": each notebook's limit, "report": where to write the report,
//   "notebooks": [{"name": "00-welcome.ipynb", "screenshot": ".../00-welcome.png"}, ...]}
// The report, rewritten after each notebook: [{"name", "seconds", "timedOut", "running",
//   "cells": [{"index", "prompt", "images", "brokenImages", "svgs", "screenshot"}], "screenshots"}, ...]:
//   "running" is the cell still running at the time-out; a cell's "screenshot" the file that shows it.
// Exit 0 when every notebook ran to its end (whatever its cells showed), 1 when one did not
// (a time-out, a page that did not load): later notebooks are then not run.
const fs = require('fs');
const { chromium, launchOptions, waitForServer } = require('./chromium');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const notebookPanel = '.jp-NotebookPanel:not(.lm-mod-hidden)';
// The notebook's height in one screenshot, at most: Chromium takes none taller than 16,384 pixels.
const maxPartHeight = 10000;

async function main() {
  const u = new URL(plan.url);
  const token = u.searchParams.get('token');
  await waitForServer(u.origin, token);
  const context = await chromium.launchPersistentContext(plan.profile, {
    ...launchOptions(),
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  const report = [];
  try {
    for (const nb of plan.notebooks) {
      const entry = { name: nb.name, screenshots: [] };
      report.push(entry);
      const started = Date.now();
      try {
        await runNotebook(page, u.origin, token, nb, entry);
      } finally {
        entry.seconds = Math.round((Date.now() - started) / 1000);
        fs.writeFileSync(plan.report, JSON.stringify(report, null, 1));
        // Its kernel is shut down whatever happened: seven JVMs at once would not fit.
        await shutDownKernels(u.origin, token).catch((e) => console.error(`browser: ${e.message}`));
      }
      if (entry.timedOut) {
        throw new Error(`${nb.name} was still running after ${plan.timeoutSeconds} s; the notebooks after it were not run`);
      }
      console.log(`browser: ${nb.name} ran in ${entry.seconds} s (screenshots: ${entry.screenshots.join(', ')})`);
    }
  } finally {
    await context.close();
  }
}

async function runNotebook(page, origin, token, nb, entry) {
  const deadline = Date.now() + plan.timeoutSeconds * 1000;
  // ?reset: start from an empty workspace, not with the previous notebook still open.
  await page.goto(`${origin}/lab/tree/${encodeURIComponent(nb.name)}?reset&token=${token}`);
  const cells = page.locator(`${notebookPanel} .jp-Notebook .jp-Cell`);
  await cells.first().waitFor({ timeout: 60000 });
  // Run All before the kernel is up would be refused with a dialog.
  await kernelStatus(page, /\| Idle$/).waitFor({ timeout: 60000 });
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
  // Every code cell shows [*] from the click on, [n] once the kernel has run it, and [ ] again
  // when the kernel skipped it after an error. Done when nothing is queued and the kernel is idle.
  let quiet = 0;
  for (;;) {
    const prompts = await codePrompts(page);
    const idle = await kernelStatus(page, /\| Idle$/).count() > 0;
    const queued = prompts.some((p) => p.prompt === '[*]');
    const allRan = prompts.every((p) => /^\[\d+\]$/.test(p.prompt));
    quiet = idle && !queued ? quiet + 1 : 0;
    // Five quiet looks in a row: not the moment between the click and the first [*].
    if ((idle && allRan) || quiet >= 5) break;
    if (Date.now() > deadline) {
      entry.timedOut = true;
      entry.running = prompts.filter((p) => p.prompt === '[*]').map((p) => p.index)[0] ?? null;
      if (entry.running !== null) await cells.nth(entry.running).scrollIntoViewIfNeeded();
      await page.screenshot({ path: nb.screenshot });
      entry.screenshots = [nb.screenshot];
      entry.cells = prompts;
      return;
    }
    await page.waitForTimeout(1000);
  }
  await save(page);
  entry.cells = await renderedCells(page);
  await screenshotWholeNotebook(page, nb, entry);
}

function kernelStatus(page, text) {
  return page.locator('.jp-StatusBar-TextItem', { hasText: text });
}

// Each code cell's prompt ("[3]", "[*]", "[ ]"), by its index among all cells (the file's order).
function codePrompts(page) {
  return page.locator(`${notebookPanel} .jp-Notebook`).evaluate((notebook) =>
    [...notebook.querySelectorAll(':scope .jp-Cell')].map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.classList.contains('jp-CodeCell'))
      .map(({ cell, index }) => ({
        index,
        prompt: (cell.querySelector('.jp-InputPrompt')?.textContent || '').replace(':', '').trim() || '[ ]',
      })));
}

// File > Save Notebook, and wait until the tab no longer shows unsaved changes.
async function save(page) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^File$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Save Notebook$/ }).click();
  await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current.jp-mod-dirty').waitFor({ state: 'detached', timeout: 60000 });
}

// The whole notebook in screenshots of at most maxPartHeight pixels each: NN-name.png, then
// NN-name-2.png, ... when it is taller, in parts of equal height. The viewport is made as tall as a part and the notebook
// scrolled part by part (the test's settings have JupyterLab lay out every cell, not only those in
// sight); each cell's entry gets the file that shows its top. The file browser is closed first:
// the notebook gets the whole width.
async function screenshotWholeNotebook(page, nb, entry) {
  const openSidebar = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current');
  if (await openSidebar.count() > 0) await openSidebar.click();
  const outer = page.locator(`${notebookPanel} .jp-WindowedPanel-outer`);
  const before = page.viewportSize();
  // Each cell's top, and the end of the last one (not the space JupyterLab leaves below it).
  const layout = await outer.evaluate((o) => {
    o.scrollTop = 0;
    const top = o.getBoundingClientRect().top;
    const cells = [...o.querySelectorAll('.jp-Cell')].map((c) => c.getBoundingClientRect());
    return {
      tops: cells.map((r) => r.top - top),
      end: Math.ceil(cells.length ? cells[cells.length - 1].bottom - top : 0) + 40,
      chrome: window.innerHeight - o.clientHeight, // menus, toolbar and status bar
    };
  });
  const partHeight = Math.ceil(layout.end / Math.ceil(layout.end / maxPartHeight));
  entry.screenshots = [];
  try {
    for (let top = 0, part = 1; top < layout.end; top += partHeight, part++) {
      const file = part === 1 ? nb.screenshot : nb.screenshot.replace(/\.png$/, `-${part}.png`);
      await page.setViewportSize({ width: before.width, height: Math.min(partHeight, layout.end - top) + layout.chrome });
      await outer.evaluate((o, y) => { o.scrollTop = y; }, top);
      await page.waitForTimeout(300); // a layout pass
      await page.screenshot({ path: file });
      entry.screenshots.push(file);
      for (const cell of entry.cells) {
        if (layout.tops[cell.index] >= top && layout.tops[cell.index] < top + partHeight) cell.screenshot = file;
      }
    }
  } finally {
    await page.setViewportSize(before);
  }
}

// What each code cell's outputs show: how many images (and which of them did not load) and how
// many inline SVG pictures with a size.
function renderedCells(page) {
  return page.locator(`${notebookPanel} .jp-Notebook`).evaluate(async (notebook) => {
    const cells = [...notebook.querySelectorAll(':scope .jp-Cell')];
    const result = [];
    for (const [index, cell] of cells.entries()) {
      if (!cell.classList.contains('jp-CodeCell')) continue;
      const images = [...cell.querySelectorAll('.jp-OutputArea-output img')];
      const brokenImages = [];
      for (const img of images) {
        // decode() waits for the picture and fails when it cannot be shown.
        const loaded = await img.decode().then(() => true, () => false);
        if (!loaded || img.naturalWidth === 0) brokenImages.push(img.alt || img.src.slice(0, 60));
      }
      const svgs = [...cell.querySelectorAll('.jp-OutputArea-output svg')].filter((svg) => {
        const r = svg.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      });
      result.push({
        index,
        prompt: (cell.querySelector('.jp-InputPrompt')?.textContent || '').replace(':', '').trim() || '[ ]',
        images: images.length,
        brokenImages,
        svgs: svgs.length,
      });
    }
    return result;
  });
}

// Every kernel the server runs (only this test's notebooks are served) is shut down.
async function shutDownKernels(origin, token) {
  const headers = { Authorization: `token ${token}` };
  const sessions = await (await fetch(`${origin}/api/sessions`, { headers })).json();
  for (const s of sessions) {
    const r = await fetch(`${origin}/api/sessions/${s.id}`, { method: 'DELETE', headers });
    if (!r.ok) throw new Error(`the kernel of ${s.path} did not shut down: HTTP ${r.status}`);
  }
}

main().catch((e) => {
  console.error(`browser test failed: ${e.message}`);
  process.exit(1);
});
