export const id = 943;
export const ids = [943];
export const modules = {

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J4: () => (/* binding */ wrapError),
/* harmony export */   j1: () => (/* binding */ ConfigurationError),
/* harmony export */   u1: () => (/* binding */ getErrorMessage)
/* harmony export */ });
/**
 * A mistake the user can fix (bad input, unreachable server, wrong password). It is reported as one
 * plain line, never with a stack trace; anything else that is thrown is a bug in this code.
 */
class ConfigurationError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ConfigurationError';
    }
}
/** The message of anything thrown, including non-Error values, which would otherwise be lost. */
function getErrorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error) ?? String(error);
    }
    catch {
        return String(error);
    }
}
/** Turns anything thrown into an Error so callers can rely on `.message` and `.stack`. */
function wrapError(error) {
    return error instanceof Error ? error : new Error(getErrorMessage(error));
}


/***/ }),

/***/ 5108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JR: () => (/* binding */ rateLimitWaitMs),
/* harmony export */   SU: () => (/* binding */ parseRepository),
/* harmony export */   jO: () => (/* binding */ RATE_LIMIT_MAX_WAIT_MS),
/* harmony export */   se: () => (/* binding */ RATE_LIMIT_RETRIES),
/* harmony export */   y_: () => (/* binding */ GitHubError)
/* harmony export */ });
/* unused harmony export isNoPermission */
/**
 * What the logic needs of the GitHub REST API (secret ages now; sticky pull-request comments and
 * incident issues next), with no @actions import: the runner builds the real client (src/runner/github.ts)
 * and hands it over through the run context, so the same logic runs under a workflow, in the CLI and
 * against a loopback server in tests.
 */
/** `owner/name` as a Repository; undefined when the text is not exactly two non-empty parts. */
function parseRepository(text) {
    const [owner, repo, ...rest] = text.split('/');
    return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}
/**
 * Every failure of a client's request: `status` is GitHub's answer, undefined when nothing answered
 * (refused, unreachable, aborted). The message is GitHub's, which may echo what was sent: redact it.
 */
class GitHubError extends Error {
    status;
    headers;
    constructor(message, status, headers = {}) {
        super(message);
        this.status = status;
        this.headers = headers;
        this.name = 'GitHubError';
    }
    /**
     * GitHub refused for its rate limit, which passes with time: a 429 always is one; a 403 is one with no
     * requests left, with a retry-after (a secondary limit) or saying so.
     */
    get rateLimited() {
        if (this.status === 429)
            return true;
        return (this.status === 403 &&
            (String(this.headers['x-ratelimit-remaining']) === '0' ||
                this.headers['retry-after'] !== undefined ||
                /rate limit/i.test(this.message)));
    }
    /** The token may not do this, or may not see the repository (GitHub answers 404 for both). */
    get noPermission() {
        return (this.status === 403 && !this.rateLimited) || this.status === 404;
    }
}
/** Whether an error is GitHub saying the token may not do this (403/404), as opposed to any other failure. */
function isNoPermission(error) {
    return error instanceof GitHubError && error.noPermission;
}
/** How often the client sends a rate-limited request again before it gives up. */
const RATE_LIMIT_RETRIES = 2;
/** The longest the client waits for a rate limit: a reset further away fails at once, saying when it resets. */
const RATE_LIMIT_MAX_WAIT_MS = 60_000;
/**
 * How long GitHub asks to wait before a refused request may be sent again, in ms: `retry-after` (a secondary
 * limit, seconds) or, with no requests left, until `x-ratelimit-reset` (epoch seconds). Undefined when the
 * answer is no rate limit (not a 403/429) or names no time: then waiting would be a guess.
 */
function rateLimitWaitMs(status, headers, now) {
    if (status !== 403 && status !== 429)
        return undefined;
    const retryAfter = Number(headers['retry-after']);
    if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
        return Math.max(0, retryAfter * 1000);
    const reset = Number(headers['x-ratelimit-reset']);
    if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset) && reset > 0)
        return Math.max(0, reset * 1000 - now);
    return undefined;
}


/***/ }),

/***/ 5927:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gw: () => (/* binding */ followIncident),
  wq: () => (/* binding */ readIncidentInputs)
});

// UNUSED EXPORTS: INCIDENT_LABELS, incidentMarker, readFailingMarker

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/github.ts
var github = __webpack_require__(5108);
;// CONCATENATED MODULE: ./src/core/markdown.ts
/**
 * Text from outside (pull-request titles, package names, server answers) placed in Markdown we post as a
 * comment or issue: it must stay text. HTML could hide content or fake our hidden marker, an @mention would
 * notify people, and a pipe or a newline would break the table it sits in.
 */

/** A zero-width space: after `@` it keeps `@name` readable but no longer a mention (GitHub notifies no one). */
const ZERO_WIDTH_SPACE = '\u200B';
/** An `@` that starts a word and so a mention (`axios@1.2.0` is none). */
const MENTION = /(?<!\w)@(?=[A-Za-z0-9])/g;
/** `text` as one line of inert Markdown: HTML escaped, mentions broken, pipes escaped, line breaks as spaces. */
function markdownText(text) {
    return visibleControls(text)
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
        .replaceAll('|', '\\|')
        .replace(/\s*[\r\n]+\s*/g, ' ');
}
/**
 * `text` as inline code for a table cell: a backtick run longer than any inside it, so nothing in it can
 * close the span, and pipes escaped (GFM ends a cell at a pipe even inside code).
 */
function markdownCode(text) {
    const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
    const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${line.replaceAll('|', '\\|')}${pad}${fence}`;
}
/** A link from outside as Markdown: only https becomes a link (never javascript: or data:), its text inert. */
function markdownLink(text, href) {
    const label = markdownText(text).replace(/[[\]]/g, '\\$&');
    if (!/^https:\/\/[^\s()<>]+$/i.test(href))
        return label;
    return `[${label}](${href})`;
}
/** A report table as a GFM table of at most `maxRows` rows; every cell made inert. */
function markdownTable(table, maxRows = table.rows.length) {
    const cell = (c) => (typeof c === 'string' ? markdownText(c) : markdownLink(c.text, c.href));
    const lines = [
        `| ${table.columns.map(markdownText).join(' | ')} |`,
        `| ${table.columns.map(() => '---').join(' | ')} |`,
        ...table.rows.slice(0, maxRows).map((row) => `| ${row.map(cell).join(' | ')} |`),
    ];
    return lines.join('\n');
}
/**
 * `text` (many lines) as a fenced code block: the fence longer than any backtick run inside, so nothing in
 * it can close the block early. Mentions are broken even there, and `<!--` too, so a quoted body cannot
 * read as the hidden marker by which we find our own issue or comment again.
 */
function markdownBlock(text) {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}text\n${inertText(text)}\n${fence}`;
}
/** `@name` and `<!--` broken by a zero-width space, the rest as it was (for code, and for chat messages). */
function inertText(text) {
    return text.replace(MENTION, `@${ZERO_WIDTH_SPACE}`).replaceAll('<!--', `<${ZERO_WIDTH_SPACE}!--`);
}

// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
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
    (0,secrets/* addSecret */.Ck)(token);
    const notifyWebhook = input.optional('notify-webhook');
    (0,secrets/* addSecret */.Ck)(notifyWebhook);
    if (notifyWebhook !== undefined) {
        if (!/^https?:\/\/[^\s/]+/i.test(notifyWebhook))
            (0,units/* invalidInput */.aY)('notify-webhook', '***', 'give the incoming-webhook URL (https://…), from a secret');
        if (!issue)
            throw new errors/* ConfigurationError */.j1("input 'notify-webhook' needs incident-issue: true: the open incident issue is how a run knows the status changed");
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
    return markdownBlock((0,secrets/* redact */.E$)(shown.join('\n')));
}
function openingBody(run, marker, failingIds) {
    // `2026-01-05 10:00 UTC`: the run's start, to the minute.
    const since = `${run.report.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
    return [
        marker,
        failingMarker(failingIds),
        `**${run.action}** finds ${markdownCode((0,secrets/* redact */.E$)(run.subject.name))} failing since ${since}.`,
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
        ...(gone.length > 0 ? ['', 'No longer failing:', '', markdownBlock(gone.join('\n'))] : []),
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
    const name = inertText((0,secrets/* redact */.E$)(oneLine(run.subject.name, 200))).replace(/[<>]/g, '');
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


/***/ }),

/***/ 8557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A4: () => (/* binding */ worstStatus),
/* harmony export */   GF: () => (/* binding */ byStatus),
/* harmony export */   LU: () => (/* binding */ createReport),
/* harmony export */   WI: () => (/* binding */ REPORT_SCHEMA_VERSION),
/* harmony export */   tW: () => (/* binding */ STATUS_ICON)
/* harmony export */ });
/* unused harmony export cellText */
/** The one result shape every action produces; the summary, outputs and annotations all come from it. */
/** The text of a cell, whatever its kind. */
function cellText(cell) {
    return cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;
}
/**
 * The version of the report's JSON format. A later run compares with an earlier report (its baseline)
 * only when both have the same version; raise it when a field a baseline comparison reads changes.
 */
const REPORT_SCHEMA_VERSION = 1;
const RANK = { pass: 0, warn: 1, fail: 2 };
/** The worst of some statuses; `pass` when there are none. */
function worstStatus(statuses) {
    let worst = 'pass';
    for (const status of statuses)
        if (RANK[status] > RANK[worst])
            worst = status;
    return worst;
}
/** Sorts failures first, then warnings, then passes, keeping the order within each. */
function byStatus(items, statusOf) {
    return items
        .map((item, index) => ({ item, index }))
        .sort((a, b) => RANK[statusOf(b.item)] - RANK[statusOf(a.item)] || a.index - b.index)
        .map(({ item }) => item);
}
/**
 * Builds a Report whose status is always the worst of its checks. `finishedAt` is now unless the caller
 * reads it from the run's clock.
 */
function createReport(parts) {
    return {
        schemaVersion: REPORT_SCHEMA_VERSION,
        metrics: [],
        tables: [],
        details: [],
        ...parts,
        status: worstStatus(parts.checks.map((check) => check.status)),
        finishedAt: parts.finishedAt ?? new Date().toISOString(),
    };
}
const STATUS_ICON = { pass: '✅', warn: '⚠️', fail: '❌' };


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ addSecret),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   KL: () => (/* binding */ redactDeep),
/* harmony export */   ex: () => (/* binding */ safeDecode),
/* harmony export */   mA: () => (/* binding */ maskUnparsedUrl),
/* harmony export */   u2: () => (/* binding */ setMaskSink),
/* harmony export */   yP: () => (/* binding */ maskUrl)
/* harmony export */ });
/* unused harmony exports MASK, clearSecretsForTests */
/**
 * Every secret this process has seen. The runner's mask (`::add-mask::`) only hides the runner's log;
 * reports, summaries and outputs are files we write ourselves, so everything we write passes through
 * `redact` too.
 */
const secrets = new Set();
const MASK = '***';
/**
 * Where a new secret is also announced. Under GitHub the runner sets this to `core.setSecret`, so the
 * runner masks its log; in a terminal nothing is set, since `::add-mask::<secret>` printed there would
 * show the very secret it means to hide. The registry itself never imports @actions/*.
 */
let maskSink;
function setMaskSink(sink) {
    maskSink = sink;
    for (const secret of secrets)
        sink?.(secret);
}
/** Query parameters whose values are credentials more often than not. */
const SENSITIVE_QUERY = /^(token|access_token|api[-_]?key|key|secret|password|passwd|pwd|auth|signature|sig|code)$/i;
/**
 * Registers a secret: the runner masks it in the log from now on and `redact` removes it from what we
 * write. Values shorter than 3 characters are not registered (masking "a" would mangle every log line),
 * but are never logged either since callers only show redacted forms.
 */
function addSecret(value) {
    if (!value || value.length < 3)
        return;
    for (const form of new Set([value, encodeURIComponent(value), safeDecode(value)])) {
        if (form.length < 3 || secrets.has(form))
            continue;
        secrets.add(form);
        maskSink?.(form);
    }
}
/** Replaces every registered secret in a text with `***`, longest first so overlapping ones go whole. */
function redact(text) {
    if (secrets.size === 0 || !text)
        return text;
    return redactWith(longestFirst(), text);
}
const longestFirst = () => [...secrets].sort((a, b) => b.length - a.length);
function redactWith(sorted, text) {
    let result = text;
    for (const secret of sorted)
        if (result.includes(secret))
            result = result.split(secret).join(MASK);
    return result;
}
/** Deeply redacts every string in a JSON-like value (used on the Report before it is written). */
function redactDeep(value) {
    // Nothing to hide: skip walking (and copying) what may be a report of ten thousand findings.
    if (secrets.size === 0)
        return value;
    // Redacting keeps the shape: only strings change, each into a string. The secrets are sorted once for
    // the walk, not once per string (a report of 10,000 findings has over 100,000).
    return redactValue(value, longestFirst());
}
function redactValue(value, sorted) {
    if (typeof value === 'string')
        return redactWith(sorted, value);
    if (Array.isArray(value))
        return value.map((item) => redactValue(item, sorted));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, sorted)]));
    }
    return value;
}
/**
 * Registers the password and credential-looking query values of a URL as secrets and returns the URL
 * as it may be shown: `https://user:***@host/path?token=***`. Text that is not a URL is returned as is.
 */
function maskUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return text;
    }
    let changed = false;
    if (url.password) {
        addSecret(url.password);
        url.password = MASK;
        changed = true;
    }
    for (const [name, value] of [...url.searchParams]) {
        if (SENSITIVE_QUERY.test(name) && value) {
            addSecret(value);
            url.searchParams.set(name, MASK);
            changed = true;
        }
    }
    // Show the URL as the user wrote it unless something had to be masked.
    return changed ? url.href.replaceAll(encodeURIComponent(MASK), MASK) : text;
}
/**
 * For text that should have been a URL but is not one: hides (and registers) whatever stands before an
 * '@', where a user:password would be, so even a rejected value is safe to show in an error.
 */
function maskUnparsedUrl(text) {
    const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^/@]*)@/i.exec(text);
    if (!match)
        return text;
    const userinfo = match[2];
    const colon = userinfo.indexOf(':');
    addSecret(colon >= 0 ? userinfo.slice(colon + 1) : userinfo);
    return `${match[1] ?? ''}***@${text.slice(match[0].length)}`;
}
/** Forgets all secrets; for tests only, since a real run never un-learns a secret. */
function clearSecretsForTests() {
    secrets.clear();
}
/** decodeURIComponent, or the text as it is when it is not valid percent-encoding. */
function safeDecode(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}


/***/ }),

/***/ 2184:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   aY: () => (/* binding */ invalidInput)
/* harmony export */ });
/* unused harmony export formatSize */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
/**
 * Parses `500ms`, `5s`, `2m`, `1h`, `7d` (and compounds like `1h30m`) into milliseconds.
 * Returns undefined when the text is not a duration, so the caller can name the input in its error.
 */
function parseDuration(text) {
    const value = text.trim().toLowerCase();
    if (value === '0')
        return 0;
    const parts = [...value.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
    const compact = parts.map((p) => p[0].replace(/\s+/g, '')).join('');
    if (parts.length === 0 || compact !== value.replace(/\s+/g, ''))
        return undefined;
    return parts.reduce((total, [, amount, unit]) => total + Number(amount) * DURATION_UNITS[unit], 0);
}
/** Parses `512B`, `1KB`, `10MB`, `1GB` (binary multiples, as people mean them for files) into bytes. */
function parseSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?$/i.exec(text.trim());
    if (!match)
        return undefined;
    const unit = (match[2] ?? 'b').toLowerCase().replace('ib', 'b');
    return Math.round(Number(match[1]) * SIZE_UNITS[unit]);
}
/** Milliseconds as a person reads them: `850ms`, `12s`, `3m 20s`, `2h 5m`, `3d 4h`. */
function formatDuration(ms) {
    if (!Number.isFinite(ms))
        return String(ms);
    const sign = ms < 0 ? '-' : '';
    const abs = Math.abs(ms);
    if (abs < 1000)
        return `${sign}${Math.round(abs)}ms`;
    if (abs < 60_000)
        return `${sign}${trim(abs / 1000)}s`;
    const units = [
        ['d', 86_400_000],
        ['h', 3_600_000],
        ['m', 60_000],
        ['s', 1000],
    ];
    const parts = [];
    let rest = Math.round(abs / 1000) * 1000;
    for (const [unit, size] of units) {
        const amount = Math.floor(rest / size);
        if (amount > 0 && parts.length < 2)
            parts.push(`${amount}${unit}`);
        if (parts.length > 0)
            rest -= amount * size;
        if (parts.length === 2)
            break;
    }
    return sign + parts.join(' ');
}
/** Bytes as a person reads them: `980 B`, `1.5 KB`, `12 MB`. */
function formatSize(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : trim(value)} ${units[unit]}`;
}
function trim(value) {
    return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
/** Throws the standard one-line input error: names the input, what was given and what is allowed. */
function invalidInput(name, given, allowed) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`input '${name}' is '${given}': ${allowed}`);
}


/***/ })

};
