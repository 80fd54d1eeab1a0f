import { RedisStore } from "../../src/server/cache/redis-store";
import { AnswerStore, MemoryStore, Stored } from "../../src/server/cache/stores";
import { dropKeys, eventually, redisPrefix } from "./instances";

const REDIS = process.env.TEST_REDIS_URL;
const ANSWER: Stored = {
  body: '{"data":{"condition":null}}',
  etag: '"e"',
  contentType: "application/json; charset=utf-8",
  surrogateKey: "",
};
const quiet = { warn: () => undefined, info: () => undefined };

/**
 * The race that "never stale" hinges on: an answer's computation starts, a change happens (heard
 * by this instance or by `other`), and only then is the answer stored. It must not be kept.
 */
function raceTests(label: string, open: () => Promise<{ mine: AnswerStore; other: AnswerStore; close(): Promise<void> }>) {
  describe(label, () => {
    let stores: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => (stores = await open()));
    afterAll(async () => stores?.close());

    it("keeps an answer computed with no change in between, for every instance", async () => {
      const { mine, other } = stores;
      const before = await mine.get("quiet");
      expect(before.stored).toBeUndefined();
      expect(await mine.put("quiet", before.generation, ANSWER)).toBe(true);
      expect((await mine.get("quiet")).stored).toEqual(expect.objectContaining(ANSWER));
      if (mine !== other) expect((await other.get("quiet")).stored).toEqual(expect.objectContaining(ANSWER));
    });

    it("does not keep an answer computed while a change happened, whoever heard it", async () => {
      const { mine, other } = stores;
      for (const hearer of [mine, other]) {
        const started = await mine.get("racing");
        await hearer.invalidate();
        expect(await mine.put("racing", started.generation, ANSWER)).toBe(false);
        expect((await mine.get("racing")).stored).toBeUndefined();
        expect((await other.get("racing")).stored).toBeUndefined();
      }
    });

    it("drops every stored answer on a change, on every instance", async () => {
      const { mine, other } = stores;
      const found = await mine.get("dropped");
      expect(await mine.put("dropped", found.generation, ANSWER)).toBe(true);
      await other.invalidate();
      expect((await mine.get("dropped")).stored).toBeUndefined();
    });
  });
}

raceTests("in process", async () => {
  const store = new MemoryStore(10, 60_000);
  return { mine: store, other: store, close: async () => undefined };
});

if (REDIS) {
  raceTests("through Redis, two instances", async () => {
    const prefix = redisPrefix();
    const mine = new RedisStore({ url: REDIS, prefix, timeoutMs: 1000 }, 60_000, quiet);
    const other = new RedisStore({ url: REDIS, prefix, timeoutMs: 1000 }, 60_000, quiet);
    await eventually(async () => mine.healthy && other.healthy);
    return {
      mine,
      other,
      close: async () => {
        await mine.close();
        await other.close();
        await dropKeys(REDIS, prefix);
      },
    };
  });
}
