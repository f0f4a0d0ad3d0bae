// Types of scripts/action-inputs.mjs, for the test that checks src/cli/action-inputs.json is current.
export interface InputSpec {
  description: string
  default?: string
  required?: boolean
}
export const ACTION_INPUTS_PATH: string
export function readActionInputs(): Record<string, Record<string, InputSpec>>
export function actionInputsJson(): string
