/**
 * The options of `piaa serve proxy`, `serve combiner` and `serve analyzer`, parsed in process with the action
 * replaced (the real one listens; commandLine.test.ts and serveProxyDashboard.test.ts run it in
 * child processes): a service started by hand listens on loopback unless told otherwise, and a
 * bad --port is refused naming the flag.
 */
import type { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serveAnalyzerCommand } from "../../runtime/analyzer/serveAnalyzerCommand.js";
import { serveCombinerCommand } from "../../runtime/combiner/serveCombinerCommand.js";
import { serveProxyCommand } from "../../runtime/proxy/serveProxyCommand.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The options the action would get, or what parsing threw. */
async function parsedOptions(build: () => Command, ...args: string[]): Promise<Record<string, unknown>> {
  let received: Record<string, unknown> = {};
  const command = build()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .action((options: Record<string, unknown>) => void (received = options));
  await command.parseAsync(args, { from: "user" });
  return received;
}

describe.each([
  { name: "serve proxy", build: serveProxyCommand, hostVariable: "PIAA_PROXY_HOST" },
  { name: "serve combiner", build: serveCombinerCommand, hostVariable: "PIAA_COMBINER_HOST" },
  { name: "serve analyzer", build: serveAnalyzerCommand, hostVariable: "PIAA_ANALYZER_HOST" },
])("piaa $name", ({ build, hostVariable }) => {
  it("listens on 127.0.0.1 unless --host or its variable says otherwise", async () => {
    vi.stubEnv(hostVariable, undefined);
    vi.stubEnv("PORT", undefined);
    const defaults = await parsedOptions(build, "--bucket", "/tmp/b");
    expect(defaults.host).toBe("127.0.0.1");
    expect(defaults.port).toBeUndefined();
    expect(await parsedOptions(build, "--bucket", "/tmp/b", "--host", "0.0.0.0", "--port", "8080")).toMatchObject({ host: "0.0.0.0", port: 8080 });
    vi.stubEnv(hostVariable, "::1");
    vi.stubEnv("PORT", "9090");
    expect(await parsedOptions(build, "--bucket", "/tmp/b")).toMatchObject({ host: "::1", port: 9090 });
  });

  it("refuses a --port that is not a port, naming the flag", async () => {
    await expect(parsedOptions(build, "--bucket", "/tmp/b", "--port", "abc")).rejects.toThrow(/^--port must be an integer from 0 to 65535 \(got "abc"\)/);
  });
});
