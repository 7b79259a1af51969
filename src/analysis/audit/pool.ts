/**
 * Auditing many accounts on every core: a pool of worker threads (worker.ts, compiled to worker.js
 * beside this file) takes account sources one at a time, so that at most one account per thread is
 * in memory while it is audited. Without the compiled worker (the tests run the TypeScript sources),
 * with one thread, or with one source, the accounts are audited in this thread, by the same
 * function: both give the same reports.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { InputError, type InputProblem } from "../../base/errors";
import type { OptInTag } from "./conditions";
import { type AccountSource, type SourceResult, auditSource } from "./sources";

export const WORKER_FILE = join(__dirname, "worker.js");

export interface PoolOptions {
  /** Threads to use; default: every core. 1: this thread only. */
  threads?: number;
  /** The compiled worker; default: worker.js beside this file. */
  workerFile?: string;
}

/** What a worker sends back: a result, or the error (bad input keeps its problems). */
export type WorkerReply = { id: number; result: SourceResult } | { id: number; input: InputProblem[] } | { id: number; error: string };

/** How many threads an audit of these sources uses. */
export function threadsFor(sources: number, opts: PoolOptions = {}): number {
  const wanted = opts.threads ?? availableParallelism();
  if (wanted <= 1 || sources <= 1 || !existsSync(opts.workerFile ?? WORKER_FILE)) return 1;
  return Math.min(wanted, sources);
}

/** Every source's result, in the sources' order. The first source (in that order) that fails throws its error. */
export async function auditSources(sources: AccountSource[], tag: OptInTag, opts: PoolOptions = {}): Promise<SourceResult[]> {
  const threads = threadsFor(sources.length, opts);
  if (threads === 1) {
    const out: SourceResult[] = [];
    for (const s of sources) out.push(await auditSource(s, tag));
    return out;
  }
  const results: (SourceResult | undefined)[] = new Array(sources.length);
  const errors: (Error | undefined)[] = new Array(sources.length);
  let next = 0;
  const run = (worker: Worker) =>
    new Promise<void>((done, fail) => {
      const give = () => {
        if (next >= sources.length) return done();
        const id = next++;
        worker.postMessage({ id, source: sources[id], tag });
      };
      worker.on("message", (reply: WorkerReply) => {
        if ("result" in reply) results[reply.id] = reply.result;
        else errors[reply.id] = "input" in reply ? new InputError(reply.input) : new Error(reply.error);
        give();
      });
      worker.on("error", fail);
      give();
    });
  const workers = Array.from({ length: threads }, () => new Worker(opts.workerFile ?? WORKER_FILE));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const failed = errors.findIndex((e) => e !== undefined);
  if (failed >= 0) throw errors[failed];
  return results as SourceResult[];
}
