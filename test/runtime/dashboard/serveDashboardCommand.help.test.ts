import { describe, expect, it } from "vitest";
import { serveDashboardCommand } from "../../../runtime/dashboard/serveDashboardCommand.js";

// `piaa serve dashboard --help` says what the command does and lists its options (the spawned-CLI
// tests do not see mutants here).
describe("piaa serve dashboard --help", () => {
  it("describes the command as a read-only dashboard of a bucket, with --port and --host", () => {
    const help = serveDashboardCommand({ stdout: () => undefined, stderr: () => undefined }).helpInformation();
    expect(help).toContain("serve the dashboard of a bucket (read-only: star table, star pages, plots)");
    expect(help).toMatch(/--port <port>\s+port to listen on \(0: any free port\)/);
    expect(help).toMatch(/--host <address>\s+address to listen on/);
  });
});
