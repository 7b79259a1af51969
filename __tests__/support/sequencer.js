// The apply suites wait on the emulator and on the AWS provider's pollers far more than they
// compute: started first, they overlap the CPU-bound suites instead of trailing after them (a new
// file has no recorded duration, and jest would otherwise start it by its size).
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = ["emulator-apply.test.ts", "cdktf-deploy-apply.test.ts"];
const rank = (path) => {
  const i = FIRST.findIndex((name) => path.endsWith(name));
  return i === -1 ? FIRST.length : i;
};

class ApplySuitesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = ApplySuitesFirst;
