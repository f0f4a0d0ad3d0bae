/** HTTP statuses a response may have, as the inputs and the smoke file write them. */

/** Expected HTTP statuses as inclusive ranges, e.g. `200`, `200-299`, `2xx`, `200,204,301-302`. */
export type StatusRanges = { text: string; ranges: [number, number][] }

/** The ranges in a text such as `200,204,301-302` or `2xx`; undefined when it is not one. */
export function statusRangesOf(text: string): StatusRanges | undefined {
  const ranges: [number, number][] = []
  for (const item of text.split(/[,\s]+/).filter(Boolean)) {
    const xx = /^([1-5])xx$/i.exec(item)
    const range = /^(\d{3})(?:-(\d{3}))?$/.exec(item)
    if (xx) ranges.push([Number(xx[1]) * 100, Number(xx[1]) * 100 + 99])
    else if (
      range &&
      Number(range[1]) >= 100 &&
      Number(range[2] ?? range[1]) <= 599 &&
      Number(range[1]) <= Number(range[2] ?? range[1])
    ) {
      ranges.push([Number(range[1]), Number(range[2] ?? range[1])])
    } else {
      return undefined
    }
  }
  return ranges.length === 0 ? undefined : { text, ranges }
}

export function statusExpected(status: number, expected: StatusRanges): boolean {
  return expected.ranges.some(([low, high]) => status >= low && status <= high)
}
