import { invalidInput } from '../core/units.js'

/**
 * A maintenance window: `Sun 02:00-05:00 UTC`, `daily 01:00-04:00 Europe/Berlin`, `Mon-Fri 22:00-02:00 UTC`,
 * `Sat,Sun 00:00-06:00 America/New_York`. The days name when the window opens; a window whose end is
 * before its start runs past midnight into the next day. Times are wall-clock times in the zone.
 */
export interface MaintenanceWindow {
  text: string
  /** 0 = Sunday ... 6 = Saturday. */
  days: Set<number>
  startMinute: number
  endMinute: number
  timeZone: string
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const FORMAT = 'use a window such as "Sun 02:00-05:00 UTC" or "daily 01:00-04:00 Europe/Berlin"'

export function parseWindow(input: string, text: string): MaintenanceWindow {
  const match = /^\s*(\S+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S+)\s*$/.exec(text)
  if (!match) return invalidInput(input, text, FORMAT)
  const [, dayText, h1, m1, h2, m2, zone] = match
  const days = parseDays(dayText)
  if (!days)
    return invalidInput(
      input,
      text,
      `${FORMAT}; days are daily, Mon..Sun, ranges (Mon-Fri) or lists (Sat,Sun)`,
    )
  const start = Number(h1) * 60 + Number(m1)
  const end = Number(h2) * 60 + Number(m2)
  if (Number(h1) > 23 || Number(m1) > 59 || Number(m2) > 59 || end > 1440 || start === end) {
    return invalidInput(
      input,
      text,
      `${FORMAT}; times run from 00:00 to 24:00 and the window cannot be empty`,
    )
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
  } catch {
    return invalidInput(
      input,
      text,
      `'${zone}' is not a time zone; use UTC or an IANA name such as Europe/Berlin`,
    )
  }
  return { text, days, startMinute: start, endMinute: end, timeZone: zone }
}

function parseDays(text: string): Set<number> | undefined {
  const lower = text.toLowerCase()
  if (lower === 'daily' || lower === '*') return new Set([0, 1, 2, 3, 4, 5, 6])
  const dayIndex = (name: string) => DAYS.findIndex((d, i) => name === d || name === FULL_DAYS[i])
  const days = new Set<number>()
  for (const part of lower.split(',')) {
    const ends = part.split('-').map(dayIndex)
    if (ends.length > 2 || ends.some((d) => d < 0)) return undefined
    const [from, to = from] = ends
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d)
      if (d === to) break
    }
  }
  return days
}

/** The weekday and minute of the day of an instant, on the wall clock of a zone. */
function wallClock(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return {
    day: DAYS.indexOf(get('weekday').toLowerCase()),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  }
}

/** Whether the window is open at `now`; a window past midnight belongs to the day it opened. */
export function isOpen(window: MaintenanceWindow, now: Date): boolean {
  const { day, minute } = wallClock(now, window.timeZone)
  if (window.startMinute < window.endMinute) {
    return window.days.has(day) && minute >= window.startMinute && minute < window.endMinute
  }
  const yesterday = (day + 6) % 7
  return (
    (window.days.has(day) && minute >= window.startMinute) ||
    (window.days.has(yesterday) && minute < window.endMinute)
  )
}

/**
 * Milliseconds left in an open window, so the maintenance budget never outlasts it. Found by walking
 * forward on the real clock to the first minute the window is closed, so a daylight-saving change inside
 * the window counts as the hour it really is.
 */
export function timeLeft(window: MaintenanceWindow, now: Date): number {
  if (!isOpen(window, now)) return 0
  const nextMinute = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000
  for (let t = nextMinute; t <= now.getTime() + 26 * 3_600_000; t += 60_000) {
    // The window ends where it closes, or at its end time even if the next day's window opens right there.
    const at = new Date(t)
    if (!isOpen(window, at) || wallClock(at, window.timeZone).minute === window.endMinute % 1440)
      return t - now.getTime()
  }
  return 26 * 3_600_000
}
