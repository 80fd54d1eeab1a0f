import { markdownToSafeHtml } from "../src/common/markdown";

describe("Markdown bodies served as HTML", () => {
  it("renders formatting, lists and links", () => {
    const html = markdownToSafeHtml("# Calf pain\n\n**Rest** and [read more](https://example.org/a).\n\n- ice\n- heat")!;
    expect(html).toContain("<h1>Calf pain</h1>");
    expect(html).toContain("<strong>Rest</strong>");
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow noopener">read more</a>');
    expect(html).toContain("<li>ice</li>");
  });

  it("drops scripts, event handlers, images and javascript: links", () => {
    const html = markdownToSafeHtml(
      '<script>alert(1)</script><img src=x onerror="alert(1)"> <a href="#" onclick="x()">y</a>\n\nSee [x](javascript:alert(1)).',
    )!;
    expect(html).not.toMatch(/<script|onerror|onclick|<img|href="javascript/i);
    expect(html).toMatch(/<a rel="nofollow noopener">x<\/a>/);
  });

  it("keeps null as null", () => {
    expect(markdownToSafeHtml(null)).toBeNull();
  });
});
