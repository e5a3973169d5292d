/** The engine's view of the policy proxy bindings; they live with the rules (`../rules/runtime.ts`). */
export * from "../rules/runtime";
