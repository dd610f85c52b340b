// Per-host politeness across every worker on every host: at most N audits of one web host at a time. A sorted set per
// host in Redis holds the jobs auditing it, each with an expiry (Redis's own clock), so a killed worker's slot frees
// itself. One Lua script takes a slot atomically.
import type { Redis } from 'ioredis';

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return 1
end
return 0
`;

export class HostSlots {
  private readonly redis: Redis;
  private readonly keyOf: (host: string) => string;
  private readonly limit: number;
  private readonly ttlMs: number;

  constructor(redis: Redis, keyOf: (host: string) => string, limit: number, ttlMs: number) {
    this.redis = redis;
    this.keyOf = keyOf;
    this.limit = limit;
    this.ttlMs = ttlMs;
  }

  /** True when `holder` (a job id) may audit `host` now. Taking a slot twice with the same holder is fine. */
  async take(host: string, holder: string): Promise<boolean> {
    const got = (await this.redis.eval(TAKE, 1, this.keyOf(host), String(this.ttlMs), String(this.limit), holder)) as number;
    return got === 1;
  }

  async release(host: string, holder: string): Promise<void> {
    await this.redis.zrem(this.keyOf(host), holder);
  }
}
