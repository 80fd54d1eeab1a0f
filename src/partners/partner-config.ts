import { ContentTypeDefinition } from "../model/definition";
import { snakeCase } from "../model/registry";

/**
 * What partners' answers say about where the content lives (README, "Partner delivery"):
 * `PUBLIC_SITE_URL` is the website that renders the content, so canonical links and JSON-LD
 * `url`s can point at it; `PUBLISHER_NAME` names who supplies the content in attributions.
 * Unset, answers carry no canonical URL and name no publisher rather than invent one.
 */
export interface PartnerConfig {
  publicSiteUrl: string | null;
  publisherName: string | null;
}

export function partnerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PartnerConfig {
  const site = env.PUBLIC_SITE_URL?.trim();
  let publicSiteUrl: string | null = null;
  if (site) {
    const url = new URL(site);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("PUBLIC_SITE_URL must be an http(s) URL");
    publicSiteUrl = url.toString().replace(/\/+$/, "");
  }
  return { publicSiteUrl, publisherName: env.PUBLISHER_NAME?.trim() || null };
}

/** The path of a type's pages on the public site, e.g. `risk-factors` (from the list query `riskFactors`). */
export const sitePathOf = (d: ContentTypeDefinition) => snakeCase(d.listQuery).replace(/_/g, "-");

/** `<PUBLIC_SITE_URL>/<type path>/<slug>`, or null without a site. */
export function canonicalUrl(config: PartnerConfig, d: ContentTypeDefinition, slug: string): string | null {
  return config.publicSiteUrl ? `${config.publicSiteUrl}/${sitePathOf(d)}/${encodeURIComponent(slug)}` : null;
}
