/**
 * Usage errors name what is wrong as the user typed it: the option of a bad date (--start here;
 * simulateOptions.test.ts covers --end) and one unknown star in the singular.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { resolveOptions } from "../../../runtime/simulator/simulateOptions.js";

const refusal = (options: Parameters<typeof resolveOptions>[0]): unknown => {
  try {
    resolveOptions(options);
  } catch (error) {
    return error;
  }
  throw new Error(`resolveOptions accepted ${JSON.stringify(options)}`);
};

describe("resolveOptions' usage errors", () => {
  it("name --start for a --start that is not a date", () => {
    const error = refusal({ start: "2026-02-30" });
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('--start must be a date like 2026-08-01 (got "2026-02-30")');
  });

  it("say 'unknown star' for one unknown star and 'unknown stars' for several", () => {
    expect((refusal({ stars: ["tatooine"] }) as Error).message).toMatch(/^unknown star "tatooine"; known: /);
    expect((refusal({ stars: ["vega", "tatooine", "hoth"] }) as Error).message).toMatch(/^unknown stars "tatooine", "hoth"; known: /);
  });
});
