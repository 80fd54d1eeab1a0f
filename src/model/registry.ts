import fs from "node:fs";
import path from "node:path";
import { ContentTypeDefinition, EnumDefinition, FieldDefinition, LinkAttributeDefinition, LinkDefinition } from "./definition";

/** A link between two content types, as derived from the owning type's definition. */
export interface LinkInfo {
  /** E.g. `conditionSymptom`: the owning type's key and the link's singular. */
  key: string;
  source: string;
  target: string;
  definition: LinkDefinition;
  table: string;
  sourceColumn: string;
  targetColumn: string;
  attributes: Record<string, LinkAttributeDefinition>;
  /** `CONDITION_SYMPTOMS`: the value editors name the link kind by. */
  kindName: string;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const constantCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
export const snakeCase = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * Every file in ./types declares one content type (its default export), so adding a type
 * is adding its file: nothing else lists the types.
 */
function loadDefinitions(): ContentTypeDefinition[] {
  const dir = path.join(__dirname, "types");
  return fs
    .readdirSync(dir)
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(dir, file)) as { default?: ContentTypeDefinition };
      if (!loaded.default?.key) throw new Error(`content type file ${file} has no default export made with defineContentType`);
      return loaded.default;
    });
}

function check(definitions: ContentTypeDefinition[], links: LinkInfo[]): void {
  const fail = (message: string) => {
    throw new Error(`content model: ${message}`);
  };
  const keys = new Set<string>();
  const names = new Set<string>();
  for (const d of definitions) {
    if (keys.has(d.key) || names.has(d.name)) fail(`type ${d.key} (${d.name}) is declared twice`);
    keys.add(d.key);
    names.add(d.name);
    const sort = d.fields[d.sortField];
    if (!sort || sort.kind !== "text" || !sort.localized || !sort.required)
      fail(`${d.key}.sortField must name a required localized text field`);
  }
  const linkKeys = new Set<string>();
  for (const l of links) {
    if (!keys.has(l.target)) fail(`link ${l.key} targets unknown type ${l.target}`);
    if (linkKeys.has(l.key)) fail(`link ${l.key} is declared twice`);
    linkKeys.add(l.key);
  }
  for (const d of definitions) {
    const fields = [...Object.keys(d.fields), ...Object.keys(d.views ?? {})];
    for (const l of links.filter((x) => x.source === d.key)) fields.push(l.definition.field, `${l.definition.singular}Links`);
    for (const l of links.filter((x) => x.target === d.key && x.definition.reverse !== false)) fields.push(reverseOf(l).field);
    const dup = fields.find((f, i) => fields.indexOf(f) !== i);
    if (dup) fail(`${d.name}.${dup} is derived twice; rename a link or set its reverse`);
  }
}

/** The far end's field and filter for a link, e.g. `Symptom.conditions` / `symptoms(filter: { condition })`. */
export function reverseOf(link: LinkInfo): { field: string; filter: string; description?: string } {
  if (link.definition.reverse === false) throw new Error(`link ${link.key} has no reverse`);
  const source = TYPES.get(link.source)!;
  return link.definition.reverse ?? { field: source.listQuery, filter: source.key };
}

export const DEFINITIONS: ContentTypeDefinition[] = loadDefinitions();
export const TYPES = new Map(DEFINITIONS.map((d) => [d.key, d]));

export const LINK_INFOS: LinkInfo[] = DEFINITIONS.flatMap((d) =>
  (d.links ?? []).map((l) => ({
    key: d.key + upperFirst(l.singular),
    source: d.key,
    target: l.target,
    definition: l,
    table: `${d.table}_${snakeCase(l.singular)}`,
    sourceColumn: `${d.table}_id`,
    targetColumn: l.targetColumn ?? `${DEFINITIONS.find((t) => t.key === l.target)?.table ?? snakeCase(l.target)}_id`,
    attributes: l.attributes ?? {},
    kindName: constantCase(d.key) + "_" + constantCase(l.field),
  })),
);
export const LINK_BY_KEY = new Map(LINK_INFOS.map((l) => [l.key, l]));
check(DEFINITIONS, LINK_INFOS);

export function definitionOf(key: string): ContentTypeDefinition {
  const d = TYPES.get(key);
  if (!d) throw new Error(`unknown content type ${key}`);
  return d;
}

/** Every enum the model uses (fields and link attributes), once each. */
export function allEnums(): EnumDefinition[] {
  const found = new Map<string, EnumDefinition>();
  for (const d of DEFINITIONS) {
    for (const f of Object.values<FieldDefinition>(d.fields)) if (f.kind === "enum") found.set(f.enum.name, f.enum);
  }
  for (const l of LINK_INFOS) for (const a of Object.values(l.attributes)) found.set(a.enum.name, a.enum);
  return [...found.values()];
}

/** Column of a field or attribute, e.g. `bodyRegions` -> `body_regions`. */
export const columnOf = snakeCase;
