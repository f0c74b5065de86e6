import { describe, expect, it } from "vitest";
import { appEngineVersionId } from "../../../infra/components/naming.js";

// App Engine version ids (Admin API, apps.services.versions, field `id`; the provider's `versionId`,
// @pulumi/gcp appengine/standardAppVersion.d.ts): lowercase letters, numbers and hyphens, at most
// 63 characters; "default", "latest" and any id starting with "ah-" are reserved.
const VERSION_ID = /^[a-z0-9-]{1,63}$/;
const isReserved = (id: string): boolean => id === "default" || id === "latest" || id.startsWith("ah-");

describe("appEngineVersionId", () => {
  it("keeps an id that is allowed as it is", () => {
    expect(appEngineVersionId("piaa-dev")).toBe("piaa-dev");
    expect(appEngineVersionId("ahead")).toBe("ahead");
    expect(appEngineVersionId("defaults")).toBe("defaults");
  });

  it.each([
    ["default", "v-default"],
    ["latest", "v-latest"],
    ["Default", "v-default"],
    ["ah-builtin", "v-ah-builtin"],
  ])("moves the reserved %j out of the way as %j", (name, id) => {
    expect(appEngineVersionId(name)).toBe(id);
  });

  it.each(["ah-" + "x".repeat(80), "default" + "-long".repeat(20), "piaa_" + "y".repeat(100), "ah-" + "ab-".repeat(30)])(
    "gives %j an id the API accepts",
    (name) => {
      const id = appEngineVersionId(name);
      expect(id).toMatch(VERSION_ID);
      expect(isReserved(id)).toBe(false);
    },
  );
});
