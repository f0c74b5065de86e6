/**
 * The PIAA policy pack, for `pulumi preview --policy-pack policies`. Only this file builds the
 * PolicyPack: constructing one starts a gRPC server that never exits, so tests and
 * `piaa policy check` evaluate the same policies through ./evaluatePolicies.ts instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { piaaPolicies } from "./piaaPolicies.js";

new PolicyPack("piaa", { policies: piaaPolicies });
