import { DataSource } from "typeorm";
import { AuthService } from "../auth/auth.service";
import { ContentService } from "../content/content.service";
import { deliveryDataSource, editorDataSource } from "../db/data-source";
import { EditorialReader } from "../editorial/editorial.reader";
import { EditorialService } from "../editorial/editorial.service";
import { Scheduler } from "../jobs/scheduler";
import { Services } from "./context";

export interface RuntimeOptions {
  url: string;
  deliveryLoginUrl?: string;
  editorLoginUrl?: string;
  defaultLocale: string;
  poolSize?: number;
  logSql?: boolean;
  jwtSecret?: string;
  /** Run scheduled jobs in this process (false: only enqueue them). */
  scheduler?: false | { work: boolean; pollingSeconds?: number };
}

export interface Runtime {
  services: Services;
  delivery: DataSource;
  editor: DataSource;
  close(): Promise<void>;
}

/** Connects the delivery and editorial sides and starts the job scheduler. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const delivery = await deliveryDataSource({ url: options.url, loginUrl: options.deliveryLoginUrl, poolSize: options.poolSize, logSql: options.logSql }).initialize();
  const editor = await editorDataSource({ url: options.url, loginUrl: options.editorLoginUrl, poolSize: options.poolSize, logSql: options.logSql }).initialize();
  const editorial = new EditorialService(editor, options.defaultLocale);
  const auth = new AuthService(editor, await AuthService.secretFor(editor, options.jwtSecret));
  const scheduler =
    options.scheduler === false ? undefined : await Scheduler.start({ url: options.url, editorial, ...(options.scheduler ?? { work: true }) });
  const services: Services = {
    defaultLocale: options.defaultLocale,
    content: new ContentService(delivery),
    preview: new ContentService(editor),
    editorial,
    reader: new EditorialReader(editor, options.defaultLocale),
    auth,
    scheduler,
  };
  return {
    services,
    delivery,
    editor,
    close: async () => {
      await scheduler?.stop();
      await delivery.destroy();
      await editor.destroy();
    },
  };
}
