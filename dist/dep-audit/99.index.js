export const id = 99;
export const ids = [99];
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

/***/ 3465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   My: () => (/* binding */ pullRequestOfEvent),
/* harmony export */   Vp: () => (/* binding */ runUrl)
/* harmony export */ });
/* unused harmony exports eventPayload, eventPullRequest */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What the runner says about the event that started the workflow: the payload GitHub writes to
 * GITHUB_EVENT_PATH, and the run's page. Read from the environment given (process.env by default), so the
 * CLI and tests pass their own.
 */

/** Events whose payload carries a pull request (`pull_request.number`). */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** The event payload file parsed, or why there is none: no file, or a file that is not JSON. */
function eventPayload(path) {
    if (!path)
        return { none: 'no-file' };
    try {
        return { payload: JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8')) };
    }
    catch {
        return { none: 'unreadable' };
    }
}
/**
 * The `pull_request` object of an event payload file, or why there is none: no file, a file that is not
 * JSON, or an event that carries no pull request (a push, a schedule). The object is the author's data.
 */
function eventPullRequest(path) {
    const event = eventPayload(path);
    if ('none' in event)
        return event;
    const pullRequest = event.payload?.pull_request;
    return typeof pullRequest === 'object' && pullRequest !== null
        ? { pullRequest: pullRequest }
        : { none: 'no-pull-request' };
}
/**
 * The number of the pull request the run is for, or why there is none: another event (a schedule, a
 * push), or a payload that cannot be read.
 */
function pullRequestOfEvent(env = process.env) {
    const name = env.GITHUB_EVENT_NAME;
    if (!name || !PULL_REQUEST_EVENTS.has(name))
        return { none: `the run is for ${name ? `a ${name} event` : 'no GitHub event'}, not a pull request` };
    const path = env.GITHUB_EVENT_PATH;
    const event = eventPullRequest(path);
    if ('none' in event) {
        if (event.none === 'no-file')
            return { none: 'GITHUB_EVENT_PATH is not set' };
        if (event.none === 'unreadable')
            return { none: `the event payload ${path} cannot be read as JSON` };
        return { none: `the ${name} event payload names no pull request number` };
    }
    const number = event.pullRequest.number;
    if (typeof number === 'number' && Number.isInteger(number) && number > 0)
        return { number };
    return { none: `the ${name} event payload names no pull request number` };
}
/** The page of this workflow run, when the runner says where it is. */
function runUrl(env = process.env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: id } = env;
    return server && repository && id ? `${server}/${repository}/actions/runs/${id}` : undefined;
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

/***/ 6706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D9: () => (/* binding */ markdownCode),
/* harmony export */   Qj: () => (/* binding */ markdownTable),
/* harmony export */   UJ: () => (/* binding */ inertText),
/* harmony export */   dI: () => (/* binding */ markdownBlock),
/* harmony export */   iQ: () => (/* binding */ markdownLink),
/* harmony export */   p7: () => (/* binding */ markdownText)
/* harmony export */ });
/* harmony import */ var _visible_controls_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4856);
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
    return (0,_visible_controls_js__WEBPACK_IMPORTED_MODULE_0__/* .visibleControls */ .x)(text)
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


/***/ }),

/***/ 8557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GF: () => (/* binding */ byStatus),
/* harmony export */   LU: () => (/* binding */ createReport),
/* harmony export */   WI: () => (/* binding */ REPORT_SCHEMA_VERSION),
/* harmony export */   tW: () => (/* binding */ STATUS_ICON)
/* harmony export */ });
/* unused harmony exports cellText, worstStatus */
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
/* harmony export */   u2: () => (/* binding */ setMaskSink)
/* harmony export */ });
/* unused harmony exports MASK, maskUrl, maskUnparsedUrl, clearSecretsForTests, safeDecode */
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
/* harmony export */   Xq: () => (/* binding */ formatSize),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   aY: () => (/* binding */ invalidInput)
/* harmony export */ });
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


/***/ }),

/***/ 4856:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ visibleControls)
/* harmony export */ });
/**
 * Control characters in text from outside (log lines, response bodies, file names) written as visible
 * escapes, wherever the text is shown: a terminal would act on them (ESC starts colour, title and
 * hyperlink sequences; CR overwrites the line; C1 codes), a page would hide them, and bidirectional
 * overrides reorder what either shows. New lines and tabs are left to the caller.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
function visibleControls(text) {
    return text.replace(CONTROL, (c) => {
        const code = c.codePointAt(0) ?? 0;
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
    });
}


/***/ })

};
