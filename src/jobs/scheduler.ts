import PgBoss from "pg-boss";
import { Actor } from "../access/access";
import { BadUserInputError } from "../common/errors";
import { ContentTypeKey } from "../content/content-types";
import { EditorialService } from "../editorial/editorial.service";
import { WEBHOOK_QUEUES } from "../partners/webhooks/worker";

const SCHEMA = "pgboss";
const QUEUES = { PUBLISH: "content-publish", UNPUBLISH: "content-unpublish" } as const;
export type ScheduledKind = keyof typeof QUEUES;

interface JobData {
  type: ContentTypeKey;
  id: string;
  actor: Actor;
}

/**
 * Scheduled publish and unpublish on pg-boss: jobs live in PostgreSQL and a job is fetched
 * with SKIP LOCKED, so it runs once however many server instances work the queue.
 */
export class Scheduler {
  /** The queue itself: webhook deliveries are worked on it too (src/partners/webhooks). */
  private constructor(readonly boss: PgBoss) {}

  /**
   * Creates or upgrades pg-boss's schema and the queues, as the database owner: creating a
   * queue adds a partition table, which the job queue's login may not do.
   */
  static async install(ownerUrl: string): Promise<void> {
    const boss = new PgBoss({
      connectionString: ownerUrl,
      schema: SCHEMA,
      supervise: false,
      schedule: false,
      migrate: true,
      max: 1,
      application_name: "health-cms:jobs-install",
    });
    boss.on("error", (error) => console.error("[jobs]", error.message));
    await boss.start();
    try {
      for (const queue of [...Object.values(QUEUES), ...Object.values(WEBHOOK_QUEUES)]) await boss.createQueue(queue);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }

  /** `url` logs in as the job queue's own login; handlers write through `editorial`'s pool. */
  static async start(options: { url: string; editorial: EditorialService; work?: boolean; pollingSeconds?: number }): Promise<Scheduler> {
    const work = options.work !== false;
    // An instance that works no queue only adds jobs (a scheduled publish is a job to start at
    // its time): the queue's upkeep and its cron clock, which polls a queue of its own every two
    // seconds, run on the instances that work it.
    const boss = new PgBoss({
      connectionString: options.url,
      schema: SCHEMA,
      migrate: false,
      supervise: work,
      schedule: work,
      application_name: "health-cms:jobs",
    });
    boss.on("error", (error) => console.error("[jobs]", error.message));
    await boss.start();
    if (work) {
      for (const [kind, queue] of Object.entries(QUEUES) as Array<[ScheduledKind, string]>) {
        await boss.work<JobData>(queue, { pollingIntervalSeconds: options.pollingSeconds ?? 2 }, async (jobs) => {
          for (const job of jobs) {
            const { type, id, actor } = job.data;
            // No version: the job applies to the item as it is then; publishing still needs approval.
            try {
              await options.editorial.transition({ ...actor, email: `${actor.email} (scheduled)` }, type, id, null, kind);
            } catch (error) {
              const message = (error as Error).message;
              console.error(`[jobs] scheduled ${kind.toLowerCase()} of ${type} ${id} failed: ${message}`);
              await options.editorial
                .audit(actor, `SCHEDULED_${kind}_FAILED`, { type, id }, { jobId: job.id, error: message })
                .catch(() => undefined);
              throw error;
            }
          }
        });
      }
    }
    return new Scheduler(boss);
  }

  async schedule(actor: Actor, kind: ScheduledKind, type: ContentTypeKey, id: string, at: Date): Promise<string> {
    // A minute of slack for clocks that differ between client and server.
    if (Number.isNaN(at.getTime()) || at.getTime() < Date.now() - 60_000)
      throw new BadUserInputError("`at` must not be in the past.", "at");
    const jobId = await this.boss.send(QUEUES[kind], { type, id, actor } satisfies JobData, { startAfter: at, retryLimit: 0 });
    if (!jobId) throw new Error("the job queue did not accept the job");
    return jobId;
  }

  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
