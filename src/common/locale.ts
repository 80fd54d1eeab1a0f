import { BadUserInputError } from "./errors";

/**
 * The locales to try for a request, most specific first, ending with the default locale:
 * `es-MX` -> [`es-MX`, `es`, `en`].
 */
export function localeChain(requested: string | null | undefined, defaultLocale: string): string[] {
  if (requested === null || requested === undefined) return [defaultLocale];
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(requested);
  } catch {
    throw new BadUserInputError(`"${requested}" is not a valid locale tag (expected e.g. "en" or "es-MX").`, "locale");
  }
  if (!canonical || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(canonical)) {
    throw new BadUserInputError(`"${requested}" is not a supported locale tag.`, "locale");
  }
  const parts = canonical.split("-");
  const chain: string[] = [];
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join("-"));
  if (!chain.includes(defaultLocale)) chain.push(defaultLocale);
  return chain;
}
