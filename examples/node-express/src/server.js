import express from 'express';

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.get('/', (_req, res) => res.send('Hello from dockwright\n'));

const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
