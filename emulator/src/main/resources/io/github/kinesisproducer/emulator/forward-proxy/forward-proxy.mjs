#!/usr/bin/env node
// A loopback-only HTTP forward proxy for tests, started by io.github.kinesisproducer.emulator.ForwardProxy: the npm
// package 'proxy' (CONNECT tunnels for https://, absolute-form requests for http://) with Basic authentication.
//
//   FORWARD_PROXY_USER=u FORWARD_PROXY_PASSWORD=p node forward-proxy.mjs [--exitWithStdin]
//
// Its log, one line per event on stdout, is what the tests count (the proxy's own record of the traffic):
//   PORT=<n>                          listening on 127.0.0.1:<n>
//   CONNECTION                        a client opened a TCP connection to the proxy
//   CONNECT <host:port>               a tunnel asked for (and authenticated, if credentials are set)
//   REQUEST <method> <url>            a plain request forwarded (absolute form)
//   AUTH-FAILED <method> <target>     missing or wrong credentials: answered 407
//   TUNNEL-CLOSED <host:port>         a tunnel ended
//   DROPPED <n>                       answer to the stdin command 'drop': <n> client connections reset
// Commands on stdin, one per line: 'drop' resets every client connection (tunnels and plain) at once, as a proxy
// that restarts or times connections out would. With --exitWithStdin the proxy exits when stdin ends, so it never
// outlives the JVM that started it.
import http from 'node:http'
import readline from 'node:readline'
import { createProxy } from 'proxy'

const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  process.stderr.write('forward-proxy: needs Node.js 20 or newer (npm proxy 4.1.0), found ' + process.version + '\n')
  process.exit(2)
}

function log(line) {
  process.stdout.write(line + '\n')
}

const user = process.env.FORWARD_PROXY_USER
const password = process.env.FORWARD_PROXY_PASSWORD || ''
const server = createProxy(http.createServer())
const clients = new Set()

server.on('connection', socket => {
  log('CONNECTION')
  clients.add(socket)
  socket.on('close', () => clients.delete(socket))
  socket.on('error', () => {}) // a reset client is normal here: the proxy's own handlers clean up
})

if (user !== undefined) {
  const expected = 'Basic ' + Buffer.from(user + ':' + password, 'utf8').toString('base64')
  server.authenticate = req => {
    const ok = req.headers['proxy-authorization'] === expected
    if (!ok) log('AUTH-FAILED ' + req.method + ' ' + req.url)
    return ok
  }
}

server.on('connect', (req, socket) => {
  socket.once('close', () => log('TUNNEL-CLOSED ' + req.url))
  if (user === undefined || req.headers['proxy-authorization'] === 'Basic '
      + Buffer.from(user + ':' + password, 'utf8').toString('base64')) {
    log('CONNECT ' + req.url)
  }
})

server.on('request', req => {
  if (user === undefined || req.headers['proxy-authorization'] === 'Basic '
      + Buffer.from(user + ':' + password, 'utf8').toString('base64')) {
    log('REQUEST ' + req.method + ' ' + req.url)
  }
})

process.on('uncaughtException', err => {
  log('ERROR ' + (err && err.code || err))
})

server.listen(0, '127.0.0.1', () => log('PORT=' + server.address().port))

function drop() {
  const n = clients.size
  for (const s of clients) {
    if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy()
    else s.destroy()
  }
  log('DROPPED ' + n)
}

const input = readline.createInterface({ input: process.stdin })
input.on('line', line => {
  if (line.trim() === 'drop') drop()
})
if (process.argv.includes('--exitWithStdin')) {
  input.on('close', () => {
    server.close()
    for (const s of clients) s.destroy()
    process.exit(0)
  })
}
