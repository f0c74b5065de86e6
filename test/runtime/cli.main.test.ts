/**
 * `main` of bin/piaa.js run in this process (cli.test.ts and cliHelp.test.ts spawn the bin, which
 * mutation runs cannot see): what it prints and the exit status it sets.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../runtime/cli.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `piaa ...args` through main, collecting stdout and stderr and the exit status it set. */
async function piaaHere(...args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  const out = { stdout: "", stderr: "" };
  const collect = (key: "stdout" | "stderr") => (text: string | Uint8Array) => {
    out[key] += String(text);
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(collect("stdout"));
  vi.spyOn(process.stderr, "write").mockImplementation(collect("stderr"));
  process.exitCode = undefined;
  await main(["node", "piaa", ...args]);
  const status = Number(process.exitCode ?? 0);
  vi.restoreAllMocks();
  return { ...out, status };
}

describe("piaa main, in process", () => {
  it("prints the package version for -V and --version, with status 0", async () => {
    for (const flag of ["-V", "--version"]) {
      expect(await piaaHere(flag)).toEqual({ stdout: `${version}\n`, stderr: "", status: 0 });
    }
  });

  it("prints the exit statuses and the environment it reads after the help, with status 0", async () => {
    const { stdout, status } = await piaaHere("--help");
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: piaa /);
    expect(stdout).toContain("PANOPTES Image Analysis: light-curve pipeline, local and on Google Cloud");
    expect(stdout).toMatch(/^ {2}-V, --version +print the piaa version$/m);
    expect(stdout).toContain("Environment: PIAA_BUCKET (default --bucket), LOG_LEVEL (debug: stack traces with errors),\nPIAA_GCS_API_ENDPOINT");
    for (const name of ["serve", "simulate", "start", "sizing", "completeness", "plan", "policy"]) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });

  it("refuses an unknown command with the help after the error, status 2, and a subcommand's bad option with its message", async () => {
    const unknown = await piaaHere("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(unknown.stderr).toMatch(/Usage: piaa /);
    const bad = await piaaHere("sizing", "--units", "0");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('piaa: --units must be a positive integer (got "0")\n');
    // A subcommand's own usage error (commander's) is thrown, not process.exit(1)-ed: status 2.
    const missing = await piaaHere("sizing");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/required option '--units <n>'/);
  });

  it("lists the serve subcommand of each service", async () => {
    const { stdout } = await piaaHere("serve", "--help");
    for (const service of ["proxy", "combiner", "analyzer", "dashboard"]) expect(stdout).toMatch(new RegExp(`^  ${service}\\b`, "m"));
  });
});
