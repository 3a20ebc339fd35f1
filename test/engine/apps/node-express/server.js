const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/health', (_req, res) => res.json({ ok: true }));
app.get('/', (_req, res) => res.send('hello from express\n'));

const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
