/**
 * Runs the leak scan (`99-leak-scan.test.ts`) after every other test file, which it needs; all
 * other files keep jest's own order.
 */
"use strict";
const Sequencer = require("@jest/test-sequencer").default;

class LeakScanLast extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const isScan = (test) => /99-leak-scan\.test\.ts$/.test(test.path);
    return [...ordered.filter((t) => !isScan(t)), ...ordered.filter(isScan)];
  }
}

module.exports = LeakScanLast;
