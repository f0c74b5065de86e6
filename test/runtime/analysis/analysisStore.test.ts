import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { deleteOlderPlots, encodeAnalysisDocument, listStars, readStoredAnalysis, readStoredPlot, writeStoredPlots } from "../../../runtime/analysis/analysisStore.js";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { InvalidDocumentError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { analysisName, lightCurveName, masterLightCurveName, plotName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";
import { storeWithMethod } from "./storeWithMethod.js";

// A star's stored results as the analyzer leaves them and `piaa analyze`, `piaa reindex` and the
// dashboard read them (analysisStore.ts's module comment): the analysis document, whose absence,
// unreadable bytes and store failures are three different answers, and the plots of each MLC
// generation, of which only the older ones are removed.
const PIC = "PIC_J0326137+295015";
const OTHER = "PIC_J2000437+224239";
const at = new Date("2016-07-27T00:00:00Z");

/** `store` whose reads all fail as an unavailable bucket would. */
const unavailableReads = (store: ObjectStore) => storeWithMethod(store, "get", (name) => Promise.reject(new StoreUnavailableError(name, "test outage")));

/** `store` that records the content type each put asks for, by object name. */
const recordingPuts = (store: ObjectStore, contentTypes: Record<string, string | undefined>) =>
  storeWithMethod(store, "put", (name, data, options) => {
    contentTypes[name] = options?.contentType;
    return store.put(name, data, options);
  });

describe("analysisStore", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analysis-store-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads a stored analysis with its generation, none as undefined, unreadable bytes as a fault, and passes store failures on", async () => {
    const store = new FsObjectStore({ root: path.join(root, "documents") });
    expect(await readStoredAnalysis(store, PIC)).toBeUndefined();

    const mlc = syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 40, seed: 5 });
    const document = buildAnalysisDocument(mlc, "3", analyzeLightCurve(mlc, { falseAlarm: false }), at);
    const written = await store.put(analysisName(PIC), encodeAnalysisDocument(document));
    const stored = await readStoredAnalysis(store, PIC);
    expect(stored).toEqual({ document, generation: written.generation });

    const broken = await store.put(analysisName(OTHER), Buffer.from("{ not json"));
    const unreadable = await readStoredAnalysis(store, OTHER);
    expect(unreadable?.document).toBeUndefined();
    expect(unreadable?.generation).toBe(broken.generation);
    expect(unreadable?.fault).toBeInstanceOf(InvalidDocumentError);

    await expect(readStoredAnalysis(unavailableReads(store), PIC)).rejects.toThrow(StoreUnavailableError);
  });

  it("lists the stars that have an MLC, in name order, with the MLC's generation, and nothing else in the bucket", async () => {
    const store = new FsObjectStore({ root: path.join(root, "stars") });
    expect(await listStars(store)).toEqual([]);
    const second = await store.put(masterLightCurveName(OTHER), Buffer.from("mlc"));
    const first = await store.put(masterLightCurveName(PIC), Buffer.from("mlc"));
    await store.put(analysisName(PIC), Buffer.from("{}"));
    await store.put(lightCurveName({ pic: PIC, unit: "PAN000", camera: "108715", start: "2026-08-01T02:00:00.000000" }), Buffer.from("lc"));
    expect(await listStars(store)).toEqual([
      { pic: PIC, generation: first.generation },
      { pic: OTHER, generation: second.generation },
    ]);
  });

  it("stores each plot as SVG and PNG with their content types, and deletes only the plots of older MLC generations", async () => {
    const store = new FsObjectStore({ root: path.join(root, "plots") });
    const plots = [{ kind: "lightcurve" as const, svg: "<svg/>", png: Uint8Array.of(0x89, 0x50) }];
    for (const generation of ["9", "12", "40"]) await writeStoredPlots(store, PIC, generation, plots);
    // FsObjectStore keeps no content type (the bucket does, and serves it): record what is asked for.
    const contentTypes: Record<string, string | undefined> = {};
    await writeStoredPlots(recordingPuts(store, contentTypes), PIC, "12", plots);
    expect(contentTypes).toEqual({ [plotName(PIC, "12", "lightcurve", "svg")]: "image/svg+xml", [plotName(PIC, "12", "lightcurve", "png")]: "image/png" });
    expect(Buffer.from((await readStoredPlot(store, PIC, "12", "lightcurve", "svg")).data).toString()).toBe("<svg/>");
    expect([...(await readStoredPlot(store, PIC, "12", "lightcurve", "png")).data]).toEqual([0x89, 0x50]);
    await store.put(analysisName(PIC), Buffer.from("{}"));

    await deleteOlderPlots(store, PIC, "12");
    const names: string[] = [];
    for await (const object of store.listAll("ANALYSIS/")) names.push(object.name);
    // Generations compare as numbers: 9 is older than 12, 40 newer (a run still in progress elsewhere).
    expect(names.sort()).toEqual(
      [analysisName(PIC), ...["12", "40"].flatMap((g) => [plotName(PIC, g, "lightcurve", "png"), plotName(PIC, g, "lightcurve", "svg")])].sort(),
    );
  });
});
