// Lint for correctness, not taste: ESLint's recommended rules for the plain-JS files (services, bin shims,
// test stand-ins) and typescript-eslint's recommended set (which bans `any`) for every TS file.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "**/dist/**", "**/node_modules/**", "test/fixtures/lint/**"] },
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
      "no-restricted-syntax": [
        "error",
        {
          selector: "BinaryExpression[operator='instanceof'][right.property.name=/^(RunError|ResourceError)$/]",
          message: "Use pulumi.RunError.isInstance(x): instanceof fails across two copies of @pulumi/pulumi.",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // Shipped code (tsconfig.json, types: node only) must not lean on the tests: no mocha globals, no test/ imports.
    files: ["index.ts", "components/**/*.ts", "stacks/**/*.ts", "preview/**/*.ts", "automation/**/*.ts", "policy/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...[
          "describe",
          "it",
          "before",
          "after",
          "beforeEach",
          "afterEach",
          "context",
          "specify",
          "suite",
          "test",
          "setup",
          "teardown",
          "suiteSetup",
          "suiteTeardown",
          "xit",
          "xdescribe",
          "run",
          "mocha",
        ].map((name) => ({
          name,
          message: "mocha globals exist only in tests (test/tsconfig.json); shipped code is built with tsconfig.json",
        })),
      ],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/test/**", "mocha"], message: "shipped code must not import the tests" }] },
      ],
    },
  },
  {
    // The components load @pulumi/aws one service module at a time (components/aws.ts): its index loads all ~260.
    files: ["components/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@pulumi/aws",
              allowTypeImports: true,
              message: 'import * as aws from "./aws" (components/aws.ts; add the service module there if it is missing)',
            },
          ],
        },
      ],
    },
  },
  {
    // The pack's property reads name the @pulumi/aws type they read, so the compiler checks every property name
    // (policy/rules/shape.ts): `field<aws.lb.ListenerArgs>(props, "protocol")`, never `field(props, "protocol")`.
    files: ["policy/rules/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name=/^(field|path)$/]:not([typeArguments])",
          message:
            'Name the type being read, e.g. field<aws.ecs.ServiceArgs>(props, "networkConfiguration"), so tsc checks the property name.',
        },
        {
          selector: "BinaryExpression[operator='instanceof'][right.property.name=/^(RunError|ResourceError)$/]",
          message: "Use pulumi.RunError.isInstance(x): instanceof fails across two copies of @pulumi/pulumi.",
        },
      ],
    },
  },
  {
    // Type-aware rules for the mistakes that cost a deploy: a promise nobody awaits (an error that never
    // reaches the exit code), a promise where a boolean or a void callback is expected, and an Output inside a
    // plain template string ("Calling [toString] on an [Output<T>] is not supported").
    files: ["**/*.ts"],
    // One program over every file (test/tsconfig.json includes the shipped code), built once for the whole run.
    languageOptions: { parserOptions: { project: ["./test/tsconfig.json"], tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
);
