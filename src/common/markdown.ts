import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { MARKDOWN_ALLOWED_TAGS, MARKDOWN_LINK_SCHEMES } from "./markdown-policy";

const cache = new Map<string, string>();
const CACHE_SIZE = 500;

/**
 * Markdown as HTML that is safe to insert into a page: only formatting tags, links with
 * http(s)/mailto targets, no scripts, styles, event handlers or raw HTML from the source.
 */
export function markdownToSafeHtml(markdown: string | null | undefined): string | null {
  if (markdown === null || markdown === undefined) return null;
  const hit = cache.get(markdown);
  if (hit !== undefined) return hit;
  const html = sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }), {
    allowedTags: [...MARKDOWN_ALLOWED_TAGS],
    allowedAttributes: { a: ["href", "title", "rel"] },
    allowedSchemes: [...MARKDOWN_LINK_SCHEMES],
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener" }) },
  }).trim();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(markdown, html);
  return html;
}
