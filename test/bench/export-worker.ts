/**
 * Figure 7's measuring process: one export through the real app, in a
 * process of its own so its peak memory (maxRSS) is the export's alone.
 * Usage: export-worker.ts <database url> <cycle id> <file> <session cookie>
 * Prints one JSON line: { ms, bytes, peakRssMb, startRssMb }.
 */
import { openPostgres } from '@s11/server';
import { benchApp } from './bench-app';

const [url, cycleId, file, cookie] = process.argv.slice(2);
if (!url || !cycleId || !file || !cookie) throw new Error('Missing arguments');

const database = await openPostgres(url, false, 4);
const app = benchApp(database);
const request = (p: string, i?: RequestInit) => Promise.resolve(app.request(p, i));
const startRssMb = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const res = await request(`/api/cycles/${cycleId}/export/${file}`, { headers: { cookie } });
if (res.status !== 200 || !res.body) throw new Error(`Export answered ${String(res.status)}`);
let bytes = 0;
const reader = res.body.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
}
const ms = performance.now() - t0;
// maxRSS is in kilobytes.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, bytes, peakRssMb, startRssMb }));
await database.close();
process.exit(0);
