import { DataSource } from "typeorm";
import { MIGRATIONS } from "../../migrations";

/**
 * Names of the migrations this build has that the database has not applied, read through
 * `dataSource`. A login without SELECT on the migrations table cannot tell; then the check
 * made at start-up (the migrator's own, before serving) stands.
 */
export function migrationCheck(dataSource: DataSource, verifiedAtStart: boolean): () => Promise<string[]> {
  return async () => {
    try {
      const rows: Array<{ name: string }> = await dataSource.query("SELECT name FROM public.cms_migrations");
      const applied = new Set(rows.map((r) => r.name));
      return MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === "42501" && verifiedAtStart) return [];
      throw error;
    }
  };
}
