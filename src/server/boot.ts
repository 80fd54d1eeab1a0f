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
}

export interface Runtime {
  services: Services;
  delivery: DataSource;
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
    content: new ContentService(delivery),
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
    close: async () => {
      await partners.close();
      await scheduler?.stop();
      await liveChanges.stop();
      await delivery.destroy();
      await editor.destroy();
    },
  };
}
