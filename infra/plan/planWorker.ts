/**
 * Child process of `capturePlan`: runs infra/index.ts under Pulumi mocks and writes the
 * registered resources (or the error that stopped the program) as JSON to a result file.
 * Pulumi keeps its state on a global, so every plan runs in a fresh process.
 *
 *     node --import tsx infra/plan/planWorker.ts '{"stack":"dev","config":{...},"resultFile":"..."}'
 */
import { writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { planMocks } from "./planMocks.js";
import { plannedResource, SECRET_PLACEHOLDER, STACK_TYPE, type PlannedProgram, type Registration } from "./plannedResource.js";

export interface PlanRequest {
  stack: string;
  config: Record<string, string>;
  resultFile: string;
  /**
   * The program module, as a file URL. @default infra/index.ts. A seam for tests: a small fixture
   * program reaches the failure paths (a program that throws, or exits) the real one does not.
   */
  program?: string;
}

export type PlanResult = PlannedProgram | { error: { name: string; key?: string; message: string } };

/** The slice of the protobuf RegisterResourceRequest the plan reads. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getProvider(): string;
  getIgnorechangesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface RecordingMonitor {
  registerResource(request: RegisterResourceRequest, callback: unknown): Promise<void>;
}

/** Records each registration the program makes while passing it on to the mock monitor. */
function recordRegistrations(monitor: RecordingMonitor, registrations: Registration[]): void {
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    registrations.push({
      type: request.getType(),
      name: request.getName(),
      parentUrn: request.getParent(),
      dependencyUrns: request.getDependenciesList(),
      providerRef: request.getProvider(),
      ignoreChanges: request.getIgnorechangesList(),
      object: request.getObject()?.toJavaScript() ?? {},
    });
    return registerResource(request, callback);
  };
}

/** Stack outputs as plain values, secret ones replaced by a placeholder. */
async function displayOutputs(exports: Record<string, unknown>): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
    outputs[name] = (await pulumi.isSecret(output)) ? SECRET_PLACEHOLDER : await new Promise((resolve) => output.apply(resolve));
  }
  return outputs;
}

async function runPlan(request: PlanRequest): Promise<PlannedProgram> {
  const project = request.config["gcp:project"] ?? "piaa-plan";
  // Mocks first, then config, then — only then — the program (a static import would run it unmocked).
  await pulumi.runtime.setMocks(planMocks(project), "piaa", request.stack, false);
  pulumi.runtime.setAllConfig(request.config);
  const registrations: Registration[] = [];
  recordRegistrations(pulumi.runtime.getMonitor() as unknown as RecordingMonitor, registrations);
  let program: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => (program = { ...(await import(request.program ?? "../index.js")) }));
  const outputs = await displayOutputs(program);
  await pulumi.runtime.disconnect();
  return { resources: registrations.filter((r) => r.type !== STACK_TYPE).map(plannedResource), outputs };
}

const request = JSON.parse(process.argv[2] ?? "{}") as PlanRequest;
let result: PlanResult;
try {
  result = await runPlan(request);
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error));
  const key = (err as { key?: unknown }).key;
  result = { error: { name: err.name, message: err.message, ...(typeof key === "string" ? { key } : {}) } };
  if (typeof key !== "string") process.stderr.write(`${err.stack ?? err.message}\n`);
}
// Written synchronously: when the program throws, Pulumi's runtime also leaves the error as an
// unhandled rejection, which ends the process on a later tick, before an asynchronous write is done.
writeFileSync(request.resultFile, JSON.stringify(result));
// Pulumi's runtime may hold handles open; the result is written, so end here.
process.exit("error" in result ? 1 : 0);
