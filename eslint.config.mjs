// Lint for correctness, not taste: ESLint's recommended rules for the plain-JS files (services, bin shims,
// test stand-ins) and typescript-eslint's recommended set (which bans `any`) for every TS file.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "**/dist/**", "**/node_modules/**"] },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
  { files: ["**/*.mjs"], languageOptions: { sourceType: "module" } },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ["**/*.ts"] })),
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Two copies of @pulumi/pulumi exist once the policy pack's own dependencies are installed: identify user
    // errors structurally, or they turn into "the program failed" (issue 13).
    files: ["**/*.ts"],
    ignores: ["test/**"],
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "BinaryExpression[operator='instanceof'][right.property.name=/^(RunError|ResourceError)$/]",
        message: "Use pulumi.RunError.isInstance(x): instanceof fails across two copies of @pulumi/pulumi.",
      }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
