import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { serveDashboardCommand } from "../../../runtime/dashboard/serveDashboardCommand.js";

// `piaa serve dashboard --port`: a value that is not a port number is a usage error naming the
// option, before any store is opened or socket bound (spawned-CLI tests do not see mutants here).
const silent = { stdout: () => undefined, stderr: () => undefined };

describe("piaa serve dashboard --port", () => {
  it.each(["12a", "a12", "65536", "70000", "-1", ""])("refuses %j as a usage error naming --port", async (port) => {
    const parse = serveDashboardCommand(silent).parseAsync(["--bucket", "/nonexistent/piaa-bucket", "--host", "127.0.0.1", "--port", port], { from: "user" });
    await expect(parse).rejects.toThrow(UsageError);
    await expect(parse).rejects.toThrow(`--port must be a port number from 0 to 65535 (got ${JSON.stringify(port)})`);
  });
});
