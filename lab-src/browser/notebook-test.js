// The live lab in headless Chromium, used the way a learner uses it (click, Shift+Enter, Ctrl+S):
// 1. notebook 00: runs its imports and the cell that shows JvmInfo.current(), and checks that the
//    kernel's JVM reports JDK 25;
// 2. exercise 01: runs the notebook's imports and its grading cell (Check.test), which must fail
//    on the released starting code; opens src/Sums.java in JupyterLab's file editor, replaces its
//    text with the solution and saves it (JupyterLab then also writes src/.ipynb_checkpoints/,
//    which the grader must ignore); runs the grading cell again, which must now pass.
// A screenshot after each check, and of the screen when a step fails.
// usage: node notebook-test.js PLAN.json
//   PLAN.json, written by lab-src/python/browser_test.py (which starts the server on copies of the
//   notebook and the exercise, and stops it afterwards): JupyterLab's /lab?token=... address, the
//   browser profile folder, and per part the paths under the served folder, the cells to run (indices
//   among all the notebook's cells), the expected results, the solution's text and the screenshots.
const fs = require('fs');
const { chromium, launchOptions, waitForServer } = require('./chromium');

if (process.argv.length !== 3) {
  console.error('usage: node notebook-test.js PLAN.json');
  process.exit(2);
}
const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { notebook, exercise } = plan;
const expected = /version\s+(25\.[\w.+-]+)/; // the kernel JVM's own java.vm.version row
// From the script's start, under browser_test.py's own limit (180 s), so that a hang still ends
// with a screenshot of it.
const deadlineSeconds = 150;
const started = Date.now();
let screenshot = notebook.screenshot; // where the screen goes if the step under way fails

async function main() {
  const u = new URL(plan.url);
  const token = u.searchParams.get('token');
  await waitForServer(u.origin, token);
  const context = await chromium.launchPersistentContext(plan.profile, {
    ...launchOptions(),
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  // Leaving a notebook that ran cells (unsaved) asks "leave the page?": yes.
  page.on('dialog', (d) => d.accept().catch(() => {}));
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${deadlineSeconds} s`)),
      deadlineSeconds * 1000 - (Date.now() - started));
  });
  const lab = { page, origin: u.origin, token };
  const run = (async () => {
    await notebook00(lab);
    await exercise01(lab);
  })();
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

// Opens a file of the served folder in JupyterLab; reset: in an empty workspace, not with the tabs
// a previous page left open.
async function open(lab, path, reset) {
  const where = path.split('/').map(encodeURIComponent).join('/');
  await lab.page.goto(`${lab.origin}/lab/tree/${where}?${reset ? 'reset&' : ''}token=${lab.token}`);
}

// The notebook at path, opened, with its kernel idle: its cells.
async function openNotebook(lab, path, reset) {
  await open(lab, path, reset);
  const cells = lab.page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
  await cells.first().waitFor({ timeout: 60000 });
  // Keys pressed before the kernel is up, or before a click has focused its cell, get lost.
  await lab.page.locator('.jp-StatusBar-TextItem', { hasText: /\| Idle$/ }).waitFor({ timeout: 60000 });
  return cells;
}

// Runs cell i as a learner does and waits until the kernel has answered: a new [n]: in its prompt.
async function runCell(lab, cells, i) {
  const cell = cells.nth(i);
  const prompt = cell.locator('.jp-InputPrompt');
  const before = (await prompt.innerText()).trim(); // [ ]: or, run before, [n]:
  await cell.locator('.jp-InputArea-editor').click();
  await cell.and(lab.page.locator('.jp-mod-active')).waitFor();
  await lab.page.keyboard.press('Shift+Enter');
  await prompt.filter({ hasText: /\[\d+\]/ }).filter({ hasNotText: before }).waitFor({ timeout: 120000 });
}

// The text of cell i's outputs of one kind: stdout, or stderr, which is also how JupyterLab shows
// an error (the kernel's exception and its stack).
async function outputs(cells, i, kind) {
  const found = cells.nth(i).locator(`.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.${kind}"]`);
  return (await found.allInnerTexts()).join('\n');
}

async function notebook00(lab) {
  const cells = await openNotebook(lab, notebook.path, true);
  for (const i of [notebook.firstCell, notebook.cellUnderTest]) await runCell(lab, cells, i);
  const i = notebook.cellUnderTest;
  const output = cells.nth(i).locator('.jp-OutputArea-output');
  await output.first().waitFor({ timeout: 10000 });
  const text = await output.first().innerText();
  if (!expected.test(text)) throw new Error(`cell ${i} printed no JDK 25 version:\n${text}`);
  if (!/garbage collector/.test(text)) throw new Error(`cell ${i} printed no collector:\n${text}`);
  await cells.nth(i).scrollIntoViewIfNeeded();
  await lab.page.screenshot({ path: notebook.screenshot });
  console.log(`browser: cell ${i} of ${notebook.path} printed JDK version ${text.match(expected)[1]} (screenshot ${notebook.screenshot})`);
}

async function exercise01(lab) {
  const grading = exercise.gradingCell;
  const name = exercise.notebook;
  // The released starting code fails its grading test.
  screenshot = exercise.failsScreenshot;
  let cells = await openNotebook(lab, name, true);
  for (const i of [exercise.firstCell, grading]) await runCell(lab, cells, i);
  const error = await outputs(cells, grading, 'stderr');
  if (!error.includes(exercise.test) || !error.includes(exercise.failure)) {
    throw new Error(`the grading cell ${grading} of ${name} did not fail with "${exercise.test}" and "${exercise.failure}" on the starting code; it printed:\n${await cells.nth(grading).innerText()}`);
  }
  await cells.nth(grading).scrollIntoViewIfNeeded();
  await lab.page.screenshot({ path: exercise.failsScreenshot });
  console.log(`browser: grading cell ${grading} of ${name} failed on the starting code (screenshot ${exercise.failsScreenshot})`);

  // The learner's edit: the whole file replaced by the solution, saved with Ctrl+S.
  screenshot = exercise.passesScreenshot;
  await open(lab, exercise.file, false);
  const fileName = exercise.file.split('/').pop();
  const editor = lab.page.locator('.jp-MainAreaWidget:not(.lm-mod-hidden) .jp-FileEditor .cm-content');
  await editor.waitFor({ timeout: 60000 });
  await editor.click();
  await lab.page.keyboard.press('Control+A');
  await lab.page.keyboard.insertText(exercise.text);
  const dirtyTab = lab.page.locator('.lm-TabBar-tab.jp-mod-dirty', { hasText: fileName });
  await dirtyTab.waitFor({ timeout: 10000 }); // the edit arrived
  await lab.page.keyboard.press('Control+S');
  await dirtyTab.waitFor({ state: 'detached', timeout: 30000 }); // and is saved
  console.log(`browser: ${exercise.file} replaced by the solution and saved in the file editor`);

  // Back in the notebook, the same kernel: the grading cell again.
  cells = await openNotebook(lab, name, false);
  await runCell(lab, cells, grading);
  const stdout = await outputs(cells, grading, 'stdout');
  if (!stdout.includes(`${exercise.test}: passed`) || await outputs(cells, grading, 'stderr')) {
    throw new Error(`the grading cell ${grading} of ${name} did not pass on the solution; it printed:\n${await cells.nth(grading).innerText()}`);
  }
  await cells.nth(grading).scrollIntoViewIfNeeded();
  await lab.page.screenshot({ path: exercise.passesScreenshot });
  console.log(`browser: grading cell ${grading} of ${name} passed on the solution: ${stdout.trim()} (screenshot ${exercise.passesScreenshot})`);
}

main().catch((e) => {
  console.error(`browser test failed: ${e.message}\n  screenshot: ${screenshot}`);
  process.exit(1);
});
