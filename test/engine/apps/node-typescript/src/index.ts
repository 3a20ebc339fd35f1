import { createServer } from 'node:http';

const port = Number(process.env.PORT) || 3000;

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' }).end('hello from typescript\n');
});

server.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
