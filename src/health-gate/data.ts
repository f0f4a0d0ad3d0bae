/**
 * health-gate's machine-readable results (the report's `data`): what a later run needs to compare with
 * this one when it reads this report as its baseline.
 */
import { Component } from './health-body.js'
import { UrlResult } from './probe.js'

/** One URL's latency figures (ms) and component states. */
export interface UrlFigures {
  /** The URL as shown (secrets masked): the key a later run matches URLs on. */
  url: string
  /** Latency samples sent, and how many of them failed. */
  samples: number
  errors: number
  p50?: number
  p95?: number
  p99?: number
  components: Pick<Component, 'name' | 'status' | 'health'>[]
}

/** What comparing with a baseline found, for the outputs. */
export interface BaselineComparison {
  /** The p95 change of the URL that got worst, e.g. `+25%`; absent when no URL has a p95 on both sides. */
  p95Change?: string
  /** Whether max-regression found a p95 regression; absent without max-regression. */
  regressed?: boolean
}

/** One smoke-flow step's result, by its name (the key a later run matches steps on). */
export interface StepFigures {
  name: string
  outcome: 'passed' | 'failed' | 'skipped'
  latencyMs?: number
}

export interface HealthGateData {
  urls: UrlFigures[]
  /** The smoke flow's steps, when `smoke` ran. */
  steps?: StepFigures[]
  /** Present when a baseline was compared with. */
  comparison?: BaselineComparison
}

/** The figures of one URL's result, as the report's data keeps them. */
export function figuresOf(result: UrlResult): UrlFigures {
  const latency = result.latency
  return {
    url: result.target.display,
    samples: latency?.samples ?? 0,
    errors: latency?.errors ?? 0,
    p50: latency?.p50,
    p95: latency?.p95,
    p99: latency?.p99,
    components: (result.attempt.verdict?.components ?? []).map(({ name, status, health }) => ({
      name,
      status,
      health,
    })),
  }
}
