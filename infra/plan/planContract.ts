/** The cloud contract (policies/contract/) judged on a planned program: resources and outputs. */
import { checkContract, type ContractFinding } from "../../policies/contract/cloudContract.js";
import type { PlannedProgram } from "./plannedResource.js";

/** Every contract finding on `program` as of `now`. */
export function checkPlannedContract(program: PlannedProgram, now: Date): ContractFinding[] {
  const resources = program.resources.map(({ type, name, inputs, dependsOn = [] }) => ({ type, name, props: inputs, dependsOn }));
  return checkContract({ resources, outputs: program.outputs, now });
}
