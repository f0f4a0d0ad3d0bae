/**
 * The young generation of the thread that reviews: kept at V8's starting size for the rest of the process.
 *
 * V8 doubles a thread's young generation each time the bytes that survived its collections since the
 * last doubling exceed its size, and gives it back only when the thread allocates next to nothing. A
 * review allocates a lot for a long time, so any survivors (chunks and lines in flight, events waiting
 * for the parts before theirs) add up and the young generation grows in steps to V8's maximum whatever
 * a collection keeps: on the 1 GiB benchmark log the main thread's reached 128 MB (with 2 workers:
 * peak RSS 306 MB; jobs: 1, 64 MB of young generation on 200 MiB, 170 MB). Its size can only be given
 * when a thread starts (workers get theirs in parallel.ts), so here the growth itself is turned off.
 * What survives is then promoted a little sooner; measured, the review takes about the same CPU time.
 */
import { setFlagsFromString } from 'node:v8'

let kept = false

/**
 * Stops the young generation of every thread of this process from growing past its present size. Worker
 * threads started later start at their own size (their resourceLimits) and keep it too.
 */
export function keepYoungGenerationSmall(): void {
  if (kept) return
  kept = true
  // Read by V8 each time it would grow a young generation (not only at start, unlike the sizes), so it
  // takes effect at once. Node 24's V8 has it; an unknown flag would only be reported, never thrown.
  setFlagsFromString('--semi-space-growth-factor=1')
}
