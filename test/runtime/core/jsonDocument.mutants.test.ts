/** parseJsonDocument: bad JSON and schema faults as one InvalidDocumentError naming the object and the path. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { parseJsonDocument } from "../../../runtime/core/jsonDocument.js";

const schema = z.object({ pic: z.string(), points: z.array(z.object({ t: z.number() })) });
const name = "MLC/PIC_J0326137+295015.json";

describe("parseJsonDocument", () => {
  it("reads a document from a string or from bytes at an offset in a larger buffer", () => {
    const text = '{"pic":"P","points":[{"t":1}]}';
    expect(parseJsonDocument(name, text, schema)).toEqual({ pic: "P", points: [{ t: 1 }] });
    const padded = Buffer.from(`xxxx${text}yyyy`);
    expect(parseJsonDocument(name, padded.subarray(4, 4 + text.length), schema)).toEqual({ pic: "P", points: [{ t: 1 }] });
    expect(parseJsonDocument(name, new Uint8Array(Buffer.from(text)), schema)).toEqual({ pic: "P", points: [{ t: 1 }] });
  });

  it("names the object and says the JSON is bad", () => {
    const parse = () => parseJsonDocument(name, "{not json", schema);
    expect(parse).toThrow(InvalidDocumentError);
    expect(parse).toThrow(/^invalid document MLC\/PIC_J0326137\+295015\.json: not valid JSON \(.+\)$/);
  });

  it("names the first faulty path, dotted", () => {
    let caught: unknown;
    try {
      parseJsonDocument(name, '{"pic":"P","points":[{"t":1},{"t":"x"}]}', schema);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidDocumentError);
    expect((caught as InvalidDocumentError).objectName).toBe(name);
    expect((caught as Error).message).toMatch(/^invalid document MLC\/PIC_J0326137\+295015\.json: points\.1\.t: /);
  });

  it("says 'document' when the whole document is wrong", () => {
    expect(() => parseJsonDocument(name, "[1]", schema)).toThrow(/^invalid document MLC\/PIC_J0326137\+295015\.json: document: /);
  });
});
