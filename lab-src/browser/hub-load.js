// The browser side of ./lab hub-load --browser (lab-src/hub/load_test.py): every learner is a
// browser context of one headless Chromium, all at once. Each logs in on the hub's login page (the
// hub starts their server and opens their notebook in JupyterLab), waits for the kernel ("Idle" in
// the status bar), runs Run > Run All Cells, waits until every cell ran, and saves the notebook
// (load_test.py reads each cell's outcome from it). Meanwhile the page records when each code cell's
// prompt turned to a number, and this script when it clicked Run: load_test.py times the cells.
// The learner marked "kill" says on stdout when its code cell plan.killAtCell starts, as one JSON
// line {"event": "running", "learner", "cell"}: load_test.py then kills that kernel's JVM. That
// learner records the dialog JupyterLab shows, clicks it away, waits for the kernel, reruns the
// first cell (the imports) and runs the cells after the killed one (Run Selected Cell and All Below).
// usage: node hub-load.js PLAN.json
//   PLAN.json: {"base", "password", "deadlineSeconds", "killAtCell" (among code cells), "report",
//   "screenshots" (a folder), "learners": [{"name", "notebook", "kill"}]}.
// The report (written at the end): [{"name", "notebook", "kernelReadySeconds", "finished",
//   "wallSeconds", "onCell", "errors", "clicks": [at, ...] (Run All, and after a killed kernel the
//   imports' Shift+Enter and Run Selected Cell and All Below), "promptsDone": [{"cell", "at"}],
//   "killed": {"cell", "dialog", "dialogAt", "idleAgainAt", "importsRerun", "screenshot"},
//   "screenshot"}]; cells are counted among code cells, times (at) are epoch milliseconds.
const fs = require('fs');
const { chromium, launchOptions } = require('./chromium');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const deadline = Date.now() + plan.deadlineSeconds * 1000;
const notebookPanel = '.jp-NotebookPanel:not(.lm-mod-hidden)';

function left() {
  return Math.max(1000, deadline - Date.now());
}

function kernelIdle(page) {
  return page.locator('.jp-StatusBar-TextItem', { hasText: /\| Idle$/ });
}

// Each code cell's prompt ("[3]", "[*]", "[ ]") in the file's order of code cells.
function codePrompts(page) {
  return page.locator(`${notebookPanel} .jp-Notebook`).evaluate((notebook) =>
    [...notebook.querySelectorAll(':scope .jp-Cell.jp-CodeCell')].map((cell) =>
      (cell.querySelector('.jp-InputPrompt')?.textContent || '').replace(':', '').trim() || '[ ]'));
}

function codeCell(page, i) {
  return page.locator(`${notebookPanel} .jp-Notebook .jp-Cell.jp-CodeCell`).nth(i);
}

async function menu(page, top, item) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click();
}

// The hub's login page; then the hub's spawn page starts the learner's server (its progress page
// waits) and sends the browser on to `next`: the notebook in the learner's JupyterLab.
async function logIn(page, learner) {
  const where = learner.notebook.split('/').map(encodeURIComponent).join('/');
  const next = `/user/${learner.name}/lab/tree/${where}?reset`;
  const spawn = `/hub/spawn?next=${encodeURIComponent(next)}`;
  await page.goto(`${plan.base}/hub/login?next=${encodeURIComponent(spawn)}`, { timeout: left() });
  await page.locator('#username_input').fill(learner.name);
  await page.locator('#password_input').fill(plan.password);
  await page.locator('#login_submit').click();
}

// When each code cell's prompt turns to a number ([*] -> [n]: the kernel's execute_reply arrived),
// recorded in the page as it happens (a MutationObserver, not the once-a-second look below).
// JupyterLab's Record timing setting would write the kernel's message dates into the cells instead,
// but the JJava kernel's dates carry only minutes ("2026-11-29T17:32+0000").
function watchPrompts(page) {
  return page.locator(`${notebookPanel} .jp-Notebook`).evaluate((notebook) => {
    window.labPromptsDone = [];
    const shown = new Map();
    const look = () => {
      [...notebook.querySelectorAll(':scope .jp-Cell.jp-CodeCell')].forEach((cell, i) => {
        const prompt = (cell.querySelector('.jp-InputPrompt')?.textContent || '').replace(':', '').trim();
        if (!/^\[\d+\]$/.test(prompt)) shown.delete(i); // queued or not run: its next number is a new run
        else if (shown.get(i) !== prompt) {
          shown.set(i, prompt);
          window.labPromptsDone.push({ cell: i, at: Date.now() });
          if (window.labCellDone) window.labCellDone(i);
        }
      });
    };
    const tell = window.labCellDone;
    window.labCellDone = null;
    look();
    window.labPromptsDone = []; // the numbers the notebook was saved with are no runs
    window.labCellDone = tell;
    new MutationObserver(look).observe(notebook, { subtree: true, childList: true, characterData: true });
  });
}

async function learnerRun(browser, learner, entry) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // A learner waits for a busy page as long as the run lasts, not Playwright's 30 s per click.
  context.setDefaultTimeout(plan.deadlineSeconds * 1000);
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept().catch(() => {})); // "leave the page?" on closing
  const started = Date.now();
  entry.screenshot = `${plan.screenshots}/${learner.name}.png`;
  try {
    await logIn(page, learner);
    await page.locator(`${notebookPanel} .jp-Notebook .jp-Cell`).first().waitFor({ timeout: left() });
    await kernelIdle(page).waitFor({ timeout: left() });
    entry.kernelReadySeconds = (Date.now() - started) / 1000;
    // The learner whose kernel is killed says so the moment code cell killAtCell starts: when the
    // cell before it shows its number (a look once a second can miss a short cell on a busy machine).
    if (learner.kill) {
      let told = false;
      await page.exposeFunction('labCellDone', (cell) => {
        if (!told && cell === plan.killAtCell - 1) {
          told = true;
          console.log(JSON.stringify({ event: 'running', learner: learner.name, cell: plan.killAtCell }));
        }
      });
    }
    await watchPrompts(page);
    entry.clicks.push(Date.now());
    await menu(page, 'Run', 'Run All Cells');
    await waitForCells(page, learner, entry);
    entry.promptsDone = await page.evaluate(() => window.labPromptsDone);
    await menu(page, 'File', 'Save Notebook');
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')
      .waitFor({ state: 'detached', timeout: left() });
    entry.finished = true;
    entry.onCell = null;
    entry.wallSeconds = (Date.now() - started) / 1000;
  } catch (e) {
    entry.errors.push(e.message.split('\n')[0]);
  } finally {
    await page.screenshot({ path: entry.screenshot }).catch(() => {});
    await context.close().catch(() => {});
  }
}

// Polls the prompts once a second until no cell is queued or running and the kernel is idle.
async function waitForCells(page, learner, entry) {
  let quiet = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`not finished in the time limit (on code cell ${entry.onCell})`);
    const dialog = page.locator('.jp-Dialog');
    if (await dialog.count() > 0) {
      await recover(page, entry, dialog);
      quiet = 0;
      continue;
    }
    const prompts = await codePrompts(page);
    const running = prompts.indexOf('[*]');
    entry.onCell = running >= 0 ? running : entry.onCell;
    const idle = await kernelIdle(page).count() > 0;
    quiet = idle && running < 0 ? quiet + 1 : 0;
    // Three quiet looks in a row: not the moment between one cell and the next.
    if (quiet >= 3) return;
    await page.waitForTimeout(1000);
  }
}

// The kernel died: what the dialog says, then as a learner goes on.
async function recover(page, entry, dialog) {
  const killed = { cell: plan.killAtCell, dialogAt: Date.now() };
  const text = async (part) => (await dialog.locator(part).first().innerText()).replace(/\s+/g, ' ').trim();
  killed.dialog = `${await text('.jp-Dialog-header')}: ${await text('.jp-Dialog-body')}`;
  await page.screenshot({ path: `${plan.screenshots}/${entry.name}-dialog.png` });
  killed.screenshot = `${plan.screenshots}/${entry.name}-dialog.png`;
  await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
  await kernelIdle(page).waitFor({ timeout: left() });
  killed.idleAgainAt = Date.now();
  entry.killed = killed;
  // The imports again, then the cells after the one that died.
  const first = codeCell(page, 0);
  await first.locator('.jp-InputArea-editor').click();
  entry.clicks.push(Date.now());
  await page.keyboard.press('Shift+Enter');
  await first.locator('.jp-InputPrompt').filter({ hasText: /\[\d+\]/ }).waitFor({ timeout: left() });
  killed.importsRerun = (await first.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count()) ? 'error' : 'ok';
  await codeCell(page, killed.cell + 1).locator('.jp-InputArea-editor').click();
  entry.clicks.push(Date.now());
  await menu(page, 'Run', 'Run Selected Cell and All Below');
}

async function main() {
  fs.mkdirSync(plan.screenshots, { recursive: true });
  const browser = await chromium.launch(launchOptions());
  const report = plan.learners.map((l) => ({
    name: l.name, notebook: l.notebook, kernelReadySeconds: null, finished: false, wallSeconds: null,
    onCell: null, errors: [], killed: null, clicks: [], promptsDone: [],
  }));
  try {
    await Promise.all(plan.learners.map((l, i) => learnerRun(browser, l, report[i])));
  } finally {
    fs.writeFileSync(plan.report, JSON.stringify(report, null, 1));
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`hub-load in the browser failed: ${e.message}`);
  process.exit(1);
});
