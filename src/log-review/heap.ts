/**
 * The young generations of a review's threads: kept at V8's starting size for the rest of the process.
 *
 * V8 doubles a thread's young generation each time the bytes that survived its collections since the
 * last doubling exceed its size, and gives it back only when the thread allocates next to nothing. A
 * review allocates a lot for a long time, so any survivors (chunks and lines in flight, events waiting
 * for the parts before theirs) add up and the young generation grows in steps to V8's maximum whatever
 * a collection keeps: on the 1 GiB benchmark log the main thread's reached 128 MB (with 2 workers:
 * peak RSS 306 MB; jobs: 1, 64 MB of young generation on 200 MiB, 170 MB). Its size can only be given
 * when a thread starts (workers get theirs in parallel.ts), so here the growth itself is turned off.
 * The price is more, smaller collections: on the 300 MiB benchmark log with 2 workers, 1,330 instead
 * of 330 per worker and 107 instead of 21 in the main thread, about 0.4 s more CPU (4-7% of the wall
 * time, medians of 5 runs); in one thread no difference could be measured. Peak RSS fell from 232
 * to 174 MB there (jobs: 1, 168 to 114 MB), and on the 1 GiB log from 286 to 183 MB.
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
