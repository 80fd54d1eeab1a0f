import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `created_by` and `updated_by` hold staff emails in `draft`; publishing now leaves them out
 * of `live`, and this clears what earlier publishing copied. Delivery never showed them, but
 * its role could read them.
 */
export class LiveWithoutAuthorship1764277200000 implements MigrationInterface {
  name = "LiveWithoutAuthorship1764277200000";

  public async up(q: QueryRunner): Promise<void> {
    const tables = (await q.query(
      `SELECT table_name AS table FROM information_schema.columns
       WHERE table_schema = 'live' AND column_name = 'created_by'`,
    )) as Array<{ table: string }>;
    for (const { table } of tables) {
      await q.query(
        `UPDATE live."${table}" SET created_by = NULL, updated_by = NULL WHERE created_by IS NOT NULL OR updated_by IS NOT NULL`,
      );
    }
  }

  public async down(): Promise<void> {
    // The emails are still in draft; nothing to restore in live.
  }
}
