/**
 * Entry module of an analysis thread (analysisPool.ts): answers one job at a time
 * (answerThreadJob.ts) and posts the answer back. It says "ready" once its modules are loaded, so
 * that a thread that cannot even start is told apart from a star whose analysis killed its thread.
 */
import { parentPort } from "node:worker_threads";
import type { ThreadJob, ThreadReply } from "./analysisPool.js";
import { answerThreadJob } from "./answerThreadJob.js";

const port = parentPort!;
port.on("message", (job: ThreadJob) => void answerThreadJob(job).then((reply) => port.postMessage(reply)));
port.postMessage({ kind: "ready" } satisfies ThreadReply);
