// The stand-in's `logs/app.log` for the last week, in Python logging's layout
// (`2026-11-20 10:00:00,123 ERROR app.db: message`, one of the layouts log-review reads): routine
// requests, errors that recur every few hours, a traceback, a burst of one error within one hour three
// hours ago (a spike) and requests slower than log-review's 1 s threshold.

/** @param {Date} time */
const stamp = (time) => time.toISOString().replace('T', ' ').replace('.', ',').slice(0, 23)

/**
 * The log's text, its newest line a minute before `now`.
 * @param {Date} [now]
 */
export function appLog(now = new Date()) {
  /** @type {[number, string][]} */
  const lines = []
  /** @param {number} minutesAgo @param {string} text */
  const at = (minutesAgo, text) => lines.push([now.getTime() - minutesAgo * 60_000, text])
  const week = 7 * 24 * 60

  for (let m = week; m >= 1; m -= 20) {
    at(m, `INFO app.http: GET /api/me 200 took ${20 + (m % 37)}ms`)
    if (m % 60 === 0) at(m - 1, `INFO app.http: POST /auth/login 200 took ${80 + (m % 50)}ms`)
  }
  // Slow logins a few times a day: the OCR check in the login path waits on its API.
  for (let m = week - 30; m > 0; m -= 7 * 60 + 13)
    at(m, `WARNING app.http: POST /auth/login 200 took ${(2 + (m % 17) / 10).toFixed(1)}s`)
  // Recurring: the connection pool runs dry every six hours, when the nightly jobs overlap with traffic.
  for (let m = week - 45; m > 0; m -= 6 * 60)
    at(m, 'ERROR app.db: connection pool exhausted (size=20, waiting=7)')
  for (let m = week - 90; m > 0; m -= 11 * 60)
    at(m, 'WARNING app.auth: failed login for user alice from 10.0.0.12')
  // A traceback, continued over the lines after its first, twice this week.
  for (const m of [2 * 24 * 60 + 17, 9 * 60 + 3]) {
    at(
      m,
      [
        'ERROR app.views: Unhandled exception in GET /api/profile',
        'Traceback (most recent call last):',
        '  File "/srv/trusted_login/app/views.py", line 88, in profile',
        '    return render_profile(user.settings["theme"])',
        "KeyError: 'theme'",
      ].join('\n'),
    )
  }
  // The spike: the OCR API fails 40 times within one hour, three hours ago.
  for (let i = 0; i < 40; i++)
    at(3 * 60 + 50 - i, 'ERROR app.ocr: OCR API request failed: 503 Service Unavailable')

  return (
    lines
      .sort((a, b) => a[0] - b[0])
      .map(([time, text]) => `${stamp(new Date(time))} ${text}`)
      .join('\n') + '\n'
  )
}
