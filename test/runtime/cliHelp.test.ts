/**
 * Issue 22 item 12: what `--help` and the README promise covers what the commands read. Every
 * list here is derived — commands and options from the commander program, environment variables
 * from the sources and from the config readers themselves (a recording environment) — so a
 * command, option or variable added later is held to the same rule without editing this file.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandTree, createProgram } from "../../runtime/cli.js";
import { readCombinerConfig } from "../../runtime/combiner/config.js";
import { readProxyConfig } from "../../runtime/proxy/config.js";
import { runPiaa } from "../piaaCli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `serve combiner` for the command of that name. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** The whole help of a command, as `piaa … --help` prints it (addHelpText included). */
function helpOf(command: Command): string {
  let text = "";
  command.configureOutput({ writeOut: (chunk) => void (text += chunk), writeErr: (chunk) => void (text += chunk) });
  command.outputHelp();
  return text;
}

const leafCommands = (program: Command): Command[] => commandTree(program).filter((command) => command.commands.length === 0);

/** Every environment variable a source file reads: `env.NAME`, `env["NAME"]`, `(env, "NAME"`, `.env("NAME")`. */
function variablesRead(text: string): string[] {
  const patterns = [/\benv\.([A-Z][A-Z0-9_]+)\b(?!\s*=[^=])/g, /\benv\[\s*"([A-Z][A-Z0-9_]+)"\s*\]/g, /\(env, "([A-Z][A-Z0-9_]+)"/g, /\.env\("([A-Z][A-Z0-9_]+)"\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The environment a config reader reads, recorded while it reads a complete valid one. */
function recordReads(read: (env: Record<string, string | undefined>) => unknown, valid: Record<string, string>): string[] {
  const seen = new Set<string>();
  const env = new Proxy(valid, {
    get: (target, key) => {
      if (typeof key === "string") seen.add(key);
      return target[key as string];
    },
  });
  read(env);
  return [...seen];
}

/** The rows of the README's `## Commands` table: first cell, whole row; and the prose above it. */
function readmeCommands(): { rows: { command: string; row: string }[]; preamble: string } {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Commands"), readme.indexOf("\n## ", readme.indexOf("## Commands") + 1));
  const preamble = section.slice(0, section.indexOf("\n|"));
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| `piaa "))
    .map((row) => ({ command: /^\| `piaa ([a-z][a-z ]*[a-z])/.exec(row)![1]!, row }));
  return { rows, preamble };
}

describe("piaa --help and the README command table (issue 22 item 12)", () => {
  it("lists every option of every command in its --help, each with its environment variable", async () => {
    for (const command of commandTree(await createProgram())) {
      const help = helpOf(command);
      for (const option of command.options) {
        expect(option.hidden, `${pathOf(command)} ${option.flags}`).toBe(false);
        expect(help, `${pathOf(command)} --help: ${option.flags}`).toContain(option.flags);
        if (option.envVar) expect(help, `${pathOf(command)} --help: ${option.envVar}`).toContain(option.envVar);
      }
    }
  });

  it("says what every option of every command is for", async () => {
    // An option listed without a description tells a user its name only.
    for (const command of commandTree(await createProgram())) {
      for (const option of command.options) expect(option.description.trim(), `${pathOf(command)} ${option.flags}`).not.toBe("");
    }
  });

  it("names every variable the service configs read in their --help", async () => {
    const program = await createProgram();
    const help = (name: string) => helpOf(commandTree(program).find((command) => pathOf(command) === name)!);
    const combinerReads = recordReads(readCombinerConfig, { PIAA_COMBINER_TOKEN: "x".repeat(32) });
    const proxyReads = recordReads(readProxyConfig, {
      PIAA_COMBINER_URL: "http://127.0.0.1:1",
      PIAA_COMBINER_TOKEN: "x".repeat(32),
      PIAA_PUSH_AUDIENCE: "aud",
      PIAA_PUSH_SERVICE_ACCOUNT: "push@project.iam.gserviceaccount.com",
    });
    expect(combinerReads.length).toBeGreaterThan(8);
    for (const name of combinerReads) expect(help("serve combiner"), name).toContain(name);
    for (const name of proxyReads) expect(help("serve proxy"), name).toContain(name);
  });

  it("names every environment variable the command-line sources read in some command's --help", async () => {
    const program = await createProgram();
    const allHelp = [program, ...commandTree(program)].map(helpOf).join("\n");
    const read = new Set(["runtime", "infra/plan", "policies"].flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) => variablesRead(readFileSync(file, "utf8"))));
    expect(read).toContain("PIAA_GCS_API_ENDPOINT");
    for (const name of read) expect(allHelp, name).toContain(name);
  });

  it("has a README row for every command naming each of its options, and no row for a command that does not exist", async () => {
    const { rows, preamble } = readmeCommands();
    const commands = leafCommands(await createProgram());
    for (const command of commands) {
      const row = rows.find((r) => r.command === pathOf(command));
      expect(row, `README row for piaa ${pathOf(command)}`).toBeDefined();
      for (const option of command.options) {
        // --bucket (and --json) are described once, above the table, for every command.
        const where = option.long === "--bucket" ? preamble : row!.row;
        expect(where, `README: piaa ${pathOf(command)} ${option.long}`).toContain(option.long!);
      }
    }
    for (const { command } of rows) expect(commands.map(pathOf), `README row piaa ${command}`).toContain(command);
  });

  it("states the exit statuses in piaa --help and prints the version", { timeout: 300_000 }, async () => {
    const [help, version] = await Promise.all([runPiaa("--help"), runPiaa("--version")]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit status: 0 success; 1 a finding you asked about .*\n2 usage or input error; 3 environment or service failure .*\n70 a bug in piaa .*; 130 interrupted/);
    const { version: expected } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(version).toEqual({ code: 0, stdout: `${expected}\n`, stderr: "" });
  });
});
