/**
 * The option parsers and error printer every `piaa` subcommand shares (commandLine.ts): the
 * boundaries of the accepted values, and the messages that name the option and the value.
 */
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { bucketOption, jsonOption, piaaCommand, portNumber, positiveInteger, reportError, UsageError } from "../../../runtime/core/commandLine.js";
import { DEFAULT_BUCKET } from "../../../runtime/core/store/openObjectStore.js";

describe("positiveInteger", () => {
  const parse = positiveInteger("--units");

  it.each([["1", 1], ["7", 7], ["1e3", 1000]])("accepts %s", (text, value) => {
    expect(parse(text)).toBe(value);
  });

  it.each(["0", "-1", "1.5", "abc", ""])("refuses %j, naming the option and the value", (text) => {
    expect(() => parse(text)).toThrow(UsageError);
    expect(() => parse(text)).toThrow(`--units must be a positive integer (got ${JSON.stringify(text)})`);
  });
});

describe("portNumber", () => {
  const parse = portNumber("--port");

  it.each([["0", 0], ["8080", 8080], ["65535", 65_535], [" 80 ", 80]])("accepts %j", (text, value) => {
    expect(parse(text)).toBe(value);
  });

  it.each(["65536", "-1", "80.5", "1e3", "http", "8080x", "x8080"])("refuses %j, naming the option", (text) => {
    expect(() => parse(text)).toThrow(UsageError);
    expect(() => parse(text)).toThrow(`--port must be an integer from 0 to 65535 (got ${JSON.stringify(text)})`);
  });
});

describe("the shared options", () => {
  it("--bucket defaults to the embedded bucket and reads PIAA_BUCKET", () => {
    const option = bucketOption();
    expect(option.flags).toBe("--bucket <url>");
    expect(option.defaultValue).toBe(DEFAULT_BUCKET);
    expect(option.envVar).toBe("PIAA_BUCKET");
    expect(option.description).toMatch(/gs:\/\//);
  });

  it("--json is a flag without a value", () => {
    const option = jsonOption();
    expect(option.long).toBe("--json");
    expect(option.required || option.optional).toBe(false);
    expect(option.description).not.toBe("");
  });

  it("a piaa subcommand carries its name, description and --bucket", () => {
    const command = piaaCommand("stars", "list the merged stars");
    expect(command.name()).toBe("stars");
    expect(command.description()).toBe("list the merged stars");
    expect(command.options.map((o) => o.long)).toEqual(["--bucket"]);
    expect(command.parse(["--bucket", "gs://b"], { from: "user" }).opts().bucket).toBe("gs://b");
  });
});

describe("reportError, the less common cases", () => {
  const report = (error: unknown, logLevel?: string) => {
    let text = "";
    const status = reportError(error, { write: (chunk: string) => ((text += chunk), true) }, logLevel);
    return { status, text };
  };

  it("prints nothing for commander's help or version (exit 0)", () => {
    expect(report(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), "debug")).toEqual({ status: 0, text: "" });
  });

  it("shows the stack with LOG_LEVEL=trace as with debug, and not with info", () => {
    expect(report(new UsageError("bad"), "trace").text).toMatch(/^piaa: bad\nUsageError: bad\n\s+at /);
    expect(report(new UsageError("bad"), "info").text).toBe("piaa: bad\n");
    expect(report(new UsageError("bad")).text).toBe("piaa: bad\n");
  });

  it("prints a thrown non-Error as text, as a bug (it has no stack to show, even at debug)", () => {
    expect(report("a string", "debug")).toEqual({
      status: 70,
      text: "piaa: internal error: a string\n  (a bug in piaa: run again with LOG_LEVEL=debug for the stack trace, and report it)\n",
    });
  });
});
