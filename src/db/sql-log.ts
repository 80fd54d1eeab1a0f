import { AfterQueryEvent, DataSource, EntitySubscriberInterface, EventSubscriber, Logger } from "typeorm";
import { slowSqlMsFromEnv } from "../config/config";
import { shutdown, sqlStats } from "./sql-stats";

export type LogLevel = "info" | "warn" | "error";

/** Where log lines go. Pino fits in one line: `(level, message, fields) => logger[level](fields, message)`. */
export type LogSink = (level: LogLevel, message: string, fields: Record<string, unknown>) => void;

export const consoleSink: LogSink = (level, message) => {
  if (level === "error") console.error(message);
  else if (level === "warn") console.warn(message);
  else console.log(message);
};

export interface SqlLogSettings {
  sink: LogSink;
  /** Statements that take at least this long are logged as warnings, printed or not. */
  slowMs: number;
}

let settings: SqlLogSettings | undefined;

// Read on first use, not on import, so that loadConfig is the one to report a bad SLOW_SQL_MS.
function current(): SqlLogSettings {
  return (settings ??= { sink: consoleSink, slowMs: slowSqlMsFromEnv() });
}

/** Changes the sink or the threshold for the whole process; returns the previous settings. */
export function configureSqlLog(change: Partial<SqlLogSettings>): SqlLogSettings {
  const previous = current();
  settings = { ...previous, ...change };
  return previous;
}

/** "health-cms:delivery" -> "delivery": the pool's application_name, which PostgreSQL shows too. */
function poolOf(source: DataSource): string {
  const name = (source.options as { extra?: { application_name?: string } }).extra?.application_name ?? source.name;
  return name.slice(name.lastIndexOf(":") + 1);
}

const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim();

/**
 * TypeORM's logger of one DataSource, and the log of every statement run on its pool: through
 * TypeORM (timed by SqlTimingSubscriber) and as prepared statements (preparedRunner). Values are
 * never logged, only their count: they may hold personal data. Nor are database error messages,
 * which can quote a value; their SQLSTATE code says what failed.
 */
export class SqlLogger implements Logger {
  constructor(readonly printSql = false) {}

  /** `ms` is undefined when TypeORM did not time it (a failed statement). */
  statement(source: DataSource, sql: string, params: number, ms: number | undefined, error?: unknown): void {
    const { sink, slowMs } = current();
    const slow = ms !== undefined && ms >= slowMs;
    // The common case returns here, before any string is built.
    if (!slow && !this.printSql) return;
    const pool = poolOf(source);
    const rounded = ms === undefined ? undefined : Math.round(ms * 10) / 10;
    const duration = rounded === undefined ? "" : ` ${rounded} ms`;
    const text = oneLine(sql);
    const fields: Record<string, unknown> = { pool, ms: rounded, params, sql: text };
    if (error !== undefined) {
      fields.sqlState = (error as { code?: unknown }).code;
      sink("error", `[sql failed] ${pool}${duration}, ${params} params, SQLSTATE ${String(fields.sqlState)}: ${text}`, fields);
    } else {
      sink(slow ? "warn" : "info", `[sql${slow ? " slow" : ""}] ${pool}${duration}, ${params} params: ${text}`, fields);
    }
  }

  // Only counted here: TypeORM calls this before the statement runs, so it is printed afterwards, with its time.
  logQuery(): void {
    sqlStats.statements++;
  }

  // Reported with the statement by SqlTimingSubscriber, which sees failures too.
  logQueryError(): void {}

  // SqlTimingSubscriber warns at SLOW_SQL_MS for every pool; TypeORM's own threshold would warn twice.
  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (this.printSql) current().sink("info", `[migration] ${message}`, {});
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn" && !shutdown.started) current().sink("warn", `[typeorm] ${String(message)}`, {});
  }
}

/** TypeORM times each statement it runs and tells its subscribers; the logger never sees the time. */
@EventSubscriber()
export class SqlTimingSubscriber implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent<unknown>): void {
    const logger = event.connection.logger;
    if (logger instanceof SqlLogger) {
      logger.statement(
        event.connection,
        event.query,
        event.parameters?.length ?? 0,
        event.executionTime,
        event.success ? undefined : (event.error ?? "failed"),
      );
    }
  }
}

/** The logger and the subscriber that times statements, for a DataSource's options. */
export function sqlLogging(logSql?: boolean): { logger: SqlLogger; subscribers: Array<typeof SqlTimingSubscriber> } {
  return { logger: new SqlLogger(logSql), subscribers: [SqlTimingSubscriber] };
}

/** The SQL log of a DataSource, for statements run on its pool outside TypeORM. */
export function sqlLoggerOf(source: DataSource): SqlLogger {
  return source.logger instanceof SqlLogger ? source.logger : new SqlLogger();
}
