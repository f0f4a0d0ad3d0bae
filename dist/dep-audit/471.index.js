export const id = 471;
export const ids = [471];
export const modules = {

/***/ 471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cancellation: () => (/* binding */ cancellation),
  runAction: () => (/* binding */ runAction),
  runActionDefinition: () => (/* binding */ runActionDefinition)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/runner/annotations.ts


/** GitHub shows 10 annotations of each kind per step; the rest are lost, so we say how many there were. */
const ANNOTATION_LIMIT = 10;
/**
 * Emits an error annotation per failed check and a warning per warned check, each capped so that one
 * slot stays free (for `setFailed`'s own error, and for a notice that counts what was left out).
 */
function annotate(report) {
    const emit = (kind, fn) => {
        const checks = report.checks.filter((c) => c.status === (kind === 'error' ? 'fail' : 'warn'));
        const shown = checks.slice(0, ANNOTATION_LIMIT - 2);
        for (const check of shown)
            fn((0,secrets/* redact */.E$)(check.detail), { title: (0,secrets/* redact */.E$)(check.title) });
        if (checks.length > shown.length) {
            fn(`${checks.length - shown.length} more ${kind === 'error' ? 'failures' : 'warnings'}: see the job summary`, {
                title: `${report.action}: more ${kind === 'error' ? 'failures' : 'warnings'}`,
            });
        }
    };
    emit('error', core/* error */.z3);
    emit('warning', core/* warning */.$e);
}
/**
 * Annotations on a file and line (bandit findings on the code that has them), at most `limit` of each
 * kind, then one line saying how many more there are in the summary.
 */
function annotateLocations(items, limit = ANNOTATION_LIMIT - 2) {
    const emitters = { error: core/* error */.z3, warning: core/* warning */.$e, notice: core/* notice */.lm };
    for (const kind of ['error', 'warning', 'notice']) {
        const ofKind = items.filter((i) => i.kind === kind);
        for (const item of ofKind.slice(0, limit)) {
            emitters[kind]((0,secrets/* redact */.E$)(item.message), {
                title: (0,secrets/* redact */.E$)(item.title),
                file: item.file,
                startLine: item.line,
            });
        }
        if (ofKind.length > limit)
            emitters[kind](`${ofKind.length - limit} more: see the job summary`, { title: 'more findings' });
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
;// CONCATENATED MODULE: ./src/runner/github.ts


/**
 * The GitHub client the logic gets through its run context, built on @actions/github's Octokit (proxy
 * settings included). The API root is the options' or the runner's GITHUB_API_URL (GitHub Enterprise
 * Server; a loopback server in tests), the repository the options' or GITHUB_REPOSITORY. Every failure
 * becomes a GitHubError, so the logic tells "no permission" from the rest without knowing Octokit.
 * A request GitHub refuses for its rate limit is sent again, within bounds (retryRateLimited).
 */
function githubClient(options) {
    const octokit = lazyOctokit(options);
    const repository = options.repository ?? process.env.GITHUB_REPOSITORY;
    return {
        repository: repository ? (0,github/* parseRepository */.SU)(repository) : undefined,
        request: async (route, params) => {
            try {
                // A route given as a string has no response type in Octokit: the caller names it (T).
                const response = await (await octokit()).request(route, params);
                return { status: response.status, data: response.data };
            }
            catch (error) {
                throw githubError(error);
            }
        },
        paginate: async (route, params) => {
            try {
                return await (await octokit()).paginate(route, params);
            }
            catch (error) {
                throw githubError(error);
            }
        },
    };
}
/**
 * The client's Octokit, made on its first request: @actions/github (Octokit and its plugins) is
 * imported only then, so a run that never calls GitHub (most health checks) does not load it at start.
 */
function lazyOctokit(options) {
    let made;
    return () => (made ??= __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413)).then(({ getOctokit }) => makeOctokit(getOctokit, options)));
}
function makeOctokit(make, options) {
    const apiUrl = options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
    const octokit = make(options.token, { baseUrl: apiUrl.replace(/\/+$/, '') });
    const { signal } = options;
    // On every request, the later pages too (paginate passes only method, url and headers on).
    if (signal)
        octokit.hook.before('request', (request) => {
            request.request = { ...request.request, signal };
        });
    octokit.hook.wrap('request', (send, request) => retryRateLimited(() => send(request), signal));
    return octokit;
}
/**
 * Sends a request, and again (at most RATE_LIMIT_RETRIES times) while GitHub refuses it for a rate limit
 * and says when to come back (retry-after, or x-ratelimit-reset with none left) within
 * RATE_LIMIT_MAX_WAIT_MS; a longer wait, or none named, fails at once. The wait ends early when the
 * client's signal aborts. A small hook rather than @octokit/plugin-throttling or -retry: those wait
 * through Bottleneck, which is bigger than this and does not stop on an abort.
 */
async function retryRateLimited(send, signal) {
    for (let retry = 0;; retry++) {
        try {
            return await send();
        }
        catch (error) {
            const { status, response } = (typeof error === 'object' && error !== null ? error : {});
            const wait = response && typeof status === 'number'
                ? (0,github/* rateLimitWaitMs */.JR)(status, response.headers ?? {}, Date.now())
                : undefined;
            if (wait === undefined || wait > github/* RATE_LIMIT_MAX_WAIT_MS */.jO || retry >= github/* RATE_LIMIT_RETRIES */.se)
                throw error;
            await (0,promises_.setTimeout)(wait, undefined, { signal });
        }
    }
}
function githubError(error) {
    const failure = (typeof error === 'object' && error !== null ? error : {});
    const message = typeof failure.message === 'string' && failure.message !== '' ? failure.message : String(error);
    // Octokit calls a refused, unreachable or aborted request a 500 too; only a response means GitHub answered.
    const answered = failure.response !== undefined && typeof failure.status === 'number';
    const gitHubError = answered
        ? new github/* GitHubError */.y_(message, failure.status, failure.response?.headers ?? {})
        : new github/* GitHubError */.y_(message, undefined);
    gitHubError.cause = error;
    return gitHubError;
}

;// CONCATENATED MODULE: ./src/runner/inputs.ts

/** The runner's inputs (`INPUT_<NAME>`, hyphens kept), read through @actions/core. */
const actionInputGetter = (name) => core/* getInput */.V4(name);

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/workflow-commands.ts

/*
 * The runner reads every line a step prints, and a line that starts with `::` (after any whitespace) is a
 * workflow command: `::error::`, `::add-mask::`, `::stop-commands::`... (and, where unsecure commands
 * are allowed, `##[...]` anywhere in a line). Text from outside (file and table names, a health
 * endpoint's body, log lines) must never become one. The runner splits lines on \n, \r\n and a lone \r,
 * and trims .NET whitespace, which is a wider set than JavaScript's, so a line counts as suspicious when
 * no letter or digit comes before its first `::`.
 */
const LINE_BREAK = /\r\n|\r|\n/;
const COMMAND_LIKE = /^[^\p{L}\p{N}]*::|##\[/u;
/** Would the runner read any line of this text as a workflow command? */
function holdsWorkflowCommand(text) {
    return text.split(LINE_BREAK).some((line) => COMMAND_LIKE.test(line));
}
/**
 * Text made safe to print to a step's log. Text that could hold a command is fenced by
 * `::stop-commands::<token>` ... `::<token>::`, so it shows verbatim and runs nothing; the token is
 * random per message, so the text cannot guess it and end the fence early. Anything else passes as is,
 * so ordinary logs stay free of fences.
 */
function fenceWorkflowCommands(text, token = (0,external_node_crypto_.randomUUID)()) {
    if (!holdsWorkflowCommand(text))
        return text;
    return `::stop-commands::${token}\n${text}\n::${token}::`;
}

;// CONCATENATED MODULE: ./src/runner/logger.ts



/**
 * The runner's log, with secrets redacted even before the runner's own masking, and outside text that
 * could read as a workflow command fenced off (core.debug escapes its message itself).
 */
const actionsLogger = {
    info: (message) => core/* info */.pq(fenceWorkflowCommands((0,secrets/* redact */.E$)(message))),
    warning: (message) => core/* info */.pq(fenceWorkflowCommands(`warning: ${(0,secrets/* redact */.E$)(message)}`)),
    debug: (message) => core/* debug */.Yz((0,secrets/* redact */.E$)(message)),
    alert: (message) => core/* warning */.$e((0,secrets/* redact */.E$)(message)),
    group: (title, work) => core/* group */.Os((0,secrets/* redact */.E$)(title), work),
};

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/report.ts
var core_report = __webpack_require__(8557);
// EXTERNAL MODULE: ./src/core/visible-controls.ts
var visible_controls = __webpack_require__(4856);
;// CONCATENATED MODULE: ./src/core/summary.ts


/** GitHub rejects a step summary over 1 MiB; stay well under it so the truncation note always fits. */
const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024;
/**
 * Escapes text for HTML: the summary is Markdown with HTML, and names or bodies come from outside.
 * Control characters are shown as escapes (`\x1b`), as the CLI shows them.
 */
function escapeHtml(text) {
    return (0,visible_controls/* visibleControls */.x)(text)
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&#39;');
}
function renderCell(cell) {
    if (typeof cell === 'string')
        return escapeHtml(cell);
    // Only https links: a javascript: or data: URL from a report must never become clickable.
    if (!/^https:\/\//i.test(cell.href))
        return escapeHtml(cell.text);
    return `<a href="${escapeHtml(cell.href)}">${escapeHtml(cell.text)}</a>`;
}
function table(columns, rows) {
    const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
    const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${renderCell(cell)}</td>`).join('')}</tr>`);
    return `<table>\n${head}\n${body.join('\n')}\n</table>\n\n`;
}
/**
 * Renders any Report as the job summary, so every action looks alike: a heading with the overall status,
 * the checks (failures first), the metrics, the report's tables and collapsed details. Text is
 * HTML-escaped. When the result would pass `limit` bytes, whole sections (and rows) are dropped from the
 * end and a note says so.
 */
function renderSummary(report, limit = SUMMARY_LIMIT) {
    const sections = [];
    sections.push(`## ${core_report/* STATUS_ICON */.tW[report.status]} ${escapeHtml(report.title)}\n\n`);
    if (report.checks.length > 0) {
        const rows = (0,core_report/* byStatus */.GF)(report.checks, (c) => c.status).map((check) => [
            `${core_report/* STATUS_ICON */.tW[check.status]} ${check.status}`,
            check.title,
            check.detail + (check.recommendation ? ` — ${check.recommendation}` : ''),
        ]);
        sections.push(table(['Status', 'Check', 'Detail'], rows));
        const fixes = report.checks.filter((c) => c.fix && c.status !== 'pass');
        if (fixes.length > 0) {
            const body = fixes.map((c) => `-- ${c.title}\n${c.fix}`).join('\n\n');
            sections.push(details('Suggested fixes (not run)', body));
        }
    }
    if (report.metrics.length > 0) {
        sections.push(table(['Metric', 'Value'], report.metrics.map((m) => [m.name, `${m.value}${m.unit ? ` ${m.unit}` : ''}`])));
    }
    for (const c of report.charts ?? [])
        sections.push(chart(c));
    for (const t of report.tables)
        sections.push(`### ${escapeHtml(t.title)}\n\n` + table(t.columns, t.rows));
    for (const d of report.details)
        sections.push(details(d.title, d.body));
    return fitSections(sections, limit);
}
/** Mermaid has no escaping inside its strings: quotes and anything that could end the block are dropped. */
function mermaidText(text) {
    return text.replace(/["`\\\n\r[\]]/g, '').slice(0, 100);
}
/**
 * Mermaid writes every category under its bar, overlapping past a few dozen (a week of hours is 168): more
 * bars than this get a numbered axis, named by the chart's `axis`, with the few numbers it has room for.
 */
const MAX_LABELS = 24;
function chart(c) {
    const numbers = (values) => `[${values.map((v) => (Number.isFinite(v) ? v : 0)).join(', ')}]`;
    const top = Math.max(1, ...c.bars, ...(c.line ?? []));
    const lines = [
        '```mermaid',
        'xychart-beta',
        `  title "${mermaidText(c.title)}"`,
        c.labels.length > MAX_LABELS
            ? `  x-axis "${mermaidText(c.axis ?? '')}" 0 --> ${c.labels.length - 1}`
            : `  x-axis [${c.labels.map((l) => `"${mermaidText(l)}"`).join(', ')}]`,
        `  y-axis "${mermaidText(c.yLabel)}" 0 --> ${Math.ceil(top * 1.1)}`,
        `  bar ${numbers(c.bars)}`,
        ...(c.line ? [`  line ${numbers(c.line)}`] : []),
        '```',
    ];
    return `${lines.join('\n')}\n\n`;
}
function details(title, body) {
    return `<details><summary>${escapeHtml(title)}</summary>\n\n<pre>${escapeHtml(body)}</pre>\n\n</details>\n\n`;
}
function fitSections(sections, limit) {
    const note = (dropped) => `\n> [!NOTE]\n> The summary was cut to stay under GitHub's 1 MiB limit: ${dropped} section(s) left out. The full result is in the \`report\` JSON file.\n`;
    // Byte counts are kept as running totals: measuring the growing text again for every line is quadratic,
    // which a 10,000-row table turns into seconds.
    let out = '';
    let used = 0;
    for (let i = 0; i < sections.length; i++) {
        const room = limit - used - Buffer.byteLength(note(sections.length - i));
        const size = Buffer.byteLength(sections[i]);
        if (size <= room) {
            out += sections[i];
            used += size;
            continue;
        }
        // Keep what fits of an oversized section at a line boundary, so a huge table still shows its top rows.
        let partial = '';
        let partialBytes = 0;
        for (const line of sections[i].split('\n')) {
            const bytes = Buffer.byteLength(line) + 1;
            if (partialBytes + bytes > room - 64)
                break;
            partial += line + '\n';
            partialBytes += bytes;
        }
        if (partial.includes('```mermaid') && !partial.trimEnd().endsWith('```'))
            partial = '';
        if (partial.includes('<table') && !partial.includes('</table>'))
            partial += '</table>\n';
        if (partial.includes('<details>') && !partial.includes('</details>'))
            partial += (partial.includes('<pre>') ? '</pre>\n' : '') + '</details>\n';
        return out + partial + note(sections.length - i);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/runner/publish.ts









/**
 * Writes a finished Report everywhere a user looks: the JSON file (its path is the `report` output), the
 * `status` output plus the action's own scalar outputs, the job summary and the annotations, and fails the
 * step when the report failed. Everything is redacted first. Returns the path of the JSON file.
 */
async function publishReport(report, outputs, reportPath, options = {}) {
    const safe = (0,secrets/* redactDeep */.KL)(report);
    const path = reportPath ?? defaultReportPath(report.action);
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(path, '..'), { recursive: true });
    writeReportJson(path, safe, options.compactReport);
    for (const [name, value] of Object.entries(outputs)) {
        if (value !== undefined)
            core/* setOutput */.uH(name, (0,secrets/* redact */.E$)(String(value)));
    }
    core/* setOutput */.uH('report', path);
    // A local run has no step summary file; writing one would throw, so print it to the log instead.
    const markdown = (options.summary ?? renderSummary)(safe);
    if (process.env.GITHUB_STEP_SUMMARY)
        await core/* summary */.z.addRaw(markdown).write();
    else
        core/* info */.pq(fenceWorkflowCommands(markdown));
    annotate(safe);
    // A failed report fails the step, with its first failure as the one line the run page shows.
    if (safe.status === 'fail' && options.failure)
        core/* setFailed */.C1(options.failure(safe));
    else if (safe.status === 'fail') {
        const failed = safe.checks.filter((c) => c.status === 'fail');
        core/* setFailed */.C1(`${safe.action}: ${failed[0]?.detail ?? safe.title}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`);
    }
    return path;
}
/**
 * The JSON text, then its newline, in two writes: `json + '\n'` would copy a report of megabytes whole
 * before writing it.
 */
function writeReportJson(path, report, compact = false) {
    const fd = (0,external_node_fs_.openSync)(path, 'w');
    try {
        (0,external_node_fs_.writeFileSync)(fd, JSON.stringify(report, null, compact ? undefined : 2));
        (0,external_node_fs_.writeFileSync)(fd, '\n');
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** `$RUNNER_TEMP/runbook-actions/<action>-<step>-<random>.json`: unique per step, gone with the job. */
function defaultReportPath(action) {
    const base = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const step = (process.env.GITHUB_ACTION || 'local').replace(/[^\w.-]/g, '_');
    return (0,external_node_path_.join)(base, 'runbook-actions', `${action}-${step}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}.json`);
}

// EXTERNAL MODULE: ./src/core/github-event.ts
var github_event = __webpack_require__(3465);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/markdown.ts
var markdown = __webpack_require__(6706);
;// CONCATENATED MODULE: ./src/core/notify.ts
/**
 * One short message to a chat's incoming webhook when a check's status changes (failing, recovered).
 * One JSON payload serves the common webhooks: Slack (incoming webhooks and Workflow Builder) and a Teams
 * incoming webhook show `text`, Discord shows `content` (and, told `allowed_mentions`, pings nobody).
 * A Teams Workflows webhook takes what its flow reads: point the flow's "post message" at `text`.
 *
 * The URL is a secret (whoever holds it can post to the channel): it is never logged, not even when the
 * webhook fails. A refusing or unreachable webhook is a warning; the check's result stands.
 */


/** How long a webhook may take to answer before the message is given up. */
const WEBHOOK_TIMEOUT_MS = 10_000;
/** The one payload every supported webhook accepts. */
function webhookPayload(text) {
    return { text, content: text, allowed_mentions: { parse: [] } };
}
/** Posts the message; true when the webhook took it. Never throws. */
async function postWebhook(url, text, options) {
    const { logger, timeoutMs = WEBHOOK_TIMEOUT_MS } = options;
    const signal = AbortSignal.any([
        AbortSignal.timeout(timeoutMs),
        ...(options.signal ? [options.signal] : []),
    ]);
    try {
        const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(webhookPayload((0,secrets/* redact */.E$)(text))),
            // A redirect would send the message (and maybe the URL's secret path) somewhere the user did not name.
            redirect: 'error',
            signal,
        });
        // The answer's body is the chat's text: not ours to show, and not needed.
        await response.body?.cancel();
        if (response.ok) {
            logger.info('notify-webhook: the status change was posted');
            return true;
        }
        logger.alert(`notify-webhook: the webhook answered HTTP ${response.status}, so no message was posted`);
    }
    catch (error) {
        const why = signal.aborted ? `no answer within ${timeoutMs / 1000}s` : (0,secrets/* redact */.E$)(reason(error));
        logger.alert(`notify-webhook: the webhook could not be reached (${why}), so no message was posted`);
    }
    return false;
}
/** fetch's "fetch failed" says nothing: the cause (ECONNREFUSED, a DNS failure) does. */
function reason(error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
    return code ?? (0,errors/* getErrorMessage */.u1)(error);
}

// EXTERNAL MODULE: ./src/core/units.ts
var units = __webpack_require__(2184);
;// CONCATENATED MODULE: ./src/core/incident.ts
/**
 * Incident issues for scheduled checks (health-gate, backup-verify, db-maintain): a failing run opens one
 * issue per action and target, later runs comment only when WHAT fails changes, and the first passing run
 * comments how long it lasted and closes it. The open issue is also the memory that tells a status change
 * (failing / recovered) from a repeat, which is when the webhook hears about it (notify.ts).
 *
 * Reporting never changes the check: a token that may not write issues, a rate limit or an unreachable
 * GitHub is a notice, and the report keeps its own status.
 */







/** The labels an incident issue gets. */
const INCIDENT_LABELS = ['incident', 'runbook'];
/** How long the whole GitHub conversation may take before it is given up (a notice, the result stands). */
const GITHUB_TIMEOUT_MS = 60_000;
/**
 * Reads `incident-issue`, `token` and `notify-webhook` (both secrets are masked at once); undefined when
 * no incident issue is kept, so an action's inputs stay as they were without it.
 */
function readIncidentInputs(input) {
    const issue = input.boolean('incident-issue', false);
    // Only read when used: a token the run never sends needs no mask (nor a look at its default).
    const token = issue ? input.optional('token') : undefined;
    addSecret(token);
    const notifyWebhook = input.optional('notify-webhook');
    addSecret(notifyWebhook);
    if (notifyWebhook !== undefined) {
        if (!/^https?:\/\/[^\s/]+/i.test(notifyWebhook))
            invalidInput('notify-webhook', '***', 'give the incoming-webhook URL (https://…), from a secret');
        if (!issue)
            throw new ConfigurationError("input 'notify-webhook' needs incident-issue: true: the open incident issue is how a run knows the status changed");
    }
    return issue ? { token, notifyWebhook } : undefined;
}
/**
 * Opens, updates or closes the incident issue for a finished run, then tells the webhook when the status
 * changed. Never throws: every failure is a notice and the report's status stands.
 */
async function followIncident(run) {
    let outcome;
    try {
        outcome = await updateIncident(run);
    }
    catch (error) {
        run.logger.alert(`incident-issue: ${whyNot(error, run)}; the check's own result stands`);
        return 'skipped';
    }
    // A run that could not keep the issue says so where people look; the rest is the log's.
    if (outcome.kind === 'skipped')
        run.logger.alert(`incident-issue: ${outcome.message}; the check's own result stands`);
    else if (outcome.message)
        run.logger.info(`incident-issue: ${outcome.message}`);
    if (run.settings.notifyWebhook && outcome.notify)
        await postWebhook(run.settings.notifyWebhook, outcome.notify, { logger: run.logger, signal: run.signal });
    return outcome.kind;
}
async function updateIncident(run) {
    const { settings, report } = run;
    if (!settings.token)
        return { kind: 'skipped', message: 'no token is set, so no incident issue is kept' };
    // A cancelled run's report is partial: it says nothing about the target, so the issue stays as it is.
    if (run.signal?.aborted)
        return { kind: 'skipped', message: 'the run was cancelled, so the incident issue is left as it was' };
    const signal = AbortSignal.any([
        AbortSignal.timeout(GITHUB_TIMEOUT_MS),
        ...(run.signal ? [run.signal] : []),
    ]);
    const client = run.github({ token: settings.token, signal });
    const repository = client.repository;
    if (!repository)
        return {
            kind: 'skipped',
            message: 'no repository is known (GITHUB_REPOSITORY), so no incident issue is kept',
        };
    const issues = new IssueApi(client, repository);
    const marker = incidentMarker(run.action, run.subject.key);
    const open = await issues.findOpen(marker);
    const failing = report.status === 'fail';
    if (!failing) {
        if (!open)
            return { kind: 'none' };
        const lasted = (0,units/* formatDuration */.a3)(run.clock().getTime() - Date.parse(open.created_at));
        await issues.comment(open.number, recoveryComment(run, lasted));
        await issues.close(open.number);
        return {
            kind: 'recovered',
            message: `closed #${open.number}: the check passes again after ${lasted}`,
            notify: `✅ ${headline(run)} recovered after ${lasted}${runLink(run)}`,
        };
    }
    const failingIds = failingChecks(report).map((check) => (0,secrets/* redact */.E$)(check.id));
    if (!open) {
        const created = await issues.open({
            title: `${run.action}: ${oneLine((0,secrets/* redact */.E$)(run.subject.name), 200)} is failing`,
            body: openingBody(run, marker, failingIds),
        });
        return {
            kind: 'opened',
            message: `opened #${created.number} (${created.html_url})`,
            notify: `❌ ${headline(run)} is failing: ${created.html_url}${runLink(run)}`,
        };
    }
    const before = await issues.lastFailingSet(open);
    if (before && sameSet(before, failingIds))
        return { kind: 'unchanged', message: `#${open.number} is open and the same checks still fail` };
    await issues.comment(open.number, changeComment(run, failingIds, before ?? []));
    return { kind: 'changed', message: `commented on #${open.number}: what fails changed` };
}
/** The hidden line that finds an action's incident for one target again: `<!-- runbook-actions:incident:<action>:<hash> -->`. */
function incidentMarker(action, key) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 16);
    return `<!-- runbook-actions:incident:${action}:${hash} -->`;
}
const FAILING_MARKER = /^<!-- runbook-actions:failing:([A-Za-z0-9_-]*) -->$/;
/** The hidden line that keeps which checks failed, so the next run can tell a change from a repeat. */
function failingMarker(ids) {
    const encoded = Buffer.from(JSON.stringify([...ids].sort())).toString('base64url');
    return `<!-- runbook-actions:failing:${encoded} -->`;
}
/** The check ids a body's failing marker holds; undefined when it has none (or one that is not ours). */
function readFailingMarker(body) {
    // Only a whole line of our own making counts: outside text quoted below it is neutralised and fenced.
    for (const line of (body ?? '').split('\n').slice(0, 3)) {
        const match = FAILING_MARKER.exec(line.trim());
        if (!match)
            continue;
        try {
            const ids = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
            if (Array.isArray(ids) && ids.every((id) => typeof id === 'string'))
                return ids;
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
/** The issue routes this module uses, on one repository. */
class IssueApi {
    client;
    repository;
    constructor(client, repository) {
        this.client = client;
        this.repository = repository;
    }
    /** The open issue whose body starts with the marker (the oldest, if someone copied it into another). */
    async findOpen(marker) {
        const issues = await this.client.paginate('GET /repos/{owner}/{repo}/issues', {
            ...this.repository,
            state: 'open',
            sort: 'created',
            direction: 'asc',
            per_page: 100,
        });
        return issues.find((issue) => !issue.pull_request && (issue.body ?? '').split('\n', 1)[0].trim() === marker);
    }
    async open(issue) {
        const { data } = await this.client.request('POST /repos/{owner}/{repo}/issues', {
            ...this.repository,
            ...issue,
            labels: INCIDENT_LABELS,
        });
        return data;
    }
    async comment(issueNumber, body) {
        await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...this.repository,
            issue_number: issueNumber,
            body,
        });
    }
    async close(issueNumber) {
        await this.client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
            ...this.repository,
            issue_number: issueNumber,
            state: 'closed',
            state_reason: 'completed',
        });
    }
    /**
     * Which checks failed when we last wrote: the newest comment of the issue's author (us) with a failing
     * marker, else the issue body. Others' comments are ignored, so nobody can silence a change by pasting one.
     */
    async lastFailingSet(issue) {
        const comments = await this.client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...this.repository, issue_number: issue.number, per_page: 100 });
        const author = issue.user?.login;
        for (const comment of comments.reverse()) {
            if (author !== undefined && comment.user?.login !== author)
                continue;
            const ids = readFailingMarker(comment.body);
            if (ids)
                return ids;
        }
        return readFailingMarker(issue.body);
    }
}
function failingChecks(report) {
    return report.checks.filter((check) => check.status === 'fail');
}
/** The failing checks as fenced text: `title: detail`, one a line, bounded (an issue body holds 65,536 characters). */
function whatFails(report) {
    const checks = failingChecks(report);
    const shown = checks.slice(0, 50).map((check) => oneLine(`${check.title}: ${check.detail}`, 500));
    if (checks.length > shown.length)
        shown.push(`… and ${checks.length - shown.length} more (see the run)`);
    return (0,markdown/* markdownBlock */.dI)((0,secrets/* redact */.E$)(shown.join('\n')));
}
function openingBody(run, marker, failingIds) {
    // `2026-01-05 10:00 UTC`: the run's start, to the minute.
    const since = `${run.report.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
    return [
        marker,
        failingMarker(failingIds),
        `**${run.action}** finds ${(0,markdown/* markdownCode */.D9)((0,secrets/* redact */.E$)(run.subject.name))} failing since ${since}.`,
        '',
        'What fails:',
        '',
        whatFails(run.report),
        '',
        `Run: ${run.runUrl ?? 'a run outside GitHub Actions'}`,
        '',
        `_Kept by runbook-actions: a comment when what fails changes, closed when ${run.action} passes again._`,
    ].join('\n');
}
function changeComment(run, failingIds, before) {
    const gone = before.filter((id) => !failingIds.includes(id));
    return [
        failingMarker(failingIds),
        `What fails changed (run: ${run.runUrl ?? 'outside GitHub Actions'}). Now failing:`,
        '',
        whatFails(run.report),
        ...(gone.length > 0 ? ['', 'No longer failing:', '', (0,markdown/* markdownBlock */.dI)(gone.join('\n'))] : []),
    ].join('\n');
}
function recoveryComment(run, lasted) {
    const how = run.report.status === 'warn' ? 'passes again, with warnings' : 'passes again';
    return [
        `✅ **${run.action}** ${how}: the incident lasted ${lasted}.`,
        '',
        `Run: ${run.runUrl ?? 'a run outside GitHub Actions'}`,
    ].join('\n');
}
/** `health-gate: https://…` for the webhook, without mentions or Slack's `<!channel>`-style links. */
function headline(run) {
    const name = (0,markdown/* inertText */.UJ)((0,secrets/* redact */.E$)(oneLine(run.subject.name, 200))).replace(/[<>]/g, '');
    return `${run.action}: ${name}`;
}
function runLink(run) {
    return run.runUrl ? ` (run: ${run.runUrl})` : '';
}
function oneLine(text, max) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
function sameSet(a, b) {
    const set = new Set(a);
    return set.size === new Set(b).size && b.every((id) => set.has(id));
}
/** Why the issue was not kept, in one line with no secret in it. */
function whyNot(error, run) {
    if (run.signal?.aborted)
        return 'the run was cancelled before the incident issue was updated';
    if (error instanceof github/* GitHubError */.y_) {
        if (error.noPermission)
            return 'the token may not write issues here (give the job `permissions: issues: write`), so no incident issue was kept';
        if (error.rateLimited)
            return 'GitHub’s rate limit is used up, so the incident issue was not updated this run';
        const status = error.status === undefined ? 'GitHub could not be reached' : `GitHub answered ${error.status}`;
        return `${status} (${oneLine((0,secrets/* redact */.E$)(error.message), 200)}), so the incident issue was not updated`;
    }
    return `the incident issue was not updated: ${oneLine((0,secrets/* redact */.E$)((0,errors/* getErrorMessage */.u1)(error)), 200)}`;
}

;// CONCATENATED MODULE: ./src/core/action.ts
/**
 * The one shape of an action. Each action exports a definition; the GitHub runner (src/runner) and the
 * CLI (src/cli) both run it, and the runbook action runs several in one process. The definition never
 * touches @actions/*: what it needs from its host arrives in the context.
 */


/** State kept in memory, for a host whose post step runs in the same process (the CLI, a runbook check). */
function memoryState() {
    const saved = new Map();
    return { get: (key) => saved.get(key) ?? '', set: (key, value) => void saved.set(key, value) };
}
/**
 * A definition's main step, the same under every host: the warnings its inputs call for (annotations
 * under the runner), `run`, then, before the host publishes the report, the incident issue (and the
 * webhook on a status change) when the action defines one and its inputs ask for it; that part never
 * throws and never changes the report.
 */
async function runMain(definition, inputs, context) {
    for (const warning of definition.warnings?.(inputs) ?? [])
        context.logger.alert(warning);
    const result = await definition.run(inputs, context);
    if (definition.incident && inputs.incident)
        await followIncident({
            action: definition.name,
            subject: definition.incident(inputs),
            settings: inputs.incident,
            report: result.report,
            github: context.github,
            logger: context.logger,
            clock: context.clock,
            runUrl: (0,github_event/* runUrl */.Vp)(),
            signal: context.signal,
        });
    return result;
}

;// CONCATENATED MODULE: ./src/core/inputs.ts


/** Inputs from a plain object, for the CLI and tests. */
function objectInputGetter(values) {
    return (name) => (values[name] ?? '').trim();
}
/**
 * Typed, validated access to inputs. Every method throws a ConfigurationError naming the input, what
 * was given and what is allowed, so a bad value fails before any work starts.
 */
class InputReader {
    get;
    constructor(get) {
        this.get = get;
    }
    /** The trimmed value, or undefined when empty. */
    optional(name) {
        const value = this.get(name).trim();
        return value === '' ? undefined : value;
    }
    required(name) {
        const value = this.optional(name);
        if (value === undefined)
            throw new errors/* ConfigurationError */.j1(`input '${name}' is required but was not set`);
        return value;
    }
    string(name, fallback) {
        return this.optional(name) ?? fallback;
    }
    /** Items separated by commas or new lines, trimmed, empty ones dropped. */
    list(name, fallback = []) {
        const value = this.optional(name);
        return value === undefined ? fallback : splitList(value);
    }
    /** Non-empty lines, trimmed (for inputs whose items may themselves contain commas, such as headers). */
    lines(name) {
        return (this.optional(name) ?? '')
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '');
    }
    boolean(name, fallback) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        if (/^true$/i.test(value))
            return true;
        if (/^false$/i.test(value))
            return false;
        return (0,units/* invalidInput */.aY)(name, value, 'use true or false');
    }
    enum(name, allowed, fallback) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
        return match ?? (0,units/* invalidInput */.aY)(name, value, `use one of ${allowed.join(', ')}`);
    }
    integer(name, fallback, bounds = {}) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        if (!/^-?\d+$/.test(value))
            return (0,units/* invalidInput */.aY)(name, value, `use a whole number${describeBounds(bounds)}`);
        return checkBounds(name, value, Number(value), bounds, String);
    }
    number(name, fallback, bounds = {}) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        const parsed = Number(value);
        if (!Number.isFinite(parsed))
            return (0,units/* invalidInput */.aY)(name, value, `use a number${describeBounds(bounds)}`);
        return checkBounds(name, value, parsed, bounds, String);
    }
    /** A duration in milliseconds from `500ms`, `5s`, `2m`, `1h`, `7d`. */
    duration(name, fallback, bounds = {}) {
        return this.optionalDuration(name, bounds) ?? fallback;
    }
    optionalDuration(name, bounds = {}) {
        const value = this.optional(name);
        if (value === undefined)
            return undefined;
        const ms = (0,units/* parseDuration */.E9)(value);
        if (ms === undefined)
            return (0,units/* invalidInput */.aY)(name, value, 'use a duration such as 500ms, 5s, 2m, 1h or 7d');
        return checkBounds(name, value, ms, bounds, units/* formatDuration */.a3);
    }
    /** A size in bytes from `512B`, `1KB`, `10MB`, `1GB`. */
    size(name, fallback, bounds = {}) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        const bytes = (0,units/* parseSize */.DB)(value);
        if (bytes === undefined)
            return (0,units/* invalidInput */.aY)(name, value, 'use a size such as 512B, 1KB, 10MB or 1GB');
        return checkBounds(name, value, bytes, bounds, (n) => `${n} bytes`);
    }
    /** A time zone: UTC or an IANA name (Europe/Berlin), checked against the runtime's zone data. */
    timeZone(name, fallback = 'UTC') {
        const value = this.string(name, fallback);
        try {
            new Intl.DateTimeFormat('en-US', { timeZone: value });
        }
        catch {
            return (0,units/* invalidInput */.aY)(name, value, 'use UTC or an IANA name such as Europe/Berlin');
        }
        return value;
    }
    /** A share from `0.05`, `5%`: returned as a fraction between 0 and 1. */
    fraction(name, fallback) {
        const value = this.optional(name);
        if (value === undefined)
            return fallback;
        const percent = value.endsWith('%');
        const digits = (percent ? value.slice(0, -1) : value).trim();
        const parsed = digits === '' ? NaN : Number(digits);
        const share = percent ? parsed / 100 : parsed;
        if (!Number.isFinite(parsed) || share < 0 || share > 1) {
            return (0,units/* invalidInput */.aY)(name, value, 'use a share from 0 to 1 (0.05) or a percentage (5%)');
        }
        return share;
    }
}
/** Splits on commas and new lines, trims, drops empties. */
function splitList(value) {
    return value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function checkBounds(name, given, value, bounds, show) {
    if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) {
        return (0,units/* invalidInput */.aY)(name, given, `use a value${describeBounds(bounds, show)}`);
    }
    return value;
}
function describeBounds(bounds, show = String) {
    if (bounds.min !== undefined && bounds.max !== undefined)
        return ` from ${show(bounds.min)} to ${show(bounds.max)}`;
    if (bounds.min !== undefined)
        return ` of at least ${show(bounds.min)}`;
    if (bounds.max !== undefined)
        return ` of at most ${show(bounds.max)}`;
    return '';
}

;// CONCATENATED MODULE: ./src/runner/run-action.ts











/** State key set by the main step; the runner hands it back to the `post` step as `STATE_isPost`. */
const POST_FLAG = 'isPost';
/**
 * An action's `index.ts`: reads the inputs from the runner, runs the definition, and publishes its
 * report (JSON file, outputs, job summary, annotations, exit code); in the post step, runs its cleanup.
 */
async function runActionDefinition(definition) {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    // The one clock of the run; `now` is its reading when the inputs are read.
    const clock = () => new Date();
    const readInputs = () => definition.readInputs(new InputReader(actionInputGetter), { now: clock(), workspace });
    const context = () => ({
        now: clock(),
        workspace,
        logger: actionsLogger,
        // Only an action that watches the signal takes SIGINT over; the others keep Node's default (exit).
        signal: definition.onCancel
            ? cancellation(definition.name, definition.onCancel)
            : new AbortController().signal,
        clock,
        runId: githubRunId(),
        state: runnerState,
        github: githubClient,
    });
    const post = definition.post;
    await runAction(definition.name, {
        main: async () => {
            const inputs = readInputs();
            const result = await runMain(definition, inputs, context());
            await publishReport(result.report, result.outputs, inputs.reportPath, definition);
            // Findings on a file and line (bandit) land where a reviewer sees them in the diff.
            if (result.locations)
                annotateLocations(result.locations);
        },
        post: post && (async () => await post(readInputs, context())),
    });
}
/** The runner's state file: what the main step saves, the post step reads back. */
const runnerState = {
    get: (key) => core/* getState */.Gu(key),
    set: (key, value) => core/* saveState */.LZ(key, value),
};
/** The GitHub run id and attempt, so that what a run names (a scratch database) is its own. */
function githubRunId() {
    const attempt = process.env.GITHUB_RUN_ATTEMPT ? `_${process.env.GITHUB_RUN_ATTEMPT}` : '';
    return `${process.env.GITHUB_RUN_ID ?? 'local'}${attempt}`;
}
/**
 * The one way every action runs. One bundle serves both `main` and `post` (the state flag tells them
 * apart). A user mistake becomes `<action>: <message>` with no stack; any other error is a bug, still one
 * line, with its stack only when the runner's debug logging is on (RUNNER_DEBUG=1). Secrets are redacted
 * from every message.
 */
async function runAction(name, steps) {
    // Under the runner, every secret the action registers is also masked in the runner's log.
    (0,secrets/* setMaskSink */.u2)((secret) => core/* setSecret */.Pq(secret));
    const isPost = core/* getState */.Gu(POST_FLAG) === 'true';
    try {
        if (isPost) {
            await steps.post?.();
            return;
        }
        core/* saveState */.LZ(POST_FLAG, 'true');
        await steps.main();
    }
    catch (error) {
        reportFailure(name, error, isPost);
    }
}
function reportFailure(name, error, isPost) {
    const message = (0,secrets/* redact */.E$)((0,errors/* getErrorMessage */.u1)(error)).split('\n')[0];
    const where = isPost ? `${name} (cleanup)` : name;
    if (error instanceof errors/* ConfigurationError */.j1) {
        core/* setFailed */.C1(`${where}: ${message}`);
        return;
    }
    core/* setFailed */.C1(`${where}: unexpected error: ${message}`);
    if (process.env.RUNNER_DEBUG === '1')
        core/* info */.pq(fenceWorkflowCommands((0,secrets/* redact */.E$)((0,errors/* wrapError */.J4)(error).stack ?? '')));
}
/**
 * An AbortSignal that fires when the runner cancels the job (SIGINT, then SIGTERM), so an action can stop
 * its own work, clean up and still report, instead of dying half way.
 */
function cancellation(name, what) {
    const controller = new AbortController();
    const cancel = () => {
        if (controller.signal.aborted)
            return;
        core/* warning */.$e(`${name}: cancel requested: ${what}`);
        controller.abort();
    };
    process.on('SIGINT', cancel);
    process.on('SIGTERM', cancel);
    return controller.signal;
}


/***/ })

};
