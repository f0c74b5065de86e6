/**
 * The proxy's App Engine entry (main.ts → server.ts) as a process on 127.0.0.1, under the probe's
 * shutdown cases: SIGTERM while clients hold idle and half-sent connections (the process used to
 * stay up), and SIGTERM under keep-alive load (answers sent while draining lacked
 * `Connection: close`, and clients were reset).
 */
import { afterEach, describe, expect, it } from "vitest";
import { expectCleanDrain, startKeepAliveLoad } from "../keepAliveLoad.js";
import { openRaw, postHead } from "../rawHttp.js";
import { PROCESS_TEST_TIMEOUT_MS, startServiceProcess, type ServiceProcess } from "../serviceProcesses.js";
import { proxyEnvironment, pushAuthorization, pushBody, usePushEdges } from "./pushFixtures.js";

const edges = usePushEdges();
let proxy: ServiceProcess | undefined;

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

const startProxy = (drainTimeoutMs: number) =>
  startServiceProcess({
    nodeArgs: ["--import", "tsx", "runtime/proxy/main.ts"],
    listening: "proxy listening",
    env: { ...proxyEnvironment(edges), PIAA_PROXY_DRAIN_TIMEOUT_MS: String(drainTimeoutMs) },
  });

const pushHeaders = () => ({ "Content-Type": "application/json", Authorization: pushAuthorization() });

describe("runtime/proxy/main.ts shutdown", () => {
  it("is ready, then on SIGTERM closes idle and half-sent connections and exits 0, whatever those clients do next", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    // A drain timeout far beyond the test's bound: exiting 0 means the drain ended because
    // every connection was dealt with, not because it gave up.
    proxy = await startProxy(600_000);
    expect(await (await fetch(`${proxy.url}/readyz`)).json()).toEqual({ status: "ready" });
    const idle = await openRaw(proxy.port);
    const halfHeaders = await openRaw(proxy.port);
    halfHeaders.socket.write(postHead("/pubsub/push", { "Content-Length": String(pushBody.length) }, false));
    const halfBody = await openRaw(proxy.port);
    halfBody.socket.write(`${postHead("/pubsub/push", { ...pushHeaders(), "Content-Length": String(pushBody.length) })}${pushBody.slice(0, 40)}`);
    // Once a kept-alive push is answered, the proxy has read the other clients' bytes.
    const probe = await openRaw(proxy.port);
    probe.socket.write(`${postHead("/pubsub/push", { ...pushHeaders(), "Content-Length": String(pushBody.length) })}${pushBody}`);
    expect(await probe.status()).toBe(200);

    proxy.child.kill("SIGTERM");
    for (const client of [idle, halfHeaders, halfBody]) expect((await client.closed).text).toBe("");
    expect((await probe.closed).text).toMatch(/^HTTP\/1\.1 200/);
    expect(await proxy.exited).toBe(0);
    expect(proxy.logLines().map((line) => line.message)).toEqual(expect.arrayContaining(["draining", "drained; exiting"]));
  });

  it("drains under keep-alive load: no client is reset, answers while draining close their connection", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    proxy = await startProxy(10_000);
    const load = startKeepAliveLoad(proxy.port, 16, () => ({ path: "/pubsub/push", headers: pushHeaders(), body: pushBody }));
    await load.answered(300);
    proxy.child.kill("SIGTERM");
    const workers = await load.finished;
    expect(await proxy.exited).toBe(0);
    expectCleanDrain(workers);
  });
});
