// nbgrader's feedback as each learner sees it on ./lab hub, in headless Chromium: the learner logs in
// on the hub's login page (name and the workshop password), lands in their JupyterLab with their
// fetched feedback file open (JupyterLab's HTML viewer), and the score nbgrader wrote at its top
// ("01-allocation-free (Score: 2.0 / 2.0)") is read from the page. One Chromium, one browser context
// (own cookies) per learner. A screenshot of each learner's screen.
// usage: node hub-feedback.js PLAN.json
//   PLAN.json, written by lab-src/python/test_hub.py: {"base": "http://127.0.0.1:PORT", "password",
//   "learners": [{"name", "path" (the feedback file in their folder), "screenshot"}]}.
// Prints one JSON line: {"NAME": "the score text shown", ...}; the test compares it. Exit 1 when a
// page did not show a score in time (with a screenshot of what it showed).
const fs = require('fs');
const { chromium, launchOptions } = require('./chromium');

if (process.argv.length !== 3) {
  console.error('usage: node hub-feedback.js PLAN.json');
  process.exit(2);
}
const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// Logs name in through the hub's login form, which then sends the browser on to `next`: the
// feedback file opened in the learner's JupyterLab. The score text shown in it.
async function feedbackScore(browser, learner) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    const where = learner.path.split('/').map(encodeURIComponent).join('/');
    const next = `/user/${learner.name}/lab/tree/${where}?reset`;
    await page.goto(`${plan.base}/hub/login?next=${encodeURIComponent(next)}`);
    await page.locator('#username_input').fill(learner.name);
    await page.locator('#password_input').fill(plan.password);
    await page.locator('#login_submit').click();
    await page.waitForURL(`**/user/${learner.name}/lab/**`, { timeout: 60000 });
    // JupyterLab's HTML viewer shows the file in an iframe; nbgrader's heading carries the score.
    const heading = page.frameLocator('.jp-HTMLViewer iframe').locator('h4', { hasText: 'Score:' }).first();
    await heading.waitFor({ timeout: 60000 });
    const text = (await heading.innerText()).trim();
    await page.screenshot({ path: learner.screenshot });
    return text;
  } catch (e) {
    await page.screenshot({ path: learner.screenshot }).catch(() => {});
    throw new Error(`${learner.name}: ${e.message.split('\n')[0]} (screenshot ${learner.screenshot})`);
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await chromium.launch(launchOptions());
  try {
    const shown = {};
    for (const learner of plan.learners) shown[learner.name] = await feedbackScore(browser, learner);
    console.log(JSON.stringify(shown));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`hub feedback in the browser failed: ${e.message}`);
  process.exit(1);
});
