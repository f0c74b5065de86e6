import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../runtime/core/errors.js";
import { parseStarTableQuery } from "../../../runtime/dashboard/starTableQuery.js";

// The star table's URL settings as users type or bookmark them: a value it cannot use is a 400
// whose message names the parameter, repeats the value and says what would do; a parameter given
// twice (`?sort=sde&sort=pic`, which express reads as an array) counts once, by its first value.
describe("the star table's URL settings", () => {
  it.each([
    [{ order: "up" }, 'invalid request: order: "up" is not asc or desc'],
    [{ order: "ASC" }, 'invalid request: order: "ASC" is not asc or desc'],
    [{ page: "0" }, 'invalid request: page: "0" is not a page number'],
    [{ page: "two" }, 'invalid request: page: "two" is not a page number'],
    [{ page: "-3" }, 'invalid request: page: "-3" is not a page number'],
    [{ page: "1.5" }, 'invalid request: page: "1.5" is not a page number'],
    [{ page: "12345678" }, 'invalid request: page: "12345678" is not a page number'],
    [{ sort: "mass" }, 'invalid request: sort: "mass" is not one of pic, name, points, segments, units, cdppR, cdppG, cdppB, period, depth, snr, sde, observed'],
  ])("refuses %j, naming the parameter, the value and what it takes", (query, message) => {
    let refusal: unknown;
    try {
      parseStarTableQuery(query);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidRequestError);
    expect((refusal as Error).message).toBe(message);
  });

  it("takes pages up to seven digits", () => {
    expect(parseStarTableQuery({ page: "9999999" }).page).toBe(9_999_999);
    expect(parseStarTableQuery({ page: "007" }).page).toBe(7);
  });

  it("reads a parameter given twice by its first value", () => {
    expect(parseStarTableQuery({ sort: ["sde", "pic"], order: ["asc", "desc"], page: ["3", "1"], q: ["  hd 189 ", "x"], candidates: ["1", "0"] })).toEqual({
      q: "hd 189",
      candidates: true,
      sort: "sde",
      order: "asc",
      page: 3,
    });
  });

  it("ignores a parameter whose value is not text (express's nested ?sort[a]=b), as if it were absent", () => {
    expect(parseStarTableQuery({ sort: { a: "b" }, order: [{ a: "b" }], page: [], q: 5, candidates: ["0"] })).toEqual({
      q: "",
      candidates: false,
      sort: "pic",
      order: "asc",
      page: 1,
    });
  });

  it("orders by the default sort ascending and by any other descending, unless told", () => {
    expect(parseStarTableQuery({}).order).toBe("asc");
    expect(parseStarTableQuery({ sort: "snr" }).order).toBe("desc");
    expect(parseStarTableQuery({ sort: "snr", order: "asc" }).order).toBe("asc");
  });
});
