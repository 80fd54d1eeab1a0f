import { MigrationInterface, QueryRunner } from "typeorm";

const LINK_TABLES = [
  "condition_symptom",
  "condition_risk_factor",
  "condition_treatment",
  "condition_diagnostic_method",
  "condition_advice",
  "condition_red_flag",
  "condition_differential",
  "case_example_condition",
  "case_example_treatment",
];

/**
 * Evidence on every link: the verbatim sentence of a cited source that supports it, with that
 * citation (`{ quote, citation: { title, ... } }`), or NULL for a link added without one.
 * The column is appended to `live` and `draft` alike, so both keep the same column order and
 * publishing stays `INSERT INTO live.x SELECT * FROM draft.x`.
 */
export class LinkEvidence1764345600000 implements MigrationInterface {
  name = "LinkEvidence1764345600000";

  public async up(q: QueryRunner): Promise<void> {
    for (const schema of ["live", "draft"]) {
      for (const table of LINK_TABLES) {
        await q.query(`
          ALTER TABLE ${schema}.${table} ADD COLUMN evidence jsonb
            CONSTRAINT ${table}_evidence_shape CHECK (
              evidence IS NULL OR (
                jsonb_typeof(evidence) = 'object'
                AND jsonb_typeof(evidence -> 'quote') = 'string' AND length(btrim(evidence ->> 'quote')) > 0
                AND jsonb_typeof(evidence -> 'citation') = 'object'
                AND jsonb_typeof(evidence -> 'citation' -> 'title') = 'string' AND length(btrim(evidence -> 'citation' ->> 'title')) > 0
              )
            )`);
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const schema of ["live", "draft"]) {
      for (const table of LINK_TABLES) await q.query(`ALTER TABLE ${schema}.${table} DROP COLUMN evidence`);
    }
  }
}
