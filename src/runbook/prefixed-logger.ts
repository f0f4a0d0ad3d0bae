import { Logger } from '../core/logger.js'

/** A check's logger inside a runbook: every line starts with `[<id>] `, so parallel checks stay readable. */
export function prefixedLogger(logger: Logger, id: string): Logger {
  const prefix = (message: string) => `[${id}] ${message}`
  return {
    info: (m) => logger.info(prefix(m)),
    warning: (m) => logger.warning(prefix(m)),
    debug: (m) => logger.debug(prefix(m)),
    alert: (m) => logger.alert(prefix(m)),
  }
}
