import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { BadUserInputError } from "./errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * A `totalCount` that is not kept per list and filter value (see ContentService.list) is exact
 * up to this many items; beyond, it is the query planner's estimate, so that a count costs the
 * same whatever the size of the library.
 */
export const EXACT_COUNT_LIMIT = 1000;
const limitText = EXACT_COUNT_LIMIT.toLocaleString("en");

@ObjectType({ description: "Relay page information for forward pagination." })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field({ description: "Always false: lists page forward with `first` and `after`." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface TotalCount {
  count: number;
  exact: boolean;
}

/**
 * A forward page of `edges`; the total is counted once, and only when a client asks for
 * `totalCount` or `totalCountIsExact`.
 */
export function forwardPage<T>(edges: Array<{ cursor: string; node: T }>, hasNextPage: boolean, count: () => Promise<TotalCount>): Page<T> {
  let total: Promise<TotalCount> | undefined;
  const totalCount = () => (total ??= count());
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return totalCount().then((t) => t.count);
    },
    get totalCountIsExact() {
      return totalCount().then((t) => t.exact);
    },
  };
}

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  /** Counted only when a client asks for it. */
  readonly totalCount: Promise<number>;
  readonly totalCountIsExact: Promise<boolean>;
}

const BOUNDED_COUNT =
  `exact up to ${limitText}; beyond, the database's estimate (at most a minute old, never below what was counted), ` +
  `so that counting costs the same in a library of any size. See \`totalCountIsExact\`.`;

/**
 * Builds `<Name>Edge` and `<Name>Connection` object types for a node type. `keptCounts`: the
 * list's whole and single-field-filter counts are kept by the database (content lists).
 */
export function connectionType<T extends object>(name: string, node: ClassType<T>, options: { keptCounts?: boolean } = {}) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Opaque keyset cursor: pass it as `after` to read the next page." })
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, {
      description:
        "Number of items matching the filter, across all pages: " +
        (options.keptCounts
          ? `exact for a whole list and for a list with one filter on a field (counts the database keeps as content changes); ` +
            `with any other filter, ${BOUNDED_COUNT}`
          : BOUNDED_COUNT),
    })
    totalCount: number;

    @Field({ description: `False when \`totalCount\` is an estimate (more than ${limitText} items match).` })
    totalCountIsExact: boolean;
  }
  return Connection;
}

/** Checks `first`: it defaults to 20 and is capped at 100. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw new BadUserInputError("`first` must be a non-negative integer.", "first");
  if (first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`first\` may be at most ${MAX_PAGE_SIZE} (got ${first}).`, "first");
  }
  return first;
}

/**
 * The LIMIT of a page's statement, one row more than the page (to tell whether another page
 * follows), written into the SQL text rather than bound. PostgreSQL costs the generic plan of a
 * prepared `LIMIT $n` as if a tenth of the rows were read, so past some ten thousand rows it
 * stops keeping that plan and plans every execution afresh, which costs more than running the
 * page. With the number in the text the generic plan costs what the page costs and is kept at
 * any library size. Page sizes are bounded (MAX_PAGE_SIZE), and so is the number of statements.
 */
export function pageLimit(size: number): string {
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) throw new Error(`not a page size: ${size}`);
  return String(size + 1);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface KeysetPosition {
  sortKey: string;
  id: string;
}

/** Cursors name the list they belong to, so one list's cursor is refused by another. */
export function encodeCursor(list: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([list, position.sortKey, position.id]), "utf8").toString("base64url");
}

export function decodeCursor(list: string, cursor: string): KeysetPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== list ||
    typeof decoded[1] !== "string" ||
    typeof decoded[2] !== "string" ||
    !UUID.test(decoded[2])
  ) {
    throw new BadUserInputError("`after` is not a cursor of this list.", "after");
  }
  return { sortKey: decoded[1], id: decoded[2] };
}
