// Times the current fast lane (JavaScript) against the WebAssembly scanner on the same lines, in one
// process, and checks that every line the scanner accepts reads as the lane reads it.
//
//   node proto/wasm-lane/bench.mjs [rounds=7] [MiB=64]
//
// (a)  js:        each 1 MiB read buffer cut into 64 KiB pieces (lines.ts forEachPiece), each piece
//                 decoded as latin1, checked for ASCII and split at \n as prefilter.ts's piece() does, and
//                 FastLane.read (format auto) called on every ASCII line; accepted lines counted by format.
// (a0) js-split:  the same without FastLane.read (decode, ASCII check, split): what (a) costs besides the lane.
// (b)  wasm-simd / wasm-scalar: each 1 MiB read buffer copied into WASM memory, scan() over it (line ends,
//                 a code and a time per line), then the codes and times read back in JS and accepted lines
//                 counted by format.
// (c)  floor-simd / floor-scalar: each 1 MiB read buffer copied into WASM memory and lines() over it (the
//                 newline and ASCII scan only, no lane, nothing read back).
//
// CPU time is process.cpuUsage() (user + system, every thread of the process) around each run; the
// variants run one after another in each round, in a rotating order, after one warm-up round.
/* global WebAssembly */
import { readFileSync, openSync, readSync, closeSync } from 'node:fs'
import { isAscii } from 'node:buffer'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

import { FastLane, TimeParser } from './js-lane.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const LOG = '/tmp/bench-log-review-cache/100mb-seed1-v1/app.log'
const ROUNDS = Number(process.argv[2] ?? 7)
const MIB = Number(process.argv[3] ?? 64)
const READ_BYTES = 1024 * 1024
const DECODE_BYTES = 64 * 1024
const MAX_LINE_BYTES = 64 * 1024
const NEWLINE = 10
const CR = 13
const NON_ASCII = /[\x80-\xff]/g

// The first MIB MiB of the log, cut after its last newline (whole lines only).
const raw = Buffer.alloc(MIB * 1024 * 1024)
const fd = openSync(LOG, 'r')
const got = readSync(fd, raw, 0, raw.length, 0)
closeSync(fd)
const data = raw.subarray(0, raw.lastIndexOf(NEWLINE, got - 1) + 1)

// The reader's 1 MiB buffers: [from, to) of whole lines.
const chunks = []
for (let from = 0; from < data.length;) {
  let to = Math.min(from + READ_BYTES, data.length)
  if (to < data.length) to = data.lastIndexOf(NEWLINE, to - 1) + 1
  chunks.push([from, to])
  from = to
}

// As test/log-review/fast-lane.test.ts and read-range.ts: warnings and errors reviewed, slow from 1 s.
const SLOW_MS = 1000
const interest = {
  level: (level) => level === 'error' || level === 'warning',
  slow: (ms) => ms >= SLOW_MS,
}
const FORMAT_CODE = { json: 1, logfmt: 2, python: 3, plain: 4, access: 5 }
const FORMAT_NAME = ['?', 'json', 'logfmt', 'python', 'plain', 'access', '?', '?']
const LEVEL_CODE = { info: 1, debug: 2 }

// --- (a) the JavaScript lane -----------------------------------------------------------------------

/** lines.ts's forEachPiece. */
function forEachPiece(buf, from, to, piece) {
  while (from < to) {
    let end = to
    if (to - from > DECODE_BYTES) {
      end = buf.lastIndexOf(NEWLINE, from + DECODE_BYTES - 1) + 1
      if (end <= from) end = buf.indexOf(NEWLINE, from + DECODE_BYTES) + 1
    }
    piece(from, end)
    from = end
  }
}

/**
 * prefilter.ts's CandidateLines.piece, kept to what happens before a line goes to the lane (no handler:
 * a declined line is not decoded or parsed here). `record`: per-line results, for the agreement check.
 */
function runJs(useLane, record) {
  const lane = new FastLane('auto', new TimeParser('UTC'), interest)
  const counts = { json: 0, logfmt: 0, python: 0, plain: 0, access: 0 }
  let lines = 0
  let timeSum = 0
  const piece = (from, to) => {
    const text = data.toString('latin1', from, to)
    const ascii = isAscii(data.subarray(from, to))
    NON_ASCII.lastIndex = 0
    let other = ascii ? null : NON_ASCII.exec(text)
    let start = 0
    while (start < text.length) {
      const end = text.indexOf('\n', start)
      let lineAscii = true
      for (; other !== null && other.index < end; other = NON_ASCII.exec(text))
        if (other.index >= start) lineAscii = false
      const k = lines++
      const lineEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end
      if (end - start > MAX_LINE_BYTES || !lineAscii) {
        // cut or UTF-8: the full parser's
      } else if (useLane && lane.read(text, start, lineEnd)) {
        counts[lane.format]++
        timeSum += lane.time
        if (record) {
          record.codes[k] = 0x80 | (FORMAT_CODE[lane.format] << 2) | LEVEL_CODE[lane.level]
          record.times[k] = lane.time
        }
      }
      start = end + 1
    }
  }
  for (const [from, to] of chunks) forEachPiece(data, from, to, piece)
  return { lines, counts, timeSum }
}

// --- (b), (c) the WebAssembly scanner --------------------------------------------------------------

function loadWasm(file) {
  const module = new WebAssembly.Module(readFileSync(join(here, 'build', file)))
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort() {
        throw new Error('abort')
      },
    },
  })
  const x = instance.exports
  if (x.init(SLOW_MS, false, false) < READ_BYTES) throw new Error('capacity')
  const memory = x.memory.buffer
  return {
    file,
    size: readFileSync(join(here, 'build', file)).length,
    x,
    bytes: new Uint8Array(memory),
    input: x.input(),
    ends: new Uint32Array(memory, x.ends(), READ_BYTES + 2),
    codes: new Uint8Array(memory, x.codes(), READ_BYTES + 2),
    times: new Float64Array(memory, x.times(), READ_BYTES + 2),
  }
}

function runWasm(w, record) {
  const counts = [0, 0, 0, 0, 0, 0, 0, 0]
  let lines = 0
  let timeSum = 0
  const { x, bytes, input, codes, times } = w
  for (const [from, to] of chunks) {
    bytes.set(data.subarray(from, to), input)
    const n = x.scan(to - from, false)
    for (let k = 0; k < n; k++) {
      const code = codes[k]
      if (code & 0x80) {
        counts[(code >> 2) & 7]++
        timeSum += times[k]
      }
      if (record) {
        record.codes[lines + k] = code
        if (code & 0x80) record.times[lines + k] = times[k]
        record.ends[lines + k] = from + w.ends[k]
      }
    }
    lines += n
  }
  const byName = {}
  for (let f = 1; f <= 5; f++) byName[FORMAT_NAME[f]] = counts[f]
  return { lines, counts: byName, timeSum }
}

function runFloor(w) {
  let lines = 0
  const { x, bytes, input } = w
  for (const [from, to] of chunks) {
    bytes.set(data.subarray(from, to), input)
    lines += x.lines(to - from, false)
  }
  return { lines }
}

// --- agreement --------------------------------------------------------------------------------------

const simd = loadWasm('lane-simd.wasm')
const scalar = loadWasm('lane-scalar.wasm')

const lineTotal = runJs(false).lines
const newRecord = () => ({
  codes: new Uint8Array(lineTotal),
  times: new Float64Array(lineTotal),
  ends: new Uint32Array(lineTotal),
})
const jsRec = newRecord()
const jsOut = runJs(true, jsRec)
const wRec = newRecord()
const wOut = runWasm(simd, wRec)
const sRec = newRecord()
runWasm(scalar, sRec)

const REASONS = [
  'accepted?',
  'not ASCII',
  'too long',
  'not a common layout',
  'reviewed or unknown level',
  'slow duration or response time',
  'duration/response time not read exactly (>15 digits)',
  'text message may hold a duration (durationHint)',
  'time not read (offset, odd CLF stamp)',
  '5xx',
]
const lineText = (k) => {
  const end = wRec.ends[k]
  const start = k === 0 ? 0 : wRec.ends[k - 1] + 1
  return data.toString('latin1', start, end)
}
let disagreements = 0
let simdVsScalar = 0
const wrong = []
const declinedMore = new Map()
const declinedMoreExamples = new Map()
for (let k = 0; k < lineTotal; k++) {
  const j = jsRec.codes[k]
  const w = wRec.codes[k]
  if (w !== sRec.codes[k] || (w & 0x80 && wRec.times[k] !== sRec.times[k])) simdVsScalar++
  if (w & 0x80) {
    const same = j & 0x80 && (w & ~0x20) === j && wRec.times[k] === jsRec.times[k]
    if (!same) {
      disagreements++
      if (wrong.length < 10)
        wrong.push({ line: lineText(k), js: [j, jsRec.times[k]], wasm: [w, wRec.times[k]] })
    }
  } else if (j & 0x80) {
    const key = `${FORMAT_NAME[(j >> 2) & 7]}: ${REASONS[w] ?? w}`
    declinedMore.set(key, (declinedMore.get(key) ?? 0) + 1)
    if (!declinedMoreExamples.has(key)) declinedMoreExamples.set(key, [])
    const ex = declinedMoreExamples.get(key)
    if (ex.length < 3) ex.push(lineText(k))
  }
}

const agreement = {
  bytes: data.length,
  lines: lineTotal,
  acceptedJs: Object.values(jsOut.counts).reduce((a, b) => a + b, 0),
  acceptedWasm: Object.values(wOut.counts).reduce((a, b) => a + b, 0),
  byFormatJs: jsOut.counts,
  byFormatWasm: wOut.counts,
  disagreementsOnWasmAccepted: disagreements,
  simdVsScalarDifferences: simdVsScalar,
  declinedByWasmAcceptedByJs: Object.fromEntries([...declinedMore].sort((a, b) => b[1] - a[1])),
}
console.log(JSON.stringify(agreement, null, 2))
if (wrong.length > 0) console.log('DISAGREEMENTS', JSON.stringify(wrong, null, 2))
console.log('examples of lines declined by WASM only:')
for (const [key, ex] of declinedMoreExamples) console.log(`  ${key}:\n    ${ex.join('\n    ')}`)

// --- timing -----------------------------------------------------------------------------------------

const variants = {
  js: () => runJs(true),
  'js-split': () => runJs(false),
  'wasm-simd': () => runWasm(simd),
  'wasm-scalar': () => runWasm(scalar),
  'floor-simd': () => runFloor(simd),
  'floor-scalar': () => runFloor(scalar),
}
const names = Object.keys(variants)
const cpu = Object.fromEntries(names.map((n) => [n, []]))
const wall = Object.fromEntries(names.map((n) => [n, []]))
let sink = 0
for (let round = -1; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length])
  for (const name of order) {
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    const out = variants[name]()
    const t1 = process.hrtime.bigint()
    const c = process.cpuUsage(c0)
    sink += out.lines + (out.timeSum ?? 0)
    if (out.lines !== lineTotal) throw new Error(`${name}: ${out.lines} lines, not ${lineTotal}`)
    if (round < 0) continue
    cpu[name].push(((c.user + c.system) * 1000) / lineTotal)
    wall[name].push(Number(t1 - t0) / lineTotal)
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const fmt = (x) => x.toFixed(1)
console.log(
  `\n${lineTotal} lines, ${(data.length / 2 ** 20).toFixed(1)} MiB, ${ROUNDS} rounds (checksum ${sink})`,
)
console.log(
  'variant        CPU ns/line (median; all runs)                     wall ns/line (median)  CPU MB/s',
)
for (const name of names) {
  const m = median(cpu[name])
  const mbs = data.length / 1e6 / ((m * lineTotal) / 1e9)
  console.log(
    `${name.padEnd(14)} ${fmt(m).padStart(6)}  [${cpu[name].map(fmt).join(' ')}]`.padEnd(68) +
      `${fmt(median(wall[name])).padStart(8)}  ${mbs.toFixed(0).padStart(8)}`,
  )
}
// Same-round ratios (the machine is shared: a round's variants ran next to each other).
const ratio = (a, b) => median(cpu[a].map((x, i) => x / cpu[b][i])).toFixed(3)
console.log(
  `same-round CPU ratios (median): wasm-simd/js ${ratio('wasm-simd', 'js')}, wasm-scalar/js ${ratio('wasm-scalar', 'js')}, ` +
    `floor-simd/js ${ratio('floor-simd', 'js')}, js-split/js ${ratio('js-split', 'js')}`,
)
console.log(`wasm sizes: ${simd.file} ${simd.size} B, ${scalar.file} ${scalar.size} B`)
