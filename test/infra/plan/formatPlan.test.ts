import { describe, expect, it } from "vitest";
import { formatPlanTree, keyInputs } from "../../../infra/plan/formatPlan.js";
import type { PlannedResource } from "../../../infra/plan/plannedResource.js";

const plan: PlannedResource[] = [
  { type: "piaa:combiner:Combiner", name: "combiner", parent: null, inputs: {} },
  {
    type: "kubernetes:apps/v1:Deployment",
    name: "combiner-deployment",
    parent: "combiner",
    inputs: { metadata: { namespace: "piaa" }, spec: { replicas: 5, template: {} } },
    provider: "gke-k8s",
  },
  { type: "gcp:storage/notification:Notification", name: "events-notification", parent: null, inputs: { objectNamePrefix: "LC/", eventTypes: ["OBJECT_FINALIZE", "OBJECT_DELETE"] } },
];

describe("formatPlanTree", () => {
  it("indents children under their component with type, provider and key inputs", () => {
    expect(formatPlanTree("dev", plan)).toBe(
      [
        "stack dev: 3 resources",
        "  combiner  piaa:combiner:Combiner",
        "    combiner-deployment  kubernetes:apps/v1:Deployment [provider gke-k8s]  metadata.namespace=piaa spec.replicas=5",
        "  events-notification  gcp:storage/notification:Notification  objectNamePrefix=LC/ eventTypes=OBJECT_FINALIZE,OBJECT_DELETE",
        "",
      ].join("\n"),
    );
  });

  it("shows scalars and lists, never whole objects", () => {
    expect(keyInputs({ type: "t", name: "n", parent: null, inputs: { name: { nested: 1 }, role: "roles/x" } })).toEqual(["role=roles/x"]);
  });
});
