import { Snapshot } from "./content-store";
import { ChangeKind, RevisionChange } from "./editorial.types";

/** Bookkeeping that changes on every save and says nothing about the content. */
const IGNORED = new Set(["version", "updatedAt", "updatedBy", "createdAt", "createdBy"]);

function flatten(prefix: string, value: Record<string, unknown>, out: Map<string, unknown>) {
  for (const [key, v] of Object.entries(value)) {
    if (IGNORED.has(key)) continue;
    out.set(`${prefix}.${key}`, v instanceof Date ? v.toISOString() : v);
  }
}

function compare(before: Map<string, unknown>, after: Map<string, unknown>): RevisionChange[] {
  const changes: RevisionChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(path);
    const b = after.get(path);
    if (!before.has(path)) changes.push({ path, kind: ChangeKind.ADDED, before: null, after: b });
    else if (!after.has(path)) changes.push({ path, kind: ChangeKind.REMOVED, before: a, after: null });
    else if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ path, kind: ChangeKind.CHANGED, before: a, after: b });
  }
  return changes;
}

function fieldsOf(s: Snapshot): Map<string, unknown> {
  const out = new Map<string, unknown>();
  flatten("document", s.document, out);
  for (const t of s.translations) flatten(`translations.${t.locale as string}`, t, out);
  return out;
}

/** Links keyed by kind and target: one entry per link, its attributes as the value. */
function linksOf(s: Snapshot): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [kind, links] of Object.entries(s.links)) {
    for (const { targetId, ...attributes } of links ?? []) out.set(`links.${kind}.${targetId}`, attributes);
  }
  return out;
}

/** What changed between two snapshots of the same item: fields, then links. */
export function diffSnapshots(from: Snapshot, to: Snapshot): { fields: RevisionChange[]; links: RevisionChange[] } {
  return { fields: compare(fieldsOf(from), fieldsOf(to)), links: compare(linksOf(from), linksOf(to)) };
}
