// Runs Electronegativity over a folder, offline, and prints its findings as JSON on stdout.
//
// The tool fetches translations and Electron's release list over the network on every run; tests
// reach no outside host, so `got` is replaced by a client that fails at once, and the tool falls back
// to its bundled English text. Usage: node electronegativity-offline.cjs <folder>
'use strict'
const Module = require('node:module')

const offline = () => Promise.reject(new Error('offline: tests reach no outside host'))
offline.head = offline
const load = Module._load
Module._load = function (request, ...rest) {
  return request === 'got' ? offline : load.call(this, request, ...rest)
}

const run = require('@doyensec/electronegativity')
const input = process.argv[2]
const quiet = console.log
console.log = () => {} // the tool's own chatter would corrupt the JSON on stdout
run({ input, isRelative: true, severitySet: 'informational', confidenceSet: 'tentative' })
  .then((result) => {
    const issues = result.issues.map((i) => ({
      id: i.id,
      file: i.file,
      line: i.location.line,
      severity: i.severity.name,
      confidence: i.confidence.name,
      manualReview: Boolean(i.manualReview),
      description: i.description
    }))
    quiet(JSON.stringify({ checks: result.atomicChecks + result.globalChecks, errors: result.errors, issues }))
  })
  .catch((error) => {
    process.stderr.write(`electronegativity failed: ${error.stack ?? error}\n`)
    process.exit(2)
  })
