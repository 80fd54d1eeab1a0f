/** `conditions(first: 1) { edges { node { symptoms { conditions { ... n times` (issue 7's attack). */
function nestedLinks(levels: number): string {
  let inner = "slug";
  for (let i = 0; i < levels; i++) inner = `symptoms { conditions { ${inner} } }`;
  return `{ conditions(first: 1) { edges { node { ${inner} } } } }`;
}

/** Queries the server must refuse before running them; the benchmark times the refusals. */
export const HOSTILE: Array<{ name: string; query: string }> = [
  { name: "nested links, 8 levels", query: nestedLinks(8) },
  { name: "depth 50", query: nestedLinks(24) },
  { name: "1,000 aliases", query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: conditions { totalCount }`).join(" ")} }` },
  { name: "first: 1000000000", query: `{ conditions(first: 1000000000) { edges { node { slug } } } }` },
  {
    name: "circular fragments",
    query: `{ conditions { ...A } } fragment A on ConditionConnection { edges { node { symptoms { conditions { ...B } } } } } fragment B on ConditionConnection { ...A }`,
  },
];
