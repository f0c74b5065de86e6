/**
 * The config patterns at their edges: IPv4 CIDR blocks (RFC 4632 notation, as GKE's authorized
 * networks take them: https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks)
 * octet by octet and prefix by prefix, and machine types whose family has three characters or whose
 * custom shape has two-digit vCPUs (https://cloud.google.com/compute/docs/instances/creating-instance-with-custom-machine-type).
 * configValues.test.ts covers the common cases.
 */
import { describe, expect, it } from "vitest";
import { CIDR_BLOCK, MACHINE_TYPE } from "../../infra/configValues.js";
import { dev } from "../../infra/stacks/dev.js";
import { prod } from "../../infra/stacks/prod.js";

describe("CIDR_BLOCK", () => {
  it.each(["0.0.0.0/0", "10.0.0.0/8", "100.64.0.0/10", "199.36.153.8/30", "203.0.113.0/24", "240.0.0.0/4", "249.1.2.3/16", "250.1.2.3/31", "255.255.255.255/32", "1.2.3.100/19", "1.2.3.249/24", "1.2.3.255/32"])(
    "accepts %s",
    (block) => {
      expect(CIDR_BLOCK.test(block)).toBe(true);
    },
  );

  it.each([
    ["an octet above 255", "256.0.0.0/8"],
    ["a last octet above 255", "1.2.3.256/8"],
    ["an octet of 260", "260.1.2.3/8"],
    ["a prefix above 32", "1.2.3.4/33"],
    ["a three-digit prefix", "1.2.3.4/132"],
    ["no prefix", "1.2.3.4"],
    ["three octets", "1.2.3/24"],
    ["text before it", "x10.0.0.0/8"],
    ["text after it", "10.0.0.0/8x"],
    ["two blocks", "10.0.0.0/8,192.168.0.0/16"],
  ])("rejects %s (%s)", (_why, block) => {
    expect(CIDR_BLOCK.test(block)).toBe(false);
  });
});

describe("MACHINE_TYPE at its edges", () => {
  it.each(["n2d-custom-2-4096", "custom-16-65536", "e2-custom-32-131072"])("accepts %s", (type) => {
    expect(MACHINE_TYPE.test(type)).toBe(true);
  });

  it("rejects a machine type's URL where its name is asked for", () => {
    expect(MACHINE_TYPE.test("zones/us-central1-a/machineTypes/e2-small")).toBe(false);
  });
});

describe("stack profiles", () => {
  it("name their stack: names and labels of each stack's resources carry it", () => {
    expect([dev.env, prod.env]).toEqual(["dev", "prod"]);
  });
});
