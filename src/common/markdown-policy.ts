/**
 * What Markdown may become, in one place: the server's sanitizer (markdown.ts) and the editor
 * studio's preview (studio/src/safe-html.tsx) both follow it, so a preview never shows more than
 * readers will get. Plain data: no imports, so the browser bundle can use it too.
 */
export const MARKDOWN_ALLOWED_TAGS: readonly string[] = [
  "p",
  "br",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "del",
  "blockquote",
  "code",
  "pre",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "sup",
  "sub",
];

/** The only link targets kept (`href`), without the colon. */
export const MARKDOWN_LINK_SCHEMES: readonly string[] = ["http", "https", "mailto"];
