import { cleanup, hasCleanupWork, readCleanupState, recordForCleanup } from './cleanup.js'
import { DbMaintainData } from './data.js'
import { DbMaintainInputs, readInputs } from './inputs.js'
import { dbMaintain } from './report-and-maintain.js'
import { ActionDefinition } from '../core/action.js'

export const dbMaintainAction: ActionDefinition<DbMaintainInputs, DbMaintainData> = {
  name: 'db-maintain',
  // A relative baseline path starts at the workspace, where the workflow restored it.
  readInputs: (reader, { workspace }) => readInputs(reader, workspace),
  onCancel: 'cancelling this run’s own statements',
  incident: ({ database: { host, port, database } }) => ({
    key: `${host}:${port}/${database}`,
    name: `${database} on ${host}:${port}`,
  }),
  run: (inputs, { logger, signal, clock, state }) =>
    dbMaintain(inputs, logger, { signal, clock, ...recordForCleanup(state) }),
  post: async (readInputsAgain, { logger, state }) => {
    const recorded = readCleanupState(state)
    if (hasCleanupWork(recorded)) await cleanup(readInputsAgain(), recorded, logger)
  },
}
