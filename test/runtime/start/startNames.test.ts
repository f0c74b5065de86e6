/**
 * Names users see: the command calls itself `start` (the usage line of its help), and a service
 * that fails to start is a ServiceProcessError (the name an uncaught one prints before its message).
 */
import { expect, it } from "vitest";
import { ServiceProcessError } from "../../../runtime/start/serviceProcess.js";
import { startCommand } from "../../../runtime/start/startCommand.js";

it("names the command start", () => {
  const command = startCommand();
  expect(command.name()).toBe("start");
  expect(command.helpInformation()).toMatch(/^Usage: start \[options\]/);
});

it("names its error ServiceProcessError", () => {
  const error = new ServiceProcessError("analyzer exited (3) before listening: no bucket");
  expect(error.name).toBe("ServiceProcessError");
  expect(String(error)).toBe("ServiceProcessError: analyzer exited (3) before listening: no bucket");
});
