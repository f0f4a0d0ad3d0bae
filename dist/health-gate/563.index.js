export const id = 563;
export const ids = [563];
export const modules = {

/***/ 8563:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkHealth: () => (/* binding */ checkHealth),
  healthGateAction: () => (/* binding */ healthGateAction)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/report.ts
var core_report = __webpack_require__(8557);
;// CONCATENATED MODULE: ./src/core/baseline.ts
/**
 * Memory across runs: an action's `baseline` input is the `report` JSON of an earlier run of the same
 * action (kept by the workflow with actions/cache or an artifact). A baseline that cannot serve (no file,
 * not JSON, another action's report, an older or newer report format) is never a failure and never
 * silently ignored: one warning that names the file and the fix, and the run goes on without it.
 */



/** The earlier report, or undefined (with a warning already given) when it cannot be compared with. */
function readBaseline(path, action, logger) {
    if (!path)
        return undefined;
    const skip = (why) => {
        logger.alert(`baseline '${path}' ${why}: nothing is compared; give the report file of an earlier ${action} run`);
        return undefined;
    };
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        return skip(`cannot be read (${(0,errors/* getErrorMessage */.u1)(error)})`);
    }
    let report;
    try {
        report = JSON.parse(text);
    }
    catch {
        return skip('is not JSON');
    }
    if (typeof report !== 'object' || report === null || typeof report.action !== 'string')
        return skip('is not a runbook-actions report');
    if (report.action !== action)
        return skip(`is a ${report.action} report, not ${action}'s`);
    if (report.schemaVersion !== core_report/* REPORT_SCHEMA_VERSION */.WI)
        return skip(`has report format ${typeof report.schemaVersion === 'number' ? report.schemaVersion : 'from before versions'}, this run writes ${core_report/* REPORT_SCHEMA_VERSION */.WI}`);
    return report;
}
/** `+12.5%` / `-3%` / `±0%`: the change from `before` to `after`, as people read a regression. */
function percentChange(before, after) {
    if (before === 0)
        return after === 0 ? '±0%' : 'new';
    const change = ((after - before) / before) * 100;
    const rounded = Math.abs(change) >= 10 ? Math.round(change) : Math.round(change * 10) / 10;
    return rounded === 0 ? '±0%' : `${rounded > 0 ? '+' : ''}${rounded}%`;
}
/** The title of an action's "Changes since the baseline" table, dated by the baseline's own time when it has one. */
function changesTitle(baselineTime) {
    const time = typeof baselineTime === 'string' ? Date.parse(baselineTime) : NaN;
    return Number.isNaN(time)
        ? 'Changes since the baseline'
        : `Changes since the baseline of ${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

;// CONCATENATED MODULE: ./src/core/stats.ts
/**
 * The p-th percentile (0-100) by the nearest-rank method: always a value that was measured, the same
 * definition HDR histograms (autocannon, wrk) report. Undefined for no values.
 */
function percentile(values, p) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
/** The median of some values, undefined for none. */
function median(values) {
    if (values.length === 0)
        return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Rounds to one decimal place, for milliseconds in outputs and summaries. */
function round1(value) {
    return Math.round(value * 10) / 10;
}

;// CONCATENATED MODULE: ./src/health-gate/baseline.ts



/** Successful latency samples each side needs before `max-regression` may fail a run. */
const MIN_REGRESSION_SAMPLES = 20;
/**
 * The report with the baseline's "Changes since the baseline" table, a regression check per URL when
 * `maxRegression` (a fraction, 0.2 for 20%) is set, and the comparison in its data for the outputs.
 */
function compareWithBaseline(report, baseline, maxRegression) {
    const now = report.data?.urls ?? [];
    const earlier = Array.isArray(baseline.data?.urls) ? baseline.data.urls.filter(isFigures) : [];
    const before = new Map(earlier.map((u) => [u.url, u]));
    const pairs = now.flatMap((after) => {
        const earlier = before.get(after.url);
        return earlier ? [{ before: earlier, after }] : [];
    });
    const checks = maxRegression === undefined ? [] : pairs.map((p) => regressionCheck(p, maxRegression));
    const worst = pairs
        .filter(({ before, after }) => before.p95 !== undefined && after.p95 !== undefined)
        .map(({ before, after }) => ({ before: before.p95, after: after.p95 }))
        .sort((a, b) => b.after / b.before - a.after / a.before)[0];
    const comparison = {
        p95Change: worst && percentChange(worst.before, worst.after),
        regressed: maxRegression === undefined ? undefined : checks.some((c) => c.status === 'fail'),
    };
    const table = {
        title: changesTitle(baseline.finishedAt),
        columns: ['URL', 'p50', 'p95', 'p99', 'Samples', 'No longer healthy'],
        rows: now.map((after) => changeRow(before.get(after.url), after)),
    };
    const steps = stepsTable(report.data?.steps, baseline.data?.steps, table.title);
    return (0,core_report/* createReport */.LU)({
        ...report,
        checks: [...report.checks, ...checks],
        tables: [...report.tables, table, ...(steps ? [steps] : [])],
        data: { ...report.data, urls: now, comparison },
    });
}
/**
 * Each smoke step's latency against the same step (by name) in the baseline. A single request per step
 * is too few samples to gate on, so this only shows the change; a step missing on either side says so.
 */
function stepsTable(now, earlier, title) {
    if (!now?.length)
        return undefined;
    const before = new Map((Array.isArray(earlier) ? earlier : [])
        .filter((s) => typeof s?.name === 'string')
        .map((s) => [s.name, s]));
    const latency = (s) => typeof s?.latencyMs === 'number' && s.outcome !== 'skipped' ? s.latencyMs : undefined;
    return {
        title: `${title}: smoke steps`,
        columns: ['Step', 'Latency', 'Result'],
        rows: now.map((after) => {
            const was = before.get(after.name);
            const [a, b] = [latency(was), latency(after)];
            const figure = !was
                ? 'not in the baseline'
                : a === undefined || b === undefined
                    ? `${a === undefined ? '—' : ms(a)} → ${b === undefined ? '—' : ms(b)}`
                    : `${ms(a)} → ${ms(b)} (${percentChange(a, b)})`;
            return [
                after.name,
                figure,
                was && was.outcome !== after.outcome ? `${was.outcome} → ${after.outcome}` : after.outcome,
            ];
        }),
    };
}
/** Components healthy in the baseline that are not healthy now (or no longer reported). */
function noLongerHealthy(before, after) {
    const current = new Map(after.components.map((c) => [c.name.toLowerCase(), c]));
    return before.components
        .filter((c) => c.health === 'healthy')
        .flatMap((c) => {
        const now = current.get(c.name.toLowerCase());
        if (!now)
            return [`${c.name} (no longer reported)`];
        return now.health === 'healthy' ? [] : [`${c.name} (${now.status})`];
    });
}
function regressionCheck({ before, after }, maxRegression) {
    const check = (status, detail) => ({
        id: `regression:${after.url}`,
        title: `${after.url} p95 against the baseline`,
        status,
        detail,
        recommendation: status === 'fail'
            ? 'compare what changed since the baseline run (release, configuration, load, database)'
            : undefined,
    });
    const limit = `${round1(maxRegression * 100)}%`;
    if (before.p95 === undefined || after.p95 === undefined || before.p50 === undefined)
        return check('warn', 'not judged: no successful latency sample on one side');
    const fewest = Math.min(successes(before), successes(after));
    if (fewest < MIN_REGRESSION_SAMPLES)
        return check('warn', `not judged: ${fewest} successful sample(s) on one side, max-regression needs ${MIN_REGRESSION_SAMPLES} on both (set samples to at least ${MIN_REGRESSION_SAMPLES})`);
    const change = percentChange(before.p95, after.p95);
    const figures = `p95 ${ms(before.p95)} → ${ms(after.p95)} (${change})`;
    const spread = (before.p99 ?? before.p95) - before.p50;
    const worse = after.p95 - before.p95;
    if (worse > before.p95 * maxRegression && worse > spread)
        return check('fail', `${figures}: worse by more than ${limit} and than the baseline's spread (${ms(spread)})`);
    if (worse > before.p95 * maxRegression)
        return check('pass', `${figures}: within the baseline's own spread (p99 − p50 = ${ms(spread)}), so noise`);
    return check('pass', `${figures}, within ${limit}`);
}
function changeRow(before, after) {
    if (!before)
        return [after.url, 'not in the baseline', '', '', String(successes(after)), ''];
    const figure = (pick) => {
        const was = pick(before);
        const is = pick(after);
        if (was === undefined || is === undefined)
            return `${was === undefined ? '—' : ms(was)} → ${is === undefined ? '—' : ms(is)}`;
        return `${ms(was)} → ${ms(is)} (${percentChange(was, is)})`;
    };
    return [
        after.url,
        figure((u) => u.p50),
        figure((u) => u.p95),
        figure((u) => u.p99),
        `${successes(before)} → ${successes(after)}`,
        noLongerHealthy(before, after).join(', ') || '—',
    ];
}
/**
 * The baseline is a file from outside this run, perhaps hand-edited: a URL's figures are used only when
 * they have the shape this module reads.
 */
function isFigures(value) {
    const u = value;
    const optionalNumber = (n) => n === undefined || typeof n === 'number';
    return (typeof u === 'object' &&
        u !== null &&
        typeof u.url === 'string' &&
        typeof u.samples === 'number' &&
        typeof u.errors === 'number' &&
        [u.p50, u.p95, u.p99].every(optionalNumber) &&
        Array.isArray(u.components) &&
        u.components.every((c) => typeof c?.name === 'string' && typeof c.status === 'string'));
}
/** ` (2026-12-01T03:00:00.000Z)`: when the baseline run finished, if the file says so as a date. */
function successes(figures) {
    return figures.samples - figures.errors;
}
function ms(value) {
    return `${round1(value)}ms`;
}

;// CONCATENATED MODULE: ./src/health-gate/data.ts
/** The figures of one URL's result, as the report's data keeps them. */
function figuresOf(result) {
    const latency = result.latency;
    return {
        url: result.target.display,
        samples: latency?.samples ?? 0,
        errors: latency?.errors ?? 0,
        p50: latency?.p50,
        p95: latency?.p95,
        p99: latency?.p99,
        components: (result.attempt.verdict?.components ?? []).map(({ name, status, health }) => ({
            name,
            status,
            health,
        })),
    };
}

;// CONCATENATED MODULE: ./src/health-gate/json-path.ts
/** Returns the parsed path, or an error message saying what is wrong at which character. */
function parseJsonPath(text) {
    const source = text.trim();
    if (!source.startsWith('.'))
        return `a path starts with '.', as in .status or .data.health`;
    const segments = [];
    let i = 0;
    if (source === '.')
        return { text: source, segments };
    while (i < source.length) {
        if (source[i] === '.' && source[i + 1] !== '[') {
            i++;
            if (source[i] === '"') {
                const end = readQuoted(source, i);
                if (typeof end === 'string')
                    return end;
                segments.push(end.value);
                i = end.next;
                continue;
            }
            const match = /^[A-Za-z_$][\w$-]*/.exec(source.slice(i));
            if (!match)
                return `expected a field name at character ${i + 1}`;
            segments.push(match[0]);
            i += match[0].length;
        }
        else if (source[i] === '[' || (source[i] === '.' && source[i + 1] === '[')) {
            i += source[i] === '.' ? 2 : 1;
            if (source[i] === '"') {
                const end = readQuoted(source, i);
                if (typeof end === 'string')
                    return end;
                segments.push(end.value);
                i = end.next;
            }
            else {
                const match = /^-?\d+/.exec(source.slice(i));
                if (!match)
                    return `expected an index or a quoted key at character ${i + 1}`;
                segments.push(Number(match[0]));
                i += match[0].length;
            }
            if (source[i] !== ']')
                return `expected ']' at character ${i + 1}`;
            i++;
        }
        else {
            return `unexpected '${source[i]}' at character ${i + 1}`;
        }
    }
    return { text: source, segments };
}
function readQuoted(source, start) {
    let i = start + 1;
    let value = '';
    while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\')
            i++;
        value += source[i] ?? '';
        i++;
    }
    if (source[i] !== '"')
        return `unterminated quote at character ${start + 1}`;
    return { value, next: i + 1 };
}
/** The value at a path, or undefined when any step is missing. */
function getAtPath(value, path) {
    let current = value;
    for (const segment of path.segments) {
        if (typeof segment === 'number') {
            if (!Array.isArray(current))
                return undefined;
            current = current[segment < 0 ? current.length + segment : segment];
        }
        else {
            if (!current || typeof current !== 'object' || Array.isArray(current))
                return undefined;
            // Own properties only: `.constructor` must not find Object's.
            if (!Object.hasOwn(current, segment))
                return undefined;
            current = current[segment];
        }
    }
    return current;
}

// EXTERNAL MODULE: ./src/core/units.ts
var units = __webpack_require__(2184);
;// CONCATENATED MODULE: ./src/health-gate/health-body.ts


const STATUS_KEYS = ['status', 'outcome', 'state'];
const CONTAINER_KEYS = ['components', 'checks', 'details', 'services', 'dependencies'];
const UPTIME_KEYS = ['uptime', 'uptime_seconds', 'uptimeSeconds'];
const SPRING_WORDS = /^(up|down|out_of_service|unknown)$/i;
/** A body is read up to 1 MiB: enough for any health document, bounded for an endless one. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Classifies one status value. Booleans count too: `{"ok": true}`. */
function classify(value, vocabulary) {
    if (value === true)
        return 'healthy';
    if (typeof value !== 'string' && typeof value !== 'number')
        return 'unhealthy';
    const word = String(value).trim().toLowerCase();
    if (vocabulary.healthy.includes(word))
        return 'healthy';
    if (vocabulary.degraded.includes(word))
        return 'degraded';
    return 'unhealthy';
}
/**
 * Reads a health response body: the runbook's `{"status": "healthy"}`, the IETF health+json draft,
 * Spring Boot Actuator, MicroProfile Health, django-health-check, health-go, Kubernetes'
 * `/readyz?verbose` text, a plain `ok`, or the value at `status-path`. Also finds the components
 * (database, storage ...) and the reported uptime. A body cut at the read cap is never healthy.
 */
function interpretBody(text, contentType, truncated, options) {
    const trimmed = text.trim();
    // `ok` followed by a megabyte of spaces is not a health document: whatever came after the cap is
    // unknown, so nothing read before it can make the body healthy.
    if (truncated) {
        return problem(options.statusPath ? 'status-path' : 'plain text', `the body was cut at the ${MAX_BODY_BYTES / 1024 / 1024} MiB cap, so it cannot be judged (a health document is small; is this the health endpoint?): ${preview(trimmed)}`);
    }
    if (trimmed === '') {
        if (options.statusPath)
            return problem('empty', `body is empty; expected JSON with ${options.statusPath.text}`);
        return { format: 'empty', health: 'healthy', components: [] };
    }
    let json;
    try {
        json = JSON.parse(trimmed);
    }
    catch {
        return readPlain(trimmed, contentType, options);
    }
    const components = findComponents(json, options.vocabulary);
    const uptimeSeconds = findUptime(json, options.uptimePath);
    if (options.statusPath) {
        const value = getAtPath(json, options.statusPath);
        if (value === undefined || value === null || typeof value === 'object') {
            return {
                ...problem('status-path', `no status value at ${options.statusPath.text}`),
                components,
                uptimeSeconds,
            };
        }
        return verdict('status-path', value, options.statusPath.text, components, uptimeSeconds, options.vocabulary);
    }
    if (typeof json === 'string')
        return verdict('plain text', json, 'body', components, uptimeSeconds, options.vocabulary);
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
        return problem('status field', `body is JSON but not an object: ${preview(trimmed)}`);
    }
    const object = json;
    const framework = readHealthGo(object, uptimeSeconds) ?? readDjangoHealthCheck(object, uptimeSeconds, options.vocabulary);
    if (framework)
        return framework;
    for (const key of STATUS_KEYS) {
        if (typeof object[key] === 'string') {
            return verdict(detectFormat(object, contentType), object[key], `.${key}`, components, uptimeSeconds, options.vocabulary);
        }
    }
    for (const key of ['healthy', 'ok', 'up']) {
        if (typeof object[key] === 'boolean') {
            return verdict('status field', object[key], `.${key}`, components, uptimeSeconds, options.vocabulary);
        }
    }
    return {
        ...problem('status field', `no status in the JSON body (looked for .status, .outcome, .state); set status-path`),
        components,
        uptimeSeconds,
    };
}
function verdict(format, value, where, components, uptimeSeconds, vocabulary) {
    return {
        format,
        health: classify(value, vocabulary),
        status: String(value),
        where,
        components,
        uptimeSeconds,
    };
}
function problem(format, message) {
    return { format, health: 'unhealthy', problem: message, components: [] };
}
function readPlain(text, contentType, options) {
    const word = text.toLowerCase();
    const known = [...options.vocabulary.healthy, ...options.vocabulary.degraded];
    if (!options.statusPath && !/json/i.test(contentType) && known.includes(word)) {
        return verdict('plain text', text, 'body', [], undefined, options.vocabulary);
    }
    if (!options.statusPath) {
        const kubernetes = readKubernetesChecks(text);
        if (kubernetes)
            return kubernetes;
    }
    return problem(options.statusPath ? 'status-path' : 'plain text', `body is not JSON: ${preview(text)}`);
}
/** health-go's statuses (github.com/hellofresh/health-go, health.go), in its own words. */
const HEALTH_GO_STATUS = {
    OK: 'healthy',
    'Partially Available': 'degraded',
    Unavailable: 'unhealthy',
};
/**
 * health-go: `{"status": "Partially Available", "failures": {"rabbitmq": "Failed during ..."},
 * "component": {...}}`. It always writes `component` (the service's name and version) and lists only
 * the checks that failed; "Partially Available" means only checks marked skip-on-error failed.
 */
function readHealthGo(object, uptimeSeconds) {
    const status = object.status;
    const health = typeof status === 'string' ? HEALTH_GO_STATUS[status] : undefined;
    if (!health || !isPlainObject(object.component))
        return undefined;
    const failures = isPlainObject(object.failures) ? object.failures : {};
    // A failure under "Partially Available" degrades the service; under "Unavailable" it may be the cause.
    const failed = health === 'unhealthy' ? 'unhealthy' : 'degraded';
    const components = Object.entries(failures).map(([name, message]) => ({
        name,
        status: String(message),
        health: failed,
    }));
    return {
        format: 'health-go',
        health,
        status: status,
        where: '.status',
        components,
        onlyFailuresListed: true,
        uptimeSeconds,
    };
}
const DJANGO_ERROR = /^(unknown error|unavailable|unexpected result|warning): /;
/**
 * django-health-check's JSON: one key per check, the value "working" or the error text
 * (`"unavailable: ..."`, `"warning: ..."`), and no status key. Recognised only when every value is
 * such a text, so an arbitrary object without a status still asks for `status-path`.
 */
function readDjangoHealthCheck(object, uptimeSeconds, vocabulary) {
    const entries = Object.entries(object);
    const known = (value) => typeof value === 'string' && (value.trim().toLowerCase() === 'working' || DJANGO_ERROR.test(value));
    if (entries.length === 0 || !entries.every(([, value]) => known(value)))
        return undefined;
    const components = entries.map(([name, value]) => {
        const status = String(value);
        const health = status.trim().toLowerCase() === 'working' || classify(status, vocabulary) === 'healthy'
            ? 'healthy'
            : status.startsWith('warning: ')
                ? 'degraded'
                : 'unhealthy';
        return { name, status, health };
    });
    const worst = worstComponent(components);
    return {
        format: 'django-health-check',
        health: worst?.health ?? 'healthy',
        status: worst ? worst.status : 'working',
        where: worst ? fieldPath(worst.name) : 'every check',
        components,
        uptimeSeconds,
    };
}
/**
 * Kubernetes' `/readyz?verbose` (and `/livez`, `/healthz`) text: a line per check, `[+]etcd ok`,
 * `[+]etcd excluded: ok` or `[-]etcd failed: reason withheld`, then `readyz check passed` or
 * `readyz check failed`. Without that last line the list may be incomplete, so it is not healthy.
 */
function readKubernetesChecks(text) {
    const lines = text.split('\n').map((line) => line.trim());
    const components = [];
    for (const line of lines) {
        const check = /^\[([+-])\](\S+) (.+)$/.exec(line);
        if (check) {
            components.push({
                name: check[2],
                status: check[3],
                health: check[1] === '+' ? 'healthy' : 'unhealthy',
            });
        }
    }
    if (components.length === 0)
        return undefined;
    const last = /^(\S+) check (passed|failed)$/.exec(lines.at(-1) ?? '');
    if (!last) {
        return {
            ...problem('kubernetes', `the check list does not end in a "… check passed" line: ${preview(text)}`),
            components,
        };
    }
    const failing = components.find((c) => c.health !== 'healthy');
    if (last[2] === 'passed' && !failing) {
        return {
            format: 'kubernetes',
            health: 'healthy',
            status: lines.at(-1),
            where: 'the last line',
            components,
        };
    }
    return {
        format: 'kubernetes',
        health: 'unhealthy',
        status: failing ? failing.status : lines.at(-1),
        where: failing ? failing.name : 'the last line',
        components,
    };
}
/** The status and where it was read, then the other components that fail: `status DOWN at .status; failing: db (DOWN)`. */
function describeStatus(verdict) {
    const status = `status ${verdict.status} at ${verdict.where}`;
    const failing = failingComponents(verdict);
    return failing ? `${status}; ${failing}` : status;
}
/**
 * The components that are not healthy, for a reason line: `failing: db (DOWN), cache (timeout)`.
 * Unless `includeNamed`, leaves out the one whose own status is the verdict's (django-health-check and
 * Kubernetes report `status failed: ... at etcd`), which is named already.
 */
function failingComponents(verdict, { includeNamed = false, limit = 5 } = {}) {
    const named = (c) => verdict.where === c.name || verdict.where === fieldPath(c.name);
    const failing = verdict.components.filter((c) => c.health !== 'healthy' && (includeNamed || !named(c)));
    if (failing.length === 0)
        return undefined;
    const shown = failing.slice(0, limit).map((c) => `${c.name} (${preview(c.status, 60).slice(1, -1)})`);
    const more = failing.length > limit ? ` and ${failing.length - limit} more` : '';
    return `failing: ${shown.join(', ')}${more}`;
}
/**
 * The component a required-checks name refers to. Where the body lists only failures (health-go), a
 * component it does not name passed its check; everywhere else an unnamed component is unknown.
 */
function findComponent(verdict, name) {
    const found = verdict.components.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (found || !verdict.onlyFailuresListed)
        return found;
    return { name, status: 'not among the failures (health-go lists only failing checks)', health: 'healthy' };
}
function worstComponent(components) {
    const worst = components.reduce((w, c) => (rank(c.health) > rank(w?.health ?? 'healthy') ? c : w), undefined);
    return worst;
}
function fieldPath(name) {
    return /^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `.${JSON.stringify(name)}`;
}
function isPlainObject(value) {
    return !!value && typeof value === 'object' && !Array.isArray(value);
}
function detectFormat(object, contentType) {
    if (/health\+json/i.test(contentType))
        return 'health+json';
    if (Array.isArray(object.checks))
        return 'microprofile';
    if (object.components &&
        typeof object.components === 'object' &&
        SPRING_WORDS.test(String(object.status))) {
        return 'spring actuator';
    }
    const checks = object.checks;
    if (checks && typeof checks === 'object' && Object.values(checks).some(Array.isArray))
        return 'health+json';
    return 'status field';
}
/**
 * Components from every shape the formats use: Spring's `components: {db: {status}}` (nested too),
 * health+json's `checks: {"db:responseTime": [{status}]}`, MicroProfile's `checks: [{name, status}]`
 * and the plain `checks: {db: "ok"}`. A component listed twice keeps its worst status.
 */
function findComponents(json, vocabulary) {
    const found = new Map();
    const add = (name, status) => {
        const health = classify(status, vocabulary);
        const existing = found.get(name.toLowerCase());
        if (!existing || rank(health) > rank(existing.health))
            found.set(name.toLowerCase(), { name, status, health });
    };
    const walk = (value, prefix, depth) => {
        if (!value || typeof value !== 'object' || depth > 3)
            return;
        const object = value;
        for (const key of CONTAINER_KEYS) {
            const container = object[key];
            if (Array.isArray(container)) {
                for (const entry of container) {
                    const e = entry;
                    const name = e && (e.name ?? e.componentId ?? e.id);
                    const status = e ? statusOf(e) : undefined;
                    if (typeof name === 'string' && status !== undefined)
                        add(prefix + name, status);
                }
            }
            else if (container && typeof container === 'object') {
                for (const [rawName, entry] of Object.entries(container)) {
                    // Spring's `details` also hold plain facts (`"database": "PostgreSQL"`, `"exists": true`):
                    // there only an object can be a component.
                    if (key === 'details' && (!entry || typeof entry !== 'object' || Array.isArray(entry)))
                        continue;
                    // health+json keys are "component:measurement"; the component is what users name.
                    const name = prefix + (key === 'checks' && Array.isArray(entry) ? rawName.split(':')[0] : rawName);
                    const status = statusOf(entry);
                    if (status !== undefined)
                        add(name, status);
                    if (entry && typeof entry === 'object' && !Array.isArray(entry))
                        walk(entry, `${name}.`, depth + 1);
                }
            }
        }
    };
    walk(json, '', 0);
    return [...found.values()];
}
function statusOf(entry) {
    if (typeof entry === 'string')
        return entry;
    if (typeof entry === 'boolean')
        return entry ? 'up' : 'down';
    if (Array.isArray(entry)) {
        const statuses = entry.map(statusOf).filter((s) => s !== undefined);
        // The worst entry decides; order words by how bad they sound since the vocabulary is not known here.
        return statuses.sort((a, b) => badness(b) - badness(a))[0];
    }
    if (entry && typeof entry === 'object') {
        const object = entry;
        for (const key of STATUS_KEYS)
            if (typeof object[key] === 'string')
                return object[key];
        if (typeof object.healthy === 'boolean')
            return object.healthy ? 'up' : 'down';
    }
    return undefined;
}
function badness(status) {
    if (/^(pass|ok|up|healthy)$/i.test(status))
        return 0;
    if (/^(warn|degraded)$/i.test(status))
        return 1;
    return 2;
}
function rank(health) {
    return health === 'healthy' ? 0 : health === 'degraded' ? 1 : 2;
}
/** Uptime in seconds from `uptime-path`, the usual keys (top level or one level down), or a health+json `uptime` check. */
function findUptime(json, path) {
    if (path)
        return toSeconds(getAtPath(json, path));
    if (!json || typeof json !== 'object')
        return undefined;
    const object = json;
    const nested = Object.values(object).filter((v) => !!v && typeof v === 'object' && !Array.isArray(v));
    for (const candidate of [object, ...nested]) {
        for (const key of UPTIME_KEYS) {
            const seconds = toSeconds(candidate[key]);
            if (seconds !== undefined)
                return seconds;
        }
    }
    const checks = object.checks;
    if (checks && typeof checks === 'object' && !Array.isArray(checks)) {
        for (const [key, entries] of Object.entries(checks)) {
            if (!/(^|:)uptime$/i.test(key) || !Array.isArray(entries))
                continue;
            const entry = entries[0];
            const seconds = toSeconds(entry?.observedValue);
            if (seconds === undefined)
                continue;
            const unit = (entry?.observedUnit ?? 's').toLowerCase();
            const factor = unit === 'ms'
                ? 0.001
                : unit.startsWith('min')
                    ? 60
                    : unit === 'h' || unit.startsWith('hour')
                        ? 3600
                        : 1;
            return seconds * factor;
        }
    }
    return undefined;
}
/** Seconds from a number, a numeric string, a duration (`3d`), or Python's timedelta (`1 day, 2:03:04`). */
function toSeconds(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Number(text);
    const timedelta = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
    if (timedelta) {
        const [, days, h, m, s] = timedelta;
        return Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
    }
    const ms = (0,units/* parseDuration */.E9)(text);
    return ms === undefined ? undefined : ms / 1000;
}
/** The first characters of a body, on one line, for error messages. */
function preview(text, length = 80) {
    const line = text.replace(/\s+/g, ' ').trim();
    return JSON.stringify(line.length > length ? `${line.slice(0, length)}…` : line);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(2210);
;// CONCATENATED MODULE: ./src/health-gate/status-ranges.ts
/** HTTP statuses a response may have, as the inputs and the smoke file write them. */
/** The ranges in a text such as `200,204,301-302` or `2xx`; undefined when it is not one. */
function statusRangesOf(text) {
    const ranges = [];
    for (const item of text.split(/[,\s]+/).filter(Boolean)) {
        const xx = /^([1-5])xx$/i.exec(item);
        const range = /^(\d{3})(?:-(\d{3}))?$/.exec(item);
        if (xx)
            ranges.push([Number(xx[1]) * 100, Number(xx[1]) * 100 + 99]);
        else if (range &&
            Number(range[1]) >= 100 &&
            Number(range[2] ?? range[1]) <= 599 &&
            Number(range[1]) <= Number(range[2] ?? range[1])) {
            ranges.push([Number(range[1]), Number(range[2] ?? range[1])]);
        }
        else {
            return undefined;
        }
    }
    return ranges.length === 0 ? undefined : { text, ranges };
}
function statusExpected(status, expected) {
    return expected.ranges.some(([low, high]) => status >= low && status <= high);
}

// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/health-gate/smoke-template.ts
/**
 * The `${{ env.NAME }}` and `${{ captures.name }}` placeholders of a smoke file. Environment values are
 * filled in when the file is read (and registered as secrets: they are passwords and tokens); captures
 * only exist once an earlier step has run, so they are filled in just before the request is sent.
 * The syntax looks like a workflow expression on purpose, but nothing else of it is evaluated.
 */

const PLACEHOLDER = /\$\{\{\s*(.*?)\s*\}\}/g;
const REFERENCE = /^(env|captures)\.([A-Za-z_][A-Za-z0-9_-]*)$/;
/** Fills in `${{ env.NAME }}`; returns an error message for an unset variable or an unknown placeholder. */
function expandEnv(text, env) {
    let error;
    const expanded = text.replace(PLACEHOLDER, (whole, expression) => {
        const reference = REFERENCE.exec(expression);
        if (!reference) {
            error ??= `'${whole}' is not a placeholder health-gate knows: use \${{ env.NAME }} or \${{ captures.name }}`;
            return whole;
        }
        if (reference[1] === 'captures')
            return whole;
        const value = env[reference[2]];
        if (value === undefined || value === '') {
            error ??= `\${{ env.${reference[2]} }} is empty: set ${reference[2]} in the step's env (from a secret)`;
            return whole;
        }
        (0,secrets/* addSecret */.Ck)(value);
        return value;
    });
    return error === undefined ? { text: expanded } : { error };
}
/** The capture names a text refers to. */
function capturesUsed(text) {
    return [...text.matchAll(PLACEHOLDER)]
        .map((match) => REFERENCE.exec(match[1]))
        .filter((reference) => reference?.[1] === 'captures')
        .map((reference) => reference[2]);
}
/** Fills in `${{ captures.name }}` from the values captured so far (the caller checked they all exist). */
function fillCaptures(text, captures) {
    return text.replace(PLACEHOLDER, (whole, expression) => {
        const reference = REFERENCE.exec(expression);
        return reference?.[1] === 'captures' ? (captures.get(reference[2]) ?? whole) : whole;
    });
}
/** Applies `edit` to every string in a JSON-like value (a request body), keeping its shape. */
function mapStrings(value, edit) {
    if (typeof value === 'string')
        return edit(value);
    if (Array.isArray(value))
        return value.map((item) => mapStrings(item, edit));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, edit)]));
    }
    return value;
}

;// CONCATENATED MODULE: ./schemas/smoke.schema.json
const smoke_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"health-gate smoke flow","description":"Named HTTP steps health-gate runs in order against the origin of its first `url`: log in, use the session, check that protected paths refuse.","type":"object","additionalProperties":false,"required":["steps"],"properties":{"cookies":{"title":"Keep cookies","description":"true keeps the cookies a response sets and sends them with later steps (a session cookie login).","type":"boolean","default":false},"steps":{"title":"Steps","description":"The steps, run in order; a later step can use what an earlier one captured.","type":"array","minItems":1,"items":{"$ref":"#/$defs/step"}}},"$defs":{"step":{"title":"Step","description":"One request and what its response must show.","type":"object","additionalProperties":false,"required":["name","path"],"properties":{"name":{"title":"Name","description":"Unique name of the step, shown in the summary.","type":"string","minLength":1},"kind":{"title":"Kind","description":"authz marks an authorization check: a 2xx answer is the most serious failure. Inferred when the expected status is 401 or 403.","enum":["flow","authz"]},"method":{"title":"HTTP method","description":"GET unless set.","enum":["GET","HEAD","POST","PUT","PATCH","DELETE","OPTIONS"],"default":"GET"},"path":{"title":"Path","description":"The path (and query) on the origin of health-gate\'s first url, starting with \'/\'; may use ${{ env.NAME }} and ${{ captures.name }}.","type":"string","pattern":"^/(?!/)"},"headers":{"title":"Request headers","description":"Header name to value; values may use ${{ env.NAME }} and ${{ captures.name }}.","type":"object","propertyNames":{"pattern":"^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$"},"additionalProperties":{"type":["string","number","boolean"]}},"json":{"title":"JSON body","description":"A JSON request body (sent as application/json); strings may use templates."},"form":{"title":"Form body","description":"A form body (application/x-www-form-urlencoded): field name to value.","type":"object","additionalProperties":{"type":["string","number","boolean"]}},"expect":{"$ref":"#/$defs/expect"},"capture":{"title":"Capture","description":"Values for later steps as ${{ captures.name }}: a jq-style path into the JSON body (.token), header:NAME or cookie:NAME.","type":"object","propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_-]*$"},"additionalProperties":{"type":"string","pattern":"^(\\\\.|header:.+|cookie:.+)"}}},"not":{"required":["json","form"]}},"expect":{"title":"Expectations","description":"What the response must show; every one must hold for the step to pass.","type":"object","additionalProperties":false,"properties":{"status":{"title":"HTTP status","description":"A status (200), a list ([200, 204]) or a range (\'200-299\' or \'2xx\'); 2xx when not set.","anyOf":[{"type":"integer","minimum":100,"maximum":599},{"type":"string","pattern":"^\\\\s*([1-5]xx|\\\\d{3}(-\\\\d{3})?)(\\\\s*,\\\\s*([1-5]xx|\\\\d{3}(-\\\\d{3})?))*\\\\s*$"},{"type":"array","minItems":1,"items":{"description":"A status (200) or a range (\'200-299\', \'2xx\').","anyOf":[{"type":"integer","minimum":100,"maximum":599},{"type":"string","pattern":"^([1-5]xx|\\\\d{3}(-\\\\d{3})?)$"}]}}]},"json":{"title":"JSON body values","description":"jq-style path (.name, .items[0].id) to what the value there must be.","type":"object","propertyNames":{"pattern":"^\\\\."},"additionalProperties":{"$ref":"#/$defs/match"}},"headers":{"title":"Response headers","description":"Header name to what it must be (exists, equals, matches).","type":"object","additionalProperties":{"$ref":"#/$defs/match"}},"max-latency":{"title":"Latency limit","description":"The most the step may take, such as 500ms or 2s (a number is milliseconds).","anyOf":[{"type":"string"},{"type":"number","minimum":0}]}}},"match":{"title":"Value expectation","description":"equals (any JSON value), matches (a regular expression) or exists (true or false).","type":"object","additionalProperties":false,"minProperties":1,"properties":{"equals":{"title":"Equals","description":"The value must equal this."},"matches":{"title":"Matches","description":"A regular expression the value (as text) must match.","type":"string"},"exists":{"title":"Exists","description":"true: the value must be there; false: it must be absent.","type":"boolean"}}}}}');
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/core/yaml-positions.ts


/**
 * Parses `text`; a YAML syntax error throws one ConfigurationError, `<label> <file>:<line>:<col>: ...`.
 */
function parseYamlWithPositions(text, file, label) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false });
    const at = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return `${file}:${line}:${col}`;
    };
    const syntax = doc.errors[0];
    if (syntax) {
        const message = syntax.message.split('\n')[0];
        const fix = syntaxFix(syntax, text);
        throw new errors/* ConfigurationError */.j1(`${label} ${at(syntax.pos[0])}: YAML syntax error: ${message}${fix ? `: ${fix}` : ''}`);
    }
    return { doc, at };
}
/** The fix for the YAML mistakes people make most, in words the parser's message leaves out. */
function syntaxFix(error, text) {
    const lineStart = text.lastIndexOf('\n', error.pos[0] - 1) + 1;
    const lineEnd = text.indexOf('\n', error.pos[0]);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    // `{ url: ${{ env.URL }} }`: the expression's braces end the flow mapping early.
    if (error.code === 'UNEXPECTED_TOKEN' && line.includes('${{'))
        return `inside { } or [ ], quote an expression: '\${{ env.NAME }}'`;
    // `-db-maintain: {}` below `- log-review: {}`: without a space the dash starts a key, out of line.
    if (/^\s*-[^\s-]/.test(line))
        return `a list item needs a space after its dash: '- '`;
    switch (error.code) {
        case 'TAB_AS_INDENT':
            return 'indent with spaces';
        case 'DUPLICATE_KEY':
            return `'${duplicateKey(text, error.pos[0])}' is written twice at this level: keep one`;
        case 'BAD_INDENT':
            return error.message.startsWith('All mapping items')
                ? 'indent this key by as many spaces as the keys beside it'
                : undefined;
        case 'BLOCK_AS_IMPLICIT_KEY':
            return `a value holding ': ' needs quotes; inputs go on their own lines or in { }`;
        default:
            return undefined;
    }
}
/** An ajv error's instance path as segments (`/steps/0/name` -> ['steps', '0', 'name']). */
function pathSegments(error) {
    return error.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
/** Where an error points: at the offending key for unknown or misnamed keys, else at the value. */
function offsetOf(root, error) {
    const params = error.params;
    const key = error.keyword === 'additionalProperties'
        ? String(params.additionalProperty)
        : error.keyword === 'propertyNames'
            ? String(params.propertyName)
            : undefined;
    return offsetAt(root, pathSegments(error), key);
}
/** The offset of the node at `segments` (or of its key `key`), or of the nearest enclosing node found. */
function offsetAt(root, segments, key) {
    let node = root;
    for (const segment of segments) {
        const next = childOf(node, segment);
        if (!next)
            break;
        // A key written with no value (`status:`) has no value node: point at the key.
        node = next.value ?? next.key ?? null;
    }
    if (key !== undefined && (0,dist/* isMap */.jh)(node)) {
        const pair = node.items.find((p) => String(p.key?.value) === key);
        const keyNode = pair?.key;
        if (keyNode?.range)
            return keyNode.range[0];
    }
    return node?.range?.[0] ?? 0;
}
/** The node at `segments`, if there is one. */
function nodeAt(root, segments) {
    let node = root;
    for (const segment of segments) {
        const next = childOf(node, segment);
        if (!next?.value)
            return undefined;
        node = next.value;
    }
    return node ?? undefined;
}
function childOf(node, segment) {
    if ((0,dist/* isSeq */.oP)(node)) {
        const item = node.items[Number(segment)];
        return item ? { value: item } : undefined;
    }
    if ((0,dist/* isMap */.jh)(node)) {
        const pair = node.items.find((p) => String(p.key?.value) === String(segment));
        return pair ? { key: pair.key, value: pair.value ?? undefined } : undefined;
    }
    return undefined;
}
/** The key written at `offset`, as it reads on its line (control characters shown as '?'). */
function duplicateKey(text, offset) {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0] ?? '';
    return key.trim().replace(/\p{Cc}/gu, '?');
}

;// CONCATENATED MODULE: ./src/health-gate/smoke-file.ts
/**
 * Reads a smoke file: YAML checked against schemas/smoke.schema.json (the schema editors use too), then
 * turned into steps ready to run. Every mistake is one ConfigurationError naming the file, the line and
 * column, and the fix, so it is found before any request is sent.
 */









/** Compiled on first use: a health-gate run without `smoke` does not pay for it. */
let validator;
function validate(value) {
    validator ??= new _2020.Ajv2020({ allErrors: false, verbose: true, allowUnionTypes: true }).compile(smoke_schema_namespaceObject);
    return validator(value);
}
/** Reads, validates and prepares the smoke file at `path`; `shownAs` is how messages name it. */
function readSmokeFile(path, shownAs, env) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`input 'smoke' is '${shownAs}': the file cannot be read; give a path relative to the workspace`);
    }
    return parseSmokeFlow(text, shownAs, env);
}
function parseSmokeFlow(text, file, env) {
    const { doc, at } = parseYamlWithPositions(text, file, 'smoke file');
    const raw = doc.toJS();
    if (!validate(raw)) {
        const error = chooseError(validator?.errors ?? []);
        throw new errors/* ConfigurationError */.j1(`smoke file ${at(offsetOf(doc.contents, error))}: ${describe(error)}`);
    }
    const fail = (segments, message, key) => {
        throw new errors/* ConfigurationError */.j1(`smoke file ${at(offsetAt(doc.contents, segments, key))}: ${message}`);
    };
    return { file, cookies: raw.cookies ?? false, steps: prepareSteps(raw.steps, env, fail) };
}
/** The checks a schema cannot make: paths, patterns, durations, placeholders, names, capture order. */
function prepareSteps(rawSteps, env, fail) {
    const names = new Set();
    const captured = new Set();
    return rawSteps.map((raw, index) => {
        const where = ['steps', index];
        if (names.has(raw.name))
            fail([...where, 'name'], `a second step named '${raw.name}': give each step its own name`);
        names.add(raw.name);
        const needs = new Set();
        const expand = (text, segments) => {
            const result = expandEnv(text, env);
            if ('error' in result)
                return fail(segments, result.error);
            for (const name of capturesUsed(text)) {
                if (!captured.has(name)) {
                    fail(segments, `\${{ captures.${name} }} is not captured by an earlier step: add capture: { ${name}: .path } to one`);
                }
                needs.add(name);
            }
            return result.text;
        };
        const path = expand(raw.path, [...where, 'path']);
        const headers = Object.entries(raw.headers ?? {}).map(([name, value]) => [
            name.toLowerCase(),
            expand(String(value), [...where, 'headers', name]),
        ]);
        const body = raw.json !== undefined
            ? { type: 'json', value: mapStrings(raw.json, (text) => expand(text, [...where, 'json'])) }
            : raw.form !== undefined
                ? {
                    type: 'form',
                    fields: Object.entries(raw.form).map(([name, value]) => [
                        name,
                        expand(String(value), [...where, 'form', name]),
                    ]),
                }
                : undefined;
        const expectAt = [...where, 'expect'];
        const status = prepareStatus(raw.expect?.status, [...expectAt, 'status'], fail);
        const json = Object.entries(raw.expect?.json ?? {}).map(([text, match]) => [
            jsonPath(text, [...expectAt, 'json'], fail),
            valueExpectation(match, [...expectAt, 'json', text], fail),
        ]);
        const expectedHeaders = Object.entries(raw.expect?.headers ?? {}).map(([name, match]) => [
            name.toLowerCase(),
            valueExpectation(match, [...expectAt, 'headers', name], fail),
        ]);
        const latency = raw.expect?.['max-latency'];
        const maxLatencyMs = typeof latency === 'string' ? (0,units/* parseDuration */.E9)(latency) : latency;
        if (latency !== undefined && maxLatencyMs === undefined) {
            fail([...expectAt, 'max-latency'], `'${latency}' is not a duration: use 500ms, 2s or a number of milliseconds`);
        }
        const capture = Object.entries(raw.capture ?? {}).map(([name, source]) => {
            const [prefix, rest] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
            const from = prefix === 'header' || prefix === 'cookie'
                ? { from: prefix, name: prefix === 'header' ? rest.trim().toLowerCase() : rest.trim() }
                : { from: 'json', path: jsonPath(source, [...where, 'capture', name], fail) };
            return [name, from];
        });
        for (const [name] of capture)
            captured.add(name);
        return {
            name: raw.name,
            kind: raw.kind ?? (refusalOnly(status) ? 'authz' : 'flow'),
            method: raw.method ?? 'GET',
            path,
            headers,
            body,
            expect: { status, json, headers: expectedHeaders, maxLatencyMs },
            capture,
            needs: [...needs],
        };
    });
}
function prepareStatus(status, segments, fail) {
    if (status === undefined)
        return { text: '2xx', ranges: [[200, 299]] };
    const text = (Array.isArray(status) ? status : [status]).join(',');
    return statusRangesOf(text) ?? fail(segments, `'${text}' is not a status: use 200, [200, 204] or 200-299`);
}
/** A step that expects only 401 or 403 checks that a path refuses: an authorization check. */
function refusalOnly(status) {
    return status.ranges.every(([low, high]) => low >= 401 && high <= 403 && !(low <= 402 && high >= 402));
}
function jsonPath(text, segments, fail) {
    const path = parseJsonPath(text);
    return typeof path === 'string' ? fail(segments, `'${text}' is not a jq-style path: ${path}`, text) : path;
}
function valueExpectation(raw, segments, fail) {
    let matches;
    if (raw.matches !== undefined) {
        try {
            matches = new RegExp(raw.matches);
        }
        catch (error) {
            fail([...segments, 'matches'], `not a regular expression: ${error.message}`);
        }
    }
    return { hasEquals: 'equals' in raw, equals: raw.equals, matches, exists: raw.exists };
}
/**
 * Ajv stops at the first error, but under `anyOf` that is the first alternative's complaint ("must be
 * integer" for a status written as a list): the anyOf error itself, with its description, says more.
 */
function chooseError(errors) {
    return errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
}
/** The error as a problem and its fix. */
function describe(error) {
    const parent = error.parentSchema;
    const params = error.params;
    switch (error.keyword) {
        case 'additionalProperties':
            return `unknown key '${String(params.additionalProperty)}': use one of ${Object.keys(parent?.properties ?? {}).join(', ')}`;
        case 'required':
            return `'${String(params.missingProperty)}' is missing: ${describeProperty(parent, String(params.missingProperty))}`;
        case 'enum':
            return `'${String(error.data)}' is not allowed: use one of ${params.allowedValues.join(', ')}`;
        case 'propertyNames':
            return `the key '${String(params.propertyName)}' is not allowed here: ${parent?.description ?? ''}`;
        case 'anyOf':
            return `${JSON.stringify(error.data)} is not valid here: ${parent?.description ?? 'see the schema'}`;
        case 'not':
            return `a step sends json or form, not both: keep one`;
        default:
            return `${error.message ?? 'invalid'}${parent?.description ? `: ${parent.description}` : ''}`;
    }
}
function describeProperty(parent, name) {
    const property = parent?.properties?.[name];
    return property?.description ?? 'add it';
}

// EXTERNAL MODULE: ./src/core/incident.ts + 2 modules
var incident = __webpack_require__(5927);
;// CONCATENATED MODULE: ./src/health-gate/inputs.ts









// Kept importable from here, where they were first defined.

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Reads and validates every input before any request is sent. */
function readInputs(input, workspace = process.cwd(), env = process.env) {
    const targets = input.list('url').map(parseTarget);
    if (targets.length === 0)
        throw new errors/* ConfigurationError */.j1(`input 'url' is required but was not set`);
    const headers = parseHeaders(input.lines('headers'));
    const statusPath = optionalPath(input, 'status-path');
    const uptimePath = optionalPath(input, 'uptime-path');
    const tlsWarnDays = input.integer('tls-warn-days', 21, { min: 0, max: 3650 });
    const tlsFailDays = input.integer('tls-fail-days', 7, { min: 0, max: 3650 });
    if (tlsFailDays > tlsWarnDays) {
        (0,units/* invalidInput */.aY)('tls-fail-days', String(tlsFailDays), `use at most tls-warn-days (${tlsWarnDays})`);
    }
    const caPath = input.optional('ca-cert');
    const smokePath = input.optional('smoke');
    const baselinePath = input.optional('baseline');
    return {
        targets,
        method: input.enum('method', HTTP_METHODS, 'GET'),
        headers,
        body: input.optional('body'),
        expectedStatus: parseStatusRanges(input.string('expected-status', '200')),
        statusPath,
        vocabulary: {
            healthy: input.list('healthy-values', ['healthy', 'pass', 'ok', 'up']).map((v) => v.toLowerCase()),
            degraded: input.list('degraded-values', ['degraded', 'warn']).map((v) => v.toLowerCase()),
        },
        failOnDegraded: input.boolean('fail-on-degraded', false),
        requiredChecks: input.list('required-checks'),
        timeoutMs: input.duration('timeout', 10_000, { min: 1, max: 600_000 }),
        retries: input.integer('retries', 3, { min: 0, max: 100 }),
        retryDelayMs: input.duration('retry-delay', 2000, { min: 0, max: 3_600_000 }),
        waitMs: input.duration('wait', 0, { min: 0, max: 6 * 3_600_000 }),
        samples: input.integer('samples', 5, { min: 1, max: 10_000 }),
        concurrency: input.integer('concurrency', 1, { min: 1, max: 100 }),
        maxP95Ms: input.optionalDuration('max-p95'),
        maxP99Ms: input.optionalDuration('max-p99'),
        maxErrorRate: input.fraction('max-error-rate', 0),
        minUptimeMs: input.optionalDuration('min-uptime'),
        uptimePath,
        tlsWarnDays,
        tlsFailDays,
        insecure: input.boolean('insecure', false),
        ca: caPath === undefined ? undefined : readCa(caPath),
        incident: (0,incident/* readIncidentInputs */.wq)(input),
        reportPath: input.optional('report-path'),
        // Relative to the workspace, as the other actions read their baseline.
        baseline: baselinePath === undefined ? undefined : (0,external_node_path_.resolve)(workspace, baselinePath),
        maxRegression: input.optional('max-regression') === undefined ? undefined : input.fraction('max-regression', 0),
        smoke: smokePath === undefined ? undefined : readSmokeFile((0,external_node_path_.resolve)(workspace, smokePath), smokePath, env),
    };
}
function parseTarget(text) {
    const display = (0,secrets/* maskUrl */.yP)(text);
    let url;
    try {
        if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
            throw new Error('no scheme');
        url = new URL(text);
    }
    catch {
        return (0,units/* invalidInput */.aY)('url', (0,secrets/* maskUnparsedUrl */.mA)(text), 'use a full http:// or https:// URL such as http://localhost:8007/health');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return (0,units/* invalidInput */.aY)('url', display, `the scheme must be http or https, not ${url.protocol.replace(':', '')}`);
    }
    maskUrlCredentials(url);
    return { url, display };
}
/**
 * Credentials in the URL go out as `Authorization: Basic base64(user:password)`, and an echoing service
 * or proxy sends that back in the body we show: mask `user:password` and its base64 form (with and
 * without padding) as well as the password, which maskUrl already did. A user name without a password
 * is a token (`https://<token>@host`), so it is a secret itself.
 */
function maskUrlCredentials(url) {
    if (!url.username)
        return;
    const user = (0,secrets/* safeDecode */.ex)(url.username);
    const password = (0,secrets/* safeDecode */.ex)(url.password);
    if (!password)
        (0,secrets/* addSecret */.Ck)(user);
    const pair = `${user}:${password}`;
    const basic = Buffer.from(pair).toString('base64');
    for (const secret of [pair, basic, basic.replace(/=+$/, '')])
        (0,secrets/* addSecret */.Ck)(secret);
}
/** `Name: value` lines; values are secrets (tokens, API keys) and are masked at once. */
function parseHeaders(lines) {
    const headers = {};
    for (const line of lines) {
        const colon = line.indexOf(':');
        const name = colon > 0 ? line.slice(0, colon).trim() : '';
        const value = colon > 0 ? line.slice(colon + 1).trim() : '';
        (0,secrets/* addSecret */.Ck)(value);
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
            // Without a colon the whole line may be a pasted token: show none of it.
            (0,units/* invalidInput */.aY)('headers', colon > 0 ? `${name}: ***` : '***', 'use one "Name: value" header per line');
        }
        // Mask the value after "Bearer " too, in case a log shows the token alone.
        const scheme = /^(bearer|basic|token)\s+(.+)$/i.exec(value);
        if (scheme)
            (0,secrets/* addSecret */.Ck)(scheme[2]);
        headers[name.toLowerCase()] = value;
    }
    return headers;
}
function parseStatusRanges(text) {
    return (statusRangesOf(text) ??
        (0,units/* invalidInput */.aY)('expected-status', text, 'use HTTP codes and ranges such as 200, 200-299, 2xx or 200,204'));
}
function optionalPath(input, name) {
    const text = input.optional(name);
    if (text === undefined || text.toLowerCase() === 'auto')
        return undefined;
    const path = parseJsonPath(text);
    return typeof path === 'string' ? (0,units/* invalidInput */.aY)(name, text, `${path}`) : path;
}
function readCa(path) {
    try {
        const pem = (0,external_node_fs_.readFileSync)(path, 'utf8');
        if (!pem.includes('-----BEGIN CERTIFICATE-----'))
            (0,units/* invalidInput */.aY)('ca-cert', path, 'the file holds no PEM certificate');
        return pem;
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j1)
            throw error;
        return (0,units/* invalidInput */.aY)('ca-cert', path, 'the file cannot be read; give the path of a PEM file');
    }
}

;// CONCATENATED MODULE: ./src/health-gate/evaluate.ts







/** Health-gate's own words for the Report statuses. */
const HEALTH_OF = { pass: 'healthy', warn: 'degraded', fail: 'unhealthy' };
/**
 * Turns what the probes saw into the Report: one set of checks per URL, a table row per URL, and the
 * smoke flow's checks and table when there is one (an open authorization path first of all).
 */
function evaluate(results, thresholds, startedAt, smoke) {
    const perUrl = results.map((result) => ({ result, checks: checksFor(result, thresholds) }));
    const checks = [
        ...(smoke?.authzFailures ?? []),
        ...perUrl.flatMap((u) => u.checks),
        ...(smoke?.checks ?? []),
    ];
    const healthy = perUrl.filter((u) => (0,core_report/* worstStatus */.A4)(u.checks.map((c) => c.status)) === 'pass').length;
    const rows = (0,core_report/* byStatus */.GF)(perUrl, (u) => (0,core_report/* worstStatus */.A4)(u.checks.map((c) => c.status))).map(({ result, checks }) => tableRow(result, (0,core_report/* worstStatus */.A4)(checks.map((c) => c.status))));
    const bodies = results
        .filter((r) => r.attempt.response)
        .map((r) => ({
        title: `Response body of ${r.target.display} (HTTP ${r.attempt.response.status}, ${r.attempt.response.body.length} bytes)`,
        body: excerpt(r.attempt.response.body.toString('utf8')),
    }));
    const metrics = summaryMetrics(results);
    const smokeCount = (name) => smoke?.metrics.find((m) => m.name === name)?.value ?? 0;
    const smokeTitle = smoke
        ? `; smoke flow: ${smokeCount('smoke-passed')} of ${smoke.table.rows.length} step(s) passed`
        : '';
    return (0,core_report/* createReport */.LU)({
        action: 'health-gate',
        title: `health-gate: ${healthy} of ${results.length} URL(s) healthy${smokeTitle}`,
        checks,
        metrics: [
            { name: 'p50', value: metrics.p50 ?? NaN, unit: 'ms' },
            { name: 'p95', value: metrics.p95 ?? NaN, unit: 'ms' },
            { name: 'p99', value: metrics.p99 ?? NaN, unit: 'ms' },
            ...(metrics.uptimeSeconds !== undefined
                ? [{ name: 'uptime', value: metrics.uptimeSeconds, unit: 's' }]
                : []),
        ]
            .filter((m) => Number.isFinite(m.value))
            .concat(smoke?.metrics ?? []),
        tables: [
            {
                title: 'URLs',
                columns: ['URL', 'Status', 'HTTP', 'p50', 'p95', 'p99', 'Uptime', 'Components', 'Certificate'],
                rows,
            },
            ...(smoke ? [smoke.table] : []),
        ],
        details: bodies,
        data: { urls: results.map(figuresOf), ...(smoke ? { steps: smoke.figures } : {}) },
        startedAt,
    });
}
/** The action's outputs, read back from the Report so the JSON file and the outputs always agree. */
function outputsOf(report) {
    const metric = (name) => report.metrics.find((m) => m.name === name)?.value;
    return {
        status: HEALTH_OF[report.status],
        'p50-ms': metric('p50'),
        'p95-ms': metric('p95'),
        'p99-ms': metric('p99'),
        'uptime-seconds': metric('uptime'),
        'p95-change': report.data?.comparison?.p95Change,
        regressed: report.data?.comparison?.regressed?.toString(),
        'smoke-passed': metric('smoke-passed'),
        'smoke-failed': metric('smoke-failed'),
        'authz-failures': metric('authz-failures'),
    };
}
/** The worst latency figures and the lowest uptime over all URLs, for the action's outputs. */
function summaryMetrics(results) {
    const worst = (pick) => {
        const values = results.map(pick).filter((v) => v !== undefined);
        return values.length ? round1(Math.max(...values)) : undefined;
    };
    const uptimes = results
        .map((r) => r.attempt.verdict?.uptimeSeconds)
        .filter((v) => v !== undefined);
    return {
        p50: worst((r) => r.latency?.p50),
        p95: worst((r) => r.latency?.p95),
        p99: worst((r) => r.latency?.p99),
        uptimeSeconds: uptimes.length ? Math.min(...uptimes) : undefined,
    };
}
/**
 * Why the body cannot be judged, when it cannot: an HTTP status the gate does not accept (the body is
 * an error page or the framework's failure report) or a body that is not a health document. The
 * availability check already fails for that cause; the checks that read the body say "not checked"
 * (a warning: unknown is not a pass) instead of failing a second and third time for it.
 */
function bodyNotJudged(result, t) {
    const { response, verdict } = result.attempt;
    if (!response)
        return undefined;
    if (!statusExpected(response.status, t.expectedStatus))
        return `the service answered ${response.status}`;
    if (verdict?.problem)
        return 'the body could not be read as a health document';
    return undefined;
}
function checksFor(result, t) {
    const url = result.target.display;
    const checks = [availability(result, t)];
    const verdict = result.attempt.verdict;
    const response = result.attempt.response;
    const notJudged = bodyNotJudged(result, t);
    const notChecked = (id, title) => ({
        id: `${id}:${url}`,
        title: `${url} ${title}`,
        status: 'warn',
        detail: `not checked: ${notJudged}`,
    });
    if (verdict && verdict.components.length + t.requiredChecks.length > 0) {
        checks.push(notJudged ? notChecked('components', 'components') : componentsCheck(url, verdict, t));
    }
    if (result.latency)
        checks.push(latencyCheck(url, result.latency, t));
    if (t.minUptimeMs !== undefined && response && notJudged) {
        checks.push(notChecked('uptime', 'uptime'));
    }
    else if (t.minUptimeMs !== undefined && response) {
        const uptime = verdict?.uptimeSeconds;
        checks.push(uptime === undefined
            ? {
                id: `uptime:${url}`,
                title: `${url} uptime`,
                status: 'fail',
                detail: 'no uptime in the body (looked for uptime, uptime_seconds, uptimeSeconds); set uptime-path',
            }
            : uptime * 1000 < t.minUptimeMs
                ? {
                    id: `uptime:${url}`,
                    title: `${url} uptime`,
                    status: 'fail',
                    detail: `uptime ${(0,units/* formatDuration */.a3)(uptime * 1000)} is under ${(0,units/* formatDuration */.a3)(t.minUptimeMs)}: the service restarted recently or is restarting in a loop`,
                }
                : {
                    id: `uptime:${url}`,
                    title: `${url} uptime`,
                    status: 'pass',
                    detail: `up for ${(0,units/* formatDuration */.a3)(uptime * 1000)}`,
                });
    }
    if (result.certificate) {
        const days = result.certificate.daysLeft;
        const left = days < 0 ? `expired ${Math.ceil(-days)} day(s) ago` : `${Math.floor(days * 10) / 10} days left`;
        const status = days < t.tlsFailDays ? 'fail' : days < t.tlsWarnDays ? 'warn' : 'pass';
        const limit = status === 'fail' ? ` (under ${t.tlsFailDays})` : status === 'warn' ? ` (under ${t.tlsWarnDays})` : '';
        checks.push({
            id: `tls:${url}`,
            title: `${url} certificate`,
            status,
            detail: `certificate for ${result.certificate.subject} ${left}${limit}, until ${result.certificate.validTo.toISOString()}`,
            recommendation: status === 'pass' ? undefined : 'renew the certificate',
        });
    }
    else if (result.certificateError) {
        checks.push({
            id: `tls:${url}`,
            title: `${url} certificate`,
            status: 'fail',
            detail: `could not read the certificate: ${result.certificateError}`,
        });
    }
    return checks;
}
function componentsCheck(url, verdict, t) {
    const required = new Set(t.requiredChecks.map((n) => n.toLowerCase()));
    const problems = [];
    const shown = [...verdict.components];
    for (const name of t.requiredChecks) {
        const c = findComponent(verdict, name);
        if (!c)
            problems.push({ status: 'fail', text: `component ${name} is not reported` });
        else if (c.health !== 'healthy')
            problems.push({ status: 'fail', text: `component ${c.name} is ${c.status}` });
        else if (!verdict.components.includes(c))
            shown.push(c);
    }
    for (const c of verdict.components) {
        if (!required.has(c.name.toLowerCase()) && c.health !== 'healthy') {
            problems.push({ status: 'warn', text: `component ${c.name} is ${c.status} (not required)` });
        }
    }
    const listed = shown.map((c) => `${c.name} ${c.status}`).join(', ') || 'none reported';
    return {
        id: `components:${url}`,
        title: `${url} components`,
        status: (0,core_report/* worstStatus */.A4)(problems.map((p) => p.status)),
        detail: problems.length ? problems.map((p) => p.text).join('; ') : listed,
    };
}
function availability(result, t) {
    const { attempt, attempts, target } = result;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const response = attempt.response;
    const redirected = response && response.redirects > 0
        ? `, redirected ${response.redirects}x to ${(0,secrets/* redact */.E$)(response.finalUrl.href)}`
        : '';
    const check = (status, detail) => ({
        id: `availability:${target.display}`,
        title: `${target.display}`,
        status,
        detail,
    });
    if (attempt.health === 'unhealthy')
        return check('fail', `${attempt.reason}${tries}${redirected}`);
    const read = attempt.verdict?.where
        ? `status ${attempt.verdict.status} at ${attempt.verdict.where} (${attempt.verdict.format})`
        : 'no body; judged by the HTTP status';
    const detail = `HTTP ${response?.status}, ${read}${tries}${redirected}`;
    if (attempt.health === 'degraded') {
        const failing = attempt.verdict && failingComponents(attempt.verdict);
        return check(t.failOnDegraded ? 'fail' : 'warn', `degraded: ${detail}${failing ? `; ${failing}` : ''}`);
    }
    return check('pass', detail);
}
function latencyCheck(url, latency, t) {
    const problems = [];
    if (t.maxP95Ms !== undefined && latency.p95 !== undefined && latency.p95 > t.maxP95Ms) {
        problems.push(`p95 ${evaluate_ms(latency.p95)} over ${(0,units/* formatDuration */.a3)(t.maxP95Ms)}`);
    }
    if (t.maxP99Ms !== undefined && latency.p99 !== undefined && latency.p99 > t.maxP99Ms) {
        problems.push(`p99 ${evaluate_ms(latency.p99)} over ${(0,units/* formatDuration */.a3)(t.maxP99Ms)}`);
    }
    const errorRate = latency.errors / latency.samples;
    if (errorRate > t.maxErrorRate) {
        const kinds = Object.entries(latency.errorKinds)
            .map(([k, n]) => `${n}x ${k}`)
            .join(', ');
        problems.push(`${latency.errors} of ${latency.samples} samples failed (${kinds}), over the allowed ${round1(t.maxErrorRate * 100)}%`);
    }
    if (latency.p95 === undefined)
        problems.push('no sample succeeded, so there is no latency to judge');
    const figures = latency.p50 === undefined
        ? `${latency.samples} samples`
        : `p50 ${evaluate_ms(latency.p50)}, p95 ${evaluate_ms(latency.p95)}, p99 ${evaluate_ms(latency.p99)}, max ${evaluate_ms(latency.max)} over ${latency.samples} samples`;
    return {
        id: `latency:${url}`,
        title: `${url} latency`,
        status: problems.length ? 'fail' : 'pass',
        detail: problems.length ? `${problems.join('; ')} (${figures})` : figures,
    };
}
function tableRow(result, status) {
    const r = result.attempt.response;
    const l = result.latency;
    const v = result.attempt.verdict;
    const cert = result.certificate
        ? `${Math.floor(result.certificate.daysLeft)} days`
        : result.certificateError
            ? 'error'
            : '—';
    return [
        result.target.display,
        HEALTH_OF[status],
        r ? String(r.status) : (result.attempt.failure?.message ?? '—'),
        l?.p50 !== undefined ? evaluate_ms(l.p50) : '—',
        l?.p95 !== undefined ? evaluate_ms(l.p95) : '—',
        l?.p99 !== undefined ? evaluate_ms(l.p99) : '—',
        v?.uptimeSeconds !== undefined ? (0,units/* formatDuration */.a3)(v.uptimeSeconds * 1000) : '—',
        v?.components.length ? v.components.map((c) => `${c.name}: ${c.status}`).join(', ') : '—',
        cert,
    ];
}
function evaluate_ms(value) {
    return `${round1(value)}ms`;
}
/** The first 2,000 characters of a body, redacted; pretty-printed when it is JSON. */
function excerpt(body) {
    let text = body;
    try {
        text = JSON.stringify(JSON.parse(body), null, 2);
    }
    catch {
        // not JSON: show it as it came
    }
    text = (0,secrets/* redact */.E$)(text);
    return text.length > 2000 ? `${text.slice(0, 2000)}\n… (${text.length - 2000} more characters)` : text;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/health-gate/http.ts




/** A request that got no usable HTTP response, with a message a person acts on. */
class HttpFailure extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'HttpFailure';
    }
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * One HTTP(S) exchange with Node's own client: follows up to `maxRedirects` redirects (sending none of
 * the user's headers once the origin changes, and refusing https -> http), reads at most `maxBodyBytes`, and gives up after `timeoutMs`,
 * so a slow, huge or endless body can neither hang the action nor fill its memory.
 */
async function httpRequest(request) {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    try {
        let url = request.url;
        let method = request.method;
        let body = request.body;
        let headers = request.headers;
        for (let redirects = 0;; redirects++) {
            const response = await exchange(request, url, method, headers, body, controller.signal);
            const location = response.location;
            if (!REDIRECTS.has(response.status) || !location) {
                return { ...response, finalUrl: url, redirects, durationMs: performance.now() - started };
            }
            if (redirects >= request.maxRedirects) {
                throw new HttpFailure('redirects', `more than ${request.maxRedirects} redirects (last to ${location})`);
            }
            const next = new URL(location, url);
            if (url.protocol === 'https:' && next.protocol !== 'https:') {
                throw new HttpFailure('downgrade', `refused a redirect from https to ${next.protocol.replace(':', '')} (${(0,secrets/* redact */.E$)(next.origin)}): it would send the request unencrypted; use the https URL`);
            }
            // Every header the user gave may carry a credential (x-api-key, a custom token header ...), not
            // only Authorization and Cookie: another origin (scheme, host or port) gets none of them.
            if (next.origin !== url.origin)
                headers = {};
            if (response.status === 303 ||
                ((response.status === 301 || response.status === 302) && method === 'POST')) {
                method = 'GET';
                body = undefined;
            }
            url = next;
        }
    }
    catch (error) {
        if (controller.signal.aborted) {
            throw new HttpFailure('timeout', `timed out after ${(0,units/* formatDuration */.a3)(request.timeoutMs)}`);
        }
        throw http_classify(error);
    }
    finally {
        clearTimeout(timer);
    }
}
function exchange(request, url, method, headers, body, signal) {
    const client = url.protocol === 'https:' ? external_node_https_ : external_node_http_;
    const auth = url.username
        ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        : undefined;
    return new Promise((resolve, reject) => {
        const req = client.request(url, {
            method,
            headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
            auth,
            signal,
            agent: request.agent ?? false,
            ca: request.ca,
            rejectUnauthorized: !request.insecure,
        }, (res) => {
            const chunks = [];
            let size = 0;
            let truncated = false;
            const finish = () => resolve({
                status: res.statusCode ?? 0,
                contentType: String(res.headers['content-type'] ?? ''),
                headers: res.headers,
                location: res.headers.location,
                body: Buffer.concat(chunks),
                truncated,
            });
            res.on('data', (chunk) => {
                if (truncated)
                    return;
                const room = request.maxBodyBytes - size;
                if (chunk.length > room) {
                    chunks.push(chunk.subarray(0, room));
                    size += room;
                    truncated = true;
                    // Enough has been read: close the connection rather than drain an endless body.
                    res.destroy();
                    finish();
                    return;
                }
                chunks.push(chunk);
                size += chunk.length;
            });
            res.on('end', finish);
            res.on('error', (error) => (truncated ? undefined : reject(error)));
            res.on('close', () => {
                if (!res.complete && !truncated)
                    reject(new HttpFailure('reset', 'the connection closed before the body was complete'));
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}
const TLS_CODES = {
    CERT_HAS_EXPIRED: 'certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate not trusted (self-signed); set ca-cert, or insecure: true',
    SELF_SIGNED_CERT_IN_CHAIN: 'certificate not trusted (self-signed CA in the chain); set ca-cert',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (unknown issuer); set ca-cert',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate not trusted (unknown issuer); set ca-cert',
    CERT_NOT_YET_VALID: 'certificate not yet valid',
    ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};
/** Maps Node's error codes to the words an operator acts on. */
function http_classify(error) {
    if (error instanceof HttpFailure)
        return error;
    const e = error;
    const code = e.code ?? '';
    if (code === 'ECONNREFUSED')
        return new HttpFailure('refused', 'connection refused');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return new HttpFailure('dns', `DNS lookup failed (${code})`);
    if (code === 'ECONNRESET' || code === 'EPIPE')
        return new HttpFailure('reset', 'connection reset by the server');
    if (code === 'ETIMEDOUT')
        return new HttpFailure('timeout', 'connection timed out');
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return new HttpFailure('refused', `host unreachable (${code})`);
    if (TLS_CODES[code])
        return new HttpFailure('tls', TLS_CODES[code]);
    if (code.startsWith('ERR_SSL') ||
        code.startsWith('ERR_TLS') ||
        /certificate|ssl|tls/i.test(e.message ?? '')) {
        return new HttpFailure('tls', `TLS failed: ${e.message}`);
    }
    if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
        return new HttpFailure('other', `the server did not answer with valid HTTP (${code})`);
    }
    return new HttpFailure('other', e.message || String(error));
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/health-gate/tls.ts




/**
 * Reads the server certificate on a fresh TLS connection of its own: a kept-alive connection would show
 * the certificate of its first handshake, not the one the server serves now.
 */
function readCertificate(url, options) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 443);
    return new Promise((resolve, reject) => {
        const socket = external_node_tls_.connect({
            host,
            port,
            servername: (0,external_node_net_.isIP)(host) ? undefined : host,
            ca: options.ca,
            rejectUnauthorized: !options.insecure,
            timeout: options.timeoutMs,
        });
        const timer = setTimeout(() => {
            socket.destroy();
            reject(new Error(`TLS handshake timed out after ${(0,units/* formatDuration */.a3)(options.timeoutMs)}`));
        }, options.timeoutMs);
        socket.once('secureConnect', () => {
            clearTimeout(timer);
            const cert = socket.getPeerCertificate();
            socket.end();
            if (!cert || !cert.valid_to)
                return reject(new Error('the server sent no certificate'));
            const validTo = new Date(cert.valid_to);
            resolve({
                validTo,
                daysLeft: (validTo.getTime() - options.now.getTime()) / 86_400_000,
                subject: nameOf(cert.subject),
                issuer: nameOf(cert.issuer),
            });
        });
        socket.once('error', (error) => {
            clearTimeout(timer);
            reject(http_classify(error));
        });
    });
}
function nameOf(name) {
    if (!name)
        return '';
    const cn = name.CN;
    return Array.isArray(cn) ? cn.join(', ') : (cn ?? Object.values(name).flat().join(', '));
}

;// CONCATENATED MODULE: ./src/health-gate/probe.ts









/** Checks one URL: the health request (with retries or waiting), the latency samples and the certificate. */
async function probeUrl(target, settings, { logger, clock }) {
    const started = performance.now();
    const { attempt, attempts } = await untilSettled(target, settings, logger);
    const result = { target, attempt, attempts, elapsedMs: performance.now() - started };
    // No response, or one with a status the gate does not accept, means every sample fails for the same
    // reason the check already reports: skip them rather than report that cause a second time.
    if (attempt.response && statusExpected(attempt.response.status, settings.expectedStatus)) {
        result.latency = await sampleLatency(target, settings);
    }
    if (target.url.protocol === 'https:') {
        try {
            // Read the dates even from a certificate the request rejected: "expired 3 days ago" is the useful part.
            result.certificate = await readCertificate(target.url, {
                timeoutMs: settings.timeoutMs,
                insecure: true,
                now: clock(),
            });
        }
        catch (error) {
            result.certificateError = error.message;
        }
    }
    return result;
}
/**
 * Without `wait`: one request, retried with exponential backoff from `retry-delay` while the failure is
 * transient. With `wait`: polls every `retry-delay` until the service is acceptable or the wait runs out
 * (the post-deploy gate, where the service may not even listen yet).
 */
async function untilSettled(target, settings, logger) {
    const deadline = performance.now() + settings.waitMs;
    for (let attempts = 1;; attempts++) {
        const attempt = await attemptOnce(target, settings);
        const acceptable = attempt.health === 'healthy' || (attempt.health === 'degraded' && !settings.failOnDegraded);
        if (acceptable)
            return { attempt, attempts };
        let delay;
        if (settings.waitMs > 0) {
            const left = deadline - performance.now();
            if (left <= 0)
                return { attempt, attempts };
            delay = Math.min(settings.retryDelayMs, left);
        }
        else {
            if (!attempt.transient || attempts > settings.retries)
                return { attempt, attempts };
            delay = settings.retryDelayMs * 2 ** (attempts - 1);
        }
        logger.info(`${target.display}: ${attempt.reason}; trying again in ${(0,units/* formatDuration */.a3)(delay)} (attempt ${attempts + 1})`);
        await (0,promises_.setTimeout)(delay);
    }
}
/** The request the inputs describe; redirects are followed up to 5 and the body read up to 1 MiB. */
function requestFor(target, settings, agent) {
    return {
        url: target.url,
        method: settings.method,
        headers: settings.headers,
        body: settings.body,
        timeoutMs: settings.timeoutMs,
        maxBodyBytes: MAX_BODY_BYTES,
        maxRedirects: 5,
        agent,
        ca: settings.ca,
        insecure: settings.insecure,
    };
}
/** One health request, judged: HTTP status, the body's status, the required components. */
async function attemptOnce(target, settings) {
    let response;
    try {
        response = await httpRequest(requestFor(target, settings));
    }
    catch (error) {
        const failure = error instanceof HttpFailure ? error : new HttpFailure('other', String(error));
        // A certificate or a downgrade redirect will not change by asking again.
        const transient = failure.kind !== 'tls' && failure.kind !== 'downgrade';
        return { health: 'unhealthy', reason: failure.message, transient, failure };
    }
    const verdict = interpretBody(response.body.toString('utf8'), response.contentType, response.truncated, {
        statusPath: settings.statusPath,
        uptimePath: settings.uptimePath,
        vocabulary: settings.vocabulary,
    });
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    if (!statusExpected(response.status, settings.expectedStatus)) {
        const expected = settings.expectedStatus.text;
        // django-health-check, health-go and Kubernetes answer 500/503 with a body naming what failed: the
        // one failure this status causes says it, since the checks that read the body are not judged.
        const failing = verdict.problem ? undefined : failingComponents(verdict, { includeNamed: true });
        return {
            health: 'unhealthy',
            reason: `HTTP ${response.status} (expected ${expected})${failing ? `; ${failing}` : ''}`,
            transient,
            response,
            verdict,
        };
    }
    if (verdict.problem)
        return { health: 'unhealthy', reason: verdict.problem, transient, response, verdict };
    const missing = missingComponents(verdict, settings.requiredChecks);
    if (missing.length > 0)
        return { health: 'unhealthy', reason: missing.join('; '), transient, response, verdict };
    if (verdict.health !== 'healthy') {
        return {
            health: verdict.health,
            reason: describeStatus(verdict),
            transient,
            response,
            verdict,
        };
    }
    return { health: 'healthy', transient: false, response, verdict };
}
/** One line per required component that is absent or not healthy. */
function missingComponents(verdict, required) {
    const problems = [];
    for (const name of required) {
        const component = findComponent(verdict, name);
        if (!component) {
            const reported = verdict.components.map((c) => c.name).join(', ') || 'none';
            problems.push(`component ${name} is not reported (reported: ${reported})`);
        }
        else if (component.health !== 'healthy') {
            problems.push(`component ${component.name} is ${component.status}`);
        }
    }
    return problems;
}
/**
 * `samples` requests, `concurrency` at a time, on kept-alive connections as a browser would use them.
 * Latency is from sending the request to reading the whole body; a sample that fails (network error
 * or an unexpected status) counts toward the error rate, not the percentiles.
 */
async function sampleLatency(target, settings) {
    const options = { keepAlive: true, maxSockets: settings.concurrency };
    const agent = target.url.protocol === 'https:' ? new external_node_https_.Agent(options) : new external_node_http_.Agent(options);
    const durations = [];
    const errorKinds = {};
    let next = 0;
    const worker = async () => {
        while (next < settings.samples) {
            next++;
            try {
                const response = await httpRequest(requestFor(target, settings, agent));
                if (statusExpected(response.status, settings.expectedStatus))
                    durations.push(response.durationMs);
                else
                    errorKinds[`HTTP ${response.status}`] = (errorKinds[`HTTP ${response.status}`] ?? 0) + 1;
            }
            catch (error) {
                const message = error.message;
                errorKinds[message] = (errorKinds[message] ?? 0) + 1;
            }
        }
    };
    try {
        await Promise.all(Array.from({ length: Math.min(settings.concurrency, settings.samples) }, worker));
    }
    finally {
        agent.destroy();
    }
    return {
        samples: settings.samples,
        errors: settings.samples - durations.length,
        errorKinds,
        p50: percentile(durations, 50),
        p95: percentile(durations, 95),
        p99: percentile(durations, 99),
        max: durations.length ? Math.max(...durations) : undefined,
    };
}

;// CONCATENATED MODULE: ./src/health-gate/smoke-report.ts


function smokeReport(results) {
    const opened = results.filter((r) => r.opened);
    const passed = results.filter((r) => r.outcome === 'passed').length;
    const failed = results.filter((r) => r.outcome === 'failed').length;
    return {
        authzFailures: opened.map(authzFailure),
        checks: results.filter((r) => !r.opened).map(stepCheck),
        table: {
            title: 'Smoke flow',
            columns: ['Step', 'Kind', 'Result', 'HTTP', 'Latency', 'First failed expectation'],
            rows: results.map((r) => [
                r.step.name,
                r.step.kind,
                r.opened ? 'OPEN: refusal expected' : r.outcome,
                r.status === undefined ? '—' : String(r.status),
                r.latencyMs === undefined ? '—' : (0,units/* formatDuration */.a3)(r.latencyMs),
                r.problem ?? '—',
            ]),
        },
        figures: results.map((r) => ({ name: r.step.name, outcome: r.outcome, latencyMs: r.latencyMs })),
        metrics: [
            { name: 'smoke-passed', value: passed, unit: 'steps' },
            { name: 'smoke-failed', value: failed, unit: 'steps' },
            { name: 'authz-failures', value: opened.length, unit: 'steps' },
        ],
    };
}
/** How a step's request reads in a message: method and path, placeholders as written, secrets masked. */
function request(result) {
    return (0,secrets/* redact */.E$)(`${result.step.method} ${result.step.path}`);
}
function authzFailure(result) {
    return {
        id: `authz:${result.step.name}`,
        title: `Authorization: ${result.step.name}`,
        status: 'fail',
        detail: `${request(result)} answered HTTP ${result.status} where it must refuse (${result.step.expect.status.text}): a protected path is open`,
        recommendation: 'treat it as a security incident: find the change that opened the path, roll it back, and check the access logs for use of it',
    };
}
function stepCheck(result) {
    const check = { id: `smoke:${result.step.name}`, title: `Smoke step: ${result.step.name}` };
    if (result.outcome === 'skipped')
        return { ...check, status: 'warn', detail: result.problem ?? 'not run' };
    if (result.outcome === 'failed') {
        return { ...check, status: 'fail', detail: `${request(result)}: ${result.problem ?? 'failed'}` };
    }
    return {
        ...check,
        status: 'pass',
        detail: `${request(result)}: HTTP ${result.status} in ${(0,units/* formatDuration */.a3)(result.latencyMs ?? 0)}`,
    };
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/health-gate/smoke-run.ts
/**
 * Runs a smoke flow: each step's request in order against the origin of the first `url`, through the
 * same HTTP code as the health request (its redirect, size and timeout rules), then its expectations.
 * A step stops at its first failed expectation: that is the one the summary shows.
 */








/** Runs every step; a step whose captures an earlier step could not provide is skipped, not failed. */
async function runSmokeFlow(flow, settings, logger) {
    const captures = new Map();
    const jar = new Map();
    const results = [];
    for (const step of flow.steps) {
        const missing = step.needs.filter((name) => !captures.has(name));
        const result = missing.length > 0
            ? {
                step,
                outcome: 'skipped',
                opened: false,
                problem: `not run: an earlier step did not capture ${missing.map((n) => `\${{ captures.${n} }}`).join(', ')}`,
            }
            : await runStep(step, settings, flow.cookies ? jar : undefined, captures);
        const figures = result.status === undefined ? '' : ` (HTTP ${result.status}, ${(0,units/* formatDuration */.a3)(result.latencyMs ?? 0)})`;
        logger.info((0,secrets/* redact */.E$)(`smoke step '${step.name}': ${result.outcome}${figures}${result.problem ? `: ${result.problem}` : ''}`));
        results.push(result);
    }
    return results;
}
async function runStep(step, settings, jar, captures) {
    const fill = (text) => fillCaptures(text, captures);
    const url = new URL(fill(step.path), settings.origin);
    // A captured value may hold '//host': the flow never leaves the origin it was given.
    if (url.origin !== settings.origin.origin) {
        return {
            step,
            outcome: 'failed',
            opened: false,
            problem: 'the path leaves the origin of url; use a path on it',
        };
    }
    const headers = Object.fromEntries(step.headers.map(([name, value]) => [name, fill(value)]));
    let body;
    if (step.body?.type === 'json') {
        body = JSON.stringify(mapStrings(step.body.value, fill));
        headers['content-type'] ??= 'application/json';
    }
    else if (step.body?.type === 'form') {
        body = new URLSearchParams(step.body.fields.map(([name, value]) => [name, fill(value)])).toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    if (jar && jar.size > 0 && headers.cookie === undefined) {
        headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let response;
    try {
        response = await httpRequest({
            url,
            method: step.method,
            headers,
            body,
            timeoutMs: settings.timeoutMs,
            maxBodyBytes: MAX_BODY_BYTES,
            maxRedirects: 5,
            ca: settings.ca,
            insecure: settings.insecure,
        });
    }
    catch (error) {
        const message = error instanceof HttpFailure ? error.message : String(error);
        return { step, outcome: 'failed', opened: false, problem: (0,secrets/* redact */.E$)(message) };
    }
    const cookies = setCookies(response);
    for (const [name, value] of jar ? cookies : []) {
        if (value === undefined)
            jar?.delete(name);
        else
            jar?.set(name, value);
    }
    const base = { step, status: response.status, latencyMs: response.durationMs };
    const problem = firstProblem(step, response);
    if (problem !== undefined) {
        // The path itself let the request in. A 2xx reached by a redirect (to a login page, typically) is
        // the path refusing the way web apps do: a failed expectation, not an open path.
        const opened = step.kind === 'authz' && response.redirects === 0 && response.status >= 200 && response.status <= 299;
        return { ...base, outcome: 'failed', opened, problem: (0,secrets/* redact */.E$)(problem) };
    }
    for (const [name, source] of step.capture) {
        const value = captured(source, response, cookies);
        if (value === undefined) {
            return {
                ...base,
                outcome: 'failed',
                opened: false,
                problem: `capture ${name}: ${describeSource(source)} not found in the response`,
            };
        }
        // A captured token or id is as secret as a password: never in a log, report or summary.
        (0,secrets/* addSecret */.Ck)(value);
        captures.set(name, value);
    }
    return { ...base, outcome: 'passed', opened: false };
}
/** The first expectation the response does not meet, as "what was expected, what was found". */
function firstProblem(step, response) {
    const { expect } = step;
    if (!statusExpected(response.status, expect.status)) {
        const redirected = response.redirects > 0
            ? ` after ${response.redirects} redirect(s) to ${response.finalUrl.pathname}`
            : '';
        return `HTTP ${response.status}${redirected}, expected ${expect.status.text}`;
    }
    if (expect.maxLatencyMs !== undefined && response.durationMs > expect.maxLatencyMs) {
        return `took ${(0,units/* formatDuration */.a3)(response.durationMs)}, over max-latency ${(0,units/* formatDuration */.a3)(expect.maxLatencyMs)}`;
    }
    if (expect.json.length > 0) {
        const body = parseJson(response);
        if (body === undefined)
            return `the body is not JSON (content-type ${response.contentType || 'none'})`;
        for (const [path, expectation] of expect.json) {
            const problem = mismatch(getAtPath(body.value, path), expectation);
            if (problem)
                return `${path.text}: ${problem}`;
        }
    }
    for (const [name, expectation] of expect.headers) {
        const problem = mismatch(headerValue(response, name), expectation);
        if (problem)
            return `header ${name}: ${problem}`;
    }
    return undefined;
}
/** Why a value does not meet an expectation, or undefined when it does. */
function mismatch(value, expectation) {
    if (expectation.exists === true && value === undefined)
        return 'absent, expected to exist';
    if (expectation.exists === false && value !== undefined)
        return `found ${shown(value)}, expected absent`;
    if (expectation.hasEquals && !(0,external_node_util_.isDeepStrictEqual)(value, expectation.equals)) {
        return `found ${shown(value)}, expected ${shown(expectation.equals)}`;
    }
    if (expectation.matches) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (value === undefined || !expectation.matches.test(text)) {
            return `found ${shown(value)}, expected to match /${expectation.matches.source}/`;
        }
    }
    return undefined;
}
/** A value as the summary may show it: JSON, at most 80 characters, secrets and captures masked. */
function shown(value) {
    if (value === undefined)
        return 'nothing';
    const text = (0,secrets/* redact */.E$)(JSON.stringify(value));
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
function parseJson(response) {
    try {
        return { value: JSON.parse(response.body.toString('utf8')) };
    }
    catch {
        return undefined;
    }
}
function headerValue(response, name) {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
}
/** The cookies a response sets; undefined for one it deletes (Max-Age=0 or an Expires in the past). */
function setCookies(response) {
    const cookies = new Map();
    for (const line of response.headers['set-cookie'] ?? []) {
        const [pair, ...attributes] = line.split(';');
        const equals = pair.indexOf('=');
        if (equals <= 0)
            continue;
        const name = pair.slice(0, equals).trim();
        const value = pair.slice(equals + 1).trim();
        const deleted = attributes.some((attribute) => {
            const [key, setting = ''] = attribute.split('=').map((part) => part.trim());
            if (/^max-age$/i.test(key))
                return Number(setting) <= 0;
            if (/^expires$/i.test(key))
                return Date.parse(setting) < Date.now();
            return false;
        });
        // A session cookie is a credential: mask it wherever it could show up.
        if (!deleted)
            (0,secrets/* addSecret */.Ck)(value);
        cookies.set(name, deleted ? undefined : value);
    }
    return cookies;
}
function captured(source, response, cookies) {
    if (source.from !== 'json') {
        return source.from === 'header' ? headerValue(response, source.name) : cookies.get(source.name);
    }
    const body = parseJson(response);
    const value = body === undefined ? undefined : getAtPath(body.value, source.path);
    if (value === undefined || value === null)
        return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
}
function describeSource(source) {
    return source.from === 'json' ? source.path.text : `${source.from} ${source.name}`;
}

;// CONCATENATED MODULE: ./src/health-gate/action.ts







/** Checks every URL in turn (so their latency samples do not disturb each other) and builds the Report. */
async function checkHealth(inputs, context) {
    const startedAt = context.clock().toISOString();
    const results = [];
    for (const target of inputs.targets) {
        context.logger.info(`checking ${target.display}`);
        results.push(await probeUrl(target, inputs, context));
    }
    let smoke;
    if (inputs.smoke) {
        context.logger.info(`running the smoke flow in ${inputs.smoke.file}`);
        const steps = await runSmokeFlow(inputs.smoke, {
            origin: new URL(inputs.targets[0].url.origin),
            timeoutMs: inputs.timeoutMs,
            ca: inputs.ca,
            insecure: inputs.insecure,
        }, context.logger);
        smoke = smokeReport(steps);
    }
    const report = evaluate(results, inputs, startedAt, smoke);
    const baseline = readBaseline(inputs.baseline, 'health-gate', context.logger);
    return baseline ? compareWithBaseline(report, baseline, inputs.maxRegression) : report;
}
const healthGateAction = {
    name: 'health-gate',
    readInputs: (reader, { workspace }) => readInputs(reader, workspace),
    warnings: (inputs) => [
        ...(inputs.insecure ? ['insecure: true: TLS certificates are not verified; do not leave this on'] : []),
        ...(inputs.maxRegression !== undefined && !inputs.baseline
            ? ['max-regression is set without baseline: there is no earlier p95 to compare with']
            : []),
    ],
    // One incident per set of URLs (the display form: passwords and tokens masked).
    incident: ({ targets }) => ({
        key: targets.map((target) => target.display).join('\n'),
        name: targets.length === 1 ? targets[0].display : `${targets[0].display} and ${targets.length - 1} more`,
    }),
    run: async (inputs, context) => {
        const report = await checkHealth(inputs, context);
        return { report, outputs: outputsOf(report) };
    },
};


/***/ })

};
