// Mocha reporter used by scripts/test-all.mjs: the usual `spec` output, plus the counts written
// as JSON to the file named by $ANALYST_MARKUP_MOCHA_COUNTS when the run ends.
'use strict';
const fs = require('fs');
const Spec = require('mocha/lib/reporters/spec');

class CountReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.ANALYST_MARKUP_MOCHA_COUNTS;
    runner.once('end', () => {
      if (!file) return;
      const s = runner.stats || {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 }) + '\n');
    });
  }
}

module.exports = CountReporter;
