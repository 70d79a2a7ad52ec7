// e2e needs a Chromium; Playwright's own browser download cannot work offline.
import { existsSync } from "node:fs";
const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(path)) {
  console.error(
    `No Chromium at ${path}. Install Debian's: sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium/Chrome binary).`,
  );
  process.exit(1);
}
