import { marked } from "marked";
import { createElement, Fragment, ReactNode } from "react";
import { MARKDOWN_ALLOWED_TAGS, MARKDOWN_LINK_SCHEMES } from "../../src/common/markdown-policy";

// The server's rules, shared with it: formatting tags only, links to http(s)/mailto.
const ALLOWED = new Set(MARKDOWN_ALLOWED_TAGS);
const VOID = new Set(["br", "hr"]);

function safeHref(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, "https://invalid.example/");
    return MARKDOWN_LINK_SCHEMES.includes(url.protocol.slice(0, -1)) && !url.href.startsWith("https://invalid.example/") ? href : undefined;
  } catch {
    return undefined;
  }
}

function convert(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  const children = Array.from(element.childNodes).map(convert);
  // A tag outside the list is dropped; its text stays (script and style contents do not).
  if (!ALLOWED.has(tag)) return tag === "script" || tag === "style" ? null : createElement(Fragment, { key }, ...children);
  if (VOID.has(tag)) return createElement(tag, { key });
  const props: Record<string, unknown> = { key };
  if (tag === "a") {
    props.href = safeHref(element.getAttribute("href"));
    props.rel = "nofollow noopener";
    const title = element.getAttribute("title");
    if (title) props.title = title;
  }
  return createElement(tag, props, ...children);
}

/**
 * HTML as React elements, keeping only the allowed tags and attributes. The HTML is parsed into
 * an inert document (nothing runs, nothing loads) and rebuilt element by element: no string
 * of HTML is ever inserted into the page.
 */
export function SafeHtml(props: { html: string | null | undefined; className?: string }) {
  const doc = new DOMParser().parseFromString(props.html ?? "", "text/html");
  return <div className={props.className}>{Array.from(doc.body.childNodes).map(convert)}</div>;
}

/** Markdown rendered as the server renders it (marked, GFM), through the same allow-list. */
export function MarkdownPreview(props: { markdown: string; label: string }) {
  const html = marked.parse(props.markdown, { async: false, gfm: true });
  return (
    <div className="md-preview" aria-label={props.label} role="region">
      <SafeHtml html={html} />
    </div>
  );
}
