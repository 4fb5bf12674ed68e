import { RedisScript } from './redis-script';

/*
 * Each script makes one change and its event atomic: no process can observe the change without
 * the event having been published, nor the event without the change.
 */

/** KEYS: collections. ARGV: name, manifest JSON, channel, event JSON. → 1 created, 0 exists. */
export const CREATE_COLLECTION = new RedisScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`);

/**
 * Compare-and-set on the manifest's exact stored JSON (which holds its version), so a concurrent
 * update in between is detected without decoding JSON in Lua.
 * KEYS: collections. ARGV: name, expected JSON, new JSON, channel, event JSON.
 * → 1 written, 0 changed meanwhile, -1 deleted meanwhile.
 */
export const UPDATE_COLLECTION = new RedisScript(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == false then return -1 end
if current ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
`);

/** KEYS: collections, then the collection's seq counters. ARGV: name, channel, event JSON. → 1 deleted, 0 missing. */
export const DELETE_COLLECTION = new RedisScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/*
 * Leases are timed by the Redis clock (TIME), like the member key's own TTL, so the clocks of the
 * processes never matter: a worker with a skewed clock can neither live forever nor die early.
 */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: member key, members. ARGV: member JSON, lease ms, id. */
export const HEARTBEAT = new RedisScript(`
${NOW_MS}
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1
`);

/**
 * Prunes expired leases, then returns the JSON of every live member. Reads member keys built from
 * ARGV (not declared in KEYS): fine on a single Redis, which is what Shoal targets.
 * KEYS: members. ARGV: member key prefix.
 */
export const LIVE_MEMBERS = new RedisScript(`
${NOW_MS}
local nowText = string.format('%d', now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowText)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. nowText, '+inf')
local out = {}
for _, id in ipairs(ids) do
  local value = redis.call('GET', ARGV[1] .. id)
  if value then out[#out + 1] = value end
end
return out
`);
