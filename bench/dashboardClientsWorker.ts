/**
 * The push-path bench's dashboard clients (pushPath.ts) on a thread of the bench process, so that
 * their work (reading 25 clients' answers) does not delay the prober's own event loop and the
 * prober times the proxy, not the bench. Loads, says "ready", runs the clients on "go", answers
 * with every answer.
 */
import { parentPort, workerData } from "node:worker_threads";
import { dashboardClients } from "../test/runtime/dashboard/dashboardLoad.js";

const { base, clients } = workerData as { base: string; clients: string[][] };
parentPort!.once("message", async () => {
  parentPort!.postMessage({ type: "done", answers: await dashboardClients(base, clients) });
});
parentPort!.postMessage({ type: "ready" });
