/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (its own
 * browser download is unavailable here), a fresh profile directory, the app on 127.0.0.1.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "./syntheticStars.js";

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
    const store = new FsObjectStore({ root });
    await writeSyntheticStars(store, DASHBOARD_STARS);
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

  it("renders the star table with one row per star and sorts it by a column", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    const stars = await page.locator("#stars tbody tr td:first-child").allTextContents();
    expect(stars).toEqual(DASHBOARD_STARS.map((s) => s.pic).sort());
    // Points: 2 cameras × exposures × nights (syntheticStars.ts); click twice for descending.
    const points = page.locator("#stars th", { hasText: "Points" });
    await points.click();
    await points.click();
    const sorted = await page.locator("#stars tbody tr td:nth-child(2)").allTextContents();
    expect(sorted.map(Number)).toEqual([2 * 288 * 8, 2 * 144 * 6, 2 * 144 * 3]);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-stars.png"), fullPage: true });
    await page.close();
  });

  it("opens a star page whose plot images load", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator("#stars a", { hasText: DASHBOARD_STARS[0]!.pic }).click();
    await page.waitForURL(/\/stars\//);
    // Expressions as strings: they run in the page, and this project compiles without DOM types.
    await expect.poll(() => page.evaluate<boolean>("[...document.images].every((img) => img.complete)"), { timeout: 20_000 }).toBe(true);
    const widths = await page.evaluate<number[]>("[...document.images].map((img) => img.naturalWidth)");
    expect(widths).toHaveLength(2);
    for (const width of widths) expect(width).toBeGreaterThan(0);
    expect(await page.locator("#segments tbody tr").count()).toBe(16);
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-star.png"), fullPage: true });
    await page.close();
  });

  it("logged no console errors (a CSP violation would be one)", () => {
    expect(consoleErrors).toEqual([]);
  });
});
