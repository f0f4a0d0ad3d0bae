import { describe, expect, it } from 'vitest'

import { DRAIN_ACCURACY, LOGHUB_SYSTEMS, LoghubSystem, loghubAccuracy } from './loghub.js'

/**
 * Floors of the grouping accuracy (Zhu et al.'s measure) on Loghub's 2k samples, over the lines
 * log-review reviews (errors and warnings), and of how many lines it reviews: the figures reached when
 * they were set, so a change that groups worse or stops seeing a level fails here. Raise a floor when a
 * change does better; the table in actions/log-review/README.md comes from bench/log-review/accuracy.mjs.
 * Logs with no error or warning line (Spark, Windows: INFO only; HealthApp, Proxifier: no level field)
 * review nothing and have no accuracy.
 */
const FLOORS: Record<LoghubSystem, { reviewed: number; accuracy?: number }> = {
  HDFS: { reviewed: 80, accuracy: 1 },
  Hadoop: { reviewed: 960, accuracy: 1 },
  Spark: { reviewed: 0 },
  Zookeeper: { reviewed: 1331, accuracy: 1 },
  OpenStack: { reviewed: 31, accuracy: 1 },
  BGL: { reviewed: 403, accuracy: 1 },
  HPC: { reviewed: 493, accuracy: 1 },
  Thunderbird: { reviewed: 36, accuracy: 1 },
  Windows: { reviewed: 0 },
  Linux: { reviewed: 45, accuracy: 1 },
  Mac: { reviewed: 22, accuracy: 1 },
  Android: { reviewed: 173, accuracy: 1 },
  HealthApp: { reviewed: 0 },
  Apache: { reviewed: 595, accuracy: 1 },
  OpenSSH: { reviewed: 48, accuracy: 1 },
  Proxifier: { reviewed: 0 },
}

describe('grouping accuracy on Loghub 2k samples (errors and warnings)', () => {
  it.each(LOGHUB_SYSTEMS)('%s stays at or above its floor', (system) => {
    const floor = FLOORS[system]
    const result = loghubAccuracy(system)
    expect(result.lines).toBe(2000)
    expect(result.reviewed).toBeGreaterThanOrEqual(floor.reviewed)
    if (floor.accuracy === undefined) expect(result.accuracy).toBeUndefined()
    else expect(result.accuracy).toBeGreaterThanOrEqual(floor.accuracy)
  })

  it('reviews every line Loghub labels an error or warning, where the layout has a level field', () => {
    for (const system of LOGHUB_SYSTEMS) {
      const { recall } = loghubAccuracy(system)
      if (recall) expect(recall.reviewed, system).toBe(recall.labelled)
    }
  })

  it("is at least Drain's published figure on every log with reviewed lines", () => {
    for (const system of LOGHUB_SYSTEMS) {
      const { accuracy } = loghubAccuracy(system)
      if (accuracy !== undefined) expect(accuracy, system).toBeGreaterThanOrEqual(DRAIN_ACCURACY[system])
    }
  })
})
