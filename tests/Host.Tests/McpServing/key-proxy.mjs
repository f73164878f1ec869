// Test helper: the conformance suite's server mode takes only a URL, no headers, and /mcp requires
// the API key. This forwards every request unchanged (method, path, headers, streamed body and
// streamed answer, so SSE works) to the target, adding Authorization: Bearer <key> from the
// environment (never a file or an argument).
// Usage: SCRIPTHARNESS_TEST_KEY=... node key-proxy.mjs <listenPort> <targetPort>
import http from 'node:http';

const [listenPort, targetPort] = process.argv.slice(2).map(Number);
const key = process.env.SCRIPTHARNESS_TEST_KEY;
if (!listenPort || !targetPort || !key) {
  console.error('usage: SCRIPTHARNESS_TEST_KEY=... node key-proxy.mjs <listenPort> <targetPort>');
  process.exit(64);
}

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${key}` };
  const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (e) => { if (!res.headersSent) { res.writeHead(502); } res.end(String(e.message)); });
  req.on('aborted', () => upstream.destroy());
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
});
server.listen(listenPort, '127.0.0.1', () => console.log(`key-proxy listening on ${listenPort}`));
