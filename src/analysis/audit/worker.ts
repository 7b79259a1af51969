/** A worker thread of pool.ts: audits the account sources it is given, one at a time. */
import { parentPort } from "node:worker_threads";
import { InputError } from "../../base/errors";
import type { OptInTag } from "./conditions";
import type { WorkerReply } from "./pool";
import { type AccountSource, auditSource } from "./sources";

parentPort?.on("message", async ({ id, source, tag }: { id: number; source: AccountSource; tag: OptInTag }) => {
  let reply: WorkerReply;
  try {
    reply = { id, result: await auditSource(source, tag) };
  } catch (e) {
    reply = e instanceof InputError ? { id, input: e.problems } : { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
