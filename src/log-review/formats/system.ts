import { Level, levelOf } from '../model.js'
import { TimeParser } from '../timestamps.js'

/** What the header of a system layout says: where the rest of the line starts, its time and level. */
export interface SystemHeader {
  /** Where the text after the header starts. */
  end: number
  time?: number
  /** The level of the layout's level field; undefined when the layout has none (syslog). */
  level?: Level
}

// Android logcat's threadtime layout: `03-17 16:13:38.811  1702  2395 D WindowManager: message`, one
// letter for the level (Verbose, Debug, Info, Warning, Error, Fatal, Assert).
const LOGCAT = /^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+ +\d+ ([VDIWEFA]) /
const LOGCAT_LEVELS: Record<string, Level> = {
  V: 'debug',
  D: 'debug',
  I: 'info',
  W: 'warning',
  E: 'error',
  F: 'error',
  A: 'error',
}
// Blue Gene/L RAS: `<alert tag or -> <epoch s> 2005.06.03 <node> 2005-06-03-15.42.50.675872 <node> RAS
// KERNEL FATAL message`: the level is the 9th field, past the first 80 characters.
const RAS =
  /^\S+ (\d{9,10}) \d{4}\.\d\d\.\d\d \S+ \d{4}-\d\d-\d\d-\d\d\.\d\d\.\d\d\.\d{6} \S+ \S+ \S+ ([A-Z]+) /
// HPC (Los Alamos): `<id> <node> <component> <state> <epoch s> <flag> message`; the state is the level
// when it is a level word, alone or last (`error`, `bcast-error`, `fdmn.panic`).
const HPC = /^\d+ \S+ \S+ (\S+) (\d{9,10}) \d /
// A syslog header (`Jun 14 15:16:01 host `), with Thunderbird's prefix (`- <epoch s> 2005.11.09 <host> `)
// before it. The level, when there is one, opens the message after the program's name (`sshd[1761]:
// error: ...`, `gmetad: Warning: ...`).
const SYSLOG = /^(?:\S+ (\d{9,10}) \d{4}\.\d\d\.\d\d \S+ )?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \S+ /

/**
 * The header of an Android, supercomputer (BGL, HPC, Thunderbird) or syslog line, whose level (if any)
 * sits where no timestamp-first reader looks. Tried only on lines that start without a timestamp.
 */
export function systemHeader(line: string, times: TimeParser): SystemHeader | undefined {
  const c = line.charCodeAt(0)
  if (c >= 48 && c <= 57) {
    const logcat = LOGCAT.exec(line)
    if (logcat) return { end: logcat[0].length, level: LOGCAT_LEVELS[logcat[1]] }
    const hpc = HPC.exec(line)
    if (hpc) return { end: hpc[0].length, time: times.epoch(Number(hpc[2])), level: stateLevel(hpc[1]) }
    return undefined
  }
  const ras = RAS.exec(line)
  if (ras) return { end: ras[0].length, time: times.epoch(Number(ras[1])), level: levelOf(ras[2]) ?? 'info' }
  const syslog = SYSLOG.exec(line)
  if (syslog)
    return {
      end: syslog[0].length,
      time: syslog[1] === undefined ? undefined : times.epoch(Number(syslog[1])),
    }
  return undefined
}

function stateLevel(state: string): Level {
  return (
    levelOf(state) ??
    levelOf(state.slice(Math.max(state.lastIndexOf('.'), state.lastIndexOf('-')) + 1)) ??
    'info'
  )
}
