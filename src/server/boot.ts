import { DataSource } from "typeorm";
import { AccountsService } from "../auth/accounts.service";
import { AuthService } from "../auth/auth.service";
import { ContentService } from "../content/content.service";
import { deliveryDataSource, editorDataSource } from "../db/data-source";
import { LoginUrls } from "../db/logins";
import { assertJobsLogin, assertLeastPrivilege } from "../db/prepare";
import { EditorialReader } from "../editorial/editorial.reader";
import { EditorialService } from "../editorial/editorial.service";
import { Scheduler } from "../jobs/scheduler";
import { Services } from "./context";
import { LiveChanges } from "./live-changes";
import { defaultPartnerSettings, PartnerSettings } from "../partners/config";
import { Partners } from "../partners/partners";
import { Resolver } from "../partners/webhooks/address-guard";
import { isDatabaseUnavailable } from "../common/db-errors";
import { replicaLoginUrl, ReplicaRouter, ReplicaSource } from "../db/replicas";

export interface RuntimeOptions {
  /** One login per pool (prepareDatabase makes them); never the owner's. */
  logins: LoginUrls;
  /** The token-signing key (prepareDatabase reads it). */
  jwtKey: Uint8Array;
  defaultLocale: string;
  poolSize?: number;
  logSql?: boolean;
  /** How long a query waits for a pooled connection before failing (pool exhaustion). */
  connectTimeoutMs?: number;
  /** Run scheduled jobs in this process (false: only enqueue them). */
  scheduler?: false | { work: boolean; pollingSeconds?: number };
  /** API keys, limits and webhooks; unset: no anonymous limit, default webhook settings. */
  partners?: PartnerSettings;
  /** DNS for webhook targets (tests). */
  webhookResolver?: Resolver;
  /** Streaming replicas of the database for anonymous delivery reads (src/db/replicas.ts). */
  replicaUrls?: string[];
}

export interface Runtime {
  services: Services;
  delivery: DataSource;
  /** Set when replicas serve delivery reads. */
  replicas?: ReplicaRouter;
  editor: DataSource;
  close(): Promise<void>;
}

/**
 * A request never waits forever for a connection: when the pool is exhausted (or the database
 * does not answer) pg gives up after this long and the client gets SERVICE_UNAVAILABLE.
 */
function bounded(dataSource: DataSource, options: RuntimeOptions): DataSource {
  dataSource.setOptions({
    extra: { ...(dataSource.options.extra as object | undefined), connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 },
  });
  return dataSource;
}

/**
 * A delivery pool per replica, logging in as delivery's login (a replica has the primary's
 * roles). A replica that does not answer at start-up is kept unconnected, with a warning, and
 * the router connects it once it answers (src/db/replicas.ts).
 */
async function startReplicas(primary: DataSource, options: RuntimeOptions): Promise<ReplicaRouter> {
  const replicas: ReplicaSource[] = [];
  for (const [i, url] of (options.replicaUrls ?? []).entries()) {
    // A new pool per attempt: a pool whose first connection failed is not tried again.
    const connect = async () => {
      const source = deliveryDataSource({
        url: replicaLoginUrl(options.logins.delivery, url),
        poolSize: options.poolSize,
        logSql: options.logSql,
      });
      // A replica that stops answering should fail over quickly, not after the primary's timeout.
      source.setOptions({
        extra: { ...(source.options.extra as object), application_name: "health-cms:delivery-replica", connectionTimeoutMillis: 1000 },
      });
      try {
        await source.initialize();
        await assertLeastPrivilege("delivery", source);
        return source;
      } catch (error) {
        if (source.isInitialized) await source.destroy();
        throw error;
      }
    };
    const name = `replica ${i + 1}`;
    try {
      replicas.push({ name, source: await connect() });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.warn(`[replicas] ${name} does not answer; delivery reads the primary until it does: ${(error as Error).message}`);
      replicas.push({ name, connect });
    }
  }
  const router = new ReplicaRouter(primary, replicas);
  router.on("replicaFailed", (name: string, error: Error) =>
    console.warn(`[replicas] ${name} failed, read from the primary: ${error.message}`),
  );
  router.on("replicaConnected", (name: string) => console.warn(`[replicas] ${name} answers now; it serves reads once caught up`));
  router.start();
  return router;
}

/** Connects the delivery and editorial sides and starts the job scheduler. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { logins, poolSize, logSql } = options;
  const delivery = await bounded(deliveryDataSource({ url: logins.delivery, poolSize, logSql }), options).initialize();
  const editor = await bounded(editorDataSource({ url: logins.editor, poolSize, logSql }), options).initialize();
  try {
    await assertLeastPrivilege("delivery", delivery);
    await assertLeastPrivilege("editor", editor);
    await assertJobsLogin(logins.jobs);
  } catch (error) {
    await Promise.all([delivery.destroy(), editor.destroy()]);
    throw error;
  }
  const editorial = new EditorialService(editor, options.defaultLocale);
  const auth = new AuthService(editor, options.jwtKey);
  // Listens as delivery's login: LISTEN needs no grant, and it reads nothing.
  const liveChanges = new LiveChanges(logins.delivery);
  const replicas = options.replicaUrls?.length ? await startReplicas(delivery, options) : undefined;
  // Changes are heard from the primary: replicas serve again once they have replayed them.
  liveChanges.on("change", () => replicas?.changed());
  liveChanges.on("unsure", () => replicas?.changed());
  await liveChanges.start();
  const scheduler =
    options.scheduler === false
      ? undefined
      : await Scheduler.start({ url: logins.jobs, editorial, ...(options.scheduler ?? { work: true }) });
  // Webhooks are delivered by the processes that work the job queue.
  const partners = await Partners.start({
    db: editor,
    settings: options.partners ?? defaultPartnerSettings(),
    defaultLocale: options.defaultLocale,
    boss: scheduler && options.scheduler !== false && options.scheduler?.work !== false ? scheduler.boss : undefined,
    pollingSeconds: options.scheduler ? options.scheduler.pollingSeconds : undefined,
    resolve: options.webhookResolver,
  });
  const services: Services = {
    defaultLocale: options.defaultLocale,
    content: new ContentService(delivery, replicas?.run),
    primaryContent: replicas ? new ContentService(delivery) : undefined,
    preview: new ContentService(editor),
    editorial,
    reader: new EditorialReader(editor, options.defaultLocale),
    auth,
    accounts: new AccountsService(editor),
    scheduler,
    liveChanges,
    partners,
  };
  return {
    services,
    delivery,
    editor,
    replicas,
    close: async () => {
      await partners.close();
      await scheduler?.stop();
      await liveChanges.stop();
      await replicas?.stop();
      await delivery.destroy();
      await editor.destroy();
    },
  };
}
