#!/usr/bin/env node
// Loopback-only, crash-tolerant launcher for kinesalite, started by io.github.kinesisproducer.emulator.Kinesalite.
//
//   node kinesalite-loopback.js [--port N] [--path DIR] [--shardLimit N]
//        [--createStreamMs MS] [--deleteStreamMs MS] [--updateStreamMs MS] [--exitWithStdin]
//
// Why a wrapper instead of kinesalite's own cli.js:
//  * cli.js listens on every interface; we only ever want 127.0.0.1.
//  * cli.js cannot report the port the OS picked for --port 0; we print "PORT=<n>" once listening, which
//    gives race-free random ports.
//  * kinesalite throws from a request 'error' handler when a client aborts in the middle of a body
//    (ECONNRESET / "aborted"), which kills the whole process. We swallow exactly those errors.
//  * SIGTERM/SIGINT must close the LevelDB store (--path) and every keep-alive connection, then exit promptly.
//  * --exitWithStdin: the Java harness keeps our stdin pipe open; if that JVM dies (even by SIGKILL) the pipe
//    reaches EOF and we exit, so an emulator never outlives the test run that started it.
'use strict'

var NUMERIC = ['port', 'shardLimit', 'createStreamMs', 'deleteStreamMs', 'updateStreamMs']
var STRING = ['path']
var FLAGS = ['exitWithStdin']

function fail(message) {
  process.stderr.write('kinesalite-loopback: ' + message + '\n')
  process.exit(2)
}

// Own tiny parser: only kinesalite's direct API is used, not its transitive dependencies (e.g. minimist).
function parseArgs(argv) {
  var opts = {port: 0}
  for (var i = 0; i < argv.length; i++) {
    var m = /^--([A-Za-z]+)(?:=(.*))?$/.exec(argv[i])
    if (!m) fail('unexpected argument ' + argv[i])
    var name = m[1]
    if (FLAGS.indexOf(name) >= 0) {
      opts[name] = true
      continue
    }
    var value = m[2] != null ? m[2] : argv[++i]
    if (value == null) fail('missing value for --' + name)
    if (NUMERIC.indexOf(name) >= 0) {
      if (!/^\d+$/.test(value)) fail('--' + name + ' needs a non-negative integer, got ' + value)
      opts[name] = parseInt(value, 10)
    } else if (STRING.indexOf(name) >= 0) {
      opts[name] = value
    } else {
      fail('unknown option --' + name)
    }
  }
  return opts
}

function isClientAbort(err) {
  return err && (err.code === 'ECONNRESET' || err.code === 'ECONNABORTED' || err.message === 'aborted')
}

var opts = parseArgs(process.argv.slice(2))
var port = opts.port
var exitWithStdin = opts.exitWithStdin
delete opts.port
delete opts.exitWithStdin

process.on('uncaughtException', function(err) {
  if (isClientAbort(err)) {
    process.stderr.write('kinesalite-loopback: ignored client abort (' + (err.code || err.message) + ')\n')
    return
  }
  process.stderr.write('kinesalite-loopback: fatal ' + (err && err.stack || err) + '\n')
  process.exit(1)
})

var server = require('kinesalite')(opts)
var stopping = false

server.on('error', function(err) {
  // Reported before "PORT=" ever appears, e.g. EADDRINUSE on a restart; the harness reads this line.
  process.stderr.write('kinesalite-loopback: listen failed: ' + (err.code || err.message) + '\n')
  process.exit(err.code === 'EADDRINUSE' ? 3 : 1)
})

server.listen(port, '127.0.0.1', function() {
  process.stdout.write('PID=' + process.pid + '\n')
  process.stdout.write('PORT=' + server.address().port + '\n')
})

function shutdown(reason) {
  if (stopping) return
  stopping = true
  process.stderr.write('kinesalite-loopback: stopping (' + reason + ')\n')
  // Never hang: a stuck store close or connection must not keep the process alive.
  setTimeout(function() { process.exit(0) }, 3000).unref()
  // kinesalite's close() closes the LevelDB store first, then the HTTP server.
  server.close(function() { process.exit(0) })
  if (typeof server.closeAllConnections === 'function') server.closeAllConnections()
}

process.on('SIGTERM', function() { shutdown('SIGTERM') })
process.on('SIGINT', function() { shutdown('SIGINT') })

if (exitWithStdin) {
  process.stdin.on('end', function() { shutdown('stdin closed: parent gone') })
  process.stdin.on('error', function() { shutdown('stdin error: parent gone') })
  process.stdin.resume()
}
