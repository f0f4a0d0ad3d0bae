import { DbMaintainInputs, readInputs } from './inputs.js'
import { REINDEX_STATE, SESSIONS_STATE, cleanup, dbMaintain } from './main.js'
import { ActionDefinition } from '../core/action.js'

export const dbMaintainAction: ActionDefinition<DbMaintainInputs> = {
  name: 'db-maintain',
  readInputs: (reader) => readInputs(reader),
  onCancel: 'cancelling this run’s own statements',
  run: async (inputs, { logger, signal, clock, state }) => {
    // Saved as they happen: if this process is killed, the post step still knows what to clean.
    const reindex: Record<string, string[]> = {}
    const pids: number[] = []
    return dbMaintain(inputs, logger, {
      signal,
      now: clock,
      onReindexStart: (table, leftovers) => {
        reindex[table.oid] = leftovers
        state.set(REINDEX_STATE, JSON.stringify(reindex))
      },
      onSessionStart: (pid) => {
        pids.push(pid)
        state.set(SESSIONS_STATE, JSON.stringify(pids))
      },
    })
  },
  post: async (readInputsAgain, { logger, state }) => {
    const reindex = JSON.parse(state.get(REINDEX_STATE) || '{}') as Record<string, string[]>
    const pids = JSON.parse(state.get(SESSIONS_STATE) || '[]') as number[]
    if (pids.length === 0 && Object.keys(reindex).length === 0) return
    await cleanup(readInputsAgain(), { reindex, pids }, logger)
  },
}
