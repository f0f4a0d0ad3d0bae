import * as core from '@actions/core'

import { InputGetter } from '../core/inputs.js'

/** The runner's inputs (`INPUT_<NAME>`, hyphens kept), read through @actions/core. */
export const actionInputGetter: InputGetter = (name) => core.getInput(name)
