/** Stops the run's AWS API emulator (global-setup.ts), whatever the tests did. */
import type { Emulator } from "../../dev/emulator";

export default async function globalTeardown(): Promise<void> {
  const emulator = (globalThis as any).__scopedSsmEmulator as Emulator | undefined;
  await emulator?.stop();
}
