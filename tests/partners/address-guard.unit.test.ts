import { checkTarget, refusalOf, unmapped } from "../../src/partners/webhooks/address-guard";
import { DEFAULT_WEBHOOKS } from "../../src/partners/config";
import { retryDelayMs } from "../../src/partners/webhooks/worker";

const STRICT = { allowPrivate: false, allowAddresses: [] };
/** A resolver that must not be asked: IP literals need no DNS. */
const noDns = async (host: string): Promise<never> => {
  throw new Error(`DNS asked for ${host}`);
};

describe("webhook target addresses", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.1.2.3:8080/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.0.1/",
    "http://100.64.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://255.255.255.255/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://017700000001/",
  ])("refuses %s without resolving or connecting", async (url) => {
    await expect(checkTarget(url, STRICT, noDns)).rejects.toThrow(/internal|unspecified|multicast/);
  });

  it("accepts public addresses", async () => {
    await expect(checkTarget("https://93.184.215.14/hook", STRICT, noDns)).resolves.toBeTruthy();
    await expect(checkTarget("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook", STRICT, noDns)).resolves.toBeTruthy();
  });

  it("refuses a name when any of its addresses is internal", async () => {
    const resolve = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.1.2.3", family: 4 },
    ];
    await expect(checkTarget("https://partner.example/hook", STRICT, resolve)).rejects.toThrow(/10\.1\.2\.3/);
  });

  it("allows only what the configuration names, and never unspecified or multicast", () => {
    const loopback = { allowPrivate: false, allowAddresses: ["127.0.0.1"] };
    expect(refusalOf("127.0.0.1", loopback)).toBeNull();
    expect(refusalOf("::ffff:127.0.0.1", loopback)).toBeNull();
    expect(refusalOf("127.0.0.2", loopback)).not.toBeNull();
    expect(refusalOf("::1", loopback)).not.toBeNull();
    expect(refusalOf("10.0.0.1", { allowPrivate: false, allowAddresses: ["10.0.0.0/8"] })).toBeNull();
    const open = { allowPrivate: true, allowAddresses: [] };
    expect(refusalOf("192.168.1.1", open)).toBeNull();
    expect(refusalOf("0.0.0.0", open)).not.toBeNull();
    expect(refusalOf("224.0.0.1", open)).not.toBeNull();
    expect(unmapped("::ffff:a9fe:a9fe")).toBe("169.254.169.254");
  });

  it("refuses other schemes and credentials in the URL", async () => {
    await expect(checkTarget("file:///etc/passwd", STRICT, noDns)).rejects.toThrow(/http/);
    await expect(checkTarget("https://user:secret@93.184.215.14/", STRICT, noDns)).rejects.toThrow(/credentials/);
  });
});

describe("webhook retries", () => {
  it("try at least 8 times over about an hour by default", () => {
    const waits = Array.from({ length: DEFAULT_WEBHOOKS.maxAttempts - 1 }, (_, i) => retryDelayMs(DEFAULT_WEBHOOKS, i + 1));
    expect(DEFAULT_WEBHOOKS.maxAttempts).toBeGreaterThanOrEqual(8);
    const total = waits.reduce((a, b) => a + b, 0) / 60_000;
    expect(total).toBeGreaterThanOrEqual(55);
    expect(total).toBeLessThanOrEqual(90);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
  });
});
