// What every benchmark needs: medians, counts from the environment, and results written as the
// repository's Prettier writes JSON (so `prettier --check .` stays clean after a run).

/** A positive whole number from an environment variable, or the fallback. */
export function positiveInt(text, fallback) {
  const value = Number(text)
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** The median of the finite numbers among `values`; undefined when there are none. */
export function median(values) {
  const defined = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  if (defined.length === 0) return undefined
  const sorted = [...defined].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** JSON as the repository's Prettier writes it (falls back to plain JSON if Prettier is missing). */
export async function formatJson(value, path) {
  const text = `${JSON.stringify(value, null, 2)}\n`
  try {
    const prettier = await import('prettier')
    const options = (await prettier.resolveConfig(path)) ?? {}
    return await prettier.format(text, { ...options, filepath: path })
  } catch {
    return text
  }
}
