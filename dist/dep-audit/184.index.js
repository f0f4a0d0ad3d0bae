export const id = 184;
export const ids = [184];
export const modules = {

/***/ 9184:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  depAuditAction: () => (/* binding */ depAuditAction)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/dep-audit/model.ts

/**
 * Worst last. `unknown` ranks lowest so that a known severity always wins a merge (pip-audit's unknown
 * and npm's high give high); what unknown counts as at the gate is the `unknown-severity` input's call.
 */
const SEVERITIES = ['unknown', 'low', 'moderate', 'high', 'critical'];
const RANK = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 };
function severityRank(severity) {
    return RANK[severity];
}
/** For sorting worst first: `findings.sort((a, b) => compareSeverity(b.severity, a.severity))`. */
function compareSeverity(a, b) {
    return RANK[a] - RANK[b];
}
/** The worst known severity, `unknown` when there is none. */
function worstSeverity(severities) {
    let worst = 'unknown';
    for (const severity of severities)
        if (RANK[severity] > RANK[worst])
            worst = severity;
    return worst;
}
/** Whether `severity` reaches `threshold`; an unknown severity never does (map it before asking). */
function atLeast(severity, threshold) {
    return severity !== 'unknown' && RANK[severity] >= RANK[threshold];
}
/**
 * Reads the severity words of every tool: npm's `info` counts as low (it is below low, and there is no
 * lower level to keep it apart), bandit's `MEDIUM` is moderate; anything else is unknown, never dropped.
 */
function toSeverity(word) {
    switch (typeof word === 'string' ? word.trim().toLowerCase() : '') {
        case 'info':
        case 'low':
            return 'low';
        case 'moderate':
        case 'medium':
            return 'moderate';
        case 'high':
            return 'high';
        case 'critical':
            return 'critical';
        default:
            return 'unknown';
    }
}
/** The page of an advisory id: GitHub for GHSA, OSV (which mirrors PYSEC, CVE and GHSA) for the rest. */
function advisoryUrl(id) {
    if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id))
        return `https://github.com/advisories/${id}`;
    if (/^(PYSEC|CVE|OSV|GSD|RUSTSEC|BIT)-/i.test(id))
        return `https://osv.dev/vulnerability/${id}`;
    return undefined;
}
/** The ecosystem a package name belongs to: the same name on npm and PyPI is not the same package. */
function ecosystem(tool) {
    return tool === 'npm-audit' ? 'npm' : tool === 'pip-audit' ? 'pypi' : 'code';
}
/** A PyPI name after PEP 503 normalisation (`Foo_Bar.baz` is `foo-bar-baz`): how pip compares names. */
const normalizePypiName = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
/** The Python that runs pip and venv: `python3` (Windows runners name it `python`). */
const PYTHON = process.platform === 'win32' ? 'python' : 'python3';
/** PyPI names compare after PEP 503 normalisation; npm names are exact. */
function packageKey(finding) {
    const name = finding.package ?? '';
    return finding.tool === 'pip-audit' ? normalizePypiName(name) : name;
}
const idKey = (id) => id.trim().toUpperCase();
/**
 * Merges findings of the same advisory (ids or aliases overlap, transitively) for the same package and
 * version in the same ecosystem, across tools and projects; bandit findings merge when the same test fires
 * on the same file and line (overlapping bandit paths). The merged finding keeps the first one's fields
 * and input position, the worst severity, the union of aliases, fixes, paths and projects. A missing
 * version (npm 7+) only matches a missing version.
 */
function dedupe(findings) {
    const parent = findings.map((_, index) => index);
    const find = (index) => {
        while (parent[index] !== index)
            index = parent[index] = parent[parent[index]];
        return index;
    };
    let unions = 0;
    const union = (a, b) => {
        const [ra, rb] = [find(a), find(b)];
        if (ra === rb)
            return;
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
        unions++;
    };
    const firstWith = new Map();
    findings.forEach((finding, index) => {
        const where = finding.package === undefined
            ? `${ecosystem(finding.tool)}\0${finding.file ?? finding.project}\0${finding.line ?? ''}`
            : `${ecosystem(finding.tool)}\0${packageKey(finding)}\0${finding.version ?? ''}`;
        for (const id of [finding.id, ...finding.aliases]) {
            const key = `${where}\0${idKey(id)}`;
            const seen = firstWith.get(key);
            if (seen === undefined)
                firstWith.set(key, index);
            else
                union(seen, index);
        }
    });
    // Nothing to merge (one report, no overlap): every finding stays as it is, in its place.
    if (unions === 0)
        return [...findings];
    const groups = new Map();
    findings.forEach((finding, index) => {
        const root = find(index);
        const group = groups.get(root);
        if (group)
            group.push(finding);
        else
            groups.set(root, [finding]);
    });
    return [...groups.values()].map(merge);
}
function merge(group) {
    const [first] = group;
    if (group.length === 1)
        return first;
    const union = (values) => [...new Set(values)];
    const ids = union(group.flatMap((f) => [f.id, ...f.aliases]));
    const projects = union(group.flatMap((f) => f.projects ?? [f.project]));
    const paths = union(group.flatMap((f) => f.paths ?? (f.path === undefined ? [] : [f.path])));
    const merged = {
        ...first,
        aliases: ids.filter((id) => idKey(id) !== idKey(first.id)),
        severity: worstSeverity(group.map((f) => f.severity)),
        fixedVersions: union(group.flatMap((f) => f.fixedVersions)),
        fixAvailable: group.some((f) => f.fixAvailable),
        url: first.url ?? group.find((f) => f.url)?.url,
        fix: first.fix ?? group.find((f) => f.fix)?.fix,
    };
    if (paths.length > 0 && first.package !== undefined)
        merged.paths = paths;
    if (projects.length > 1)
        merged.projects = projects;
    return merged;
}
/** Trims each line, collapses runs of blanks, drops empty lines: re-indenting code is not a new finding. */
function normaliseCode(code) {
    return code
        .split(/\r?\n/)
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .filter((line) => line !== '')
        .join('\n');
}
/**
 * The id a dependency finding is known by across runs: its GHSA id when it has one (npm always, pip-audit
 * in its aliases whichever service answered), else its CVE, else its own id.
 */
function canonicalId(finding) {
    // Without aliases the id is the only candidate (npm audit's findings): nothing to pick from.
    if (finding.aliases.length === 0)
        return idKey(finding.id);
    const ids = [finding.id, ...finding.aliases].map(idKey);
    const pick = (prefix) => ids
        .filter((id) => id.startsWith(prefix))
        .sort()
        .at(0);
    return pick('GHSA-') ?? pick('CVE-') ?? idKey(finding.id);
}
const hash = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
/**
 * A stable key for baselines. A dependency finding is its ecosystem, project, package and canonical id:
 * not the version (upgrading within the vulnerable range is not a new problem) nor the dependency path.
 * A bandit finding is its file, test id and normalised code (or issue text): not the line, so code that
 * moved is not new. Two identical findings in one file share this key; `fingerprints` tells them apart.
 */
function fingerprint(finding) {
    if (finding.tool === 'bandit') {
        const text = normaliseCode(finding.code ?? '') || normaliseCode(finding.title);
        return `bandit:${finding.file ?? finding.project}:${finding.id}:${hash(text)}`;
    }
    return `${ecosystem(finding.tool)}:${finding.project}:${packageKey(finding)}:${canonicalId(finding)}`;
}
/**
 * Fingerprints of a list, occurrence-aware: the second identical finding in the same file (by line order)
 * gets `#2`, so it is not swallowed by the first, the weakness of bandit's own baseline (PyCQA/bandit#466).
 * Compute it on findings before `dedupe`, the same way for the baseline run and this one.
 */
function fingerprints(findings) {
    const keys = findings.map(fingerprint);
    const order = findings.map((_, index) => index);
    // Only bandit findings have lines: a report of dependencies alone keeps its order, unsorted.
    if (findings.some((finding) => finding.line !== undefined))
        order.sort((a, b) => (findings[a].line ?? 0) - (findings[b].line ?? 0) || a - b);
    const seen = new Map();
    const result = new Array(findings.length);
    for (const index of order) {
        const count = (seen.get(keys[index]) ?? 0) + 1;
        seen.set(keys[index], count);
        result[index] = count === 1 ? keys[index] : `${keys[index]}#${count}`;
    }
    return result;
}
/**
 * Parses a tool's stdout as JSON, or says why it is not a report. A tool that printed nothing or printed
 * text instead of JSON did not scan: that is an incomplete audit, not an empty one.
 */
function readToolJson(text, tool) {
    const trimmed = text.trim();
    if (trimmed === '')
        return { ok: false, reason: `${tool} printed nothing instead of a JSON report` };
    try {
        return { ok: true, value: JSON.parse(trimmed) };
    }
    catch {
        return { ok: false, reason: `${tool} printed text instead of a JSON report: ${excerpt(trimmed)}` };
    }
}
/** The last line a tool printed (usually its error), at most 300 characters, for messages. */
function lastLine(text) {
    return text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300) ?? '';
}
/** The first line of a text, at most 200 characters, for messages. */
function excerpt(text, max = 200) {
    const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value) => typeof value === 'string' && value !== '' ? value : undefined;
const asStrings = (value) => Array.isArray(value) ? value.filter((item) => typeof item === 'string' && item !== '') : [];

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/dep-audit/allowlist.ts



/**
 * Reads the allowlist YAML: a list of entries (or `{ allowlist: [...] }`), each with `id`, a required
 * `reason` and `expires`, and an optional `package` or `path` scope. Every mistake is a ConfigurationError
 * that names the file and line.
 */
function parseAllowlist(text, file) {
    const counter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: counter });
    if (doc.errors.length) {
        const error = doc.errors[0];
        const line = error.linePos?.[0].line ?? counter.linePos(error.pos[0]).line;
        throw new errors/* ConfigurationError */.j1(`input 'allowlist': ${file} is not valid YAML at line ${line}: ${error.message.split('\n')[0]}`);
    }
    const root = doc.contents;
    const list = doc.toJS();
    const entries = Array.isArray(list)
        ? list
        : list && typeof list === 'object' && Array.isArray(list.allowlist)
            ? list.allowlist
            : undefined;
    if (!entries)
        throw new errors/* ConfigurationError */.j1(`input 'allowlist': ${file} must be a list of entries with id, reason and expires`);
    const nodes = (Array.isArray(list)
        ? root?.items
        : root?.get?.('allowlist')?.items) ?? [];
    return entries.map((raw, index) => {
        const node = nodes[index];
        const line = node?.range ? counter.linePos(node.range[0]).line : index + 1;
        const where = `${file} line ${line}`;
        const entry = (raw ?? {});
        const text = (key) => typeof entry[key] === 'string' || typeof entry[key] === 'number'
            ? String(entry[key]).trim()
            : entry[key] instanceof Date
                ? entry[key].toISOString().slice(0, 10)
                : '';
        if (!text('id'))
            throw new errors/* ConfigurationError */.j1(`input 'allowlist': the entry at ${where} has no id (a GHSA, CVE or PYSEC id, or a bandit test id such as B105)`);
        if (!text('reason'))
            throw new errors/* ConfigurationError */.j1(`input 'allowlist': the entry ${text('id')} at ${where} has no reason: say why it is accepted`);
        const expires = text('expires');
        if (!expires)
            throw new errors/* ConfigurationError */.j1(`input 'allowlist': the entry ${text('id')} at ${where} has no expires date (YYYY-MM-DD): every exception ends`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
            throw new errors/* ConfigurationError */.j1(`input 'allowlist': the entry ${text('id')} at ${where} expires '${expires}': use a date such as 2027-03-31`);
        }
        return {
            id: text('id'),
            package: text('package') || undefined,
            path: text('path') || undefined,
            reason: text('reason'),
            expires,
            line,
        };
    });
}
/** Whether an entry covers a finding: by id or alias, within its package or path scope when it has one. */
function matches(entry, finding) {
    const ids = [finding.id, ...finding.aliases, canonicalId(finding)].map((id) => id.toUpperCase());
    if (!ids.includes(entry.id.toUpperCase()))
        return false;
    if (entry.package && entry.package !== finding.package)
        return false;
    if (entry.path) {
        const where = [finding.file, finding.path, finding.project, ...(finding.projects ?? [])].filter(Boolean);
        if (!where.some((w) => w === entry.path ||
            w.startsWith(`${entry.path.replace(/\/$/, '')}/`) ||
            w.startsWith(`${entry.path}>`)))
            return false;
    }
    return true;
}
function applyAllowlist(findings, entries, today) {
    const active = entries.filter((e) => e.expires >= today);
    const expired = entries.filter((e) => e.expires < today);
    const used = new Set();
    const suppressed = [];
    const kept = [];
    for (const finding of findings) {
        const entry = active.find((e) => matches(e, finding));
        if (entry) {
            used.add(entry);
            suppressed.push({ finding, entry });
        }
        else
            kept.push(finding);
    }
    return { suppressed, kept, expired, unused: active.filter((e) => !used.has(e)) };
}

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

;// CONCATENATED MODULE: ./src/dep-audit/changes.ts

/** The title of the "what changed" table. */
const CHANGES_TABLE = 'Changes since the baseline';
/** The summary lists this many changes; every finding is in the report JSON. */
const SHOWN_CHANGES = 200;
/** The earlier run's findings, or undefined (one warning given) when the file cannot serve as baseline. */
function readFindingsBaseline(path, logger) {
    const report = readBaseline(path, 'dep-audit', logger);
    if (!report || !path)
        return undefined;
    // Same action and format, but the file may be hand-edited: nothing in it is trusted before it is checked.
    const fingerprints = report.data?.fingerprints;
    if (!Array.isArray(fingerprints)) {
        logger.alert(`baseline '${path}' has no findings fingerprints: nothing is compared; every finding counts`);
        return undefined;
    }
    const findings = Array.isArray(report.data?.findings)
        ? report.data.findings.filter((f) => typeof f === 'object' && f !== null && typeof f.fingerprint === 'string')
        : [];
    return { path, fingerprints: new Set(fingerprints.map(String)), findings };
}
/** New since the baseline (among the findings not allowlisted) and fixed since (gone from this run). */
function changesSince(baseline, kept, all) {
    const now = new Set(all.map((f) => f.fingerprint));
    const fixed = new Map();
    for (const f of baseline.findings)
        if (!now.has(f.fingerprint))
            fixed.set(f.fingerprint, f);
    return {
        added: kept.filter((f) => !baseline.fingerprints.has(f.fingerprint)),
        fixed: [...fixed.values()],
    };
}
/** One row per new or fixed finding, new first. */
function changesTable({ added, fixed }) {
    const rows = [...added.map((f) => ['new', ...describe(f)]), ...fixed.map((f) => ['fixed', ...describe(f)])];
    const more = rows.length > SHOWN_CHANGES
        ? ` (the first ${SHOWN_CHANGES} of ${rows.length}; all in the report JSON)`
        : '';
    return {
        title: `${CHANGES_TABLE}: ${added.length} new, ${fixed.length} fixed${more}`,
        columns: ['Change', 'Tool', 'ID', 'Package / issue', 'Severity', 'Where'],
        rows: rows.slice(0, SHOWN_CHANGES),
    };
}
function describe(f) {
    const where = f.tool === 'bandit' ? (f.file ?? '') : (f.path ?? f.project ?? '');
    return [String(f.tool), String(f.id), String(f.package ?? f.title ?? ''), String(f.severity), String(where)];
}

;// CONCATENATED MODULE: ./src/dep-audit/gates.ts

const CONFIDENCE_RANK = { unknown: 0, low: 1, medium: 2, high: 3 };
const UPDATE_RANK = { none: 0, unknown: 0, patch: 1, minor: 2, major: 3 };
/** pip-audit reports no severity: count it as the `unknown-severity` input says. */
function effectiveSeverity(finding, unknownAs) {
    return finding.severity === 'unknown' ? unknownAs : finding.severity;
}
function reaches(severity, level) {
    return level !== 'none' && atLeast(severity, level);
}
const isOutdatedList = (run) => run.tool === 'npm outdated' || run.tool === 'pip outdated';
/** One check per scanner run: what it found and how long it took, or why it did not scan or finish. */
const scannerRuns = ({ runs, gate }) => ({
    checks: runs.map((run) => {
        const id = `tool:${run.tool}:${run.project}`;
        const title = `${run.tool} (${run.project})`;
        if (run.notScanned)
            return { id, title, status: 'warn', detail: `not scanned: ${run.notScanned}` };
        if (run.incomplete)
            return {
                id,
                title,
                status: gate.onToolError === 'fail' ? 'fail' : 'warn',
                detail: `incomplete: ${run.incomplete}`,
                recommendation: 'the audit did not finish, so it cannot be called clean',
            };
        const what = isOutdatedList(run)
            ? `${run.outdated.length} outdated package(s)`
            : run.tool === 'bandit'
                ? `${run.findings.length} code issue(s)`
                : `${run.findings.length} vulnerability(ies)`;
        return {
            id,
            title,
            status: 'pass',
            detail: `${what}, in ${Math.round(run.durationMs / 100) / 10}s${run.note ? ` (${run.note})` : ''}`,
        };
    }),
});
/** Vulnerable dependencies (npm audit, pip-audit) at or above `fail-on`. */
const vulnerabilities = ({ runs, allow, baseline, gate, candidates }) => {
    const deps = candidates.filter((f) => f.tool !== 'bandit');
    return {
        checks: [
            judgeScans({
                id: 'vulnerabilities',
                title: `Vulnerable dependencies (fail-on ${gate.failOn})`,
                runs: runs.filter((r) => r.tool === 'npm audit' || r.tool === 'pip-audit'),
                failing: deps.filter((f) => reaches(effectiveSeverity(f, gate.unknownSeverity), gate.failOn)),
                found: deps,
                level: gate.failOn,
                none: `none${baseline ? ' new' : ''}${allow.suppressed.length ? ` (${allow.suppressed.length} allowlisted)` : ''}`,
                unknownStatus: gate.onToolError,
                recommendation: 'fix what stopped the scanner (its own check above says why) and run again, or evaluate a report saved where the advisory service is reachable (npm-audit-report, pip-audit-report)',
                notScanned: 'no npm project (package-lock.json) and no requirements file was found',
                setInput: 'set npm-projects or python-requirements (relative to working-directory), or check working-directory',
            }),
        ],
    };
};
/** Code issues (bandit) at or above `bandit-fail-on` with at least `bandit-confidence`. */
const codeIssues = ({ runs, baseline, gate, candidates }) => {
    const code = candidates.filter((f) => f.tool === 'bandit');
    return {
        checks: [
            judgeScans({
                id: 'code-issues',
                title: `Code issues (bandit-fail-on ${gate.banditFailOn}, confidence ${gate.banditConfidence})`,
                runs: runs.filter((r) => r.tool === 'bandit'),
                failing: code.filter((f) => reaches(f.severity, gate.banditFailOn) &&
                    CONFIDENCE_RANK[f.confidence ?? 'unknown'] >= CONFIDENCE_RANK[gate.banditConfidence]),
                found: code,
                level: gate.banditFailOn,
                belowGate: 'below the gate',
                none: `none${baseline ? ' new' : ''}`,
                unknownStatus: gate.onToolError,
                recommendation: 'fix what stopped bandit (its own check above says why) and run again, or evaluate a saved report (bandit-report)',
                setInput: 'set bandit-paths to the folders of your Python code (relative to working-directory)',
            }),
        ],
    };
};
/** An allowlist entry past its date fails: the exception was granted until then. */
const expiredAllowEntries = ({ allow }) => ({
    checks: allow.expired.length
        ? [
            {
                id: 'allowlist-expired',
                title: 'Expired allowlist entries',
                status: 'fail',
                detail: allow.expired
                    .map((e) => `${e.id} expired on ${e.expires} (line ${e.line}: ${e.reason})`)
                    .join('; '),
                recommendation: 'fix the finding, or renew the entry with a new reason and date',
            },
        ]
        : [],
});
/** An allowlist entry that matched nothing warns: the finding is gone and the entry should go too. */
const unusedAllowEntries = ({ allow }) => ({
    checks: allow.unused.length
        ? [
            {
                id: 'allowlist-unused',
                title: 'Unused allowlist entries',
                status: 'warn',
                detail: allow.unused.map((e) => `${e.id} (line ${e.line}) matched nothing`).join('; '),
                recommendation: 'remove entries for findings that are gone',
            },
        ]
        : [],
});
/**
 * With a baseline: how many findings are new against it. One that cannot serve was a warning when it was
 * read (changes.ts) and is absent here: every finding then counts.
 */
const baselineComparison = ({ baseline, allow, candidates }) => ({
    checks: baseline
        ? [
            {
                id: 'baseline',
                title: 'Baseline',
                status: 'pass',
                detail: `${candidates.length} new finding(s) against ${baseline.path} (${allow.kept.length - candidates.length} known or not gated)`,
            },
        ]
        : [],
});
/** Outdated packages, failing from `outdated-fail-on` up; the table lists every one, biggest update first. */
const outdatedPackages = ({ runs, gate, outdated }) => {
    const tables = outdated.length ? [outdatedTable(outdated)] : [];
    if (!gate.outdated)
        return { checks: [], tables };
    const over = gate.outdatedFailOn === 'none'
        ? []
        : outdated.filter((r) => UPDATE_RANK[r.update] >= UPDATE_RANK[gate.outdatedFailOn]);
    const majors = outdated.filter((r) => r.update === 'major').length;
    // A list that did not finish (an unreachable index) leaves the count unknown, not clean.
    const unfinished = runs
        .filter((r) => isOutdatedList(r) && r.incomplete)
        .map((r) => `${r.tool} (${r.project})`);
    const counted = `${outdated.length} outdated (${majors} major)`;
    const check = {
        id: 'outdated',
        title: `Outdated packages (outdated-fail-on ${gate.outdatedFailOn})`,
        status: over.length ? 'fail' : unfinished.length ? gate.onToolError : 'pass',
        detail: over.length
            ? `${over.length} ${gate.outdatedFailOn} update(s) or bigger waiting: ${over
                .slice(0, 5)
                .map((r) => `${r.package} ${r.current ?? 'missing'} → ${r.latest}`)
                .join(', ')}`
            : unfinished.length
                ? `unknown: ${unfinished.join(', ')} did not finish; ${counted} in the lists that did`
                : counted,
    };
    return { checks: [check], tables };
};
/** With `secrets-max-age`: Actions secrets not rotated in time warn, as does a listing that failed. */
const secretRotation = ({ stale }) => {
    if (!stale)
        return { checks: [] };
    const old = stale.secrets.filter((s) => s.stale);
    const check = stale.problem
        ? { id: 'secrets', title: 'Secret rotation', status: 'warn', detail: stale.problem }
        : {
            id: 'secrets',
            title: 'Secret rotation',
            status: old.length ? 'warn' : 'pass',
            detail: old.length
                ? `${old.length} of ${stale.secrets.length} secret(s) not rotated in time: ${old.map((s) => `${s.name} (${s.ageDays} days)`).join(', ')}`
                : `all ${stale.secrets.length} secret(s) rotated in time`,
        };
    const tables = stale.secrets.length
        ? [
            {
                title: 'Actions secrets by age',
                columns: ['Secret', 'Updated', 'Age (days)', 'Stale'],
                rows: stale.secrets.map((s) => [s.name, s.updatedAt, String(s.ageDays), s.stale ? 'yes' : 'no']),
            },
        ]
        : [];
    return { checks: [check], tables };
};
/** Every gate, in the order the report lists their checks. */
const GATES = [
    scannerRuns,
    vulnerabilities,
    codeIssues,
    expiredAllowEntries,
    unusedAllowEntries,
    baselineComparison,
    outdatedPackages,
    secretRotation,
];
/**
 * The verdict over a kind of scan (dependencies, code). Findings at the gate fail whatever else
 * happened; otherwise a scan that did not finish makes the verdict unknown (on-tool-error decides fail
 * or warn), never "none": absence of evidence from a broken scanner is not evidence of absence.
 */
function judgeScans(scope) {
    const { id, title, runs, failing, found } = scope;
    const broken = runs.filter((r) => r.incomplete);
    // Nothing to scan (no project found, no Python file) is not a clean scan: say so and name the input.
    const skipped = runs.filter((r) => r.notScanned).map((r) => r.notScanned);
    if (!runs.length && scope.notScanned)
        skipped.push(scope.notScanned);
    const scanned = runs.filter((r) => !r.notScanned && !r.incomplete);
    if (skipped.length && !scanned.length && !broken.length && !found.length)
        return {
            id,
            title,
            status: 'warn',
            detail: `not scanned: ${skipped.join('; ')}`,
            recommendation: scope.setInput,
        };
    const why = broken.map((r) => `${r.tool} (${r.project}): ${r.incomplete}`).join('; ');
    const below = `${found.length} ${scope.belowGate ?? `below ${scope.level}`}`;
    if (failing.length) {
        const more = failing.length > 5 ? ` and ${failing.length - 5} more` : '';
        const notKnown = broken.length
            ? `; not known for ${broken.map((r) => `${r.tool} (${r.project})`).join(', ')}`
            : '';
        return {
            id,
            title,
            status: 'fail',
            detail: `${failing.length} at or above ${scope.level}: ${failing.slice(0, 5).map(gates_describe).join('; ')}${more}${notKnown}`,
        };
    }
    if (broken.length) {
        const what = broken.length === 1 && runs.length === 1
            ? `${broken[0].tool} (${broken[0].project}) did not finish: ${broken[0].incomplete}`
            : broken.length === runs.length
                ? `no ${id === 'code-issues' ? 'code' : 'dependency'} scan finished (${why})`
                : `${broken.length} of ${runs.length} ${id === 'code-issues' ? 'code' : 'dependency'} scans did not finish (${why})`;
        const seen = found.length
            ? `; ${below} in the scans that finished: ${found.slice(0, 5).map(gates_describe).join('; ')}`
            : '';
        return {
            id,
            title,
            status: scope.unknownStatus,
            detail: `unknown: ${what}${seen}`,
            recommendation: scope.recommendation,
        };
    }
    return {
        id,
        title,
        status: found.length ? 'warn' : 'pass',
        detail: found.length ? `${below}: ${found.slice(0, 5).map(gates_describe).join('; ')}` : scope.none,
    };
}
function gates_describe(f) {
    if (f.tool === 'bandit')
        return `${f.id} ${f.title} at ${f.file}:${f.line}`;
    return `${f.id} in ${f.package}${f.version ? `@${f.version}` : ''} (${f.severity})${f.fixAvailable ? '' : ', no fix yet'}`;
}
function outdatedTable(rows) {
    return {
        title: 'Outdated packages',
        columns: ['Package', 'Current', 'Wanted', 'Latest', 'Update', 'Project'],
        rows: [...rows]
            .sort((a, b) => UPDATE_RANK[b.update] - UPDATE_RANK[a.update])
            .map((r) => [r.package, r.current ?? 'missing', r.wanted, r.latest, r.update, r.project]),
    };
}

;// CONCATENATED MODULE: ./src/dep-audit/evaluate.ts




/** The titles of the counts and findings tables, which the pull-request comment shows too (comment.ts). */
const COUNTS_TABLE = 'Findings by severity';
const FINDINGS_TABLE = 'Findings, worst first';
/**
 * Judges everything the scanners found by running the gates (gates.ts) in order. A finding fails the
 * gate when it is not allowlisted, is new against the baseline (when one is given), has a fix (when
 * `fixable-only`), and reaches `fail-on` (`bandit-fail-on` and `bandit-confidence` for code). An
 * incomplete scan fails (or warns, with `on-tool-error: warn`): a scan that broke is never a clean one.
 */
function evaluate(runs, findings, allow, baseline, stale, gate, startedAt) {
    const fps = fingerprints(findings);
    // Each finding's fingerprint, looked up only against a baseline.
    const keys = new Map();
    if (baseline)
        findings.forEach((f, i) => keys.set(f, fps[i]));
    const isNew = (f) => !baseline || !baseline.fingerprints.has(keys.get(f));
    const keyed = (list) => list.map((f) => ({ ...f, fingerprint: keys.get(f) }));
    // Every finding with its fingerprint: the report's data, and what a baseline is compared with.
    const reported = findings.map((f, i) => ({ ...f, fingerprint: fps[i] }));
    const changes = baseline && changesSince(baseline, keyed(allow.kept), reported);
    const candidates = allow.kept.filter((f) => isNew(f) && (!gate.fixableOnly || f.fixAvailable || f.tool === 'bandit'));
    const outdated = runs.flatMap((r) => r.outdated);
    const scanned = { runs, allow, baseline, stale, gate, candidates, outdated };
    const verdicts = GATES.map((check) => check(scanned));
    const checks = verdicts.flatMap((v) => v.checks);
    const all = allow.kept;
    const counts = countByTool(all, gate);
    const dependencyCount = (severity) => [...counts].reduce((sum, [tool, count]) => sum + (tool === 'bandit' ? 0 : count[severity]), 0);
    const tables = [
        countsTable(counts),
        findingsTable(worstFirst(all, gate), isNew, gate, !!baseline),
        ...(changes ? [changesTable(changes)] : []),
        // Each gate's own table (outdated packages, secrets by age) after the findings.
        ...verdicts.flatMap((v) => v.tables ?? []),
    ];
    const details = allow.suppressed.length
        ? [
            {
                title: `Allowlisted findings (${allow.suppressed.length})`,
                body: allow.suppressed
                    .map(({ finding, entry }) => `${finding.id} ${finding.package ?? finding.file ?? ''}: ${entry.reason} (until ${entry.expires})`)
                    .join('\n'),
            },
        ]
        : [];
    const vulnerabilities = all.filter((f) => f.tool !== 'bandit');
    const report = (0,core_report/* createReport */.LU)({
        action: 'dep-audit',
        title: `dep-audit: ${vulnerabilities.length} vulnerable dependency finding(s), ${all.length - vulnerabilities.length} code issue(s), ${outdated.length} outdated`,
        checks,
        tables,
        details,
        metrics: [
            { name: 'vulnerabilities', value: vulnerabilities.length, unit: '' },
            { name: 'code issues', value: all.length - vulnerabilities.length, unit: '' },
        ],
        data: {
            fingerprints: [...new Set(fps)],
            findings: reported,
        },
        startedAt,
    });
    return {
        report,
        locations: banditLocations(candidates),
        outputs: {
            status: report.status,
            vulnerabilities: vulnerabilities.length,
            critical: dependencyCount('critical'),
            high: dependencyCount('high'),
            moderate: dependencyCount('moderate'),
            low: dependencyCount('low'),
            'code-issues': all.length - vulnerabilities.length,
            outdated: outdated.length,
            new: candidates.length,
            fixed: changes?.fixed.length,
            'stale-secrets': stale?.secrets.filter((s) => s.stale).length ?? 0,
        },
    };
}
const LEVELS = ['critical', 'high', 'moderate', 'low'];
/** The kept findings per tool (in order of first appearance) and effective severity, counted in one pass. */
function countByTool(findings, gate) {
    const counts = new Map();
    for (const f of findings) {
        let count = counts.get(f.tool);
        if (!count)
            counts.set(f.tool, (count = { critical: 0, high: 0, moderate: 0, low: 0, unknown: 0 }));
        count[effectiveSeverity(f, gate.unknownSeverity)]++;
    }
    return counts;
}
function countsTable(counts) {
    return {
        title: COUNTS_TABLE,
        columns: ['Tool', ...LEVELS],
        rows: [...counts].map(([tool, count]) => [tool, ...LEVELS.map((s) => String(count[s]))]),
    };
}
/**
 * Worst first, in report order within each severity (what a stable sort by severity gives), in one pass
 * instead of a sort of thousands of findings.
 */
function worstFirst(findings, gate) {
    const bySeverity = new Map(SEVERITIES.map((s) => [s, []]));
    for (const f of findings)
        bySeverity.get(effectiveSeverity(f, gate.unknownSeverity)).push(f);
    return [...SEVERITIES].reverse().flatMap((s) => bySeverity.get(s));
}
/** The summary shows the worst findings; all of them are in the report JSON (and the SARIF). */
const SUMMARY_FINDINGS = 500;
function findingsTable(findings, isNew, gate, withBaseline) {
    const rows = findings.slice(0, SUMMARY_FINDINGS).map((f) => {
        const url = f.url ?? advisoryUrl(f.id);
        const id = url ? { text: f.id, href: url } : f.id;
        const where = f.tool === 'bandit' ? `${f.file}:${f.line}` : (f.path ?? f.project);
        const fix = f.fix ?? (f.fixedVersions.length ? f.fixedVersions.join(', ') : f.fixAvailable ? 'yes' : 'none yet');
        return [
            effectiveSeverity(f, gate.unknownSeverity) + (f.severity === 'unknown' ? ' (unrated)' : ''),
            id,
            f.package ?? f.title,
            f.version ?? '',
            f.tool === 'bandit' ? '' : fix,
            where,
            ...(withBaseline ? [isNew(f) ? 'new' : ''] : []),
        ];
    });
    const more = findings.length > SUMMARY_FINDINGS
        ? ` (the worst ${SUMMARY_FINDINGS} of ${findings.length}; all are in the report JSON)`
        : '';
    return {
        title: `${FINDINGS_TABLE}${more}`,
        columns: [
            'Severity',
            'ID',
            'Package / issue',
            'Version',
            'Fix',
            'Path',
            ...(withBaseline ? ['New'] : []),
        ],
        rows,
    };
}
/** The bandit findings that gate, on their file and line, where a reviewer sees them in the diff. */
function banditLocations(candidates) {
    return candidates
        .filter((f) => f.tool === 'bandit' && f.file)
        .map((f) => ({
        kind: 'notice',
        title: `bandit ${f.id} (${f.severity}, confidence ${f.confidence ?? 'unknown'})`,
        message: f.title,
        file: f.file,
        line: f.line,
    }));
}

// EXTERNAL MODULE: ./src/core/github-event.ts
var github_event = __webpack_require__(3465);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/core/units.ts
var units = __webpack_require__(2184);
;// CONCATENATED MODULE: ./src/dep-audit/inputs.ts






const GATE_LEVELS = ['low', 'moderate', 'high', 'critical', 'none'];
const CONFIDENCES = ['low', 'medium', 'high'];
const UPDATE_LEVELS = ['major', 'minor', 'patch', 'none'];
function readInputs(input) {
    const workingDirectory = (0,external_node_path_.resolve)(input.string('working-directory', '.'));
    if (!(0,external_node_fs_.existsSync)(workingDirectory))
        (0,units/* invalidInput */.aY)('working-directory', workingDirectory, 'the folder does not exist');
    const within = (p) => ((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.join)(workingDirectory, p));
    const existing = (name, paths, what) => {
        for (const p of paths ?? [])
            if (!(0,external_node_fs_.existsSync)(within(p)))
                (0,units/* invalidInput */.aY)(name, p, `${what} does not exist (in ${workingDirectory})`);
        return paths;
    };
    const optionalList = (name) => (input.optional(name) === undefined ? undefined : input.list(name));
    const report = (name) => {
        const path = input.optional(name);
        if (path !== undefined && !(0,external_node_fs_.existsSync)(within(path)))
            (0,units/* invalidInput */.aY)(name, path, 'the saved report does not exist');
        return path === undefined ? undefined : within(path);
    };
    const token = input.optional('token');
    (0,secrets/* addSecret */.Ck)(token);
    const secretsMaxAgeMs = input.optionalDuration('secrets-max-age', { min: 86_400_000 });
    const npmProjects = existing('npm-projects', optionalList('npm-projects'), 'the npm project');
    for (const project of npmProjects ?? []) {
        const dir = within(project);
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'package-lock.json')) && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'npm-shrinkwrap.json'))) {
            (0,units/* invalidInput */.aY)('npm-projects', project, 'it has no package-lock.json or npm-shrinkwrap.json (npm audit needs one: run npm install)');
        }
    }
    const allowlist = input.optional('allowlist');
    if (allowlist !== undefined && !(0,external_node_fs_.existsSync)(within(allowlist)))
        (0,units/* invalidInput */.aY)('allowlist', allowlist, 'the file does not exist');
    const baseline = input.optional('baseline');
    const comment = input.boolean('comment', false);
    return {
        workingDirectory,
        npmProjects,
        pythonRequirements: existing('python-requirements', optionalList('python-requirements'), 'the requirements file'),
        banditPaths: existing('bandit-paths', optionalList('bandit-paths'), 'the path'),
        productionOnly: input.boolean('production-only', true),
        failOn: input.enum('fail-on', GATE_LEVELS, 'high'),
        banditFailOn: input.enum('bandit-fail-on', GATE_LEVELS, 'high'),
        banditConfidence: input.enum('bandit-confidence', CONFIDENCES, 'medium'),
        unknownSeverity: input.enum('unknown-severity', ['low', 'moderate', 'high', 'critical'], 'high'),
        fixableOnly: input.boolean('fixable-only', false),
        allowlist: allowlist === undefined ? undefined : within(allowlist),
        // A missing baseline (the base branch never ran) is not an error: every finding is then new.
        baseline: baseline === undefined ? undefined : within(baseline),
        outdated: input.boolean('outdated', true),
        outdatedFailOn: input.enum('outdated-fail-on', UPDATE_LEVELS, 'none'),
        secretsMaxAgeMs,
        token,
        repository: input.optional('repository') ?? process.env.GITHUB_REPOSITORY,
        apiUrl: input.optional('github-api-url') ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
        comment,
        pullRequest: comment ? (0,github_event/* pullRequestOfEvent */.My)() : { none: 'comment is off' },
        runUrl: (0,github_event/* runUrl */.Vp)(),
        onToolError: input.enum('on-tool-error', ['fail', 'warn'], 'fail'),
        sarif: input.optional('sarif') === undefined ? undefined : within(input.optional('sarif')),
        npmAuditReport: report('npm-audit-report'),
        pipAuditReport: report('pip-audit-report'),
        banditReport: report('bandit-report'),
        toolTimeoutMs: input.duration('tool-timeout', 10 * 60_000, { min: 1000 }),
        maxReportBytes: input.size('max-report-size', 16 * 1024 * 1024, { min: 1024 * 1024 }),
        reportPath: input.optional('report-path'),
    };
}
/** Reads a file given by an input, or fails naming the input. */
function readInputFile(name, path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`input '${name}' is '${path}': the file cannot be read`);
    }
}

// EXTERNAL MODULE: ./src/core/github.ts
var core_github = __webpack_require__(5108);
;// CONCATENATED MODULE: ./src/dep-audit/rotation.ts


const DAY_MS = 24 * 60 * 60 * 1000;
/** What a token needs to list secrets, for the messages. */
const SECRETS_PERMISSION = 'Listing Actions secrets needs a fine-grained token with the "Secrets" repository permission set to read ' +
    "on this repository, or a classic token with the repo scope; the workflow's GITHUB_TOKEN cannot list " +
    'secrets, whatever its permissions.';
/** Lists the secrets through the client `github` makes (the run context's); never throws. */
async function listStaleSecrets(github, options) {
    const { token } = options;
    const redact = (text) => (token ? text.split(token).join('***') : text);
    const repository = (0,core_github/* parseRepository */.SU)(options.repository);
    if (!repository)
        return { secrets: [], problem: redact(`The repository "${options.repository}" is not owner/name.`) };
    const { owner, repo } = repository;
    if (!token)
        return { secrets: [], problem: `No token was given to list the Actions secrets of ${owner}/${repo}.` };
    if (!Number.isFinite(options.maxAgeMs) || options.maxAgeMs <= 0)
        return {
            secrets: [],
            problem: `The maximum secret age must be a positive duration, not ${options.maxAgeMs} ms.`,
        };
    const now = (options.now ?? new Date()).getTime();
    const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const client = github({ token, apiUrl: options.apiUrl, repository: options.repository, signal });
    let listed;
    try {
        listed = await client.paginate('GET /repos/{owner}/{repo}/actions/secrets', {
            owner,
            repo,
            per_page: 100,
        });
    }
    catch (error) {
        return { secrets: [], problem: redact(problemOf(error, `${owner}/${repo}`, signal)) };
    }
    const secrets = listed.map((secret) => {
        const updatedAt = secret.updated_at || secret.created_at || '';
        const time = Date.parse(updatedAt);
        if (Number.isNaN(time))
            return { name: secret.name, updatedAt, ageDays: 0, stale: true };
        const age = Math.max(0, now - time);
        return { name: secret.name, updatedAt, ageDays: Math.floor(age / DAY_MS), stale: age > options.maxAgeMs };
    });
    return { secrets };
}
function problemOf(error, repository, signal) {
    const cannot = `Cannot list the Actions secrets of ${repository}`;
    const failure = error instanceof core_github/* GitHubError */.y_ ? error : new core_github/* GitHubError */.y_((0,errors/* getErrorMessage */.u1)(error), undefined);
    // Nothing answered: refused, unreachable, timed out.
    if (failure.status === undefined) {
        if (signal.aborted)
            return `${cannot}: the GitHub API did not answer in time. Secret rotation was not checked.`;
        return `${cannot}: the GitHub API could not be reached (${failure.message}). Secret rotation was not checked.`;
    }
    const { status, headers } = failure;
    const said = failure.message.replace(/\s*-\s*https:\/\/docs\.github\.com\S*$/, '');
    if (failure.rateLimited) {
        const reset = Number(headers['x-ratelimit-reset']);
        const when = Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
        return `${cannot}: the API rate limit was exceeded (HTTP ${status}${when}). Secret rotation was not checked.`;
    }
    if (status === 401)
        return `${cannot}: GitHub answered 401 (${said}): the token is invalid or expired. ${SECRETS_PERMISSION}`;
    if (status === 403)
        return `${cannot}: GitHub answered 403 (${said}): the token may not list them. ${SECRETS_PERMISSION}`;
    if (status === 404)
        return (`${cannot}: GitHub answered 404 (${said}): the repository does not exist or the token cannot see its ` +
            `secrets. ${SECRETS_PERMISSION}`);
    return `${cannot}: GitHub answered ${status} (${said}). Secret rotation was not checked.`;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/core/exec.ts




/**
 * Runs a tool with an argument array, never through a shell, always with a timeout. @actions/exec has
 * neither a timeout nor a handle on the child to kill, so this uses node:child_process directly.
 * A missing program is a ConfigurationError naming it; a non-zero exit is a result, for the caller to judge.
 */
function execTool(command, args, options) {
    const started = performance.now();
    const limit = options.maxOutputBytes ?? 16 * 1024 * 1024;
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            shell: false,
            stdio: [options.stdinFrom ?? 'pipe', 'pipe', 'pipe'],
            // Its own process group, so a timeout also stops grandchildren that would hold stdout open.
            detached: true,
        });
        const kill = (signal) => {
            try {
                if (child.pid)
                    process.kill(-child.pid, signal);
            }
            catch {
                child.kill(signal);
            }
        };
        const out = options.stdoutTailBytes === undefined ? collector(limit) : tailCollector(options.stdoutTailBytes);
        const err = collector(limit);
        let timedOut = false;
        let inputError;
        let killer;
        const timer = setTimeout(() => {
            timedOut = true;
            kill('SIGTERM');
            killer = setTimeout(() => kill('SIGKILL'), 5000);
        }, options.timeoutMs);
        const onAbort = () => kill('SIGTERM');
        options.signal?.addEventListener('abort', onAbort);
        if (options.signal?.aborted)
            onAbort();
        child.stdout.on('data', out.add);
        child.stderr.on('data', err.add);
        child.stdin?.on('error', () => { }); // a tool that exits before reading stdin is not our failure
        if (!child.stdin) {
            // stdin is another process's stdout
        }
        else if (options.input instanceof external_node_stream_.Readable) {
            // A stream that fails (a truncated gzip) must end the tool too, and the caller must hear why.
            options.input.on('error', (error) => {
                inputError = error;
                kill('SIGTERM');
            });
            options.input.pipe(child.stdin);
        }
        else
            child.stdin.end(options.input ?? '');
        child.on('error', (error) => {
            clearTimeout(timer);
            if (error.code === 'ENOENT')
                reject(new errors/* ConfigurationError */.j1(`'${command}' was not found on PATH; install it`));
            else
                reject(error);
        });
        child.on('close', (exitCode, signal) => {
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            if (killer)
                clearTimeout(killer);
            resolve({
                exitCode,
                signal,
                stdout: out.text(),
                stderr: err.text(),
                timedOut,
                inputError,
                stdoutBytes: out.total(),
                durationMs: performance.now() - started,
            });
        });
    });
}
/** One line describing how a finished tool ended, for check details. */
function describeExit(command, result, timeoutMs) {
    if (result.timedOut)
        return `${command} timed out after ${(0,units/* formatDuration */.a3)(timeoutMs)}`;
    if (result.inputError)
        return `reading the input for ${command} failed: ${result.inputError.message}`;
    if (result.signal)
        return `${command} was killed by ${result.signal}`;
    return `${command} exited with code ${result.exitCode}`;
}
function collector(limit) {
    const chunks = [];
    let kept = 0;
    let total = 0;
    return {
        total: () => total,
        add: (chunk) => {
            total += chunk.length;
            if (kept >= limit)
                return;
            chunks.push(chunk.subarray(0, limit - kept));
            kept += Math.min(chunk.length, limit - kept);
        },
        text: () => Buffer.concat(chunks).toString('utf8'),
    };
}
/** Keeps the last `size` bytes of a stream. */
function tailCollector(size) {
    let tail = Buffer.alloc(0);
    let total = 0;
    return {
        total: () => total,
        add: (chunk) => {
            total += chunk.length;
            tail =
                chunk.length >= size
                    ? Buffer.from(chunk.subarray(chunk.length - size))
                    : Buffer.concat([tail, chunk]).subarray(-size);
        },
        text: () => tail.toString('utf8'),
    };
}

;// CONCATENATED MODULE: ./src/dep-audit/pip-audit-venv.ts





/** The name of this run's virtual environment: `dep-audit-pip-audit-` and mkdtemp's six characters. */
const VENV_NAME = /^dep-audit-pip-audit-[A-Za-z0-9]{6}$/;
/** The runner's temporary folder (emptied by the runner after each job), or the system's outside one. */
function tempRoot() {
    return process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
}
/**
 * pip-audit from PATH, or installed once per run into a virtual environment of its own in RUNNER_TEMP
 * (GitHub's runners reach PyPI). The environment is removed by `dispose` when the audit ends, and by the
 * post step (`removeLeftVenv`) when the run was killed first: `onVenv` tells it where.
 */
class PipAuditInstall {
    logger;
    onVenv;
    venv;
    path;
    constructor(logger, onVenv) {
        this.logger = logger;
        this.onVenv = onVenv;
    }
    /** The pip-audit to run; throws with pip's or venv's own last line when it cannot be installed. */
    find(timeoutMs) {
        this.path ??= this.locate(timeoutMs);
        return this.path;
    }
    async locate(timeoutMs) {
        const onPath = await execTool('pip-audit', ['--version'], { timeoutMs: 30_000 }).then((r) => r.exitCode === 0, () => false);
        if (onPath)
            return 'pip-audit';
        const venv = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempRoot(), 'dep-audit-pip-audit-'));
        this.venv = venv;
        this.onVenv?.(venv);
        this.logger.info(`pip-audit is not on PATH: installing it into ${venv}`);
        const create = await execTool(PYTHON, ['-m', 'venv', venv], { timeoutMs: 120_000 });
        if (create.exitCode !== 0)
            throw new Error(`could not create a virtual environment for pip-audit: ${lastLine(create.stderr) || describeExit(PYTHON, create, 120_000)}`);
        const pip = (0,external_node_path_.join)(venv, 'bin', 'pip');
        const install = await execTool(pip, ['install', '--disable-pip-version-check', '--quiet', 'pip-audit'], {
            timeoutMs,
        });
        if (install.exitCode !== 0)
            throw new Error(`could not install pip-audit: ${lastLine(install.stderr) || describeExit('pip install', install, timeoutMs)}`);
        return (0,external_node_path_.join)(venv, 'bin', 'pip-audit');
    }
    /** Removes this run's virtual environment, if one was made. */
    dispose() {
        if (!this.venv)
            return;
        (0,external_node_fs_.rmSync)(this.venv, { recursive: true, force: true });
        this.logger.info(`removed the pip-audit virtual environment ${this.venv}`);
        this.onVenv?.(undefined);
        this.venv = undefined;
    }
}
/**
 * The post step's cleanup of a virtual environment a killed run left behind. Only a folder with this
 * run's name pattern directly in the temporary folder is removed: the state is data, not a command.
 */
function removeLeftVenv(dir) {
    if (!VENV_NAME.test((0,external_node_path_.basename)(dir)) || (0,external_node_path_.dirname)(dir) !== tempRoot() || !(0,external_node_fs_.existsSync)(dir))
        return false;
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    return true;
}

;// CONCATENATED MODULE: ./src/dep-audit/parse-bandit.ts


/**
 * Reads `bandit -f json`. Severity LOW/MEDIUM/HIGH becomes low/moderate/high (UNDEFINED: unknown), the
 * confidence is kept for the `bandit-confidence` gate. `errors[]` are files bandit could not parse: they
 * do not change bandit's exit code, so they are how a scan that missed code is noticed (incomplete).
 */
function parseBandit(text, options) {
    const json = readToolJson(text, 'bandit');
    if (!json.ok)
        return { findings: [], errors: [], incomplete: json.reason };
    const report = json.value;
    if (!isObject(report) || !Array.isArray(report.results))
        return { findings: [], errors: [], incomplete: 'bandit printed JSON without a "results" list' };
    const file = (name) => normaliseFile(asString(name) ?? '(unknown file)', options.root);
    const findings = [];
    for (const result of report.results) {
        if (!isObject(result))
            continue;
        const id = asString(result.test_id) ?? 'B000';
        const line = typeof result.line_number === 'number' ? result.line_number : undefined;
        const finding = {
            tool: 'bandit',
            id,
            aliases: [],
            severity: toSeverity(result.issue_severity),
            confidence: toConfidence(result.issue_confidence),
            fixedVersions: [],
            fixAvailable: false,
            title: hidePassword(id, asString(result.issue_text) ?? asString(result.test_name) ?? id),
            file: file(result.filename),
            project: options.project,
        };
        if (line !== undefined)
            finding.line = line;
        const url = asString(result.more_info);
        if (url)
            finding.url = url;
        const code = flaggedCode(asString(result.code), result.line_range, line);
        if (code)
            finding.code = hidePassword(id, code);
        findings.push(finding);
    }
    const errors = (Array.isArray(report.errors) ? report.errors : [])
        .filter(isObject)
        .map((error) => ({ file: file(error.filename), reason: asString(error.reason) ?? 'unknown error' }));
    const result = { findings, errors };
    if (isObject(report.metrics))
        result.files = Object.keys(report.metrics).filter((k) => k !== '_totals').length;
    if (errors.length > 0)
        result.incomplete = `bandit could not scan ${errors.length} ${errors.length === 1 ? 'file' : 'files'}: ${errors
            .map((e) => `${e.file} (${e.reason})`)
            .join('; ')}`;
    return result;
}
function toConfidence(word) {
    const value = typeof word === 'string' ? word.toLowerCase() : '';
    return value === 'low' || value === 'medium' || value === 'high' ? value : 'unknown';
}
/**
 * Forward slashes (bandit keeps the runner's `\`), no leading `./`, relative to `root` when absolute and
 * inside it, so annotations land on the file and fingerprints match across machines.
 */
function normaliseFile(name, root) {
    let file = name;
    if (root && (0,external_node_path_.isAbsolute)(file)) {
        const inside = (0,external_node_path_.relative)(root, file);
        if (!inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside))
            file = inside;
    }
    return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
/**
 * The source of the flagged lines. bandit's `code` is the flagged lines plus context, each prefixed with
 * its number ("5     return eval(expression)"); the context changes when nearby code changes, so only
 * the lines of `line_range` (or `line_number`) are kept, without their numbers.
 */
function flaggedCode(code, lineRange, line) {
    if (!code)
        return '';
    const wanted = new Set(Array.isArray(lineRange) && lineRange.every((n) => typeof n === 'number')
        ? lineRange
        : line !== undefined
            ? [line]
            : []);
    const kept = [];
    for (const raw of code.split('\n')) {
        const match = /^(\d+) ?(.*)$/.exec(raw);
        if (match && wanted.has(Number(match[1])))
            kept.push(match[2]);
    }
    return kept.join('\n').trim();
}
/**
 * bandit's hard-coded password tests (B105-B107) quote the password in their message: the finding is
 * about a secret in the code, and the summary, annotations and SARIF must not repeat it.
 */
function hidePassword(id, text) {
    return /^B10[5-7]$/.test(id) ? text.replace(/(['"])(?:(?!\1)[^\\]|\\.)*\1/g, '$1***$1') : text;
}

;// CONCATENATED MODULE: ./src/dep-audit/parse-npm-audit.ts

/** At most this many dependency paths per finding: a deep tree has thousands, the shortest tell enough. */
const MAX_PATHS = 10;
const GHSA_IN_URL = /\/advisories\/(GHSA(?:-[0-9a-z]{4}){3})\b/i;
/** The GHSA id in an advisory URL (`https://github.com/advisories/GHSA-…`); npm 7 drops the id field. */
function ghsaFromUrl(url) {
    const match = url ? GHSA_IN_URL.exec(url) : null;
    return match ? `GHSA${match[1].slice(4).toLowerCase()}` : undefined;
}
/**
 * Parses npm's stdout. A report with an `error` object, without the map it should have, or that is not JSON
 * is incomplete with npm's own message: an advisory service that refused the request prints valid JSON
 * with no `vulnerabilities` at all, and reading that as "nothing found" is exactly the bug to avoid.
 */
function parseNpmAudit(text, project) {
    const json = readToolJson(text, 'npm audit');
    if (!json.ok)
        return { findings: [], packages: [], incomplete: json.reason };
    const report = json.value;
    if (!isObject(report))
        return incomplete(`npm audit printed JSON that is not a report: ${excerpt(text)}`);
    if (isObject(report.error) || asString(report.message) !== undefined)
        return incomplete(`npm audit failed: ${npmError(report)}`);
    if (report.auditReportVersion === 2 || isObject(report.vulnerabilities)) {
        if (!isObject(report.vulnerabilities))
            return incomplete('npm audit printed a report without its "vulnerabilities" map');
        return parseV2(report.vulnerabilities, project);
    }
    if (isObject(report.advisories))
        return { ...parseV1(report.advisories, project), reportVersion: 1 };
    return incomplete(`npm audit printed JSON that is neither an npm 7+ nor an npm 6 report (keys: ${Object.keys(report).join(', ') || 'none'})`);
}
const incomplete = (reason) => ({ findings: [], packages: [], incomplete: reason });
/**
 * npm's message: `error.code`, `error.summary` and `error.detail` when set (ENOLOCK, ENOAUDIT); an HTTP
 * failure leaves them empty and says what happened in the top-level `message` ("405 Method Not Allowed …").
 */
function npmError(report) {
    const error = isObject(report.error) ? report.error : {};
    const parts = [asString(error.summary), asString(error.detail), asString(report.message)]
        .map((part) => part?.trim().replace(/\s*\n\s*/g, ' '))
        .filter((part) => !!part);
    const code = asString(error.code);
    const message = [...new Set(parts)].join(' ') || 'npm printed an error without a message';
    return code ? `${code}: ${message}` : message;
}
function parseV2(vulnerabilities, project) {
    const packages = new Map();
    for (const key of Object.keys(vulnerabilities)) {
        const value = vulnerabilities[key];
        if (!isObject(value))
            continue;
        const name = asString(value.name) ?? key;
        // One pass over `via`: advisory objects, and the names of the vulnerable packages it goes through.
        const advisories = [];
        const dependsOn = [];
        for (const item of Array.isArray(value.via) ? value.via : []) {
            if (typeof item === 'string')
                dependsOn.push(item);
            else if (isObject(item))
                advisories.push(toAdvisory(item));
        }
        packages.set(key, {
            name,
            direct: typeof value.isDirect === 'boolean' ? value.isDirect : undefined,
            reportedSeverity: toSeverity(value.severity),
            advisories,
            dependsOn,
            ...fixOf(value.fixAvailable, name),
        });
    }
    const pathsTo = dependencyPaths(packages);
    const findings = [];
    for (const [key, pkg] of packages) {
        const found = pathsTo(key) ?? [pkg.name];
        pkg.advisories.forEach((advisory, index) => {
            // One finding per advisory: the first entry with its id (a package lists a handful, no Set needed).
            if (pkg.advisories.findIndex((other) => other.id === advisory.id) !== index)
                return;
            const finding = {
                tool: 'npm-audit',
                id: advisory.id,
                aliases: [],
                package: pkg.name,
                severity: advisory.severity,
                fixedVersions: pkg.fixedVersion ? [pkg.fixedVersion] : [],
                fixAvailable: pkg.fixAvailable,
                title: advisory.title,
                path: found[0],
                paths: found,
                project,
            };
            if (advisory.url)
                finding.url = advisory.url;
            if (pkg.fix)
                finding.fix = pkg.fix;
            findings.push(finding);
        });
    }
    let summary;
    return {
        findings,
        get packages() {
            return (summary ??= packageSummary(packages));
        },
        reportVersion: 2,
    };
}
/** Every package with the advisories its `via` chain leads to (NpmAuditResult.packages). */
function packageSummary(packages) {
    const resolved = new Map();
    return [...packages].map(([key, pkg]) => {
        const advisories = resolveVia(key, packages, resolved);
        return {
            name: pkg.name,
            severity: worstSeverity(advisories.map((a) => a.severity)),
            reportedSeverity: pkg.reportedSeverity,
            direct: pkg.direct ?? false,
            advisories: advisories.map((a) => a.id),
            fixAvailable: pkg.fixAvailable,
        };
    });
}
function toAdvisory(via) {
    const url = asString(via.url);
    const source = typeof via.source === 'number' || typeof via.source === 'string' ? String(via.source) : undefined;
    // Early npm 7 linked npmjs.com advisories (no GHSA): the npm advisory number is then the id.
    const id = ghsaFromUrl(url) ?? (source ? `npm-${source}` : (url ?? asString(via.title) ?? 'npm-advisory'));
    return { id, severity: toSeverity(via.severity), title: asString(via.title) ?? id, url, source };
}
/** `fixAvailable` is `true` (npm audit fix), `false`, or `{name, version, isSemVerMajor?}` to install. */
function fixOf(value, name) {
    if (value === true)
        return { fixAvailable: true, fix: 'npm audit fix' };
    if (!isObject(value))
        return { fixAvailable: false };
    const target = asString(value.name);
    const version = asString(value.version);
    if (!target || !version)
        return { fixAvailable: true, fix: 'npm audit fix' };
    const major = value.isSemVerMajor === true ? ', a major update (npm audit fix --force)' : '';
    return {
        fixAvailable: true,
        fix: `install ${target}@${version}${major}`,
        fixedVersion: target === name ? version : undefined,
    };
}
/**
 * The advisories a package leads to: its own, and recursively those of the packages named in its `via`.
 * Memoised, and cycle-safe: a package met again on the current chain contributes nothing more there.
 * A result that leaned on a package still on the chain above (a → m → n → a: m's result lacks a's own
 * advisories) is right only from that entry point, so it is not memoised; the lowest chain depth the
 * recursion touched tells which those are, as in Tarjan's algorithm.
 */
function resolveVia(key, packages, memo) {
    const chain = new Map();
    const visit = (at) => {
        const cached = memo.get(at);
        if (cached)
            return { advisories: cached, low: Infinity };
        const depth = chain.get(at);
        if (depth !== undefined)
            return { advisories: [], low: depth };
        const pkg = packages.get(at);
        if (!pkg)
            return { advisories: [], low: Infinity };
        const mine = chain.size;
        chain.set(at, mine);
        const byId = new Map();
        for (const advisory of pkg.advisories)
            byId.set(advisory.id, advisory);
        let low = Infinity;
        for (const dependency of pkg.dependsOn) {
            const found = visit(dependency);
            low = Math.min(low, found.low);
            for (const advisory of found.advisories)
                if (!byId.has(advisory.id))
                    byId.set(advisory.id, advisory);
        }
        chain.delete(at);
        const advisories = [...byId.values()];
        if (low >= mine)
            memo.set(at, advisories);
        return { advisories, low };
    };
    return visit(key).advisories;
}
/**
 * Dependency paths (`a>b>c`) from each direct dependency down the `via` names to every package, shortest
 * first. Without `isDirect` (early npm 7), the roots are the packages no other vulnerable package names.
 * Breadth-first from each root, so cycles end and each root contributes its shortest path. Returns the
 * paths to a package (undefined when no root reaches it), made when asked: once per package.
 */
function dependencyPaths(packages) {
    // Only early npm 7 leaves `isDirect` out: the names in `via` are collected only then.
    let named;
    const isNamed = (key) => (named ??= new Set([...packages.values()].flatMap((pkg) => pkg.dependsOn))).has(key);
    const roots = [];
    for (const [key, pkg] of packages)
        if (pkg.direct === true || (pkg.direct === undefined && !isNamed(key)))
            roots.push(key);
    const found = new Map();
    // The root whose search last reached each package: one map for all searches, not a set per root.
    const reachedFrom = new Map();
    for (const root of roots.sort()) {
        reachedFrom.set(root, root);
        const queue = [{ key: root, path: root, depth: 1 }];
        for (let head = 0; head < queue.length; head++) {
            const from = queue[head];
            const list = found.get(from.key);
            if (list)
                list.push(from);
            else
                found.set(from.key, [from]);
            for (const next of packages.get(from.key)?.dependsOn ?? []) {
                if (reachedFrom.get(next) === root || !packages.has(next))
                    continue;
                reachedFrom.set(next, root);
                queue.push({ key: next, path: `${from.path}>${next}`, depth: from.depth + 1 });
            }
        }
    }
    return (key) => {
        const list = found.get(key);
        // Most packages are reached from one root only: nothing to sort or deduplicate.
        if (!list || list.length === 1)
            return list && [list[0].path];
        list.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        return [...new Set(list.slice(0, MAX_PATHS * 2).map((entry) => entry.path))].slice(0, MAX_PATHS);
    };
}
/** npm 6: `advisories` keyed by number, each with `findings[{version, paths}]` per installed version. */
function parseV1(advisories, project) {
    const findings = [];
    for (const [key, value] of Object.entries(advisories)) {
        if (!isObject(value))
            continue;
        const url = asString(value.url);
        const id = asString(value.github_advisory_id) ?? ghsaFromUrl(url) ?? `npm-${asString(value.id) ?? key}`;
        const patched = asString(value.patched_versions);
        // `<0.0.0` is how npm 6 says that no version is patched.
        const fixed = patched && patched !== '<0.0.0' ? [patched] : [];
        const byVersion = new Map();
        for (const found of Array.isArray(value.findings) ? value.findings : []) {
            if (!isObject(found))
                continue;
            const version = asString(found.version) ?? '';
            byVersion.set(version, [...(byVersion.get(version) ?? []), ...asStrings(found.paths)]);
        }
        if (byVersion.size === 0)
            byVersion.set('', []);
        for (const [version, rawPaths] of byVersion) {
            const paths = [...new Set(rawPaths)]
                .sort((a, b) => a.split('>').length - b.split('>').length || a.localeCompare(b))
                .slice(0, MAX_PATHS);
            const finding = {
                tool: 'npm-audit',
                id,
                aliases: asStrings(value.cves).filter((cve) => cve !== id),
                package: asString(value.module_name) ?? key,
                severity: toSeverity(value.severity),
                fixedVersions: fixed,
                fixAvailable: fixed.length > 0,
                title: asString(value.title) ?? id,
                project,
            };
            if (version)
                finding.version = version;
            if (url)
                finding.url = url;
            if (paths.length > 0) {
                finding.path = paths[0];
                finding.paths = paths;
            }
            const recommendation = asString(value.recommendation);
            if (recommendation)
                finding.fix = recommendation;
            findings.push(finding);
        }
    }
    return { findings, packages: [] };
}

;// CONCATENATED MODULE: ./src/dep-audit/parse-npm-outdated.ts

/**
 * Reads `npm outdated --json`: an object keyed by package, whose value becomes an array when several
 * dependents (workspaces) have the package outdated (npm/cli `lib/commands/outdated.js`). npm prints `{}`
 * when nothing is outdated, so empty output or an `error` object is an incomplete check, not an empty one.
 */
function parseNpmOutdated(text, project) {
    const json = readToolJson(text, 'npm outdated');
    if (!json.ok)
        return { rows: [], incomplete: json.reason };
    const report = json.value;
    if (!isObject(report))
        return { rows: [], incomplete: `npm outdated printed JSON that is not a report: ${excerpt(text)}` };
    if (isObject(report.error)) {
        const error = report.error;
        const message = [asString(error.code), asString(error.summary), asString(error.detail)]
            .filter(Boolean)
            .join(': ');
        return {
            rows: [],
            incomplete: `npm outdated failed: ${message || 'npm printed an error without a message'}`,
        };
    }
    const rows = [];
    for (const [name, value] of Object.entries(report)) {
        for (const entry of Array.isArray(value) ? value : [value]) {
            if (!isObject(entry))
                continue;
            const current = asString(entry.current);
            const wanted = asString(entry.wanted) ?? '';
            const latest = asString(entry.latest) ?? '';
            const row = {
                package: name,
                wanted,
                latest,
                update: current ? updateType(current, latest) : 'unknown',
                inRange: current ? compareVersions(wanted, current) > 0 : true,
                project,
            };
            if (current)
                row.current = current;
            for (const key of ['dependent', 'location', 'type']) {
                const text = asString(entry[key]);
                if (text)
                    row[key] = text;
            }
            rows.push(row);
        }
    }
    return { rows };
}
/** `1.2.3`, `v1.2.3`, `1.2.3-beta.1+build` → [1, 2, 3]; the prerelease and build are ignored. */
function parseVersion(version) {
    const match = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?\s*$/.exec(version);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}
/** Negative, zero or positive like a sort comparator; versions that are not x.y.z compare equal. */
function compareVersions(a, b) {
    const [va, vb] = [parseVersion(a), parseVersion(b)];
    if (!va || !vb)
        return 0;
    return va[0] - vb[0] || va[1] - vb[1] || va[2] - vb[2];
}
/**
 * The first of major, minor, patch that differs between the two versions, read as plain x.y.z: moving
 * 0.4.x to 0.5.x is minor here, though npm's caret treats it as breaking.
 */
function updateType(from, to) {
    const [a, b] = [parseVersion(from), parseVersion(to)];
    if (!a || !b)
        return 'unknown';
    if (b[0] !== a[0])
        return b[0] > a[0] ? 'major' : 'none';
    if (b[1] !== a[1])
        return b[1] > a[1] ? 'minor' : 'none';
    if (b[2] !== a[2])
        return b[2] > a[2] ? 'patch' : 'none';
    return 'none';
}

;// CONCATENATED MODULE: ./src/dep-audit/parse-pip-audit.ts

/** Titles come from the first line of a description that is often pages of Markdown. */
const MAX_TITLE = 160;
/**
 * Reads `pip-audit -f json`: `{"dependencies": [...], "fixes": [...]}`, or the bare array of pip-audit
 * before 2.5. pip-audit reports no severity, so every finding is `unknown` and the `unknown-severity`
 * input decides. Skipped dependencies were not audited: the audit is incomplete, and says which.
 */
function parsePipAudit(text, project) {
    const json = readToolJson(text, 'pip-audit');
    if (!json.ok)
        return { findings: [], skipped: [], audited: 0, incomplete: json.reason };
    const report = json.value;
    const dependencies = Array.isArray(report)
        ? report
        : isObject(report) && Array.isArray(report.dependencies)
            ? report.dependencies
            : undefined;
    if (!dependencies)
        return {
            findings: [],
            skipped: [],
            audited: 0,
            incomplete: 'pip-audit printed JSON without a "dependencies" list',
        };
    const findings = [];
    const skipped = [];
    let audited = 0;
    for (const dependency of dependencies) {
        if (!isObject(dependency))
            continue;
        const name = asString(dependency.name) ?? '(unnamed)';
        if (dependency.skip_reason !== undefined || !Array.isArray(dependency.vulns)) {
            skipped.push({ package: name, reason: asString(dependency.skip_reason) ?? 'no result' });
            continue;
        }
        audited++;
        const version = asString(dependency.version);
        for (const vuln of dependency.vulns) {
            if (!isObject(vuln))
                continue;
            const id = asString(vuln.id) ?? 'unknown';
            const fixedVersions = asStrings(vuln.fix_versions);
            const aliases = [...new Set(asStrings(vuln.aliases))].filter((alias) => alias !== id);
            const finding = {
                tool: 'pip-audit',
                id,
                aliases,
                package: name,
                severity: 'unknown',
                fixedVersions,
                fixAvailable: fixedVersions.length > 0,
                title: titleOf(asString(vuln.description)) ?? id,
                project,
            };
            if (version)
                finding.version = version;
            const url = advisoryUrl(id) ?? aliases.map(advisoryUrl).find((u) => u !== undefined);
            if (url)
                finding.url = url;
            findings.push(finding);
        }
    }
    const result = { findings, skipped, audited };
    if (skipped.length > 0)
        result.incomplete = `pip-audit skipped ${skipped.length} ${skipped.length === 1 ? 'dependency' : 'dependencies'}: ${skipped
            .map((s) => `${s.package} (${s.reason})`)
            .join('; ')}`;
    return result;
}
/**
 * A one-line title from a description that is often pages of Markdown, sometimes with its newlines lost
 * ("### Summary When parsing …  ### Details …"): the first sentence of the first paragraph that is not a
 * heading, with Markdown links reduced to their text, at most 160 characters.
 */
function titleOf(description) {
    if (!description)
        return undefined;
    const text = description
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/[*_`]+/g, '')
        .replace(/#+\s*(summary|impact|description|details|overview)\b:?/gi, '\n');
    for (const paragraph of text.split(/\r?\n|\s#+\s|\s{2,}/)) {
        const line = paragraph
            .replace(/^#+\s*/, '')
            .replace(/\s+/g, ' ')
            .trim();
        if (line === '')
            continue;
        const sentence = /^(.*?[.!?])(?:\s|$)/.exec(line)?.[1] ?? line;
        return sentence.length > MAX_TITLE ? `${sentence.slice(0, MAX_TITLE - 1)}…` : sentence;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/dep-audit/pip-outdated.ts

/**
 * The latest version in the first line of `pip index versions <name>` ("fastapi (0.110.0)"), the
 * versions pip's index offers for this Python. pip has no JSON form of this command.
 */
function parsePipIndexVersions(stdout, name) {
    const first = stdout.trim().split(/\r?\n/, 1)[0] ?? '';
    const match = /^(\S+) \(([^()\s]+)\)$/.exec(first);
    if (!match || normalizePypiName(match[1]) !== name)
        return undefined;
    return match[2];
}
/** Why pip printed no version: its ERROR line, or the last line it printed. */
function pipIndexError(stderr) {
    const lines = stderr.trim().split(/\r?\n/).filter(Boolean);
    return excerpt(lines.find((l) => l.startsWith('ERROR:')) ?? lines.at(-1) ?? 'pip printed nothing');
}
/** The pinned requirements with a newer version on the index, as rows of the outdated table. */
function outdatedRows(pinned, latest, project) {
    const rows = [];
    for (const { name, version } of pinned) {
        const newest = latest.get(name);
        const update = newest ? pythonUpdate(version, newest) : 'none';
        if (!newest || update === 'none')
            continue;
        rows.push({
            package: name,
            current: version,
            wanted: newest,
            latest: newest,
            update,
            inRange: false,
            project,
        });
    }
    return rows;
}
/**
 * How far `to` is ahead of `from`, by PEP 440's release numbers (`2.31`, `1.0.0rc1`, `2024.1`): the first
 * of major, minor, patch (or later) that grew. A pre-release or dev pin of the same release is behind it.
 */
function pythonUpdate(from, to) {
    const [a, b] = [release(from), release(to)];
    if (!a || !b)
        return from === to ? 'none' : 'unknown';
    for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
        const [x, y] = [a.numbers[i] ?? 0, b.numbers[i] ?? 0];
        if (x !== y)
            return y < x ? 'none' : i === 0 ? 'major' : i === 1 ? 'minor' : 'patch';
    }
    return a.preRelease && !b.preRelease ? 'patch' : 'none';
}
function release(version) {
    const match = /^v?(?:\d+!)?(\d+(?:\.\d+)*)(.*)$/i.exec(version.trim());
    if (!match)
        return undefined;
    return {
        numbers: match[1].split('.').map(Number),
        preRelease: /^[-_.]?(a|b|c|rc|alpha|beta|pre|preview|dev)/i.test(match[2]),
    };
}

;// CONCATENATED MODULE: ./src/dep-audit/requirements.ts



/** `-r`/`--requirement` includes followed at most this deep (a file that includes itself stops here). */
const MAX_DEPTH = 10;
/**
 * The requirements of a pip requirements file, following its `-r` includes. Only plain names count:
 * options (`-e`, `--index-url`, `-c`), URLs and paths are not versions to compare with an index.
 */
function readRequirements(file) {
    const result = { pinned: [], unpinned: [], unreadable: [] };
    const seen = new Set();
    const names = new Set();
    const visit = (path, depth) => {
        if (seen.has(path) || depth > MAX_DEPTH)
            return;
        seen.add(path);
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            result.unreadable.push(path);
            return;
        }
        for (const line of logicalLines(text)) {
            const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)$/.exec(line);
            if (include) {
                visit((0,external_node_path_.join)((0,external_node_path_.dirname)(path), include[1]), depth + 1);
                continue;
            }
            const requirement = parseRequirement(line);
            if (!requirement || names.has(requirement.name))
                continue;
            names.add(requirement.name);
            if (requirement.version)
                result.pinned.push({ name: requirement.name, version: requirement.version });
            else
                result.unpinned.push(requirement.name);
        }
    };
    visit(file, 0);
    return result;
}
/** Lines joined at a trailing `\`, comments (`#` at the start or after a space) and blanks dropped. */
function logicalLines(text) {
    return text
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
        .filter(Boolean);
}
/** `name[extras] ==1.2.3 ; marker --hash=…`: the normalised name and the pinned version, if any. */
function parseRequirement(line) {
    if (line.startsWith('-') || line.includes('://') || /^[./~]/.test(line))
        return undefined;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(?:;.*)?$/.exec(line.replace(/\s--\S.*$/, ''));
    if (!match)
        return undefined;
    const name = normalizePypiName(match[1]);
    if (match[2].startsWith('@'))
        return undefined; // a direct reference: `name @ file:…`
    const pin = /^===?\s*([^\s,*]+)$/.exec(match[2]);
    return pin ? { name, version: pin[1] } : { name };
}

;// CONCATENATED MODULE: ./src/dep-audit/scan.ts













/** Where the runbook's backend keeps its code: what bandit scans when bandit-paths is not set. */
const DEFAULT_BANDIT_PATH = 'backend/app';
/** The projects to scan: the inputs, or what is found under the working directory (never in node_modules). */
function findTargets(inputs) {
    const root = inputs.workingDirectory;
    const npmProjects = inputs.npmProjects ??
        walk(root, 4).filter((dir) => ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, f))));
    const requirements = inputs.pythonRequirements ??
        walk(root, 3).flatMap((dir) => (0,external_node_fs_.readdirSync)(dir)
            .filter((f) => /^requirements(-[\w.-]+)?\.txt$/.test(f) && !/dev|test/.test(f))
            .map((f) => (0,external_node_path_.join)(dir, f)));
    const banditPaths = inputs.banditPaths ?? ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, DEFAULT_BANDIT_PATH)) ? [DEFAULT_BANDIT_PATH] : []);
    const rel = (p) => (0,external_node_path_.relative)(root, (0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.join)(root, p)) || '.';
    return { npmProjects: npmProjects.map(rel), requirements: requirements.map(rel), banditPaths };
}
/** Folders under root up to a depth, skipping node_modules, virtual environments and hidden folders. */
function walk(root, depth) {
    const out = [root];
    if (depth === 0)
        return out;
    for (const entry of (0,external_node_fs_.readdirSync)(root, { withFileTypes: true })) {
        if (!entry.isDirectory() ||
            entry.name === 'node_modules' ||
            entry.name.startsWith('.') ||
            /^(venv|env|__pycache__|dist|build)$/.test(entry.name))
            continue;
        out.push(...walk((0,external_node_path_.join)(root, entry.name), depth - 1));
    }
    return out;
}
/**
 * Runs every scanner concurrently (they wait on different things: the advisory services, the disk,
 * the CPU), or reads the saved reports given instead. Never throws: a tool that fails is an incomplete run.
 */
async function runScanners(inputs, targets, logger, options) {
    const root = inputs.workingDirectory;
    const jobs = [];
    const every = options.progressEveryMs ?? PROGRESS_EVERY_MS;
    const timed = (tool, project, run) => timedRun(tool, project, run, (elapsedMs) => logger.info(`still running ${tool} (${project}) after ${(0,units/* formatDuration */.a3)(elapsedMs)}`), every);
    const saved = (tool, path, parse) => timed(tool, (0,external_node_path_.relative)(root, path), () => parse(readInputFile(tool, path)));
    if (inputs.npmAuditReport)
        jobs.push(saved('npm audit', inputs.npmAuditReport, (t) => scanOf(parseNpmAudit(t, 'saved report'))));
    else
        for (const project of targets.npmProjects)
            jobs.push(timed('npm audit', project, () => npmAudit(inputs, project)));
    if (inputs.pipAuditReport)
        jobs.push(saved('pip-audit', inputs.pipAuditReport, (t) => withSkipped(parsePipAudit(t, 'saved report'))));
    else
        for (const file of targets.requirements)
            jobs.push(timed('pip-audit', file, () => pipAudit(inputs, file, options.pipAudit)));
    if (inputs.banditReport)
        jobs.push(saved('bandit', inputs.banditReport, (t) => withErrors(parseBandit(t, { project: 'saved report', root }), (0,external_node_path_.relative)(root, inputs.banditReport))));
    else if (targets.banditPaths.length)
        jobs.push(timed('bandit', targets.banditPaths.join(', '), () => bandit(inputs, targets.banditPaths)));
    else
        jobs.push(timed('bandit', DEFAULT_BANDIT_PATH, () => ({
            notScanned: `bandit-paths is not set and ${DEFAULT_BANDIT_PATH} (its default) does not exist`,
        })));
    if (inputs.outdated && !inputs.npmAuditReport) {
        for (const project of targets.npmProjects)
            jobs.push(timed('npm outdated', project, () => npmOutdated(inputs, project)));
    }
    // The project's pinned requirements against pip's index (never the runner's own Python packages).
    if (inputs.outdated) {
        const latest = new Map();
        for (const file of targets.requirements)
            jobs.push(timed('pip outdated', file, () => pipOutdated(inputs, file, latest)));
    }
    return Promise.all(jobs);
}
/** A scanner can run up to tool-timeout (10 minutes by default): the log says it is alive this often. */
const PROGRESS_EVERY_MS = 30_000;
/** Runs one scanner, timing it, saying every `everyMs` that it is still running; never throws. */
async function timedRun(tool, project, run, still, everyMs) {
    const started = performance.now();
    const progress = setInterval(() => still(performance.now() - started), everyMs);
    let result;
    try {
        result = await run();
    }
    catch (error) {
        result = { incomplete: (0,errors/* getErrorMessage */.u1)(error) };
    }
    finally {
        clearInterval(progress);
    }
    return { tool, project, findings: [], outdated: [], ...result, durationMs: performance.now() - started };
}
/** A tool that exited without printing anything it was asked for. */
function failed(tool, result, timeoutMs) {
    if (result.timedOut || result.signal)
        return describeExit(tool, result, timeoutMs);
    return undefined;
}
/** The ways to a report under max-report-size, per scanner: the inputs that narrow it, or avoid running it. */
const WAY_OUT = {
    'npm audit': {
        narrow: 'production-only: true, or one project at a time with npm-projects',
        instead: 'give a saved report as npm-audit-report',
    },
    'npm outdated': { narrow: 'one project at a time with npm-projects', instead: 'set outdated: false' },
    'pip-audit': {
        narrow: 'one requirements file at a time with python-requirements',
        instead: 'give a saved report as pip-audit-report',
    },
    bandit: { narrow: 'fewer paths in bandit-paths', instead: 'give a saved report as bandit-report' },
};
/**
 * A report cut at max-report-size is not a report: say so with its size and the way out, instead of
 * letting the cut JSON read as "printed text".
 */
function overCap(tool, result, capBytes) {
    const bytes = result.stdoutBytes ?? 0;
    if (bytes <= capBytes)
        return undefined;
    const { narrow, instead } = WAY_OUT[tool];
    return `${tool} printed a report of ${(0,units/* formatSize */.Xq)(bytes)}, over the ${(0,units/* formatSize */.Xq)(capBytes)} max-report-size: raise max-report-size, or narrow the audit (${narrow}), or ${instead}`;
}
/** Runs a scanner whose stdout is its report: stdout kept up to max-report-size. */
async function scanner(inputs, tool, command, args, options) {
    const result = await execTool(command, args, {
        ...options,
        timeoutMs: inputs.toolTimeoutMs,
        maxOutputBytes: inputs.maxReportBytes,
    });
    return {
        result,
        stopped: failed(tool, result, inputs.toolTimeoutMs) ?? overCap(tool, result, inputs.maxReportBytes),
    };
}
async function npmAudit(inputs, project) {
    const args = ['audit', '--json', ...(inputs.productionOnly ? ['--omit=dev'] : [])];
    const { result, stopped } = await scanner(inputs, 'npm audit', 'npm', args, {
        cwd: (0,external_node_path_.join)(inputs.workingDirectory, project),
        env: quietNpm(),
    });
    // npm audit exits 1 when it finds something: the JSON decides, not the exit code.
    if (stopped)
        return { incomplete: stopped };
    return scanOf(parseNpmAudit(result.stdout, project));
}
/** What a run keeps of npm audit's result: not its package list, which is resolved only when read. */
const scanOf = ({ findings, incomplete }) => ({ findings, incomplete });
async function npmOutdated(inputs, project) {
    const { result, stopped } = await scanner(inputs, 'npm outdated', 'npm', ['outdated', '--json', '--long'], {
        cwd: (0,external_node_path_.join)(inputs.workingDirectory, project),
        env: quietNpm(),
    });
    if (stopped)
        return { incomplete: stopped };
    const parsed = parseNpmOutdated(result.stdout, project);
    return { outdated: parsed.rows, incomplete: parsed.incomplete };
}
/** How many `pip index versions` run at once: each is a Python start-up and one request to the index. */
const PIP_INDEX_CONCURRENCY = 4;
/**
 * The pinned requirements of one requirements file (with its `-r` includes) against pip's index: the
 * newest version `pip index versions` sees for this runner's Python. pip's own configuration
 * (PIP_INDEX_URL, pip.conf) decides the index, as for an install. A name the index did not answer for
 * makes the list incomplete: an unreachable index is not "nothing outdated".
 */
async function pipOutdated(inputs, file, latest) {
    const requirements = readRequirements((0,external_node_path_.join)(inputs.workingDirectory, file));
    const names = requirements.pinned.map((r) => r.name);
    for (const name of names)
        if (!latest.has(name))
            latest.set(name, queued(() => pipLatest(inputs, name)));
    const answers = await Promise.all(names.map(async (name) => [name, await latest.get(name)]));
    const found = new Map();
    const failed = [];
    for (const [name, answer] of answers)
        if ('version' in answer)
            found.set(name, answer.version);
        else
            failed.push(`${name} (${answer.error})`);
    const notPinned = requirements.unpinned.length
        ? `; ${requirements.unpinned.length} requirement(s) without an == pin not compared (${requirements.unpinned.slice(0, 5).join(', ')})`
        : '';
    const problems = [
        failed.length
            ? `pip could not get the newest version of ${failed.length} of ${names.length} pinned requirement(s) from its index: ${failed.slice(0, 3).join('; ')}. The index is unreachable or does not have them: point pip at one the runner can reach (PIP_INDEX_URL or pip.conf), or set outdated: false`
            : undefined,
        requirements.unreadable.length ? `could not read ${requirements.unreadable.join(', ')}` : undefined,
    ].filter(Boolean);
    return {
        outdated: outdatedRows(requirements.pinned, found, file),
        incomplete: problems.length ? problems.join('; ') : undefined,
        note: `${names.length} pinned requirement(s) checked against pip's index${notPinned}`,
    };
}
async function pipLatest(inputs, name) {
    const args = ['-m', 'pip', 'index', 'versions', name, '--disable-pip-version-check'];
    const result = await execTool(PYTHON, args, {
        cwd: inputs.workingDirectory,
        timeoutMs: inputs.toolTimeoutMs,
    });
    const stopped = failed(`${PYTHON} -m pip index versions`, result, inputs.toolTimeoutMs);
    if (stopped)
        return { error: stopped };
    const version = result.exitCode === 0 ? parsePipIndexVersions(result.stdout, name) : undefined;
    return version ? { version } : { error: pipIndexError(result.stderr) };
}
/** Runs at most PIP_INDEX_CONCURRENCY of the queued tasks at a time. */
let running = 0;
const waiting = [];
async function queued(task) {
    if (running >= PIP_INDEX_CONCURRENCY)
        await new Promise((resolve) => waiting.push(resolve));
    running++;
    try {
        return await task();
    }
    finally {
        running--;
        waiting.shift()?.();
    }
}
/** npm without its update notices and funding messages, which are not part of the report. */
function quietNpm() {
    return {
        ...process.env,
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_loglevel: 'error',
    };
}
function withSkipped(result) {
    const skipped = result.skipped.map((s) => `${s.package} (${s.reason})`);
    const incomplete = [
        result.incomplete,
        skipped.length
            ? `pip-audit skipped ${skipped.length} dependency(ies): ${skipped.slice(0, 5).join(', ')}`
            : undefined,
    ]
        .filter(Boolean)
        .join('; ');
    return { findings: result.findings, incomplete: incomplete || undefined };
}
function withErrors(result, project) {
    const errors = result.errors.map((e) => `${e.file} (${e.reason})`);
    const incomplete = [
        result.incomplete,
        errors.length
            ? `bandit could not scan ${errors.length} file(s): ${errors.slice(0, 5).join(', ')}`
            : undefined,
    ]
        .filter(Boolean)
        .join('; ');
    // bandit exits 0 with an empty report when it found no Python file: that is not a clean scan.
    const nothing = result.files === 0 && !result.findings.length && !errors.length;
    return {
        findings: result.findings,
        incomplete: incomplete || undefined,
        notScanned: nothing ? `bandit found no Python file in ${project}` : undefined,
    };
}
async function pipAudit(inputs, file, install) {
    const tool = await install.find(inputs.toolTimeoutMs);
    const { result, stopped } = await scanner(inputs, 'pip-audit', tool, ['-r', file, '-f', 'json', '--progress-spinner', 'off'], { cwd: inputs.workingDirectory });
    if (stopped)
        return { incomplete: stopped };
    const parsed = withSkipped(parsePipAudit(result.stdout, file));
    // pip-audit exits 1 when it finds something; a JSON report decides. No report: say what it printed.
    if (parsed.incomplete && result.exitCode !== 0 && !result.stdout.trim())
        return {
            incomplete: `pip-audit failed: ${lastLine(result.stderr) || describeExit('pip-audit', result, inputs.toolTimeoutMs)}`,
        };
    return parsed;
}
async function bandit(inputs, paths) {
    const { result, stopped } = await scanner(inputs, 'bandit', 'bandit', ['-r', ...paths, '-f', 'json', '-q'], {
        cwd: inputs.workingDirectory,
    });
    if (stopped)
        return { incomplete: stopped };
    const project = paths.join(', ');
    return withErrors(parseBandit(result.stdout, { project, root: inputs.workingDirectory }), project);
}

;// CONCATENATED MODULE: ./src/dep-audit/sarif.ts

/**
 * SARIF 2.1.0 for `github/codeql-action/upload-sarif`: one run per scanner, one rule per advisory (GHSA,
 * CVE, PYSEC, npm source number) or bandit test id, one result per finding and project. Dependency findings
 * point at the manifest of their project (line 1: the reports do not say which line declares a package);
 * bandit findings at their file and line. Code scanning reads `properties.security-severity` (with the
 * `security` tag) for the alert's severity and `partialFingerprints` to follow an alert across runs.
 */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Code scanning's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY = {
    critical: '9.5',
    high: '8.0',
    moderate: '5.5',
    low: '3.0',
    unknown: '5.0',
};
const LEVEL = {
    critical: 'error',
    high: 'error',
    moderate: 'warning',
    low: 'note',
    unknown: 'warning',
};
const TOOLS = ['npm-audit', 'pip-audit', 'bandit'];
const DRIVERS = {
    'npm-audit': { name: 'npm audit', informationUri: 'https://docs.npmjs.com/cli/commands/npm-audit' },
    'pip-audit': { name: 'pip-audit', informationUri: 'https://github.com/pypa/pip-audit' },
    bandit: { name: 'bandit', informationUri: 'https://bandit.readthedocs.io/' },
};
const sarif_RANK = { unknown: 0, low: 1, moderate: 2, high: 3, critical: 4 };
function toSarif(findings, options) {
    const present = new Set([...(options.tools ?? []), ...findings.map((finding) => finding.tool)]);
    const runs = TOOLS.filter((tool) => present.has(tool)).map((tool) => toRun(tool, findings.filter((finding) => finding.tool === tool), options));
    return { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
}
function toRun(tool, findings, options) {
    // A finding merged across projects (`dedupe`) is an alert in each manifest: one result per project,
    // each with the fingerprint of its own project.
    const expanded = findings.flatMap((finding) => finding.tool !== 'bandit' && finding.projects && finding.projects.length > 1
        ? finding.projects.map((project) => ({ ...finding, project, projects: undefined }))
        : [finding]);
    const rules = [];
    const ruleIndex = new Map();
    const worst = new Map();
    for (const finding of expanded) {
        const known = ruleIndex.get(finding.id);
        if (known === undefined) {
            ruleIndex.set(finding.id, rules.length);
            rules.push(toRule(finding));
            worst.set(finding.id, finding.severity);
        }
        else if (sarif_RANK[finding.severity] > sarif_RANK[worst.get(finding.id) ?? 'unknown']) {
            // The same advisory on several packages or versions: the rule carries the worst severity.
            worst.set(finding.id, finding.severity);
            rules[known].properties['security-severity'] = SECURITY_SEVERITY[finding.severity];
            rules[known].defaultConfiguration.level = LEVEL[finding.severity];
        }
    }
    // Occurrence-aware: two identical bandit findings in one file are two alerts, not one.
    const keys = fingerprints(expanded);
    const results = expanded.map((finding, index) => ({
        ruleId: finding.id,
        ruleIndex: ruleIndex.get(finding.id) ?? 0,
        level: LEVEL[finding.severity],
        message: { text: messageOf(finding) },
        locations: [sarif_location(finding, options.manifests)],
        partialFingerprints: { 'runbook/v1': keys[index] },
        properties: propertiesOf(finding),
    }));
    const run = {
        tool: { driver: { ...DRIVERS[tool], rules } },
        results,
    };
    if (options.toolVersion)
        run.conversion = {
            tool: {
                driver: {
                    name: 'runbook-actions dep-audit',
                    version: options.toolVersion,
                },
            },
        };
    return run;
}
function toRule(finding) {
    const helpUri = finding.url ?? advisoryUrl(finding.id) ?? finding.aliases.map(advisoryUrl).find(Boolean);
    const title = finding.title || finding.id;
    const aliases = finding.aliases.length > 0 ? ` (also ${finding.aliases.join(', ')})` : '';
    const subject = finding.tool === 'bandit' ? `bandit ${finding.id}` : `${finding.id}${aliases}`;
    const rule = {
        id: finding.id,
        shortDescription: { text: excerpt(title, 200) },
        help: {
            text: `${subject}: ${title}${helpUri ? `\n${helpUri}` : ''}`,
            markdown: `**${escapeMarkdown(subject)}**: ${escapeMarkdown(title)}${helpUri ? `\n\n[${helpUri}](${helpUri})` : ''}`,
        },
        defaultConfiguration: { level: LEVEL[finding.severity] },
        properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], tags: ['security'] },
    };
    if (title.length > 200)
        rule.fullDescription = { text: excerpt(title, 1000) };
    if (helpUri && isAbsoluteUri(helpUri))
        rule.helpUri = helpUri;
    if (finding.aliases.length > 0)
        rule.properties.aliases = [...finding.aliases];
    return rule;
}
/** `follow-redirects@1.14.7: <title> (GHSA-…). Fix: upgrade to 1.15.6.` or `B602 …: <title>`. */
function messageOf(finding) {
    if (finding.tool === 'bandit') {
        const confidence = finding.confidence ? `, confidence ${finding.confidence}` : '';
        return `${finding.id}: ${finding.title} (severity ${finding.severity}${confidence}).`;
    }
    const name = finding.package ?? '(unknown package)';
    const subject = finding.version ? `${name}@${finding.version}` : `${name} (installed version not reported)`;
    const where = finding.path && finding.path !== name ? `, through ${finding.path}` : '';
    return `${subject}: ${finding.title} (${finding.id}, ${finding.severity}${where}). Fix: ${sarif_fixOf(finding)}.`;
}
function sarif_fixOf(finding) {
    if (finding.fix)
        return finding.fix;
    if (finding.fixedVersions.length > 0)
        return `upgrade to ${finding.fixedVersions.join(' or ')}`;
    return finding.fixAvailable ? 'a fix is available' : 'no fixed version is known';
}
function propertiesOf(finding) {
    const properties = { severity: finding.severity };
    if (finding.package !== undefined)
        properties.package = finding.package;
    if (finding.version !== undefined)
        properties.version = finding.version;
    if (finding.fixedVersions.length > 0)
        properties.fixedVersions = [...finding.fixedVersions];
    if (finding.confidence !== undefined)
        properties.confidence = finding.confidence;
    if (finding.path !== undefined && finding.tool !== 'bandit')
        properties.path = finding.path;
    return properties;
}
function sarif_location(finding, manifests) {
    const file = finding.tool === 'bandit'
        ? (finding.file ?? finding.project)
        : (manifests[finding.project] ??
            (finding.tool === 'npm-audit' ? `${finding.project}/package-lock.json` : finding.project));
    return {
        physicalLocation: {
            artifactLocation: artifactLocation(file),
            region: { startLine: finding.tool === 'bandit' && finding.line && finding.line > 0 ? finding.line : 1 },
        },
    };
}
/**
 * A path as SARIF wants it: relative to `%SRCROOT%` (the checkout), `/` separators, each segment
 * percent-encoded (a space or `#` in a name is not a URI reference). An absolute path becomes a file URI.
 */
function artifactLocation(path) {
    const slashed = path.replace(/\\/g, '/');
    const absolute = /^(\/|[A-Za-z]:\/)/.test(slashed);
    const segments = slashed.split('/').filter((segment, index) => {
        if (segment === '.')
            return false;
        return segment !== '' || (absolute && index === 0);
    });
    const encoded = segments.map((segment) => /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment));
    if (absolute)
        return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${encoded.join('/')}` };
    return { uri: encoded.join('/') || '.', uriBaseId: '%SRCROOT%' };
}
function isAbsoluteUri(text) {
    try {
        return new URL(text).protocol.length > 1;
    }
    catch {
        return false;
    }
}
function escapeMarkdown(text) {
    return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

;// CONCATENATED MODULE: ./src/dep-audit/audit.ts











async function audit(inputs, logger, now = new Date(), options = {}) {
    const startedAt = now.toISOString();
    const entries = inputs.allowlist
        ? parseAllowlist(readInputFile('allowlist', inputs.allowlist), inputs.allowlist)
        : [];
    const baseline = readFindingsBaseline(inputs.baseline, logger);
    const targets = findTargets(inputs);
    logger.info(`npm projects: ${targets.npmProjects.join(', ') || 'none'}; requirements: ${targets.requirements.join(', ') || 'none'}; bandit: ${targets.banditPaths.join(', ') || 'none'}`);
    const pipAudit = new PipAuditInstall(logger, options.onVenv);
    let runs;
    let stale;
    try {
        ;
        [runs, stale] = await Promise.all([
            runScanners(inputs, targets, logger, { pipAudit, progressEveryMs: options.progressEveryMs }),
            rotation(inputs, options.github),
        ]);
    }
    finally {
        pipAudit.dispose();
    }
    const findings = dedupe(runs.flatMap((r) => r.findings));
    const allow = applyAllowlist(findings, entries, now.toISOString().slice(0, 10));
    const result = evaluate(runs, findings, allow, baseline, stale, inputs, startedAt);
    if (inputs.sarif) {
        const manifests = Object.fromEntries([
            ...targets.npmProjects.map((p) => [
                p,
                (0,external_node_path_.join)(p, (0,external_node_fs_.existsSync)((0,external_node_path_.join)(inputs.workingDirectory, p, 'npm-shrinkwrap.json'))
                    ? 'npm-shrinkwrap.json'
                    : 'package-lock.json'),
            ]),
            ...targets.requirements.map((r) => [r, r]),
        ]);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(inputs.sarif), { recursive: true });
        (0,external_node_fs_.writeFileSync)(inputs.sarif, JSON.stringify(toSarif(allow.kept, { manifests }), null, 2));
    }
    return result;
}
async function rotation(inputs, github) {
    if (inputs.secretsMaxAgeMs === undefined)
        return undefined;
    // A caller's mistake, not the user's: the runner and the CLI always pass their client.
    if (!github)
        throw new Error('audit: secrets-max-age is set but no GitHub client was given');
    if (!inputs.token || !inputs.repository) {
        return {
            secrets: [],
            problem: 'secrets-max-age needs token (one that may list Actions secrets) and the repository; rotation was not checked',
        };
    }
    return listStaleSecrets(github, {
        apiUrl: inputs.apiUrl,
        repository: inputs.repository,
        token: inputs.token,
        maxAgeMs: inputs.secretsMaxAgeMs,
    });
}

// EXTERNAL MODULE: ./src/core/markdown.ts
var markdown = __webpack_require__(6706);
;// CONCATENATED MODULE: ./src/core/sticky-comment.ts
/**
 * One comment per purpose on an issue or pull request, kept up to date across runs: a hidden marker
 * (`<!-- runbook-actions:<key> -->`) at its start finds it again, so every run edits the same comment
 * instead of adding one. A fork's pull request gets a read-only token: then there is no comment, and the
 * caller says so and still reports through its summary and exit code.
 */

/** GitHub refuses an issue or comment body longer than this (characters). */
const MAX_COMMENT_LENGTH = 65_536;
/** The hidden marker of a key: an HTML comment, invisible on the rendered page. */
function stickyMarker(key) {
    if (!/^[\w./-]+$/.test(key))
        throw new Error(`A sticky comment key is letters, digits, -, _, . or /: ${key}`);
    return `<!-- runbook-actions:${key} -->`;
}
/**
 * Creates the key's comment on the issue or pull request, or updates it in place: the marked comment is
 * looked for on every page of the comments (a pull request may have hundreds), and when several carry the
 * marker the oldest is updated and the others left alone: the first one is ours, and a later comment
 * that copies the marker (anyone may post one) cannot make it stale. A body equal to the current one is not sent
 * again. Throws a GitHubError only for what is no permission problem (unreachable, rate limited, 5xx).
 */
async function upsertStickyComment(client, comment) {
    const marker = stickyMarker(comment.key);
    const repository = client.repository;
    if (!repository)
        return { skipped: 'no repository is known (GITHUB_REPOSITORY is not set)' };
    const { text, truncated } = commentBody(marker, comment.body, comment.fullTextAt ?? 'the job summary of this run');
    const where = { ...repository, issue_number: comment.issueNumber };
    try {
        const comments = await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...where, per_page: 100 });
        const existing = oldest(comments.filter((c) => (c.body ?? '').startsWith(marker)));
        if (existing && normalise(existing.body ?? '') === normalise(text))
            return { action: 'unchanged', id: existing.id, url: existing.html_url, truncated };
        if (existing) {
            const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repository, comment_id: existing.id, body: text });
            return { action: 'updated', id: data.id, url: data.html_url, truncated };
        }
        const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...where, body: text });
        return { action: 'created', id: data.id, url: data.html_url, truncated };
    }
    catch (error) {
        if (error instanceof core_github/* GitHubError */.y_ && error.noPermission)
            return {
                skipped: `the token may not comment on #${comment.issueNumber} (GitHub answered ${error.status}); ` +
                    'on a pull request from a fork the token is read-only',
            };
        throw error;
    }
}
/**
 * The marker, then the body within GitHub's limit: a longer body is cut at a line end and a note says
 * where the rest is. A marker inside the body is defused, so no text can pose as another sticky comment.
 */
function commentBody(marker, body, fullTextAt, limit = MAX_COMMENT_LENGTH) {
    const inert = body.replace(/<!--(\s*runbook-actions:)/g, '&lt;!--$1');
    const whole = `${marker}\n${inert}`;
    if (whole.length <= limit)
        return { text: whole, truncated: false };
    const note = `\n\n---\n_This comment is cut at GitHub's ${limit.toLocaleString('en-US')}-character limit: the rest is in ${fullTextAt}._`;
    let cut = whole.slice(0, limit - note.length);
    // Not inside a line (a table row), nor between the two halves of a surrogate pair.
    const lineEnd = cut.lastIndexOf('\n');
    if (lineEnd > marker.length)
        cut = cut.slice(0, lineEnd);
    else if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1);
    return { text: `${cut}${note}`, truncated: true };
}
function oldest(comments) {
    return comments.reduce((best, c) => !best || c.created_at < best.created_at || (c.created_at === best.created_at && c.id < best.id)
        ? c
        : best, undefined);
}
/** GitHub may store a body with CRLF line ends; trailing space is not a change either. */
function normalise(text) {
    return text.replace(/\r\n/g, '\n').trimEnd();
}

;// CONCATENATED MODULE: ./src/dep-audit/comment.ts
/**
 * The `comment` input: the audit's findings as one sticky comment on the pull request (key `dep-audit`),
 * updated in place on every run. The comment is a digest (status, counts, the worst findings, new against
 * the baseline); the job summary keeps everything. Without a pull request or with a read-only token (a
 * fork's) there is no comment: a notice says why, and the gate stands through the exit code and summary.
 */





/** How many of the worst findings the comment lists; the job summary has the rest. */
const COMMENT_FINDINGS = 25;
/** Posts or updates the comment; never fails the audit (a comment is a courtesy, the gate is the exit code). */
async function commentOnPullRequest(result, target, github, logger) {
    const skip = (why) => logger.alert(`dep-audit: no pull-request comment: ${why}. The result stands in the job summary and exit code.`);
    if ('none' in target.pullRequest)
        return skip(target.pullRequest.none);
    if (!target.token)
        return skip('comment needs token (e.g. ${{ github.token }} with permissions pull-requests: write)');
    const client = github({ token: target.token, apiUrl: target.apiUrl, repository: target.repository });
    try {
        const posted = await upsertStickyComment(client, {
            issueNumber: target.pullRequest.number,
            key: 'dep-audit',
            body: commentMarkdown(result, target),
            fullTextAt: target.runUrl ? `the job summary of [this run](${target.runUrl})` : undefined,
        });
        if ('skipped' in posted)
            return skip(posted.skipped);
        logger.info(`dep-audit: pull-request comment ${posted.action}: ${posted.url}`);
    }
    catch (error) {
        const why = error instanceof core_github/* GitHubError */.y_ ? error.message : String(error);
        logger.warning(`dep-audit: the pull-request comment could not be written: ${why}`);
    }
}
/** The comment's Markdown: status line, failing checks, counts, new against the baseline, worst findings. */
function commentMarkdown({ report, outputs }, target) {
    const parts = [`### ${core_report/* STATUS_ICON */.tW[report.status]} ${(0,markdown/* markdownText */.p7)(report.title)}`];
    const problems = report.checks.filter((c) => c.status !== 'pass');
    if (problems.length > 0)
        parts.push(problems
            .map((c) => `- ${core_report/* STATUS_ICON */.tW[c.status]} **${(0,markdown/* markdownText */.p7)(c.title)}**: ${(0,markdown/* markdownText */.p7)(c.detail)}`)
            .join('\n'));
    const total = Number(outputs.vulnerabilities ?? 0) + Number(outputs['code-issues'] ?? 0);
    const counting = Number(outputs.new ?? 0);
    parts.push(target.withBaseline
        ? `**${counting}** of ${total} finding(s) are new against the baseline and count toward the gate.`
        : `No baseline: all ${total} finding(s) count toward the gate (give \`baseline\` to count only what the pull request adds).`);
    const counts = report.tables.find((t) => t.title === COUNTS_TABLE);
    if (counts && counts.rows.length > 0)
        parts.push((0,markdown/* markdownTable */.Qj)(counts));
    const findings = report.tables.find((t) => t.title.startsWith(FINDINGS_TABLE));
    if (findings && findings.rows.length > 0) {
        const shown = Math.min(COMMENT_FINDINGS, findings.rows.length);
        parts.push(`**Worst findings** (${shown} of ${total})\n\n${(0,markdown/* markdownTable */.Qj)(findings, COMMENT_FINDINGS)}`);
    }
    parts.push(target.runUrl
        ? `Everything (allowlisted findings, outdated packages, secrets): ${(0,markdown/* markdownLink */.iQ)('the job summary of this run', target.runUrl)}.`
        : 'Everything (allowlisted findings, outdated packages, secrets): the job summary of this run.');
    return parts.join('\n\n') + '\n';
}

;// CONCATENATED MODULE: ./src/dep-audit/action.ts




/** pip-audit's virtual environment while it exists, for the post step to remove if this process is killed. */
const VENV_STATE = 'pip-audit-venv';
const depAuditAction = {
    name: 'dep-audit',
    // Every finding is in the report (10,000 for a large npm audit): indented, writing it took ~50 ms more.
    compactReport: true,
    readInputs: (reader) => readInputs(reader),
    run: async (inputs, { logger, clock, state, github }) => {
        const result = await audit(inputs, logger, clock(), {
            onVenv: (dir) => state.set(VENV_STATE, dir ?? ''),
            github,
        });
        if (inputs.comment)
            await commentOnPullRequest(result, 
            // A baseline that could not serve left no 'baseline' check: the comment then says every finding counts.
            { ...inputs, withBaseline: result.report.checks.some((c) => c.id === 'baseline') }, github, logger);
        return result;
    },
    post: (_readInputs, { logger, state }) => {
        const venv = state.get(VENV_STATE);
        if (venv && removeLeftVenv(venv))
            logger.info(`removed the pip-audit virtual environment ${venv} left by an interrupted run`);
    },
};


/***/ })

};
