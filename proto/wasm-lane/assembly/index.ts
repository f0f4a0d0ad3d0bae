// A prototype of log-review's fast lane (src/log-review/fast-lane.ts, format `auto`) over raw bytes.
//
// The host copies whole lines (at most `capacity` bytes, each ended by \n) to `input()` and calls
// `scan(n, unended)`; for each line k it gets ends[k] (where its \n is), codes[k] and, when accepted,
// times[k] (epoch ms). A code with bit 0x80 is an accepted line: format in bits 2-4 (FORMAT_*), level in
// bits 0-1 (LEVEL_*), bit 0x20 when the time was a wall-clock time (no `Z`; exact only in the UTC zone:
// the host converts it otherwise). Any other code is a declined line and why (DECLINE_*): the host reads
// it the usual way. Declining is always safe; an accepted line must read exactly as the JS lane reads it.
//
// Built with SIMD (the newline and ASCII scan, 16 bytes at a time) or without (ASC_FEATURE_SIMD).

// --- outputs --------------------------------------------------------------------------------------

const ACCEPTED: i32 = 0x80
const LOCAL_TIME: i32 = 0x20
const FORMAT_JSON: i32 = 1
const FORMAT_LOGFMT: i32 = 2
const FORMAT_PYTHON: i32 = 3
const FORMAT_PLAIN: i32 = 4
const FORMAT_ACCESS: i32 = 5
const LEVEL_INFO: i32 = 1
const LEVEL_DEBUG: i32 = 2

const DECLINE_NON_ASCII: i32 = 1
const DECLINE_TOO_LONG: i32 = 2
/** Not one of the common layouts (what the JS lane declines too). */
const DECLINE_LAYOUT: i32 = 3
/** A level that is reviewed, or not a level word the lane knows. */
const DECLINE_LEVEL: i32 = 4
/** A duration field or response time that is slow. */
const DECLINE_SLOW: i32 = 5
/** A duration or response time whose value this scanner cannot read exactly (more than 15 digits...). */
const DECLINE_UNSURE_NUMBER: i32 = 6
/** A text line whose message may hold a duration (`in 440ms`): the JS lane reads it with durationInText. */
const DECLINE_DURATION_HINT: i32 = 7
/** No time this scanner reads (an offset, an odd CLF stamp...). */
const DECLINE_TIME: i32 = 8
/** A 5xx access line. */
const DECLINE_5XX: i32 = 9

const MAX_LINE_BYTES: i32 = 64 * 1024

// Fixed places below the module's static data (built with --memoryBase 18 MiB): constant addresses let
// every byte load be one instruction with a constant offset.
const CAPACITY_MAX: i32 = 1024 * 1024
const base: usize = 1024
const endsPtr: usize = 2 << 20
const codesPtr: usize = 7 << 20
const timesPtr: usize = 9 << 20

let slowMs: f64 = 1000
let infoQuiet: bool = true
let debugQuiet: bool = true

/** Sets the review's interest; returns the most bytes of lines scan takes at once (as many lines). */
export function init(slowThresholdMs: f64, reviewInfo: bool, reviewDebug: bool): i32 {
  slowMs = slowThresholdMs
  infoQuiet = !reviewInfo
  debugQuiet = !reviewDebug
  return CAPACITY_MAX
}

export function input(): usize {
  return base
}
export function ends(): usize {
  return endsPtr
}
export function codes(): usize {
  return codesPtr
}
export function times(): usize {
  return timesPtr
}

// --- the scan -------------------------------------------------------------------------------------

let lineCount: i32 = 0

/**
 * Reads the n bytes at input(): whole lines, and with `unended` a last line without \n. Returns the
 * number of lines.
 */
export function scan(n: i32, unended: bool): i32 {
  return scanWith(n, unended, true)
}

/** Only the newline and ASCII scan (ends and codes 0 or DECLINE_NON_ASCII): the floor of this approach. */
export function lines(n: i32, unended: bool): i32 {
  return scanWith(n, unended, false)
}

@inline
function scanWith(n: i32, unended: bool, read: bool): i32 {
  // Zeros after the bytes: never a newline, a digit or a letter, and the 16-byte loads stay defined.
  memory.fill(base + <usize>n, 0, 64)
  lineCount = 0
  let lineStart: i32 = 0
  if (ASC_FEATURE_SIMD) {
    const newline = i8x16.splat(10)
    let high: i32 = 0 // the current line holds a byte >= 0x80 (so far)
    for (let block: i32 = 0; block < n; block += 16) {
      const v = v128.load(base + <usize>block)
      let nl = i8x16.bitmask(i8x16.eq(v, newline))
      let hi = i8x16.bitmask(v)
      if (block + 16 > n) nl &= (1 << (n - block)) - 1
      while (nl != 0) {
        const bit = ctz<i32>(nl)
        const before = (1 << bit) - 1
        const end = block + bit
        line(lineStart, end, high | (hi & before), read)
        hi &= ~before
        high = 0
        lineStart = end + 1
        nl &= nl - 1
      }
      high |= hi
    }
  } else {
    let high: i32 = 0
    for (let i: i32 = 0; i < n; i++) {
      const c = <i32>load<u8>(base + <usize>i)
      if (c == 10) {
        line(lineStart, i, high, read)
        high = 0
        lineStart = i + 1
      } else high |= c & 0x80
    }
  }
  if (unended && lineStart < n) {
    let high: i32 = 0
    for (let i = lineStart; i < n; i++) high |= <i32>load<u8>(base + <usize>i) & 0x80
    line(lineStart, n, high, read)
  }
  return lineCount
}

@inline
function line(start: i32, end: i32, high: i32, read: bool): void {
  const k = <usize>lineCount
  lineCount++
  store<u32>(endsPtr + (k << 2), end)
  let code: i32 = 0
  // In prefilter.ts's order: a line longer than MAX_LINE_BYTES is cut, else one not ASCII is decoded.
  if (end - start > MAX_LINE_BYTES) code = DECLINE_TOO_LONG
  else if (high != 0) code = DECLINE_NON_ASCII
  else if (read) {
    const lineEnd = end > start && ch(end - 1) == 13 ? end - 1 : end
    code = lane(start, lineEnd)
    if (code & ACCEPTED) store<f64>(timesPtr + (k << 3), laneTime)
  }
  store<u8>(codesPtr + k, <u8>code)
}

// --- the lane (fast-lane.ts's FastLane.read for format auto) ---------------------------------------

let laneTime: f64 = 0

@inline
function ch(i: i32): i32 {
  return <i32>load<u8>(base + <usize>i)
}

@inline
function isDigit(c: i32): bool {
  return <u32>(c - 48) <= 9
}

/** formats/logfmt.ts's isSpace: \s on ASCII. */
@inline
function isSpace(c: i32): bool {
  return c == 32 || <u32>(c - 9) <= 4
}

/** [^\S\n] on ASCII. */
@inline
function isBlank(c: i32): bool {
  return c == 32 || c == 9 || c == 11 || c == 12 || c == 13
}

@inline
function isLetter(c: i32): bool {
  return <u32>((c | 32) - 97) <= 25
}

/** Where byte `b` first is in [from, end), else end: 16 bytes at a time with SIMD. */
function findByte(from: i32, end: i32, b: i32): i32 {
  if (ASC_FEATURE_SIMD) {
    const needle = i8x16.splat(<i8>b)
    for (let p = from; p < end; p += 16) {
      const m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>p), needle))
      if (m != 0) return min(p + ctz<i32>(m), end)
    }
    return end
  } else {
    let p = from
    while (p < end && ch(p) != b) p++
    return p
  }
}

function lettersEnd(from: i32): i32 {
  let i = from
  while (isLetter(ch(i))) i++
  return i
}

function startsWith(at: i32, s: string): bool {
  for (let i = 0; i < s.length; i++) if (ch(at + i) != <i32>s.charCodeAt(i)) return false
  return true
}

let notAccess: bool = false

/** FastLane.read with choice `auto`: an accepted code (the time in laneTime) or a decline code. */
function lane(start: i32, end: i32): i32 {
  const c = ch(start)
  if (c == 123) return json(start, end)
  notAccess = false
  if (c == 116) return unlessAccess(logfmt(start, end), start, end)
  const textRead = isDigit(c) && !startsLikeLogfmt(start, end) ? text(start, end) : DECLINE_LAYOUT
  return unlessAccess(textRead, start, end)
}

function unlessAccess(read: i32, start: i32, end: i32): i32 {
  if (read & ACCEPTED && notAccess) return read
  if (accessMatch(start, end) && holdsHttp(start, end)) return quietAccess(end)
  return read
}

/** `{"time":"…","level":"…",…}` */
function json(start: i32, end: i32): i32 {
  if (!startsWith(start, '{"time":"')) return DECLINE_LAYOUT
  let last = end - 1
  while (last >= start && isSpace(ch(last))) last--
  if (last < start || ch(last) != 125) return DECLINE_LAYOUT
  const valueStart = start + 9
  let timeEnd = valueStart
  while (timeEnd < end && ch(timeEnd) != 34) timeEnd++
  if (timeEnd <= valueStart || timeEnd >= end || !startsWith(timeEnd + 1, ',"level":"')) return DECLINE_LAYOUT
  const levelStart = timeEnd + 11
  const levelEnd = lettersEnd(levelStart)
  if (ch(levelEnd) != 34) return DECLINE_LAYOUT
  const level = quietLevel(levelStart, levelEnd)
  if (level == 0) return DECLINE_LEVEL
  const duration = jsonDuration(levelEnd, end)
  if (duration != 0) return duration
  return isoTime(valueStart, timeEnd, FORMAT_JSON, level)
}

/** `time=… level=… …` */
function logfmt(start: i32, end: i32): i32 {
  if (!startsWith(start, 'time=') || ch(start + 5) == 34) return DECLINE_LAYOUT
  const valueStart = start + 5
  let timeEnd = valueStart
  while (timeEnd < end && !isSpace(ch(timeEnd))) timeEnd++
  if (timeEnd == valueStart || !startsWith(timeEnd, ' level=')) return DECLINE_LAYOUT
  let levelStart = timeEnd + 7
  if (ch(levelStart) == 34) levelStart++
  const levelEnd = min(lettersEnd(levelStart), end)
  const level = quietLevel(levelStart, levelEnd)
  if (level == 0) return DECLINE_LEVEL
  const duration = logfmtDuration(start, end)
  if (duration != 0) return duration
  const code = isoTime(valueStart, timeEnd, FORMAT_LOGFMT, level)
  if (!(code & ACCEPTED)) return code
  if (levelStart == timeEnd + 7 && ch(levelEnd) == 32) {
    let third = levelEnd + 1
    while (third < end && !isSpace(ch(third))) third++
    notAccess = third == levelEnd + 1 || ch(third) != 32 || ch(third + 1) != 91
  }
  return code
}

/** `2026-11-20 10:00:00,123 INFO app: message` and other lines that start with an ISO stamp and a level. */
function text(start: i32, end: i32): i32 {
  const time = isoAt(start)
  const stampEnd = isoEnd
  if (isNaN(time) || stampEnd > end) return DECLINE_LAYOUT
  const local = isoLocal
  let i = stampEnd
  for (let c = ch(i); (c == 32 || c == 91) && i < end; c = ch(++i));
  const wordEnd = min(lettersEnd(i), end)
  if (wordEnd == i) return DECLINE_LAYOUT
  const after = wordEnd < end ? ch(wordEnd) : -1
  if (after != -1 && !levelFollower(after)) return DECLINE_LAYOUT
  const marked = ch(i - 1) == 91 || after == 93 || after == 58
  if (!marked) for (let j = i; j < wordEnd; j++) if (ch(j) > 90) return DECLINE_LAYOUT
  const level = quietLevel(i, wordEnd)
  if (level == 0) return DECLINE_LEVEL
  let format = FORMAT_PYTHON
  if (ch(stampEnd - 4) != 44) format = pythonDashes(stampEnd, min(stampEnd + 80, end)) ? FORMAT_PYTHON : FORMAT_PLAIN
  // The JS lane reads a message that may hold a duration with durationInText (a regular expression with
  // a look-behind): not done here, such a line is declined.
  if (durationHint(wordEnd, end)) return DECLINE_DURATION_HINT
  notAccess = ch(start + 10) == 32 && ch(stampEnd) == 32 && i == stampEnd + 1 && ch(wordEnd) == 32 && ch(wordEnd + 1) != 91
  laneTime = time
  return ACCEPTED | (local ? LOCAL_TIME : 0) | (format << 2) | level
}

/** ' \t\n\v\f\r]|):,/-' */
function levelFollower(c: i32): bool {
  return isSpace(c) || c == 93 || c == 124 || c == 41 || c == 58 || c == 44 || c == 47 || c == 45
}

/** / - [A-Z]+ - / in [from, to). */
function pythonDashes(from: i32, to: i32): bool {
  for (let p = from; p + 6 < to + 1; p++) {
    if (ch(p) != 32 || ch(p + 1) != 45 || ch(p + 2) != 32) continue
    let q = p + 3
    while (q < to && <u32>(ch(q) - 65) <= 25) q++
    if (q > p + 3 && q + 3 <= to && ch(q) == 32 && ch(q + 1) == 45 && ch(q + 2) == 32) return true
  }
  return false
}

/** /\d[^\S\n]?[mMsSuU]/ in [from, end): candidates 16 at a time with SIMD, each then checked. */
function durationHint(from: i32, end: i32): bool {
  if (ASC_FEATURE_SIMD) {
    for (let p = from; p < end; p += 16) {
      const v0 = v128.load(base + <usize>p)
      const v1 = v128.load(base + <usize>p, 1)
      const v2 = v128.load(base + <usize>p, 2)
      const digit = i8x16.lt_u(i8x16.sub(v0, i8x16.splat(48)), i8x16.splat(10))
      const unit1 = unitLetters(v1)
      const blank1 = v128.or(i8x16.eq(v1, i8x16.splat(32)), i8x16.lt_u(i8x16.sub(v1, i8x16.splat(9)), i8x16.splat(5)))
      let m = i8x16.bitmask(v128.and(digit, v128.or(unit1, v128.and(blank1, unitLetters(v2)))))
      while (m != 0) {
        if (hintAt(p + ctz<i32>(m), end)) return true
        m &= m - 1
      }
    }
    return false
  } else {
    for (let p = from; p < end; p++) if (hintAt(p, end)) return true
    return false
  }
}

@inline
function unitLetters(v: v128): v128 {
  const l = v128.or(v, i8x16.splat(32))
  return v128.or(v128.or(i8x16.eq(l, i8x16.splat(109)), i8x16.eq(l, i8x16.splat(115))), i8x16.eq(l, i8x16.splat(117)))
}

function hintAt(p: i32, end: i32): bool {
  if (p >= end || !isDigit(ch(p))) return false
  const q = p + 1
  if (isUnitLetter(ch(q)) && q < end) return true
  return isBlank(ch(q)) && q + 1 < end && isUnitLetter(ch(q + 1))
}

@inline
function isUnitLetter(c: i32): bool {
  const l = c | 32
  return l == 109 || l == 115 || l == 117
}

/** /^[\w.@-]+=/ on [start, end). */
function startsLikeLogfmt(start: i32, end: i32): bool {
  let i = start
  for (; i < end; i++) {
    const c = ch(i)
    if (!(isDigit(c) || isLetter(c) || c == 95 || c == 46 || c == 64 || c == 45)) break
  }
  return i > start && i < end && ch(i) == 61
}

/** A level word nobody reviews: LEVEL_INFO or LEVEL_DEBUG, else 0. */
function quietLevel(from: i32, to: i32): i32 {
  const level = levelOf(from, to)
  if (level == LEVEL_INFO) return infoQuiet ? level : 0
  if (level == LEVEL_DEBUG) return debugQuiet ? level : 0
  return 0
}

function levelOf(from: i32, to: i32): i32 {
  switch (to - from) {
    case 4:
      return lowerIs(from, 'info') ? LEVEL_INFO : 0
    case 5:
      return lowerIs(from, 'debug') || lowerIs(from, 'trace') ? LEVEL_DEBUG : 0
    case 6:
      return lowerIs(from, 'notice') ? LEVEL_INFO : 0
    case 7:
      return lowerIs(from, 'verbose') ? LEVEL_DEBUG : 0
    case 11:
      return lowerIs(from, 'information') ? LEVEL_INFO : 0
  }
  return 0
}

/** Whether the letters at `from` are `word` in any case. */
function lowerIs(from: i32, word: string): bool {
  for (let i = 0; i < word.length; i++) if ((ch(from + i) | 32) != <i32>word.charCodeAt(i)) return false
  return true
}

// --- durations --------------------------------------------------------------------------------------

/**
 * 0: no duration key, or one whose value is not slow; else a decline code. formats/json.ts's DURATION
 * (`"key"\s*:\s*("value"|[\d.]+)`, the first match at or after `from`), found by its colon: a key holds
 * no colon, so the matches come in the order of their colons.
 */
function jsonDuration(from: i32, end: i32): i32 {
  for (let colon = findByte(from, end, 58); colon < end; colon = findByte(colon + 1, end, 58)) {
    let close = colon - 1
    while (close >= from && isBlank(ch(close))) close--
    if (close < from || ch(close) != 34) continue
    let open = close - 1
    while (open >= from && (isLetter(ch(open)) || ch(open) == 95)) open--
    if (open < from || ch(open) != 34) continue
    const unit = durationKey(open + 1, close)
    if (unit == 0) continue
    let r = colon + 1
    while (r < end && isBlank(ch(r))) r++
    if (r >= end) continue
    if (ch(r) == 34) {
      const q = findByte(r + 1, end, 34)
      if (q >= end) continue
      return durationValue(r + 1, q, unit)
    }
    let q = r
    while (q < end && (isDigit(ch(q)) || ch(q) == 46)) q++
    if (q == r) continue
    return durationValue(r, q, unit)
  }
  return 0
}

/**
 * formats/logfmt.ts's DURATION after white space (`\skey=("value"|\S+)`, the first match), found by its
 * `=`: a key holds no `=`, so the matches come in the order of their `=`.
 */
function logfmtDuration(from: i32, end: i32): i32 {
  for (let eq = findByte(from, end, 61); eq < end; eq = findByte(eq + 1, end, 61)) {
    let p = eq - 1
    while (p >= from && (isLetter(ch(p)) || ch(p) == 95)) p--
    if (p < from || !isBlank(ch(p))) continue
    const unit = durationKey(p + 1, eq)
    if (unit == 0) continue
    const r = eq + 1
    if (r < end && ch(r) == 34) {
      const q = findByte(r + 1, end, 34)
      if (q < end) return durationValue(r + 1, q, unit)
    }
    let q = r
    while (q < end && !isSpace(ch(q))) q++
    if (q == r) continue
    return durationValue(r, q, unit)
  }
  return 0
}

function lettersAndUnderscoresEnd(from: i32, end: i32): i32 {
  let i = from
  while (i < end && (isLetter(ch(i)) || ch(i) == 95)) i++
  return i
}

/** formats/fields.ts's DURATION_KEYS: 1 for a key in ms (MS_KEYS), 1000 for one in seconds, else 0. */
function durationKey(from: i32, to: i32): i32 {
  switch (to - from) {
    case 4:
      return startsWith(from, 'took') ? 1000 : 0
    case 7:
      if (startsWith(from, 'took_ms')) return 1
      return startsWith(from, 'elapsed') || startsWith(from, 'latency') ? 1000 : 0
    case 8:
      return startsWith(from, 'duration') ? 1000 : 0
    case 9:
      return startsWith(from, 'elapsedMs') ? 1 : 0
    case 10:
      return startsWith(from, 'elapsed_ms') || startsWith(from, 'latency_ms') || startsWith(from, 'durationMs') ? 1 : 0
    case 11:
      return startsWith(from, 'duration_ms') ? 1 : 0
    case 12:
      if (startsWith(from, 'responseTime')) return 1
      return startsWith(from, 'request_time') ? 1000 : 0
    case 13:
      return startsWith(from, 'response_time') ? 1000 : 0
    case 15:
      return startsWith(from, 'request_time_ms') ? 1 : 0
    case 16:
      return startsWith(from, 'response_time_ms') ? 1 : 0
  }
  return 0
}

/**
 * durationFromField's parseDurationValue on [from, to) (`/^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i`, a bare
 * number in the key's unit): 0 when it is no duration or not slow, else a decline code.
 */
function durationValue(from: i32, to: i32, bareFactor: i32): i32 {
  let i = from
  while (i < to && isSpace(ch(i))) i++
  if (!readNumber(i, to)) return 0
  i = numberEnd
  while (i < to && isSpace(ch(i))) i++
  const unitStart = i
  while (i < to && isLetter(ch(i))) i++
  const unitEnd = i
  while (i < to && isSpace(ch(i))) i++
  if (i != to) return 0
  const factor = unitEnd == unitStart ? <f64>bareFactor : unitFactor(unitStart, unitEnd)
  if (isNaN(factor)) return 0
  return slowOrNot(factor)
}

/** durations.ts's UNIT_MS (the unit in any case), NaN for another. */
function unitFactor(from: i32, to: i32): f64 {
  switch (to - from) {
    case 1:
      if (lowerIs(from, 's')) return 1000
      if (lowerIs(from, 'm')) return 60_000
      break
    case 2:
      if (lowerIs(from, 'ms')) return 1
      if (lowerIs(from, 'us')) return 1e-3
      if (lowerIs(from, 'ns')) return 1e-6
      break
    case 3:
      if (lowerIs(from, 'sec')) return 1000
      if (lowerIs(from, 'min')) return 60_000
      break
    case 4:
      if (lowerIs(from, 'secs')) return 1000
      if (lowerIs(from, 'mins')) return 60_000
      break
    case 6:
      if (lowerIs(from, 'second')) return 1000
      break
    case 7:
      if (lowerIs(from, 'seconds')) return 1000
      if (lowerIs(from, 'minutes')) return 60_000
      break
  }
  return NaN
}

let numberEnd: i32 = 0
let numberValue: f64 = 0
let numberExact: bool = false
let numberHasPoint: bool = false

/**
 * `\d+(?:\.\d+)?` at `from` (before `to`): false when none. Its value as Number() reads it is exact when
 * it has at most 15 significant digits and at most 22 after the point (then one IEEE division of two
 * exact doubles is correctly rounded, as Number() is); numberExact is false otherwise.
 */
function readNumber(from: i32, to: i32): bool {
  let i = from
  let mantissa: u64 = 0
  let digits: i32 = 0
  while (i < to && isDigit(ch(i))) {
    const d = ch(i) - 48
    if (digits > 0 || d != 0) digits++
    if (digits <= 15) mantissa = mantissa * 10 + <u64>d
    i++
  }
  if (i == from) return false
  let fraction: i32 = 0
  numberHasPoint = false
  if (i + 1 < to && ch(i) == 46 && isDigit(ch(i + 1))) {
    numberHasPoint = true
    i++
    while (i < to && isDigit(ch(i))) {
      const d = ch(i) - 48
      if (digits > 0 || d != 0) digits++
      if (digits <= 15) mantissa = mantissa * 10 + <u64>d
      fraction++
      i++
    }
  }
  numberEnd = i
  numberExact = digits <= 15 && fraction <= 22
  numberValue = numberExact ? <f64>mantissa / POW10[fraction] : NaN
  return true
}

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]

/** Whether the number just read, in ms after `factor`, is slow: 0 when not, else a decline code. */
function slowOrNot(factor: f64): i32 {
  if (!numberExact) return DECLINE_UNSURE_NUMBER
  return numberValue * factor >= slowMs ? DECLINE_SLOW : 0
}

// --- times -----------------------------------------------------------------------------------------

let isoEnd: i32 = 0
let isoLocal: bool = false

@inline
function digitAt(i: i32): i32 {
  const d = ch(i) - 48
  return <u32>d <= 9 ? d : -100_000
}

/** TimeParser.isoAt: epoch ms (in the UTC zone) or NaN; its end in isoEnd. */
function isoAt(at: i32): f64 {
  const sep = ch(at + 10)
  if (ch(at + 4) != 45 || ch(at + 7) != 45 || (sep != 84 && sep != 32) || ch(at + 13) != 58 || ch(at + 16) != 58)
    return NaN
  const year = digitAt(at) * 1000 + digitAt(at + 1) * 100 + digitAt(at + 2) * 10 + digitAt(at + 3)
  const month = digitAt(at + 5) * 10 + digitAt(at + 6)
  const day = digitAt(at + 8) * 10 + digitAt(at + 9)
  const hour = digitAt(at + 11) * 10 + digitAt(at + 12)
  const minute = digitAt(at + 14) * 10 + digitAt(at + 15)
  const second = digitAt(at + 17) * 10 + digitAt(at + 18)
  if (
    year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
    minute < 0 || minute > 59 || second < 0 || second > 60
  )
    return NaN
  let end = at + 19
  let ms: f64 = 0
  const point = ch(end)
  if (point == 46 || point == 44) {
    let scale: f64 = 100
    end++
    for (let d = digitAt(end); d >= 0; d = digitAt(++end)) {
      ms += <f64>d * scale
      scale /= 10
    }
    ms = Math.floor(ms)
  }
  const zone = ch(end)
  let utc = false
  if (zone == 90) {
    utc = true
    end++
  } else if (zone == 43 || zone == 45 || (zone == 32 && offsetAfterSpace(end + 1))) {
    return NaN
  }
  isoEnd = end
  isoLocal = !utc
  return dateUtc(year, month, day, hour) + (<f64>(minute * 60_000 + second * 1000) + ms)
}

function offsetAfterSpace(at: i32): bool {
  const c = ch(at)
  if (c == 43 || c == 45) return isDigit(ch(at + 1))
  return startsWith(at, 'UTC') || startsWith(at, 'GMT')
}

/** Date.UTC(year, month - 1, day, hour): days past the month's end roll over, years 0-99 are 19xx. */
function dateUtc(year: i32, month: i32, day: i32, hour: i32): f64 {
  let y = year <= 99 ? year + 1900 : year
  if (month <= 2) y--
  const era = (y >= 0 ? y : y - 399) / 400
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = (153 * mp + 2) / 5
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  const days = era * 146097 + doe - 719468 + day - 1
  return <f64>days * 86_400_000 + <f64>hour * 3_600_000
}

/** An ISO time at [from, to) as the JS lane's isoTime reads it. */
function isoTime(from: i32, to: i32, format: i32, level: i32): i32 {
  const time = isoAt(from)
  if (isNaN(time)) return DECLINE_TIME
  if (isoEnd > to) return DECLINE_LAYOUT
  laneTime = time
  return ACCEPTED | (isoLocal ? LOCAL_TIME : 0) | (format << 2) | level
}

// --- access lines ----------------------------------------------------------------------------------

let stampStart: i32 = 0
let stampEnd: i32 = 0
let statusAt: i32 = 0
let matchEnd: i32 = 0

/** ACCESS_LINE: /\S+ \S+ \S+ \[[^\]\n]+\] "[A-Z]+ [^ "\n]+[^"\n]*" \d{3} (?:\d+|-)/ at `start`. */
function accessMatch(start: i32, end: i32): bool {
  let p = start
  for (let field = 0; field < 3; field++) {
    let q = p
    while (q < end && !isSpace(ch(q))) q++
    if (q == p || q >= end || ch(q) != 32) return false
    p = q + 1
  }
  if (ch(p) != 91) return false
  stampStart = p + 1
  let q = stampStart
  while (q < end && ch(q) != 93) q++
  if (q == stampStart || q >= end) return false
  stampEnd = q
  if (ch(q + 1) != 32 || ch(q + 2) != 34) return false
  p = q + 3
  q = p
  while (q < end && <u32>(ch(q) - 65) <= 25) q++
  if (q == p || q >= end || ch(q) != 32) return false
  p = q + 1
  if (p >= end || ch(p) == 32 || ch(p) == 34) return false
  q = findByte(p + 1, end, 34)
  if (q >= end) return false
  // `" 200 1234` or `" 200 -`
  if (q + 6 >= end || ch(q + 1) != 32 || ch(q + 5) != 32) return false
  if (!isDigit(ch(q + 2)) || !isDigit(ch(q + 3)) || !isDigit(ch(q + 4))) return false
  statusAt = q + 2
  let r = q + 6
  if (ch(r) == 45) r++
  else {
    while (r < end && isDigit(ch(r))) r++
    if (r == q + 6) return false
  }
  matchEnd = r
  return true
}

/** Whether [start, end) holds ` HTTP/`. */
function holdsHttp(start: i32, end: i32): bool {
  for (let h = findByte(start + 1, end, 72); h + 5 <= end; h = findByte(h + 1, end, 72))
    if (ch(h - 1) == 32 && ch(h + 1) == 84 && ch(h + 2) == 84 && ch(h + 3) == 80 && ch(h + 4) == 47) return true
  return false
}

function quietAccess(end: i32): i32 {
  if (!infoQuiet) return DECLINE_LEVEL
  if (ch(statusAt) >= 53) return DECLINE_5XX
  const slow = responseTime(matchEnd, end)
  if (slow != 0) return slow
  const time = clf(stampStart, stampEnd)
  if (isNaN(time)) return DECLINE_TIME
  laneTime = time
  return ACCEPTED | (FORMAT_ACCESS << 2) | LEVEL_INFO
}

/** formats/access.ts's responseTime, as a decline code (0: none, or not slow). */
function responseTime(from: i32, end: i32): i32 {
  let trimmed = end
  while (trimmed > from && isSpace(ch(trimmed - 1))) trimmed--
  let space = trimmed - 1
  while (space >= from && ch(space) != 32) space--
  if (space < from) return 0
  if (!readNumber(space + 1, trimmed)) return 0
  const rest = numberEnd
  let factor: f64 = NaN
  if (rest == trimmed) factor = numberHasPoint ? 1000 : 1e-3
  else if (trimmed - rest == 2 && ch(rest) == 109 && ch(rest + 1) == 115) factor = 1
  else if (trimmed - rest == 1 && ch(rest) == 115) factor = 1000
  else if (trimmed - rest == 2 && ch(rest) == 117 && ch(rest + 1) == 115) factor = 1e-3
  if (isNaN(factor)) return 0
  return slowOrNot(factor)
}

/** TimeParser.clf on the strict `20/Nov/2026:10:00:00 +0000` (26 characters, all digits); NaN for others. */
function clf(from: i32, to: i32): f64 {
  if (to - from != 26) return NaN
  if (ch(from + 2) != 47 || ch(from + 6) != 47 || ch(from + 11) != 58 || ch(from + 14) != 58) return NaN
  if (ch(from + 17) != 58 || ch(from + 20) != 32) return NaN
  const sign = ch(from + 21)
  if (sign != 43 && sign != 45) return NaN
  for (let i = 0; i < CLF_DIGITS.length; i++) if (!isDigit(ch(from + CLF_DIGITS[i]))) return NaN
  const month = monthOf(from + 3)
  if (month == 0) return NaN
  const day = two(from)
  const year = two(from + 7) * 100 + two(from + 9)
  const hour = two(from + 12)
  const minute = two(from + 15)
  const second = two(from + 18)
  if (minute > 59 || second > 60) return NaN
  const offset = (sign == 45 ? -1 : 1) * (two(from + 22) * 60 + two(from + 24)) * 60_000
  return dateUtc(year, month, day, hour) - <f64>offset + <f64>(minute * 60_000 + second * 1000)
}

const CLF_DIGITS: StaticArray<i32> = [0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25]

@inline
function two(i: i32): i32 {
  return (ch(i) - 48) * 10 + ch(i + 1) - 48
}

function monthOf(at: i32): i32 {
  const a = ch(at)
  const b = ch(at + 1)
  const c = ch(at + 2)
  const key = (a << 16) | (b << 8) | c
  switch (key) {
    case 0x4a616e: return 1 // Jan
    case 0x466562: return 2 // Feb
    case 0x4d6172: return 3 // Mar
    case 0x417072: return 4 // Apr
    case 0x4d6179: return 5 // May
    case 0x4a756e: return 6 // Jun
    case 0x4a756c: return 7 // Jul
    case 0x417567: return 8 // Aug
    case 0x536570: return 9 // Sep
    case 0x4f6374: return 10 // Oct
    case 0x4e6f76: return 11 // Nov
    case 0x446563: return 12 // Dec
  }
  return 0
}
