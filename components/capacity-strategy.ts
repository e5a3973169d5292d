/**
 * What ECS refuses in a capacity provider strategy (CreateService / PutClusterCapacityProviders): an empty list,
 * more than one provider with a base, every weight 0 (no task beyond the base is placed), a provider twice.
 */
import { PLATFORM_DEFAULTS } from "./defaults";
import type { CapacityProviderStrategyItem } from "./platform-args";
import type { Problem } from "./problems";

/** Problems of `strategy`, found at `at` in the args (`["cluster", "capacityProviderStrategy"]`). */
export function capacityStrategyProblems(at: readonly string[], strategy: readonly CapacityProviderStrategyItem[]): Problem[] {
  const f = (...rest: (string | number)[]) => [...at, ...rest.map(String)];
  const ref = (...rest: (string | number)[]) => `{{${f(...rest).join(".")}}}`;
  if (strategy.length === 0) {
    return [
      {
        field: f(),
        value: [],
        allowed: "at least one capacity provider",
        fix: `list one, e.g. [{ capacityProvider: "FARGATE", weight: 1 }], or remove ${ref()}`,
      },
    ];
  }
  const base = (item: CapacityProviderStrategyItem) => item.base ?? PLATFORM_DEFAULTS.capacityProvider.base;
  const weight = (item: CapacityProviderStrategyItem) => item.weight ?? PLATFORM_DEFAULTS.capacityProvider.weight;
  const withBase = strategy.map((item, i) => ({ item, i })).filter(({ item }) => base(item) > 0);
  if (withBase.length > 1) {
    const [first, second] = withBase;
    return [
      {
        field: f(second.i, "base"),
        value: base(second.item),
        allowed: `0 here: ECS lets only one capacity provider of a strategy have a base (item ${first.i}, ${first.item.capacityProvider}, has base ${base(first.item)})`,
        fix: `remove \`base\` from item ${second.i} (${second.item.capacityProvider}) or set it to 0; keep the base on one provider`,
      },
    ];
  }
  if (strategy.every((item) => weight(item) === 0)) {
    return [
      {
        field: f(0, "weight"),
        value: 0,
        allowed: "a weight above 0 on at least one capacity provider (with every weight 0 ECS places no task beyond the base)",
        fix: `set ${ref(0, "weight")} to 1`,
      },
    ];
  }
  const seen = new Map<string, number>();
  for (const [i, item] of strategy.entries()) {
    const first = seen.get(item.capacityProvider);
    if (first !== undefined) {
      return [
        {
          field: f(i, "capacityProvider"),
          value: item.capacityProvider,
          allowed: `a provider not already listed (item ${first} is ${item.capacityProvider})`,
          fix: `merge item ${i} into item ${first}`,
        },
      ];
    }
    seen.set(item.capacityProvider, i);
  }
  return [];
}
