/** The refusal of a notification for another bucket names the request field it is about (the 400's body). */
import { describe, expect, it } from "vitest";
import { parseSegmentRequest } from "../../../runtime/combiner/segmentRequest.js";
import { InvalidRequestError } from "../../../runtime/core/errors.js";

describe("parseSegmentRequest refusals", () => {
  it("names the bucket field when the bucket is not the combiner's", () => {
    const object = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
    let error: unknown;
    try {
      parseSegmentRequest({ bucket: "someone-else", object }, { url: "gs://piaa-prod", bucket: "piaa-prod" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ objectName: "bucket", message: 'invalid request: bucket: "someone-else" is not this combiner\'s bucket (piaa-prod)' });
  });
});
