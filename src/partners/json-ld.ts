import { LinkRow, NodeRow } from "../content/content.loaders";
import { Citation } from "../content/content.type";
import { definitionOf } from "../model/registry";
import { RequestContext } from "../server/context";
import { canonicalUrl, PartnerConfig } from "./partner-config";

/**
 * schema.org JSON-LD of a published item: a MedicalWebPage `about` the item, with only
 * schema.org terms, only what the content holds (a review only where one is recorded), and
 * every source the item and its links cite.
 */

type Json = Record<string, unknown>;
type Builder = (node: NodeRow, page: PageBuilder) => Promise<Json>;

/** The content types with structured data, by key. */
const ABOUT: Record<string, Builder> = {
  condition: async (node, page) => {
    const [symptoms, riskFactors, treatments, tests, advice, differentials] = await Promise.all(
      [
        "conditionSymptom",
        "conditionRiskFactor",
        "conditionTreatment",
        "conditionDiagnosticMethod",
        "conditionAdvice",
        "conditionDifferential",
      ].map((key) => page.links(key, "out")),
    );
    const codes = (node.codes as Array<{ system: string; code: string; citation: Citation | null }>) ?? [];
    for (const c of codes) if (c.citation) page.cite(c.citation);
    return compact({
      "@type": "MedicalCondition",
      name: node.name,
      alternateName: nonEmpty(node.alternateNames as string[]),
      description: node.summary,
      url: page.url,
      code: nonEmpty(codes.map((c) => ({ "@type": "MedicalCode", codeValue: c.code, codingSystem: c.system }))),
      cause: nonEmpty(((node.causes as string[]) ?? []).map((name) => ({ "@type": "MedicalCause", name }))),
      signOrSymptom: nonEmpty(
        symptoms.map((l) => page.entity(l.node, l.node.kind === "SIGN" ? "MedicalSign" : "MedicalSymptom", "symptom")),
      ),
      riskFactor: nonEmpty(riskFactors.map((l) => page.entity(l.node, "MedicalRiskFactor", "riskFactor"))),
      possibleTreatment: nonEmpty(treatments.map((l) => page.entity(l.node, "MedicalTherapy", "treatment"))),
      typicalTest: nonEmpty(tests.map((l) => page.entity(l.node, "MedicalTest", "diagnosticMethod"))),
      primaryPrevention: nonEmpty(
        advice.filter((l) => l.node.kind === "PREVENTION").map((l) => ({ "@type": "MedicalTherapy", name: l.node.text })),
      ),
      differentialDiagnosis: nonEmpty(
        differentials.map((l) => ({ "@type": "DDxElement", diagnosis: page.entity(l.node, "MedicalCondition", "condition") })),
      ),
    });
  },
  symptom: async (node, page) => {
    await page.links("conditionSymptom", "in");
    return page.entity(node, node.kind === "SIGN" ? "MedicalSign" : "MedicalSymptom", "symptom");
  },
  riskFactor: async (node, page) => {
    const conditions = await page.links("conditionRiskFactor", "in");
    return compact({
      ...page.entity(node, "MedicalRiskFactor", "riskFactor"),
      increasesRiskOf: nonEmpty(conditions.map((l) => page.entity(l.node, "MedicalCondition", "condition"))),
    });
  },
  treatment: async (node, page) => {
    await page.links("conditionTreatment", "in");
    return page.entity(node, "MedicalTherapy", "treatment");
  },
};

export const JSON_LD_TYPES = Object.keys(ABOUT);

const nonEmpty = <T>(items: T[] | null | undefined): T[] | undefined => (items?.length ? items : undefined);

function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}

/** A citation as a schema.org CreativeWork: title, link, publisher and identifiers as given. */
function creativeWork(c: Citation): Json {
  const ids = [
    c.doi ? { "@type": "PropertyValue", propertyID: "DOI", value: c.doi } : null,
    c.pmid ? { "@type": "PropertyValue", propertyID: "PMID", value: c.pmid } : null,
  ].filter(Boolean);
  return compact({
    "@type": "CreativeWork",
    name: c.title,
    url: c.url,
    publisher: c.publisher ? { "@type": "Organization", name: c.publisher } : undefined,
    identifier: nonEmpty(ids),
  });
}

/** Collects what a page cites while its `about` is built. */
class PageBuilder {
  private readonly citations = new Map<string, Citation>();
  readonly url: string | null;

  constructor(
    private readonly ctx: RequestContext,
    private readonly config: PartnerConfig,
    private readonly node: NodeRow,
    type: string,
  ) {
    this.url = canonicalUrl(config, definitionOf(type), node.slug);
    for (const c of (node.citations as Citation[]) ?? []) this.cite(c);
  }

  cite(c: Citation): void {
    this.citations.set(JSON.stringify([c.title, c.url ?? null, c.doi ?? null, c.pmid ?? null]), c);
  }

  /** Links of the item (published far ends only); their evidence is cited. */
  async links(key: string, direction: "out" | "in"): Promise<LinkRow[]> {
    const rows = await this.ctx.loaders.links(key, direction, this.node.chain).load(this.node.id);
    for (const row of rows) {
      this.ctx.answer?.tags.add(row.node.id);
      const evidence = row.evidence as { citation?: Citation } | null;
      if (evidence?.citation) this.cite(evidence.citation);
    }
    return rows;
  }

  /** An item as a schema.org entity: its type, name, description and page. */
  entity(node: NodeRow, schemaType: string, key: string): Json {
    return compact({
      "@type": schemaType,
      name: node.name,
      description: node.summary ?? node.description,
      url: canonicalUrl(this.config, definitionOf(key), node.slug),
    });
  }

  finish(about: Json): Json {
    const n = this.node;
    const reviewed = n.lastReviewedAt instanceof Date ? n.lastReviewedAt : null;
    return compact({
      "@context": "https://schema.org",
      "@type": "MedicalWebPage",
      url: this.url,
      name: about.name,
      inLanguage: n.locale,
      datePublished: (n.publishedAt as Date | null)?.toISOString(),
      dateModified: (n.updatedAt as Date | null)?.toISOString(),
      // Only a recorded sign-off: imported content claims no review.
      lastReviewed: reviewed ? reviewed.toISOString().slice(0, 10) : undefined,
      reviewedBy: reviewed && n.reviewedBy ? { "@type": "Person", name: n.reviewedBy } : undefined,
      citation: nonEmpty([...this.citations.values()].map(creativeWork)),
      about,
    });
  }
}

/** The JSON-LD of a published item of a type that has structured data. */
export async function jsonLdOf(ctx: RequestContext, config: PartnerConfig, type: string, node: NodeRow): Promise<Json> {
  const build = ABOUT[type];
  if (!build) throw new Error(`no JSON-LD for content type ${type}`);
  const page = new PageBuilder(ctx, config, node, type);
  return page.finish(await build(node, page));
}
