import { request } from "./api";
import { graphql } from "./gql";
import type {
  ContentType,
  StudioContentModelQuery,
  StudioItemQuery,
  StudioWorkListQuery,
  StudioWorkListQueryVariables,
} from "./gql/graphql";

export const ContentModelDocument = graphql(`
  query StudioContentModel {
    contentModel {
      key
      name
      label
      help
      sortField
      listQuery
      itemQuery
      fields {
        name
        kind
        localized
        required
        label
        help
        maxLength
        maxItems
        enumValues
      }
      links {
        kind
        field
        singular
        target
        label
        help
        attributes {
          name
          label
          help
          values
          default
        }
      }
    }
  }
`);

export const ItemDocument = graphql(`
  query StudioItem($type: ContentType!, $id: ID!, $locale: String) {
    editorialItem(type: $type, id: $id, locale: $locale) {
      id
      type
      status
      version
      title
      slug
      locale
      live
      liveVersion
      createdBy
      updatedBy
      updatedAt
      publishedAt
      reviewedBy
      lastReviewedAt
      nextReviewDueAt
      reviewStatus
      content
      links
      translations {
        locale
        slug
        title
      }
    }
  }
`);

export type TypeModel = StudioContentModelQuery["contentModel"][number];
export type FieldModel = TypeModel["fields"][number];
export type LinkModel = TypeModel["links"][number];
export type Item = NonNullable<StudioItemQuery["editorialItem"]>;
export type { ContentType };

/** The item fields every list and form reads (also spliced into the per-type mutations). */
export const ITEM_FIELDS = `id type status version title slug locale live liveVersion createdBy updatedBy updatedAt publishedAt
  reviewedBy lastReviewedAt nextReviewDueAt reviewStatus content links translations { locale slug title }`;

/** riskFactor -> RISK_FACTOR, the ContentType value. */
export function typeEnum(key: string): ContentType {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase() as ContentType;
}

/** RISK_FACTOR -> riskFactor. */
export function typeKey(type: string): string {
  return type.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The key an item's `links` JSON uses for a link kind, e.g. conditionSymptom. */
export function linkKey(model: TypeModel, link: LinkModel): string {
  return model.key + link.singular.charAt(0).toUpperCase() + link.singular.slice(1);
}

let modelPromise: Promise<TypeModel[]> | null = null;

export function loadModel(): Promise<TypeModel[]> {
  modelPromise ??= request(ContentModelDocument).then((d) => d.contentModel);
  modelPromise.catch(() => (modelPromise = null));
  return modelPromise;
}

export function modelOf(models: TypeModel[], keyOrType: string): TypeModel {
  const key = keyOrType.includes("_") || keyOrType === keyOrType.toUpperCase() ? typeKey(keyOrType) : keyOrType;
  const found = models.find((m) => m.key === key || m.name === keyOrType);
  if (!found) throw new Error(`Unknown content type ${keyOrType}`);
  return found;
}

export const WorkListDocument = graphql(`
  query StudioWorkList($filter: EditorialItemFilter, $first: Int, $after: String, $orderBy: EditorialItemOrder) {
    editorialItems(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          type
          status
          version
          title
          live
          createdBy
          updatedBy
          updatedAt
          publishedAt
          nextReviewDueAt
        }
      }
    }
  }
`);

/** An item as work lists show it: its workflow state, not its content. */
export type ListItem = StudioWorkListQuery["editorialItems"]["edges"][number]["node"];
export type WorkListFilter = NonNullable<StudioWorkListQueryVariables["filter"]>;
export type WorkListOrder = NonNullable<StudioWorkListQueryVariables["orderBy"]>;

export interface ListPage {
  items: ListItem[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * One page of a work list, filtered, ordered and paged by the server (`editorialItems`):
 * drafts of any types by status, name, author, four eyes and review date.
 */
export async function workList(options: {
  filter?: WorkListFilter;
  first?: number;
  after?: string | null;
  orderBy?: WorkListOrder;
}): Promise<ListPage> {
  const { editorialItems: list } = await request(WorkListDocument, {
    filter: options.filter ?? null,
    first: options.first ?? 20,
    after: options.after ?? null,
    orderBy: options.orderBy ?? null,
  });
  return {
    items: list.edges.map((e) => e.node),
    totalCount: list.totalCount,
    endCursor: list.pageInfo.endCursor ?? null,
    hasNextPage: list.pageInfo.hasNextPage,
  };
}

/** Editorial state of many items, 15 per request (the alias limit), the requests side by side. */
export async function editorialItems(refs: Array<{ type: ContentType; id: string }>, locale?: string): Promise<Item[]> {
  const chunks: Array<Array<{ type: ContentType; id: string }>> = [];
  for (let i = 0; i < refs.length; i += 15) chunks.push(refs.slice(i, i + 15));
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const vars = chunk.map((_r, n) => `$t${n}: ContentType!, $i${n}: ID!`).join(", ");
      const fields = chunk.map((_r, n) => `a${n}: editorialItem(type: $t${n}, id: $i${n}, locale: $locale) { ${ITEM_FIELDS} }`).join("\n");
      const variables: Record<string, unknown> = { locale: locale ?? null };
      chunk.forEach((r, n) => {
        variables[`t${n}`] = r.type;
        variables[`i${n}`] = r.id;
      });
      const data = await request<Record<string, Item | null>, unknown>(
        `query StudioItems($locale: String, ${vars}) { ${fields} }`,
        variables,
      );
      return chunk.map((_r, n) => data[`a${n}`]).filter((item): item is Item => !!item);
    }),
  );
  return pages.flat();
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}
