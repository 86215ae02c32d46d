// What every browser script of the lab shares: Debian's Chromium (not a downloaded one), started
// headless with flags that keep it off the (closed) network, and the wait for a JupyterLab server.
const { chromium } = require('playwright-core');

/** Playwright's launch options for the system Chromium ($LAB_CHROMIUM, else /usr/bin/chromium). */
function launchOptions() {
  return {
    executablePath: process.env.LAB_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  };
}

/** Waits up to 60 s for a Jupyter server at origin to answer its status API. */
async function waitForServer(origin, token) {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${origin}/api/status?token=${token}`);
      if (r.ok) return;
    } catch (e) { /* not listening yet */ }
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`JupyterLab did not answer at ${origin} within 60 s`);
}

module.exports = { chromium, launchOptions, waitForServer };
