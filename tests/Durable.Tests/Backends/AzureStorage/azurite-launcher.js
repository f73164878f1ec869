// Runs Azurite inside this node process and exits when standard input closes.
// The test process holds the write end of our stdin: if it dies (even by SIGKILL) the pipe
// closes and Azurite goes with it, so no emulator outlives the tests that started it.
// Usage: node azurite-launcher.js <path to azurite/dist/src/azurite.js> [azurite args...]
"use strict";
const path = require("path");

const entry = process.argv[2];
if (!entry) {
  console.error("azurite-launcher: missing the path of azurite.js");
  process.exit(2);
}

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

process.argv = [process.argv[0], path.resolve(entry), ...process.argv.slice(3)];
require(path.resolve(entry));
