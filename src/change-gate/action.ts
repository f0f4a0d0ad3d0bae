import { ChangeGateData, runChangeGate } from './gate.js'
import { ChangeGateInputs, readInputs } from './inputs.js'
import { ActionDefinition } from '../core/action.js'

export const changeGateAction: ActionDefinition<ChangeGateInputs, ChangeGateData> = {
  name: 'change-gate',
  // A template path is relative to the workspace, where the repository is checked out.
  readInputs: (reader, { workspace }) => readInputs(reader, workspace),
  run: runChangeGate,
}
