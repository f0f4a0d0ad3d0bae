// Preloaded into the log-review bundle's node process by the benchmark (`node --import <this> bundle`):
// on exit it writes the process's own memory high-water mark (VmHWM and VmRSS from /proc/self/status,
// and process.resourceUsage().maxRSS, all in kB) to the file named by BENCH_LOG_REVIEW_PROBE, so that
// the peak is read at the very end and growth after the last /proc sample is not missed. It changes
// nothing else.
import { readFileSync, writeFileSync } from 'node:fs'

const target = process.env.BENCH_LOG_REVIEW_PROBE
if (target) {
  process.on('exit', () => {
    let status = ''
    try {
      status = readFileSync('/proc/self/status', 'utf8')
    } catch {
      status = ''
    }
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) || undefined
    writeFileSync(
      target,
      JSON.stringify({
        vmHwmKb: kb('VmHWM'),
        vmRssKb: kb('VmRSS'),
        maxRssKb: process.resourceUsage().maxRSS,
      }),
    )
  })
}
