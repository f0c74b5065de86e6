import { afterEach, describe, expect, it } from "vitest";
import { serveDashboardCommand } from "../../../runtime/dashboard/serveDashboardCommand.js";

// What `piaa serve dashboard` would listen on, as parsed from its options and PORT (README: the
// dashboard of a bucket on its own; App Engine and Cloud Run set PORT). The command's action, which
// opens the store and binds the socket, is replaced by one that keeps the parsed options: the
// refusals are serveDashboardCommand.port's, the listening is serveDashboard's (a process).
const silent = { stdout: () => undefined, stderr: () => undefined };
const savedPort = process.env.PORT;

async function parsedOptions(args: string[]): Promise<{ port: number; host: string; bucket: string }> {
  let parsed: { port: number; host: string; bucket: string } | undefined;
  await serveDashboardCommand(silent)
    .action((options: { port: number; host: string; bucket: string }) => void (parsed = options))
    .parseAsync(["--bucket", "/nonexistent/piaa-bucket", ...args], { from: "user" });
  return parsed!;
}

afterEach(() => {
  if (savedPort === undefined) delete process.env.PORT;
  else process.env.PORT = savedPort;
});

describe("piaa serve dashboard's address", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    ["8081", 8081],
    ["65535", 65_535],
    ["0080", 80],
  ])("takes --port %s as port %i", async (text, port) => {
    delete process.env.PORT;
    expect((await parsedOptions(["--port", text])).port).toBe(port);
  });

  it("listens on 127.0.0.1:8080 unless told otherwise", async () => {
    delete process.env.PORT;
    expect(await parsedOptions([])).toMatchObject({ port: 8080, host: "127.0.0.1" });
    expect(await parsedOptions(["--host", "0.0.0.0"])).toMatchObject({ port: 8080, host: "0.0.0.0" });
  });

  it("takes the port from PORT when --port is not given, and --port over PORT", async () => {
    process.env.PORT = "9099";
    expect((await parsedOptions([])).port).toBe(9099);
    expect((await parsedOptions(["--port", "9100"])).port).toBe(9100);
  });
});
