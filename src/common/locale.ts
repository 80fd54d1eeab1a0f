import { BadUserInputError } from "./errors";

/**
 * The locales to try for a request, most specific first, ending with the default locale:
 * `es-MX` -> [`es-MX`, `es`, `en`].
 */
export function localeChain(requested: string | null | undefined, defaultLocale: string): string[] {
  if (requested === null || requested === undefined) return [defaultLocale];
  // Every field of a page asks again (Intl's canonicalisation is not cheap): remember the answers.
  const key = `${requested}\u0000${defaultLocale}`;
  const known = chains.get(key);
  if (known) return known;
  // Shared by every request that asks for it: frozen, so that no caller can change another's.
  const chain = Object.freeze(computeChain(requested, defaultLocale)) as string[];
  if (chains.size >= MAX_CHAINS) chains.clear();
  chains.set(key, chain);
  return chain;
}

/** Chains worked out so far; a few locales in practice, bounded against a flood of made-up tags. */
const chains = new Map<string, string[]>();
const MAX_CHAINS = 256;

function computeChain(requested: string, defaultLocale: string): string[] {
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
