import { describe, expect, it } from "vitest";
import { dataBucketLifecycleRules } from "../../../infra/components/dataBucket.js";

describe("dataBucketLifecycleRules", () => {
  const rules = dataBucketLifecycleRules(30, 14);

  it("archives only PSC/ cubes, after the given age", () => {
    const archive = rules.find((rule) => (rule.action as { type: string }).type === "SetStorageClass");
    expect(archive).toMatchObject({ action: { storageClass: "ARCHIVE" }, condition: { age: 30, matchesPrefixes: ["PSC/"] } });
  });

  it("deletes only noncurrent versions, never live objects", () => {
    const deletion = rules.find((rule) => (rule.action as { type: string }).type === "Delete");
    expect(deletion).toMatchObject({ condition: { daysSinceNoncurrentTime: 14, withState: "ARCHIVED" } });
  });
});
