/**
 * The shared plan (shared-plan.ts) starts first, in the background: its Terraform runs overlap the
 * apply suites, which mostly wait on the emulator.
 *
 * One AWS API emulator for the whole run (see dev/emulator.ts): started here, its address passed
 * to the test workers in SCOPED_SSM_EMULATOR, stopped by global-teardown.ts. Without moto_server or
 * cfn-lint the suites that need them skip, and this prints one line saying which; in CI
 * (CI=true) a missing tool fails the run, since a skipped check never counts as passed.
 */
import { SHARED_PLAN_VAR, startSharedPlan } from "./shared-plan";
import { EMULATOR_SUITES, EMULATOR_VAR, INSTALL_HINT, missingEmulatorTools, startEmulator } from "../../dev/emulator";

export default async function globalSetup(): Promise<void> {
  const shared = startSharedPlan();
  process.env[SHARED_PLAN_VAR] = shared.runDir;
  (globalThis as any).__scopedSsmSharedPlan = shared;
  const missing = missingEmulatorTools();
  if (missing.length > 0) {
    const what = `${missing.join(" and ")} not on PATH`;
    if (process.env.CI === "true") throw new Error(`CI needs ${what}: ${INSTALL_HINT}`);
    console.log(`\nscoped-ssm: skipped the suites that need them (${EMULATOR_SUITES.join(", ")}): ${what}; to run them: ${INSTALL_HINT}`);
  }
  if (missing.includes("moto_server")) return;
  const emulator = await startEmulator();
  process.env[EMULATOR_VAR] = emulator.endpoint;
  (globalThis as any).__scopedSsmEmulator = emulator;
}
