// Opens notebook 00 in a live JupyterLab in headless Chromium, runs its imports and the cell that
// shows JvmInfo.current() the way a learner does (click, Shift+Enter), and checks that the kernel's
// JVM reports JDK 25.
// usage: node notebook-test.js URL SCREENSHOT PROFILE_DIR FIRST_CELL OUTPUT_CELL
//   URL: JupyterLab's /lab?token=... address; the cells are indices among all the notebook's cells,
//   which lab-src/python/browser_test.py reads from the notebook. It starts the server on a copy of
//   the notebook and stops it afterwards.
const { chromium } = require('playwright-core');

const [url, screenshot, profile, firstArg, outputArg] = process.argv.slice(2);
const notebook = '00-welcome.ipynb';
const firstCell = Number(firstArg); // the imports
const outputCell = Number(outputArg); // Display.show(JvmInfo.current())
if (!Number.isInteger(firstCell) || !Number.isInteger(outputCell)) {
  console.error('usage: node notebook-test.js URL SCREENSHOT PROFILE_DIR FIRST_CELL OUTPUT_CELL');
  process.exit(2);
}
const expected = /version\s+(25\.[\w.+-]+)/; // the kernel JVM's own java.vm.version row
// From the script's start, under browser_test.py's own limit (180 s), so that a hang still ends
// with a screenshot of it.
const deadlineSeconds = 150;
const started = Date.now();

async function waitForServer(base, token) {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return;
    } catch (e) { /* not listening yet */ }
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`JupyterLab did not answer at ${base} within 60 s`);
}

async function main() {
  const u = new URL(url);
  const token = u.searchParams.get('token');
  await waitForServer(u.origin, token);
  // Debian's Chromium, not a downloaded one; the flags keep it off the (closed) network.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.LAB_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${deadlineSeconds} s`)),
      deadlineSeconds * 1000 - (Date.now() - started));
  });
  const run = runCells(page, token, u.origin);
  run.catch(() => {}); // once the deadline has won, its later failure is no news
  try {
    await Promise.race([run, deadline]);
  } catch (e) {
    // Whatever was on screen explains most failures: a dialog, a dead kernel, an error output.
    await page.screenshot({ path: screenshot }).catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
    await context.close();
  }
}

async function runCells(page, token, origin) {
  // ?reset: start from an empty workspace, not whatever a previous session left open.
  await page.goto(`${origin}/lab/tree/${notebook}?reset&token=${token}`);
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
  await cells.first().waitFor({ timeout: 60000 });
  // Keys pressed before the kernel is up, or before a click has focused its cell, get lost.
  await page.locator('.jp-StatusBar-TextItem', { hasText: /\| Idle$/ }).waitFor({ timeout: 60000 });
  for (const i of [firstCell, outputCell]) { // the imports, then the cell under test
    const cell = cells.nth(i);
    await cell.locator('.jp-InputArea-editor').click();
    await cell.and(page.locator('.jp-mod-active')).waitFor();
    await page.keyboard.press('Shift+Enter');
    // [n]: in the prompt means the kernel has run it.
    await cell.locator('.jp-InputPrompt', { hasText: /\[\d+\]/ }).waitFor({ timeout: 120000 });
  }
  const output = cells.nth(outputCell).locator('.jp-OutputArea-output');
  await output.first().waitFor({ timeout: 10000 });
  const text = await output.first().innerText();
  if (!expected.test(text)) throw new Error(`cell ${outputCell} printed no JDK 25 version:\n${text}`);
  if (!/garbage collector/.test(text)) throw new Error(`cell ${outputCell} printed no collector:\n${text}`);
  await cells.nth(outputCell).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot });
  console.log(`browser: cell ${outputCell} of ${notebook} printed JDK version ${text.match(expected)[1]} (screenshot ${screenshot})`);
}

main().catch((e) => {
  console.error(`browser test failed: ${e.message}\n  screenshot: ${screenshot}`);
  process.exit(1);
});
