import sanitizeHtml from "sanitize-html";
import { markdownToSafeHtml } from "../common/markdown";
import { NodeRow } from "../content/content.loaders";
import { Citation, ReviewStatus } from "../content/content.type";
import { definitionOf } from "../model/registry";
import { RequestContext } from "../server/context";
import { jsonLdOf } from "./json-ld";
import { canonicalUrl, PartnerConfig } from "./partner-config";

/** A published treatment as partners embed it: HTML, text, structured data and where it comes from. */
export interface TreatmentEmbedData {
  html: string;
  text: string;
  jsonLd: Record<string, unknown>;
  attribution: string;
  canonicalUrl: string | null;
  lastReviewedAt: Date | null;
  nextReviewDueAt: Date | null;
  reviewStatus: ReviewStatus;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** What the snippet may hold, whatever the content: formatting, links, dates. Never scripts or styles. */
const EMBED_HTML: sanitizeHtml.IOptions = {
  allowedTags: ["div", "h2", "p", "ul", "ol", "li", "strong", "em", "del", "blockquote", "code", "pre", "br", "a", "time", "footer"],
  allowedAttributes: { div: ["class", "lang"], p: ["class"], footer: ["class"], time: ["datetime"], a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener" }) },
};

function day(date: Date, locale: string): string {
  try {
    return date.toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** The review state in words; never claims a review that is not recorded. */
function reviewLine(node: NodeRow): { text: string; html: string } {
  const last = node.lastReviewedAt as Date | null;
  const next = node.nextReviewDueAt as Date | null;
  const time = (d: Date) => ({
    text: day(d, node.locale),
    html: `<time datetime="${d.toISOString()}">${escape(day(d, node.locale))}</time>`,
  });
  const parts: Array<{ text: string; html: string }> = [];
  if (last) {
    const by = node.reviewedBy ? ` by ${node.reviewedBy as string}` : "";
    const t = time(last);
    parts.push({ text: `Clinically reviewed${by} on ${t.text}.`, html: `Clinically reviewed${escape(by)} on ${t.html}.` });
  } else {
    parts.push({ text: "Not clinically reviewed yet.", html: "Not clinically reviewed yet." });
  }
  if (next) {
    const t = time(next);
    const overdue = next.getTime() <= Date.now();
    parts.push({
      text: `${overdue ? "Review due since" : "Next review due"} ${t.text}.`,
      html: `${overdue ? "Review due since" : "Next review due"} ${t.html}.`,
    });
  }
  return { text: parts.map((p) => p.text).join(" "), html: parts.map((p) => p.html).join(" ") };
}

/** Who supplies the content and what it rests on, from configuration and the item's citations only. */
function attributionOf(config: PartnerConfig, node: NodeRow, canonical: string | null): string {
  const sources = ((node.citations as Citation[]) ?? []).map((c) => (c.publisher ? `${c.title} (${c.publisher})` : c.title));
  const supplied = config.publisherName ? `Supplied by ${config.publisherName}` : "Supplied by the publisher of this content";
  return [`${supplied}${canonical ? `: ${canonical}` : ""}.`, sources.length ? `Sources: ${sources.join("; ")}.` : ""]
    .filter(Boolean)
    .join(" ");
}

const toText = (html: string) =>
  sanitizeHtml(html.replace(/<\/(p|li|h2|div|footer)>|<br\s*\/?>/g, "$&\n"), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, "\n\n")
    .trim();

export async function treatmentEmbed(ctx: RequestContext, config: PartnerConfig, node: NodeRow): Promise<TreatmentEmbedData> {
  const canonical = canonicalUrl(config, definitionOf("treatment"), node.slug);
  const attribution = attributionOf(config, node, canonical);
  const review = reviewLine(node);
  const title = canonical ? `<a href="${escape(canonical)}">${escape(node.name as string)}</a>` : escape(node.name as string);
  const summary = node.summary ? `<p>${escape(node.summary as string)}</p>` : "";
  const raw = `<div class="health-cms-embed" lang="${escape(node.locale)}"><h2>${title}</h2>${summary}${markdownToSafeHtml(node.body as string | null) ?? ""}<footer class="health-cms-embed-meta"><p class="health-cms-embed-review">${review.html}</p><p class="health-cms-embed-attribution">${escape(attribution)}</p></footer></div>`;
  const html = sanitizeHtml(raw, EMBED_HTML);
  return {
    html,
    text: toText(html),
    jsonLd: await jsonLdOf(ctx, config, "treatment", node),
    attribution,
    canonicalUrl: canonical,
    lastReviewedAt: (node.lastReviewedAt as Date | null) ?? null,
    nextReviewDueAt: (node.nextReviewDueAt as Date | null) ?? null,
    reviewStatus: node.reviewStatus as ReviewStatus,
  };
}
