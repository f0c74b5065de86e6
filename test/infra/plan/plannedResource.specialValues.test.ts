import { describe, expect, it } from "vitest";
import * as rpc from "@pulumi/pulumi/runtime/rpc.js";
import { displayValue } from "../../../infra/plan/plannedResource.js";

// The signatures are taken from the SDK itself (runtime/rpc.js), so the plan and the wire format
// cannot drift apart unseen.
const SIG = rpc.specialSigKey;

describe("displayValue, the special values of Pulumi's wire format", () => {
  it("shows an asset or archive by its path, else its URI, else as inline", () => {
    expect(displayValue({ [SIG]: rpc.specialAssetSig, path: "/tmp/app.js" })).toEqual({ asset: "/tmp/app.js" });
    expect(displayValue({ [SIG]: rpc.specialAssetSig, uri: "https://example.com/app.js" })).toEqual({ asset: "https://example.com/app.js" });
    expect(displayValue({ [SIG]: rpc.specialAssetSig, text: "console.log(1)" })).toEqual({ asset: "(inline)" });
    expect(displayValue({ [SIG]: rpc.specialArchiveSig, assets: { "a.txt": "…" } })).toEqual({ archive: "(inline)" });
  });

  it("shows a resource reference as the name of the resource it points to", () => {
    const reference = { [SIG]: rpc.specialResourceSig, urn: "urn:pulumi:dev::piaa::gcp:storage/bucket:Bucket::data-bucket", id: "piaa-dev-data" };
    expect(displayValue({ bucket: reference })).toEqual({ bucket: { resource: "data-bucket" } });
  });

  it("walks plain objects and arrays, leaving scalars as they are", () => {
    expect(displayValue({ a: [1, null, { b: true }], c: "text" })).toEqual({ a: [1, null, { b: true }], c: "text" });
  });
});
