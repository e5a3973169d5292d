/**
 * ALB target group health-check matcher (`Matcher.HttpCode`): HTTP codes 200–499 as one code (`200`), a list
 * (`200,202`) or a range (`200-299`), per the Elastic Load Balancing API reference.
 */

/** What the matcher may be, for messages. */
export const MATCHER_ALLOWED = "HTTP codes from 200 to 499: one (200), a list (200,202) or a range (200-299)";

const code = (text: string): number | undefined =>
  /^\d{3}$/.test(text) && Number(text) >= 200 && Number(text) <= 499 ? Number(text) : undefined;

/** Whether ALB accepts `matcher` as an HTTP health-check success code. */
export function isAlbHttpMatcher(matcher: string): boolean {
  const range = /^(\d{3})-(\d{3})$/.exec(matcher);
  if (range !== null) {
    const [lo, hi] = [code(range[1]), code(range[2])];
    return lo !== undefined && hi !== undefined && lo <= hi;
  }
  return matcher.split(",").every((c) => code(c) !== undefined);
}
