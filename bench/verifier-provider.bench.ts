/**
 * What the deployment verifier's `__provider` text costs per process: the esbuild bundle it uses
 * (components/deployment-verifier/provider-text.ts) against Pulumi's closure serialisation of the same provider
 * (what `pulumi.dynamic.Resource` would do). Prints milliseconds; run alone, the machine's load shows in both.
 *
 *   node -r ./loader/register bench/verifier-provider.bench.ts   (or npx ts-node --transpile-only …)
 */
import { providerText } from "../components/deployment-verifier/provider-text";
import { verificationProvider } from "../components/deployment-verifier/provider";

const ms = (from: bigint): string => `${(Number(process.hrtime.bigint() - from) / 1e6).toFixed(0)} ms`;

async function main(): Promise<void> {
  let t = process.hrtime.bigint();
  const text = providerText();
  console.log(`esbuild bundle (first, incl. esbuild start): ${ms(t)}, ${text.length} chars`);
  t = process.hrtime.bigint();
  providerText();
  console.log(`esbuild bundle (cached): ${ms(t)}`);

  t = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK loads it on demand the same way
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
    serializeFunction(f: () => unknown, o: { allowSecrets: boolean }): Promise<{ text: string }>;
  };
  console.log(`closure serialiser: load ${ms(t)}`);
  for (const run of ["first", "second"]) {
    const provider = verificationProvider();
    t = process.hrtime.bigint();
    const serialised = await closure.serializeFunction(() => provider, { allowSecrets: true });
    console.log(`closure serialisation (${run}): ${ms(t)}, ${serialised.text.length} chars`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
