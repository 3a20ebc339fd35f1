const express = require('express');
const { Pool } = require('pg');
const { createClient } = require('redis');

const port = Number(process.env.PORT) || 3000;
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', (e) => console.error('redis', e.message));

const app = express();
app.get('/health', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    await redis.ping();
    res.json({ ok: true });
  } catch (e) {
    res.status(503).json({ ok: false, error: String(e) });
  }
});
app.get('/', async (_req, res) => res.json({ visits: await redis.incr('visits') }));

redis.connect().catch((e) => console.error('redis connect', e.message));
const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () =>
  server.close(async () => {
    await Promise.allSettled([pool.end(), redis.quit()]);
    process.exit(0);
  }),
);
