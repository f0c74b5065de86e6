import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/errors.js";
import { exitStatusOf } from "../../../runtime/core/exitStatus.js";
import type { LIST_PRICES } from "../../../runtime/sizing/listPrices.js";
import { sizingCommand } from "../../../runtime/sizing/sizingCommand.js";
import { runCommand } from "../../piaaCli.js";

describe("piaa sizing", () => {
  it("prints the figures and each service's monthly cost; --json carries the same numbers with the price table", async () => {
    const text = await runCommand(sizingCommand, "--units", "10");
    expect(text.error).toBeUndefined();
    expect(text.stdout).toMatch(/segments per night\s+60,000\n/);
    expect(text.stdout).toMatch(/combiner replicas\s+7 \(at 10\.7 segments\/s each\)/);
    expect(text.stdout).toMatch(/ {2}total\s+\$460\.38\n/);
    const json = JSON.parse((await runCommand(sizingCommand, "--units", "10", "--stars-per-field", "500", "--nights-per-month", "10", "--json")).stdout) as {
      segmentsPerMonth: number;
      survey: unknown;
      listPrices: typeof LIST_PRICES;
    };
    // 10 units × 2 cameras × 500 stars × 3 visits × 10 nights.
    expect(json.segmentsPerMonth).toBe(300_000);
    expect(json.survey).toEqual({ units: 10, starsPerField: 500, nightsPerMonth: 10 });
    expect(Object.values(json.listPrices).every((price) => price.source.startsWith("https://cloud.google.com/") && price.read.startsWith("2026-"))).toBe(true);
  });

  it.each([
    [["--units", "0"], /--units must be a positive integer/],
    [["--units", "1001"], /--units must be at most 1000/],
    [["--units", "ten"], /--units must be a positive integer \(got "ten"\)/],
    [["--units", "5", "--nights-per-month", "32"], /--nights-per-month must be at most 31/],
    [["--units", "5", "--stars-per-field", "2.5"], /--stars-per-field must be a positive integer/],
  ])("refuses %j with a usage error (exit 2) naming the option", async (args, message) => {
    const { error } = await runCommand(sizingCommand, ...args);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(exitStatusOf(error)).toBe(2);
  });

  it("requires --units (exit 2)", async () => {
    const { error, stderr } = await runCommand(sizingCommand);
    expect(stderr).toMatch(/required option '--units <n>'/);
    expect(exitStatusOf(error)).toBe(2);
  });
});
