/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (its own
 * browser download is unavailable here), a fresh profile directory, the app on 127.0.0.1 over a
 * store that refuses writes: paging, sorting, filtering, a pending star and a candidate's page.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { readOnlyStore } from "../analyzer/storeWrappers.js";
import { CANDIDATE, PENDING, PENDING_EXPOSURES, TOTAL_STARS, writeDashboardBucket } from "./dashboardBucket.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.resolve("test-artifacts");

describe("dashboard in headless Chromium", () => {
  let root: string;
  let profile: string;
  let server: Server;
  let baseUrl: string;
  let browser: BrowserContext;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-browser-"));
    profile = await mkdtemp(path.join(tmpdir(), "piaa-chromium-profile-"));
    const fs = new FsObjectStore({ root });
    await writeDashboardBucket(fs);
    // Any write would fail the request it happens in.
    const { store } = readOnlyStore(fs);
    const app = express().use("/", createDashboardRouter({ store, logger: createLogger({ service: "test", level: "silent" }) }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A persistent context gets the fresh --user-data-dir; playwright refuses that flag in args.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: { width: 1280, height: 900 },
    });
    browser.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    browser.on("weberror", (error) => consoleErrors.push(error.error().message));
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await rm(root, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  const rowStars = (page: Page) => page.locator("#stars tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-pic")));

  it("pages, sorts and filters the star table on the server, keeping the settings in its links", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    expect(await rowStars(page)).toHaveLength(50);
    await page.locator("nav.pager a[rel=next]").first().click();
    await page.waitForURL(/page=2/);
    expect(await rowStars(page)).toHaveLength(TOTAL_STARS - 50);
    // Sorting by SDE (descending first) goes back to page 1 with the candidate on top.
    await page.locator("#stars th[data-sort=sde] a").click();
    await page.waitForURL(/sort=sde/);
    expect((await rowStars(page))[0]).toBe(CANDIDATE);
    expect(await page.locator("#stars th[data-sort=sde]").getAttribute("aria-sort")).toBe("descending");
    // Candidates only, through the form: the sort is kept.
    await page.locator("input[name=candidates]").check();
    await page.locator("form[role=search] button").click();
    await page.waitForURL(/candidates=1/);
    expect(page.url()).toContain("sort=sde");
    expect(await rowStars(page)).toEqual([CANDIDATE]);
    // A search by catalog name.
    await page.goto(`${baseUrl}/`);
    await page.locator("input[name=q]").fill("hd 189733");
    await page.locator("form[role=search] button").click();
    await page.waitForURL(/q=hd/);
    expect(await rowStars(page)).toEqual([CANDIDATE]);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-stars.png"), fullPage: true });
    await page.close();
  });

  it("shows a pending star as pending with its point count", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/?q=${encodeURIComponent(PENDING[0]!)}`);
    expect(await page.locator("#stars td.pending").textContent()).toBe("analysis pending");
    await page.locator("#stars a", { hasText: PENDING[0]! }).click();
    await page.waitForURL(/\/stars\//);
    expect(await page.locator("#status").textContent()).toContain(`Analysis pending. ${2 * PENDING_EXPOSURES} points`);
    await page.close();
  });

  it("opens a candidate's page whose stored plots load, and goes back to the same table", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/?sort=sde&candidates=1`);
    await page.locator("#stars a", { hasText: CANDIDATE }).click();
    await page.waitForURL(/\/stars\//);
    // Expressions as strings: they run in the page, and this project compiles without DOM types.
    await expect.poll(() => page.evaluate<boolean>("[...document.images].every((img) => img.complete)"), { timeout: 20_000 }).toBe(true);
    const widths = await page.evaluate<number[]>("[...document.images].map((img) => img.naturalWidth)");
    expect(widths).toHaveLength(2);
    for (const width of widths) expect(width).toBeGreaterThan(0);
    expect(await page.locator("#segments tbody tr").count()).toBe(16);
    expect(await page.locator("#search").textContent()).toContain("a transit candidate");
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-star.png"), fullPage: true });
    await page.locator("#back").click();
    await page.waitForURL((url) => url.pathname === "/" && url.search === "?candidates=1&sort=sde");
    expect(await rowStars(page)).toEqual([CANDIDATE]);
    await page.close();
  });

  it("logged no console errors (a CSP violation would be one)", () => {
    expect(consoleErrors).toEqual([]);
  });
});
