// Preloaded into an action bundle's node process by a benchmark (`node --import <this> bundle`; see
// hwmProbe in ./lib.mjs): on exit it writes the process's own memory high-water mark (VmHWM and VmRSS
// from /proc/self/status, and process.resourceUsage().maxRSS, all in kB) to the file named by
// BENCH_HWM_PROBE, so that the peak is read at the very end and growth after the last /proc sample is
// not missed; also the CPU time the process used (user + system, every thread, in ms), steadier than
// wall time on a busy machine. It changes nothing else, and imports nothing but node:fs (not ./lib.mjs), so that it adds
// next to nothing to the memory it measures.
import { readFileSync, writeFileSync } from 'node:fs'

const target = process.env.BENCH_HWM_PROBE
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
        cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
      }),
    )
  })
}
