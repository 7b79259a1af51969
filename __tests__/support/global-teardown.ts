/** Stops the run's AWS API emulator and shared plan (global-setup.ts), whatever the tests did. */
import type { Emulator } from "../../dev/emulator";
import { stopSharedPlan } from "./shared-plan";

export default async function globalTeardown(): Promise<void> {
  const emulator = (globalThis as any).__scopedSsmEmulator as Emulator | undefined;
  if (emulator && process.env.SCOPED_SSM_TIMINGS) {
    // utime and stime, in clock ticks (100 per second on Linux), fields 14 and 15 of /proc/PID/stat.
    const fields = require("node:fs").readFileSync(`/proc/${emulator.process.pid}/stat`, "utf8").split(") ")[1].split(" ");
    console.log(`moto_server CPU: ${(Number(fields[11]) + Number(fields[12])) / 100} s`);
  }
  await emulator?.stop();
  const shared = (globalThis as any).__scopedSsmSharedPlan;
  if (shared) stopSharedPlan(shared.child, shared.runDir);
}
