// An OTLP collector stand-in for the pod tests. With "grpc" it answers the OTLP gRPC services
// (cleartext HTTP/2, as exporters dial an http:// endpoint) with empty responses; with "http"
// it answers OTLP/HTTP POSTs with 200. Either way it appends one JSON line per request to a
// file the test reads: method, path, content type, size, and the body's printable runs of 4+
// characters (protobuf carries strings as they are: span names, attribute values).
// Usage: node otlp-collector.js <host> <port> <out-file> grpc|http. Prints "listening" once ready.
const fs = require('node:fs');
const http = require('node:http');
const http2 = require('node:http2');

const [host, port, out, mode] = process.argv.slice(2);

function record(method, path, contentType, body) {
  const strings = body.toString('latin1').match(/[\x20-\x7e]{4,}/g) ?? [];
  fs.appendFileSync(out, `${JSON.stringify({ method, path, contentType, bytes: body.length, strings })}\n`);
}

function grpcServer() {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      record(headers[':method'], headers[':path'], headers['content-type'], Buffer.concat(chunks));
      // A unary answer: an empty message (5-byte frame header, length 0), then grpc-status 0.
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
  });
  return server;
}

function httpServer() {
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      record(req.method, req.url, req.headers['content-type'], Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' });
      res.end();
    });
  });
}

const server = mode === 'grpc' ? grpcServer() : httpServer();
server.listen(Number(port), host, () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
