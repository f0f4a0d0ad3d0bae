/**
 * Grouping accuracy on Loghub's labelled 2k samples (test/fixtures/log-review/loghub), measured the way
 * Zhu et al. measure log parsers ("Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019):
 * a line is grouped right when its group holds exactly the lines of its true event, no more, no fewer.
 *
 * The lines are the ones log-review reviews: every line goes through the real LineParser,
 * EventAssembler and Aggregate (errors and warnings, redaction on, the defaults a user gets), and a
 * line counts when the Aggregate put it into a group. The truth is restricted to those lines too, so a
 * line is right when its group equals the reviewed lines of its EventId. Used by grouping.test.ts and,
 * bundled, by bench/log-review/accuracy.mjs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { Aggregate, Group } from '../../src/log-review/aggregate.js'
import { EventAssembler, LogEvent } from '../../src/log-review/events.js'
import { LineParser } from '../../src/log-review/parse.js'
import { TimeParser } from '../../src/log-review/timestamps.js'

/** The 16 logs of Loghub's 2k samples, in the order of Zhu et al.'s tables. */
export const LOGHUB_SYSTEMS = [
  'HDFS',
  'Hadoop',
  'Spark',
  'Zookeeper',
  'OpenStack',
  'BGL',
  'HPC',
  'Thunderbird',
  'Windows',
  'Linux',
  'Mac',
  'Android',
  'HealthApp',
  'Apache',
  'OpenSSH',
  'Proxifier',
] as const
export type LoghubSystem = (typeof LOGHUB_SYSTEMS)[number]

/** Drain's grouping accuracy on each 2k sample, from Zhu et al. 2019, Table III. */
export const DRAIN_ACCURACY: Record<LoghubSystem, number> = {
  HDFS: 0.998,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  OpenStack: 0.733,
  BGL: 0.963,
  HPC: 0.887,
  Thunderbird: 0.955,
  Windows: 0.997,
  Linux: 0.69,
  Mac: 0.787,
  Android: 0.911,
  HealthApp: 0.78,
  Apache: 1,
  OpenSSH: 0.788,
  Proxifier: 0.527,
}

export interface LabelledLog {
  lines: string[]
  /** Loghub's EventId of each line. */
  events: string[]
  /** Loghub's Level column of each line, for the logs whose layout has one. */
  levels?: string[]
}

export interface Accuracy {
  /** Lines log-review reviewed (put into an error or warning group). */
  reviewed: number
  /** Of those, lines whose group holds exactly the reviewed lines of their true event. */
  correct: number
  /** correct / reviewed; undefined when no line was reviewed. */
  accuracy?: number
  groups: number
  /** True events among the reviewed lines. */
  events: number
}

/** How many lines Loghub's Level column calls errors or warnings, and how many of those log-review reviewed. */
export interface LevelRecall {
  labelled: number
  reviewed: number
}

// Loghub's Level values that are errors or warnings (Android's letters, BGL's FATAL/SEVERE, log4j's WARN).
const LABELLED_LEVELS = /^(?:E|W|F|A|FATAL|SEVERE|ERROR|WARN|WARNING|error|warn|warning)$/

export const LOGHUB_DIR = join(import.meta.dirname, '..', 'fixtures', 'log-review', 'loghub')

/** A 2k sample and its labels: `<System>_2k.log` and `<System>_2k.events.csv` (LineId,EventId[,Level]). */
export function readLoghub(system: string, dir = LOGHUB_DIR): LabelledLog {
  const lines = readFileSync(join(dir, `${system}_2k.log`), 'utf8').split('\n')
  if (lines.at(-1) === '') lines.pop()
  const [header, ...rows] = readFileSync(join(dir, `${system}_2k.events.csv`), 'utf8')
    .trimEnd()
    .split('\n')
  const cells = rows.map((row) => row.split(','))
  if (cells.length !== lines.length)
    throw new Error(`${system}: ${lines.length} log lines but ${cells.length} labels`)
  return {
    lines,
    events: cells.map((c) => c[1]),
    levels: header.endsWith(',Level') ? cells.map((c) => c[2]) : undefined,
  }
}

/**
 * The group log-review puts each line into (undefined: the line is not reviewed on its own), with
 * redaction on as at the action's default, or off to see what redaction changes.
 */
export function groupLines(lines: string[], redact = true): (string | undefined)[] {
  return reviewLines(lines, redact).assigned
}

/** The groups of `lines` (as groupLines) and the Aggregate that holds them, with their templates. */
export function reviewLines(
  lines: string[],
  redact = true,
): { assigned: (string | undefined)[]; aggregate: Aggregate } {
  const aggregate = new Aggregate({
    levels: new Set(['error', 'warning']),
    slowThresholdMs: Number.POSITIVE_INFINITY,
    ignore: [],
    redact,
    maxGroups: Number.MAX_SAFE_INTEGER,
  })
  const parser = new LineParser('auto', new TimeParser('UTC'), {
    level: (level) => aggregate.reviews(level),
    slow: () => false,
  })
  const assigned: (string | undefined)[] = lines.map(() => undefined)
  // Events are emitted in the order their first lines came; `next` walks the lines to find each one.
  let next = 0
  const counts = new Map<Group, number>()
  const assembler = new EventAssembler(
    (event: LogEvent) => {
      while (next < lines.length && lines[next] !== event.firstLine) next++
      const line = next++
      aggregate.add(event)
      for (const group of aggregate.groups.values()) {
        if (group.count !== (counts.get(group) ?? 0)) {
          counts.set(group, group.count)
          assigned[line] = group.fingerprint
        }
      }
    },
    (record) => aggregate.reviews(record.level),
  )
  for (const line of lines) assembler.add(parser.parse(line), line)
  assembler.end()
  return { assigned, aggregate }
}

/** Zhu et al.'s grouping accuracy over the lines that have a group. */
export function groupingAccuracy(groups: (string | undefined)[], events: string[]): Accuracy {
  const byGroup = new Map<string, number[]>()
  const byEvent = new Map<string, number[]>()
  groups.forEach((group, i) => {
    if (group === undefined) return
    byGroup.set(group, [...(byGroup.get(group) ?? []), i])
    byEvent.set(events[i], [...(byEvent.get(events[i]) ?? []), i])
  })
  let reviewed = 0
  let correct = 0
  for (const members of byGroup.values()) {
    reviewed += members.length
    const truth = byEvent.get(events[members[0]])!
    // One group is right as a whole or not at all: same event for all, and no line of it elsewhere.
    if (truth.length === members.length && members.every((i) => events[i] === events[members[0]]))
      correct += members.length
  }
  return {
    reviewed,
    correct,
    accuracy: reviewed === 0 ? undefined : correct / reviewed,
    groups: byGroup.size,
    events: byEvent.size,
  }
}

/** The accuracy of log-review's grouping on one Loghub system, and its level recall where labelled. */
export function loghubAccuracy(
  system: string,
  dir = LOGHUB_DIR,
): Accuracy & { lines: number; recall?: LevelRecall } {
  const log = readLoghub(system, dir)
  const groups = groupLines(log.lines)
  const labelled = log.levels?.flatMap((level, i) => (LABELLED_LEVELS.test(level) ? [i] : []))
  return {
    lines: log.lines.length,
    ...groupingAccuracy(groups, log.events),
    recall: labelled && {
      labelled: labelled.length,
      reviewed: labelled.filter((i) => groups[i] !== undefined).length,
    },
  }
}
