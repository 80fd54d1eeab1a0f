import { markdownToSafeHtml } from "../../src/common/markdown";

/** Payloads from the usual XSS cheat sheets, written as editors could paste them into Markdown. */
const CORPUS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  '<img src=x onerror="alert(1)">',
  "<img src=x onerror=alert(1)//",
  '<svg onload="alert(1)"><circle r="1"/></svg>',
  "<svg><script>alert(1)</script></svg>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>',
  '<a href="java\tscript:alert(1)">tab</a>',
  '<a href=" javascript:alert(1)">space</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  "[click](javascript:alert(1))",
  "[click](JAVASCRIPT:alert(1))",
  "[click](&#x6A;avascript:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '[click](https://example.org "onmouseover=alert(1)")',
  "![x](x onerror=alert(1))",
  '![x](javascript:alert(1) "t")',
  "<javascript:alert(1)>",
  '<div style="background:url(javascript:alert(1))">styled</div>',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<p onclick="alert(1)">para</p>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<input autofocus onfocus="alert(1)">',
  '<details open ontoggle="alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="import" href="https://evil.example/x.html">',
  "<!--<img src=x onerror=alert(1)>-->",
  "<![CDATA[<script>alert(1)</script>]]>",
  "`<script>alert(1)</script>`",
  "```html\n<script>alert(1)</script>\n```",
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<a href="https://example.org" target="_blank" onclick="x()">ok</a>',
  '"><script>alert(1)</script>',
  "<<script>script>alert(1)<</script>/script>",
];

const ALLOWED_TAGS = new Set([
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
]);

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&amp;/g, "&");
}

/** Every tag of the output, with its attributes. */
function tags(html: string): Array<{ name: string; attributes: Array<[string, string]> }> {
  return [...html.matchAll(/<\/?\s*([a-zA-Z][\w:-]*)([^>]*)>/g)].map(([, name, rest]) => ({
    name: name.toLowerCase(),
    attributes: [...rest.matchAll(/([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => [
      m[1].toLowerCase(),
      decodeEntities(m[3] ?? m[4] ?? m[5] ?? ""),
    ]),
  }));
}

describe("an XSS corpus in Markdown comes out harmless", () => {
  it.each(CORPUS.map((payload) => [payload]))("%s", (payload) => {
    for (const markdown of [payload, `Intro text.\n\n${payload}\n\n- list ${payload}`, `> ${payload}`]) {
      const html = markdownToSafeHtml(markdown)!;
      for (const tag of tags(html)) {
        expect(ALLOWED_TAGS).toContain(tag.name);
        for (const [name, value] of tag.attributes) {
          expect(tag.name === "a" && ["href", "title", "rel"].includes(name)).toBe(true);
          // Browsers drop control characters before reading a scheme, so the check must too.
          // eslint-disable-next-line no-control-regex
          if (name === "href") expect(value.replace(/[\s\u0000-\u001f]/g, "")).toMatch(/^(https?:|mailto:|#|\/|[^:]*$)/i);
        }
      }
      // Text may mention "onerror=" or "javascript:" (escaped), but never inside a tag.
      expect(html).not.toMatch(/<(script|style|iframe|object|embed|svg|math|img|form|input|base|meta|link|details)\b/i);
    }
  });
});
