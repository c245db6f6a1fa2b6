#!/usr/bin/env node
// Interop test helper: deaggregates Kinesis records with aws-kinesis-agg, MD5 checksums verified.
//
// stdin:  one JSON object per line: {"partitionKey": "...", "data": "<base64>", "sequenceNumber": "...",
//         "explicitHashKey": "..." (optional)}
// stdout: one JSON object per user record, in order:
//         {"partitionKey", "explicitHashKey" (null if none), "data" (base64), "sequenceNumber",
//          "subSequenceNumber" (null for a record that was not an aggregate)}
// Exits 1 on any error (bad JSON, invalid checksum, undecodable protobuf), after printing it to stderr;
// records before the failing line are still printed.
//
// explicitHashKey is reported exactly as aws-kinesis-agg reports it (its field "explicitPartitionKey"),
// quirks included: the point is to see what that library does with our bytes.
'use strict';

const readline = require('readline');
const { deaggregateSync } = require('aws-kinesis-agg');

// Never process.exit(): with stdout on a pipe that would drop output Node has not flushed yet. Set the exit
// code, stop reading, and let Node exit once everything is written.
let failed = false;
function fail(message) {
  if (!failed) {
    failed = true;
    process.exitCode = 1;
    process.stderr.write('deagg.js: ' + message + '\n');
    rl.close();
    process.stdin.destroy();
  }
}

function out(r) {
  const ehk = r.explicitPartitionKey;
  if (!process.stdout.write(JSON.stringify({
    partitionKey: r.partitionKey,
    explicitHashKey: ehk === undefined || ehk === null ? null : String(ehk),
    data: r.data,
    sequenceNumber: r.sequenceNumber === undefined ? null : r.sequenceNumber,
    subSequenceNumber: r.subSequenceNumber === undefined ? null : Number(r.subSequenceNumber),
  }) + '\n')) {
    waitForDrain();
  }
}

// Slow reader: stop taking input until the pipe drains, so memory stays bounded. readline may still emit
// lines it already buffered, hence the flag (one 'drain' listener at a time).
let draining = false;
function waitForDrain() {
  if (!draining) {
    draining = true;
    rl.pause();
    process.stdout.once('drain', () => {
      draining = false;
      if (!failed) {
        rl.resume();
      }
    });
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
let lineNo = 0;
rl.on('line', (line) => {
  lineNo++;
  if (failed || line.trim() === '') {
    return;
  }
  let input;
  try {
    input = JSON.parse(line);
  } catch (e) {
    fail('line ' + lineNo + ': not JSON: ' + e.message);
    return;
  }
  if (typeof input.partitionKey !== 'string' || typeof input.data !== 'string') {
    fail('line ' + lineNo + ': partitionKey and data (base64) are required strings');
    return;
  }
  const record = {
    partitionKey: input.partitionKey,
    data: input.data,
    sequenceNumber: input.sequenceNumber,
  };
  if (input.explicitHashKey !== undefined && input.explicitHashKey !== null) {
    record.explicitPartitionKey = input.explicitHashKey;
  }
  // deaggregateSync calls back synchronously, possibly more than once (once per failing user record,
  // then once at the end); any error is fatal here.
  let result = null;
  let error = null;
  try {
    deaggregateSync(record, true, (err, userRecords) => {
      if (err && error === null) {
        error = err;
      }
      result = userRecords;
    });
  } catch (e) {
    error = e;
  }
  if (error !== null) {
    fail('line ' + lineNo + ' (sequenceNumber ' + input.sequenceNumber + '): ' + (error.message || error));
  } else if (!Array.isArray(result)) {
    fail('line ' + lineNo + ': aws-kinesis-agg returned no result');
  } else {
    result.forEach(out);
  }
});
