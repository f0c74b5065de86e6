import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { InfraConfigError } from "../../../infra/configValues.js";
import { reportError } from "../../../runtime/core/commandLine.js";
import {
  BucketUnavailableError,
  FindingError,
  InvalidBucketError,
  NotFoundError,
  OutputPathError,
  StarNotFoundError,
  StoreUnavailableError,
  UsageError,
} from "../../../runtime/core/errors.js";
import { EXIT_STATUS, exitStatusOf } from "../../../runtime/core/exitStatus.js";
import { nearestName } from "../../../runtime/core/nearestName.js";

const systemError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed, open '/x'`), { code, syscall: "open", path: "/x" });

describe("exitStatusOf: the one map from errors to piaa exit statuses", () => {
  it.each<[string, unknown, number]>([
    ["help shown", new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), 0],
    ["unknown option", new CommanderError(1, "commander.unknownOption", "error: unknown option"), 2],
    ["bad option value", new UsageError("--units must be a positive integer"), 2],
    ["config key", new InfraConfigError("combiner:replicas", "config combiner:replicas = \"abc\" is invalid"), 2],
    ["bucket is a file", new InvalidBucketError("/etc/passwd", "is a file"), 2],
    ["unwritable --out", new OutputPathError("/x", "permission denied"), 2],
    ["no such star", new StarNotFoundError("PIC_J0000000+000000", "no star"), 2],
    ["object not found", new NotFoundError("MLC/PIC_J0000000+000000.json"), 2],
    ["policy violation", new FindingError("prod", "1 mandatory policy violation(s)"), 1],
    ["bucket missing", new BucketUnavailableError("/nope", "no such directory"), 3],
    ["store failing", new StoreUnavailableError("LC/x", "GCS answered 503"), 3],
    ["disk full", systemError("ENOSPC"), 3],
    ["a bug", new TypeError("cannot read properties of undefined"), 70],
  ])("%s", (_, error, status) => {
    expect(exitStatusOf(error)).toBe(status);
  });
});

describe("reportError", () => {
  const report = (error: unknown, logLevel?: string) => {
    let text = "";
    const status = reportError(error, { write: (chunk: string) => ((text += chunk), true) }, logLevel);
    return { status, text };
  };

  it("prints an expected failure as one line without a stack trace", () => {
    expect(report(new InvalidBucketError("/etc/passwd", "is a file, not a directory"))).toEqual({
      status: EXIT_STATUS.usage,
      text: "piaa: bucket /etc/passwd: is a file, not a directory\n",
    });
  });

  it("says a bug is one, and shows its stack only with LOG_LEVEL=debug", () => {
    const plain = report(new TypeError("x is undefined"));
    expect(plain.status).toBe(70);
    expect(plain.text).toMatch(/^piaa: internal error: x is undefined\n {2}\(a bug in piaa: run again with LOG_LEVEL=debug for the stack trace, and report it\)\n$/);
    const debug = report(new TypeError("x is undefined"), "debug");
    expect(debug.text).toMatch(/^piaa: internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
    expect(report(new UsageError("--units must be a positive integer"), "debug").text).toMatch(/^piaa: --units must be a positive integer\nUsageError: .*\n\s+at /);
  });

  it("leaves commander's own errors to commander, which printed them already", () => {
    expect(report(new CommanderError(1, "commander.unknownOption", "error: unknown option '--x'"))).toEqual({ status: 2, text: "" });
  });
});

describe("nearestName", () => {
  const keys = ["combiner:replicas", "combiner:maxReplicas", "proxy:minInstances", "gcp:region"];
  it.each<[string, string | undefined]>([
    ["combiner:replicaz", "combiner:replicas"],
    ["Combiner:Replicas", "combiner:replicas"],
    ["proxy:minInstance", "proxy:minInstances"],
    ["gcp:regoin", "gcp:region"],
    ["foo:bar", undefined],
  ])("%s → %s", (name, expected) => {
    expect(nearestName(name, keys)).toBe(expected);
  });
});
