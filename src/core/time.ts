/**
 * Wall-clock times in a named time zone (IANA, e.g. Europe/Berlin), for timestamps that carry no offset:
 * backup file names, Python logging's asctime.
 */

/** The instant at which the wall clock in `timeZone` shows the given time. */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second)
  // Two rounds settle the offset even next to a daylight-saving change.
  let instant = asUtc - offsetOf(new Date(asUtc), timeZone)
  instant = asUtc - offsetOf(new Date(instant), timeZone)
  return new Date(instant)
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetOf(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return wall - Math.floor(at.getTime() / 1000) * 1000
}

/**
 * zonedTime for many timestamps in a row (log lines): the zone's offset is looked up once per wall-clock
 * hour and remembered, since Intl.DateTimeFormat is far too slow to call for every line. UTC needs no
 * lookup at all.
 */
export class WallClock {
  private readonly offsets = new Map<number, number>()

  constructor(readonly timeZone: string) {}

  /** Epoch milliseconds of a wall-clock time in this zone (month 1-12). */
  toEpoch(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    ms = 0,
  ): number {
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms)
    if (this.timeZone === 'UTC') return asUtc
    const hourKey = asUtc - (asUtc % 3_600_000)
    let offset = this.offsets.get(hourKey)
    if (offset === undefined) {
      offset = hourKey - zonedTime(year, month, day, hour, 0, 0, this.timeZone).getTime()
      if (this.offsets.size > 10_000) this.offsets.clear()
      this.offsets.set(hourKey, offset)
    }
    return asUtc - offset
  }
}
