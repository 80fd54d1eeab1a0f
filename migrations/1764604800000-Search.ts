import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Search of the live graph (src/partners/search.ts): a weighted tsvector GIN index and a
 * pg_trgm index on the names of every live translation table. The expressions are what
 * src/partners/search-sql.ts derives from the definitions today; a test checks that every
 * type's search uses them, so a later change of weights (or a new type) comes with a
 * migration of its own.
 *
 * pg_trgm is a trusted extension: the database owner may create it without being a superuser.
 * Its functions stay in `public`, which every login may use (not create in).
 */
export const INDEXED: Record<string, { vector: string; names: string }> = {
  advice: {
    vector: "setweight(to_tsvector(live.search_config(locale), coalesce(text, '')), 'A')",
    names: "coalesce(text, '')",
  },
  case_example: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(title, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(presentation, '')), 'C') || setweight(to_tsvector(live.search_config(locale), coalesce(plan, '') || ' ' || coalesce(outcome, '')), 'D')",
    names: "coalesce(title, '')",
  },
  condition: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(name, '')), 'A') || setweight(to_tsvector(live.search_config(locale), live.search_text(alternate_names)), 'B') || setweight(to_tsvector(live.search_config(locale), coalesce(summary, '')), 'C') || setweight(to_tsvector(live.search_config(locale), coalesce(body, '') || ' ' || live.search_text(causes)), 'D')",
    names: "coalesce(name, '') || ' ' || live.search_text(alternate_names)",
  },
  diagnostic_method: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(name, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(description, '')), 'C')",
    names: "coalesce(name, '')",
  },
  red_flag: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(text, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(action, '')), 'C')",
    names: "coalesce(text, '')",
  },
  risk_factor: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(name, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(description, '')), 'C')",
    names: "coalesce(name, '')",
  },
  symptom: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(name, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(description, '')), 'C')",
    names: "coalesce(name, '')",
  },
  topic: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(title, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(summary, '')), 'C') || setweight(to_tsvector(live.search_config(locale), coalesce(introduction, '') || ' ' || live.search_text(cause_kinds) || ' ' || coalesce(treatment_framing, '') || ' ' || coalesce(conclusion, '')), 'D')",
    names: "coalesce(title, '')",
  },
  treatment: {
    vector:
      "setweight(to_tsvector(live.search_config(locale), coalesce(name, '')), 'A') || setweight(to_tsvector(live.search_config(locale), coalesce(summary, '')), 'C') || setweight(to_tsvector(live.search_config(locale), coalesce(body, '')), 'D')",
    names: "coalesce(name, '')",
  },
};

export class Search1764604800000 implements MigrationInterface {
  name = "Search1764604800000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    // Immutable, so that index expressions may use them: the text-search configuration of a
    // locale (its language's stemmer where PostgreSQL has one), and a text list as one text.
    await q.query(`
      CREATE FUNCTION live.search_config(locale text) RETURNS regconfig
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE split_part(lower(locale), '-', 1)
          WHEN 'en' THEN 'english'::regconfig WHEN 'es' THEN 'spanish'::regconfig
          WHEN 'fr' THEN 'french'::regconfig WHEN 'de' THEN 'german'::regconfig
          WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig
          WHEN 'nl' THEN 'dutch'::regconfig WHEN 'sv' THEN 'swedish'::regconfig
          WHEN 'da' THEN 'danish'::regconfig WHEN 'fi' THEN 'finnish'::regconfig
          WHEN 'nb' THEN 'norwegian'::regconfig WHEN 'no' THEN 'norwegian'::regconfig
          WHEN 'ru' THEN 'russian'::regconfig WHEN 'tr' THEN 'turkish'::regconfig
          ELSE 'simple'::regconfig END
      $$`);
    await q.query(`
      CREATE FUNCTION live.search_text(items text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string(items, ' '), '') $$`);
    for (const [table, { vector, names }] of Object.entries(INDEXED)) {
      await q.query(`CREATE INDEX ${table}_translation_search ON live.${table}_translation USING gin ((${vector}))`);
      await q.query(`CREATE INDEX ${table}_translation_names_trgm ON live.${table}_translation USING gin ((${names}) public.gin_trgm_ops)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(INDEXED)) {
      await q.query(`DROP INDEX live.${table}_translation_search, live.${table}_translation_names_trgm`);
    }
    await q.query(`DROP FUNCTION live.search_text(text[]), live.search_config(text)`);
    // pg_trgm stays: other features may use it.
  }
}
