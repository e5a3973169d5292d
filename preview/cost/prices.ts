/** The dated price list the estimate uses (`preview/prices/aws-us-east-1.json`), typed. */
import prices from "../prices/aws-us-east-1.json";

export interface FargateRate {
  vcpuHour: number;
  gbHour: number;
}

export interface PriceList {
  region: string;
  currency: string;
  pricesAsOf: string;
  hoursPerMonth: number;
  howObtained: string;
  sources: Record<string, string>;
  fargate: Record<"X86_64" | "ARM64", { onDemand: FargateRate; spot: FargateRate | null }>;
  alb: { hour: number; lcuHour: number; minimumLcu: number };
  natGateway: { hour: number };
  interfaceEndpoint: { azHour: number };
  publicIpv4: { hour: number };
  /** Per metric an alarm evaluates (a metric-math alarm pays for each metric in it), per month; high resolution = period under 60 s. */
  cloudwatchAlarm: { standardMetricMonth: number; highResolutionMetricMonth: number };
  notCounted: string[];
}

export const PRICES: PriceList = prices;
