import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/log-review/fingerprint.ts
/**
 * Fingerprints: a message with its variable parts masked, so `user 123 not found` and `user 456 not
 * found` are one group (the masking step of Drain and of Sentry's message grouping).
 */
const MASKS = [
    // A match starts only where a name starts (see redact.ts: linear time on long lines).
    [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>', '@'],
    [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
    [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
    [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<ip>'],
    // Quoted values; an apostrophe inside a word (can't) does not open a quote.
    [/"[^"]*"|(?<!\w)'[^']*'/g, '<str>'],
    [/\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
    // A minus sign is part of the number (`blk_-42` and `blk_42` are one id) unless it joins two words
    // or numbers (`host-41`, `2015-10-18`).
    [/(?:(?<![A-Za-z\d])-)?\d+(?:[.,:]\d+)*/g, '<num>'],
];
/**
 * A file path in a message (`/bgl/apps/x/run.rts`, `./runtime_malloc`, `/home/u//t.rts`): which file
 * failed varies like an id does. Absolute paths need two parts, so `/<ip>` or `/tmp` alone stay. Only
 * messages get it: an endpoint keeps its path (`GET /api/users/<num>`), since there the path is the name.
 */
const PATH = [/(?<![\w.~/<>-])(?:\.{1,2}(?:\/+[\w.+~<>-]+)+|(?:\/+[\w.+~<>-]+){2,})\/?/g, '<path>', '/'];
const MESSAGE_MASKS = [...MASKS.slice(0, 2), PATH, ...MASKS.slice(2)];
/**
 * Three or more variable words in a row are one list (`name an14 an15 ... an128`, `softheader=
 * 001a0000 2c 00 00`): its length and the kind of each item vary from line to line, its place does not.
 */
const LIST = /(?<!\S)[^\s<]*<(?:num|hex|ip|uuid|path)>\S*(?: [^\s<]*<(?:num|hex|ip|uuid|path)>\S*){2,}/g;
/** The first 4 KB of a text with `masks` applied and white space squeezed. */
function masked(text, masks) {
    // The first 4 KB identify a message; masking all of a 64 KB line would only cost time.
    let out = text.length > 4096 ? text.slice(0, 4096) : text;
    for (const [pattern, mask, needs] of masks)
        if (needs === undefined || out.includes(needs))
            out = out.replace(pattern, mask);
    return out.replace(/\s+/g, ' ').trim();
}
/** The template of a message: variable parts masked, white space squeezed, at most 300 characters. */
function template(message) {
    let out = masked(message, MESSAGE_MASKS);
    // A list needs three masks; most messages have fewer and skip the search.
    const listed = holds(out, '<', 3) ? out.replace(LIST, '<list>') : out;
    // A message that is nothing but a list keeps its items: `<list>` alone would say nothing.
    if (listed !== '<list>')
        out = listed;
    return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}
/** Whether `text` holds `char` at least `count` times. */
function holds(text, char, count) {
    let at = -1;
    for (let i = 0; i < count; i++)
        if ((at = text.indexOf(char, at + 1)) < 0)
            return false;
    return true;
}
/** A URL path as an endpoint: the query dropped, ids masked (`/api/users/<num>`). */
function endpoint(method, path) {
    const bare = path.split(/[?#]/, 1)[0];
    const out = masked(bare, MASKS);
    return `${method} ${out.length > 300 ? `${out.slice(0, 299)}…` : out}`;
}
/** A mask the templates put in place of a variable part (`<num>`, `<path>`, `<redacted>` ...). */
const MASK_WORD = /<[a-z]+>/g;
/** Templates of this many words or more may differ in one of them and still be one message. */
const MIN_SHAPE_WORDS = 4;
/**
 * Whether two templates are one message whose masking missed one variable: the same number of words,
 * the same first word, and one word apart, where that word is a mask in one template and anything in
 * the other, around the same text (`chdir(<path>)` and `chdir(pwd)`; `<path>:` and `run_V<num>.rts:`).
 * This is Drain's rule (Zhu et al. 2019) that a word where templates of one shape differ is a
 * variable, kept to one word and to a place already known to vary: two constant words never merge,
 * nor do words whose constant parts differ (`dcbf...<num>` and `icbi...<num>`).
 * Returns the index of the differing word, or -1.
 */
function oneVariableApart(a, b) {
    if (a.length !== b.length || a.length < MIN_SHAPE_WORDS)
        return -1;
    let at = -1;
    // The first word stays: Drain's parse tree splits on it too (`Connection ...` vs `Timeout ...`).
    for (let i = 1; i < a.length; i++) {
        if (a[i] === b[i])
            continue;
        if (at >= 0)
            return -1;
        at = i;
    }
    return at > 0 && a[0] === b[0] && (fills(a[at], b[at]) || fills(b[at], a[at])) ? at : -1;
}
/** Whether `word` is `masked` with one of its masks replaced by some text (`chdir(pwd)`, `chdir(<path>)`). */
function fills(masked, word) {
    for (const mask of masked.matchAll(MASK_WORD)) {
        const before = masked.slice(0, mask.index);
        const after = masked.slice(mask.index + mask[0].length);
        if (word.length > before.length + after.length && word.startsWith(before) && word.endsWith(after))
            return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/log-review/redact.ts
/**
 * Masks what must never reach a summary or report: e-mail addresses, bearer and basic credentials,
 * password/token/secret/key values (`name=value`, `name: value`, URL-encoded `name%3Dvalue`,
 * `--name value`, `name "quoted value"`, mysql's `-pvalue`), the token formats of well-known services
 * (Stripe, Slack, GitHub, AWS), webhook URLs that are their own credential, and long hex or base64
 * strings (session ids, API keys, JWTs). Applied to every string shown (examples, templates, group
 * names, operations) before anything is stored.
 *
 * Every pattern runs in linear time on any line: a match may start only where a name starts (a
 * lookbehind, or a literal prefix), and quoted values are bounded. A pattern that backtracks over a
 * long run of characters at every position costs quadratic time (a 200 KB line took seconds).
 */
/** Every name the name rules know holds one of these. */
const SECRET_WORD = /pass|pwd|secret|token|key|authorization|credential|session|cookie/i;
/**
 * A name of a secret: a secret word with up to 24 letters or digits before it and 64 word characters
 * after (`dbpassword`, `X-Api-Key`, `jsessionid`, `client_secret_v2`). It starts after a character
 * that is not a letter or digit, so `my_app_password` is found from `password`. The bounds keep the
 * backtracking per start constant: `[\w-]*` on both sides took quadratic time on a long run of names.
 */
/** Words that name a secret, wherever they stand: in a key, a flag, a header. */
const SECRET_NAMES = String.raw `password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key`;
const NAMED = String.raw `(?<![A-Za-z0-9])[A-Za-z0-9]{0,24}(?:${SECRET_NAMES}|authorization|credentials?|session[_-]?id|cookie)[\w-]{0,64}`;
/** A quoted value, bounded so that an unclosed quote cannot make a scan per name to the line's end. */
const QUOTED = String.raw `"[^"\n]{0,1000}"|'[^'\n]{0,1000}'`;
const MASK = '<redacted>';
/** The mask in place of a value, keeping its quotes: `"<redacted>"`. */
const maskValue = (value) => value.startsWith('"') ? `"${MASK}"` : value.startsWith("'") ? `'${MASK}'` : MASK;
/** Whether a word after `Bearer`/`Basic`/`Token` is a credential rather than English (`token verification`). */
const looksLikeCredential = (text) => /\d/.test(text) || (/[a-z]/.test(text) && /[A-Z]/.test(text.slice(1))) || /[+/=~]/.test(text);
/** Whether a string looks random (letters of both cases and digits), not like a long identifier. */
const looksRandom = (text) => /\d/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
/** A line that runs mysql (or MariaDB's tools) or passes a user with -u: there `-pvalue` is a password. */
const MYSQL_COMMAND = /\b(?:mysql|mariadb)|(?<!\S)-u\s?\S/i;
const RULES = [
    // The lookbehind makes a match start only where a name starts (see above).
    [/(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/g, '<email>', /@/],
    // JSON web tokens, wherever they appear: three base64url parts joined by dots.
    [/\beyJ[\w-]{4,}\.[\w-]{4,}(?:\.[\w-]*)?/g, '<jwt>', /eyJ/],
    // Webhook URLs carry their secret in the path: everything after the fixed prefix goes.
    [
        /\b(hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/)[^\s"'<>?#]+/gi,
        `$1${MASK}`,
        /hooks\.slack\.com|discord/i,
    ],
    // The same path without the host: /services/T.../B.../secret.
    [/\/services\/T[0-9A-Z]{6,}\/B[0-9A-Z]{6,}\/[0-9A-Za-z]{8,}/g, `/services/${MASK}`, /\/services\//],
    // Token formats of well-known services, recognisable by their prefix: Stripe (sk_live_, rk_test_ ...),
    // Slack (xoxb-, xoxp- ...), GitHub (ghp_, github_pat_ ...), AWS access key ids.
    [
        /\b(?:[rsp]k_(?:live|test)_[0-9A-Za-z]{8,}|xox[abposr]-[0-9A-Za-z-]{8,}|gh[pousr]_[0-9A-Za-z]{20,}|github_pat_\w{20,}|(?:AKIA|ASIA)[0-9A-Z]{16})\b/g,
        MASK,
        /k_live_|k_test_|xox|gh[pousr]_|github_pat_|AKIA|ASIA/,
    ],
    // A credential after its scheme, when it looks like one: `token verification failed` is English.
    [
        /\b(Bearer|Basic|Token)(\s+)([\w.~+/=-]{6,})/gi,
        (match, scheme, space, value) => looksLikeCredential(value) ? `${scheme}${space}${MASK}` : match,
        /bearer|basic|token/i,
    ],
    // name=value, name: value, "name": "value", name%3Dvalue (URL-encoded); an Authorization value keeps
    // its scheme word (`Authorization: Bearer <redacted>`).
    [
        new RegExp(
        // `pass` alone is a name only before `=` or as a JSON key: `tests pass: 5` is not a secret.
        String.raw `(${NAMED}|(?<![A-Za-z0-9])pass(?=["']?\s*=|["']\s*:))(["']?\s*(?:[=:]|%3[dDaA])\s*)((?:Bearer|Basic|Token|Digest)\s+)?(${QUOTED}|["']?[^\s"'&,;}\]]+)`, 'gi'),
        (_match, name, separator, scheme, value) => `${name}${separator}${scheme ?? ''}${value.startsWith('"') || value.startsWith("'") ? maskValue(value) : MASK}`,
        SECRET_WORD,
    ],
    // --password value, -token value: a flag that names a secret, then its value (not the next flag).
    [
        new RegExp(String.raw `(?<![\w-])(--?[\w-]{0,24}(?:${SECRET_NAMES}|credentials?)[\w-]{0,32})(\s+)(${QUOTED}|[^\s"'-]\S*)`, 'gi'),
        (_match, flag, space, value) => `${flag}${space}${maskValue(value)}`,
        SECRET_WORD,
    ],
    // pass "quoted value", password 'x y': a name, a space, then a quoted value.
    [
        new RegExp(String.raw `(${NAMED}|(?<![A-Za-z0-9])pass)(\s+)(${QUOTED})`, 'gi'),
        (_match, name, space, value) => `${name}${space}${maskValue(value)}`,
        SECRET_WORD,
    ],
    // scheme://user:password@host. The scheme starts after a character that cannot be in one and is
    // bounded: with `\b` and `*`, every letter of `a-a-a-...` started a scan to the line's end (quadratic).
    [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`, /:\/\//],
    [/\b[0-9a-f]{32,}\b/gi, '<hex>'],
    [
        /(?<![\w/.+-])[A-Za-z0-9+/_-]{24,}={0,2}(?![\w/+-])/g,
        // Only strings that look random, not long identifiers. In an absolute path each part is judged on
        // its own: `/bgl/apps/MINIBEN/mb_243_0810/allreduce` mixes cases and digits across its parts but
        // holds no secret, while `/reset/<a random part>` still loses that part (any part of 8 or more:
        // a base64 secret that starts with a slash is cut into such parts).
        (match) => match.startsWith('/') && match.includes('/', 1)
            ? match.replace(/[^/]{8,}/g, (part) => (looksRandom(part) ? MASK : part))
            : looksRandom(match)
                ? MASK
                : match,
    ],
];
/** mysql -uroot -pS3cret: the password glued to -p (a separate word after -p is a database name). */
const MYSQL_PASSWORD = /(?<!\S)-p(?=[^\s-])\S+/g;
function redact(text) {
    let out = text;
    for (const [pattern, replacement, when] of RULES)
        if (!when || when.test(out))
            out = out.replace(pattern, replacement);
    if (out.includes('-p') && MYSQL_COMMAND.test(out))
        out = out.replace(MYSQL_PASSWORD, `-p${MASK}`);
    return out;
}

;// CONCATENATED MODULE: ./src/log-review/aggregate.ts


const HOUR = 3_600_000;
/** Durations kept per slow operation for its percentiles; beyond this a uniform sample (reservoir). */
const SAMPLES_PER_OPERATION = 2048;
const EXAMPLE_CHARS = 500;
const OTHER = '(other)';
/**
 * A copy of a string that shares no memory with the line it came from. A regex match or a slice of a
 * line points into the whole chunk it was decoded from (V8's sliced and cons strings), so a group
 * that kept one would keep 256 KiB alive: 400 groups held 100 MB that way.
 */
function detach(text) {
    return Buffer.from(text, 'utf8').toString('utf8');
}
const TIMEOUT = /time[ _-]?out|timed out|deadline[ _]exceeded|ETIMEDOUT/i;
/**
 * Everything the review counts, in memory bounded by the caps: groups and slow operations beyond
 * `maxGroups` fall into one "(other)" entry, percentiles come from at most SAMPLES_PER_OPERATION values
 * each, and hours are bounded by the time span.
 */
class Aggregate {
    options;
    tally = {
        errors: 0,
        warnings: 0,
        infos: 0,
        timeouts: 0,
        slow: 0,
        events: 0,
        ignored: 0,
        old: 0,
    };
    groups = new Map();
    slowOperations = new Map();
    /** Errors and warnings per hour (key: epoch ms of the hour's start). */
    hours = new Map();
    first;
    last;
    /** A deterministic generator for the reservoir, so a run can be repeated exactly. */
    seed = 0x9e3779b9;
    /**
     * Message groups by level and number of words, for templates one variable apart, and the
     * fingerprints already found to belong to one of them (at most 2 x maxGroups remembered).
     */
    shapes = new Map();
    aliases = new Map();
    /** Texts shown again and again (endpoints, templates) with their masked form. */
    shownTexts = new Map();
    /** What may be shown of a text: redacted unless `redact: false`. */
    shown;
    constructor(options) {
        this.options = options;
        this.shown = options.redact ? redact : (text) => text;
    }
    /** Whether events of this level are reviewed (grouped and counted). */
    reviews(level) {
        return level !== 'debug' && this.options.levels.has(level);
    }
    add(event) {
        const verdict = this.count(event);
        if (verdict === 'examine')
            this.examine(event);
        return verdict === 'old' ? 'old' : 'counted';
    }
    /**
     * The part of `add` that does not depend on the events before this one: the window, the span, the
     * ignore patterns. 'examine': the event is to be grouped or timed by `examine`, which does depend on
     * the order (which group a message joins, the group cap, the reservoir). A worker counts its part of
     * a file with this and hands the few events to examine to the main thread (see parallel.ts).
     */
    count(event) {
        const { time, record } = event;
        if (time !== undefined && this.options.since !== undefined && time < this.options.since) {
            this.tally.old++;
            return 'old';
        }
        this.tally.events++;
        if (time !== undefined) {
            if (this.first === undefined || time < this.first)
                this.first = time;
            if (this.last === undefined || time > this.last)
                this.last = time;
        }
        if (!this.reviews(record.level) && !this.isSlow(record))
            return 'counted';
        if (this.options.ignore.some((pattern) => pattern.test(event.firstLine))) {
            this.tally.ignored++;
            return 'counted';
        }
        return 'examine';
    }
    /** Groups and times an event `count` said to examine; events must come in the order they were logged. */
    examine(event) {
        if (this.reviews(event.record.level))
            this.review(event);
        if (this.isSlow(event.record))
            this.addSlow(event);
    }
    /** Adds what another aggregate counted (with `count` only: it examined nothing) to this one's. */
    addCounts(counts) {
        for (const key of Object.keys(this.tally))
            this.tally[key] += counts.tally[key];
        if (counts.first !== undefined && (this.first === undefined || counts.first < this.first))
            this.first = counts.first;
        if (counts.last !== undefined && (this.last === undefined || counts.last > this.last))
            this.last = counts.last;
    }
    isSlow(record) {
        return record.durationMs !== undefined && record.durationMs >= this.options.slowThresholdMs;
    }
    review(event) {
        const { record, traceback, time } = event;
        const level = record.level;
        if (level === 'error')
            this.tally.errors++;
        else if (level === 'warning')
            this.tally.warnings++;
        else
            this.tally.infos++;
        const text = traceback?.exception
            ? `${record.message} ${traceback.exception}: ${traceback.exceptionMessage ?? ''}`
            : record.message;
        const timeout = record.status === 504 || TIMEOUT.test(text);
        if (timeout && level !== 'info')
            this.tally.timeouts++;
        if (time !== undefined && level !== 'info') {
            const hour = time - (((time % HOUR) + HOUR) % HOUR);
            const bucket = this.hours.get(hour) ?? { errors: 0, warnings: 0 };
            if (level === 'error')
                bucket.errors++;
            else
                bucket.warnings++;
            this.hours.set(hour, bucket);
        }
        // Every name a group is shown by is masked too: an access log's template keeps the path
        // (`;jsessionid=...`), an exception or frame may name anything.
        const groupTemplate = traceback?.exception
            ? this.shown(`${traceback.exception}${traceback.frame ? ` in ${traceback.frame}` : ''}`)
            : record.template !== undefined
                ? this.shownOnce(record.template)
                : template(this.shown(record.message));
        const fingerprint = `${level}|${groupTemplate}`;
        const message = !traceback?.exception && record.template === undefined;
        let group = this.groups.get(fingerprint) ?? (message ? this.similar(level, fingerprint, groupTemplate) : undefined);
        if (!group) {
            const key = this.groups.size < this.options.maxGroups ? fingerprint : `${level}|${OTHER}`;
            group = this.groups.get(key);
            if (!group) {
                const example = this.shown(traceback?.exception
                    ? `${event.firstLine}\n${traceback.exception}: ${traceback.exceptionMessage ?? ''}`
                    : event.firstLine);
                group = {
                    fingerprint: detach(key),
                    template: key === fingerprint ? detach(groupTemplate) : OTHER,
                    level,
                    count: 0,
                    example: detach(example.length > EXAMPLE_CHARS ? `${example.slice(0, EXAMPLE_CHARS - 1)}…` : example),
                    timeouts: 0,
                    exception: traceback?.exception && detach(this.shown(traceback.exception)),
                    frame: traceback?.frame && detach(this.shown(traceback.frame)),
                };
                this.groups.set(group.fingerprint, group);
                if (message && key === fingerprint)
                    this.addShape(level, group);
            }
        }
        group.count++;
        if (timeout)
            group.timeouts++;
        if (time !== undefined) {
            if (group.firstSeen === undefined || time < group.firstSeen)
                group.firstSeen = time;
            if (group.lastSeen === undefined || time > group.lastSeen)
                group.lastSeen = time;
        }
    }
    /**
     * The message group whose template is one variable apart from this one (see oneVariableApart), if
     * any. A template that holds the mask where the group's has a constant word becomes the group's.
     * Only a new fingerprint searches, and only among groups of its level and number of words.
     */
    similar(level, fingerprint, text) {
        const alias = this.aliases.get(fingerprint);
        if (alias)
            return alias;
        const words = text.split(' ');
        for (const shape of this.shapes.get(`${level}|${words.length}`) ?? []) {
            const at = oneVariableApart(shape.words, words);
            if (at < 0)
                continue;
            if (!shape.words[at].includes('<') && words[at].includes('<')) {
                shape.words[at] = words[at];
                shape.group.template = detach(shape.words.join(' '));
            }
            if (this.aliases.size < 2 * this.options.maxGroups)
                this.aliases.set(detach(fingerprint), shape.group);
            return shape.group;
        }
        return undefined;
    }
    addShape(level, group) {
        const words = group.template.split(' ');
        const key = `${level}|${words.length}`;
        const shapes = this.shapes.get(key);
        if (shapes)
            shapes.push({ words, group });
        else
            this.shapes.set(key, [{ words, group }]);
    }
    addSlow(event) {
        const { record } = event;
        const durationMs = record.durationMs;
        this.tally.slow++;
        let name = record.operation ? this.shownOnce(record.operation) : template(this.shown(record.message));
        if (!this.slowOperations.has(name) && this.slowOperations.size >= this.options.maxGroups)
            name = OTHER;
        let operation = this.slowOperations.get(name);
        if (!operation) {
            operation = { operation: detach(name), count: 0, maxMs: 0, samples: [] };
            this.slowOperations.set(operation.operation, operation);
        }
        operation.count++;
        operation.maxMs = Math.max(operation.maxMs, durationMs);
        if (operation.samples.length < SAMPLES_PER_OPERATION) {
            operation.samples.push(durationMs);
        }
        else {
            // Reservoir sampling (Algorithm R): every value has the same chance to be among the kept ones.
            const slot = this.random() % operation.count;
            if (slot < SAMPLES_PER_OPERATION)
                operation.samples[slot] = durationMs;
        }
    }
    /**
     * The shown form of a text that repeats (an endpoint, an access log's template), masked once and
     * remembered: at most 2 x maxGroups texts, the rest masked each time.
     */
    shownOnce(text) {
        let shown = this.shownTexts.get(text);
        if (shown === undefined) {
            shown = this.shown(text);
            if (this.shownTexts.size < 2 * this.options.maxGroups) {
                shown = detach(shown);
                this.shownTexts.set(detach(text), shown);
            }
        }
        return shown;
    }
    random() {
        // xorshift32
        let x = this.seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        this.seed = x >>> 0;
        return this.seed;
    }
}

;// CONCATENATED MODULE: ./src/log-review/events.ts
const TRACEBACK_START = 'Traceback (most recent call last):';
const FRAME = /^\s+File "([^"]+)", line \d+, in (\S+)/;
// The closing line of a traceback: `pkg.module.ErrorType: message` or a bare `KeyboardInterrupt`.
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
// Frames of installed packages and the standard library are not the application's code.
const LIBRARY = /[/\\](?:site-packages|dist-packages|lib[/\\]python\d[\d.]*|node_modules)[/\\]|^<frozen /;
/**
 * Assembles lines into events: a record starts one, any other line continues the current one. A
 * traceback is parsed as it streams by; one that follows an event that is not an error (or starts the
 * file) is an error event of its own, since an uncaught exception is an error whatever was logged before.
 */
class EventAssembler {
    emit;
    follows;
    current;
    lastTime;
    /**
     * The one event object every light record (see `light`) becomes, reused: nothing keeps an event
     * nobody reviews, and a log has millions of them.
     */
    lightEvent = {
        record: { format: 'plain', time: 0, level: 'info', message: '' },
        firstLine: '',
        time: 0,
        traceback: undefined,
    };
    constructor(emit, 
    /** Whether the continuation lines of an event at this level are worth reading. */
    follows) {
        this.emit = emit;
        this.follows = follows;
    }
    /** The next line, with what the parser made of it (undefined: not a record). */
    add(record, line) {
        // Inside a traceback that has not reached its exception line yet, a line without a timestamp is
        // part of it, even one that looks like a record: psycopg2 ends with `OperationalError: FATAL:
        // password authentication failed`, and FATAL: is a level word.
        const traceback = this.current?.traceback;
        const inTraceback = traceback !== undefined && traceback.exception === undefined;
        if (record === undefined || (record.time === undefined && inTraceback))
            this.continuation(line);
        else
            this.record(record, line);
    }
    /**
     * A record nobody reviews (level not reviewed, not slow) with a time, read by the fast lane without
     * its line: the same as `add` with the record timeOnly makes (an empty message), no object made.
     */
    light(format, level, time) {
        this.flush();
        this.lastTime = time;
        const event = this.lightEvent;
        event.record.format = format;
        event.record.level = level;
        event.record.time = time;
        event.time = time;
        event.traceback = undefined;
        this.current = event;
    }
    record(record, line) {
        this.flush();
        if (record.time !== undefined)
            this.lastTime = record.time;
        this.current = { record, firstLine: line, time: record.time ?? this.lastTime };
        if (record.stack)
            for (const stackLine of record.stack.split('\n'))
                this.continuation(stackLine);
    }
    continuation(line) {
        if (line.startsWith(TRACEBACK_START)) {
            if (this.current?.record.level !== 'error')
                this.startUncaught(line);
            // The reused light event is about to be changed: from here on it is an event of its own.
            else if (this.current === this.lightEvent)
                this.current = { ...this.lightEvent, record: { ...this.lightEvent.record } };
            // A chained exception starts a new traceback; the last one is the one that was raised.
            this.current.traceback = {};
            return;
        }
        const event = this.current;
        if (!event?.traceback || !this.follows(event.record))
            return;
        const frame = FRAME.exec(line);
        if (frame) {
            const [, file, func] = frame;
            const inApp = !LIBRARY.test(file);
            if (inApp || !event.traceback.frame || !event.traceback.frameInApp)
                Object.assign(event.traceback, { frame: `${shortPath(file)}:${func}`, frameInApp: inApp });
            return;
        }
        const c = line.charCodeAt(0);
        if (c === 32 || c === 9)
            return;
        const exception = EXCEPTION.exec(line);
        if (exception && /[A-Z.]/.test(exception[1])) {
            event.traceback.exception = exception[1];
            event.traceback.exceptionMessage = exception[2];
        }
    }
    end() {
        this.flush();
    }
    startUncaught(line) {
        const format = this.current?.record.format ?? 'plain';
        this.flush();
        const record = { format, time: this.lastTime, level: 'error', message: line };
        this.current = { record, firstLine: line, time: this.lastTime };
    }
    flush() {
        if (this.current)
            this.emit(this.current);
        this.current = undefined;
    }
}
/** The path from the application's package on (`/srv/app/app/db.py` stays; site roots are trimmed). */
function shortPath(file) {
    return file.replace(/^.*[/\\](?:site-packages|dist-packages)[/\\]/, '');
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/core/errors.ts
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

;// CONCATENATED MODULE: ./src/log-review/lines.ts




/** Longer lines are cut to this many bytes for parsing: a 100 MB line of garbage must not cost 100 MB. */
const MAX_LINE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
/**
 * Reads a file, plain or gzip (by its magic bytes, whatever its name), and calls `onLine` for each line
 * without its line ending (\n or \r\n). Memory stays at one read buffer plus one line of at most
 * MAX_LINE_BYTES, however big the file or its lines. Invalid UTF-8 becomes U+FFFD; a partial last line
 * counts as a line. Never throws for the file's sake: a file that cannot be read (in full) comes back with
 * `unreadable` or `damaged` set.
 */
async function readLines(path, onLine) {
    return readFileLines(path, undefined, (stats) => new LineDecoder(onLine, stats));
}
/**
 * Reads a file through `sink`: a plain file (bytes `range` of it, or all) with large reads into one
 * reused buffer, a gzip file (always whole: a range of a compressed stream means nothing) as a stream.
 */
async function readFileLines(path, range, makeSink) {
    const stats = { bytes: 0, textBytes: 0, lines: 0, cutLines: 0 };
    // One open for the magic bytes and the reads: a stream that opened the file itself would raise a
    // failed open (EACCES) as an 'error' event no one listens to yet, which crashed the process.
    let fd;
    let gzip;
    try {
        fd = await openFile(path, 'r');
    }
    catch (error) {
        stats.unreadable = getErrorMessage(error);
        return stats;
    }
    try {
        gzip = await isGzip(fd);
    }
    catch (error) {
        (0,external_node_fs_namespaceObject.close)(fd, () => { });
        stats.unreadable = getErrorMessage(error);
        return stats;
    }
    const sink = makeSink(stats);
    if (gzip)
        await streamGzip(path, fd, stats, sink);
    else
        await readPlain(fd, range ?? { start: 0, end: Infinity }, stats, sink);
    return stats;
}
/**
 * Bytes per read. Large reads into one buffer cost a fraction of a stream's (no chunk allocated per
 * read, no event per chunk); lines are decoded in pieces of at most DECODE_BYTES so no string outgrows
 * V8's young generation (with 1 MiB strings the peak memory on a 250 MB log was 270 MB, not 125 MB).
 */
const READ_BYTES = 1024 * 1024;
const DECODE_BYTES = 64 * 1024;
/**
 * Cuts whole lines buf[from, to) into pieces [start, end) of at most DECODE_BYTES (or one longer line),
 * each ending after a \n, to be decoded one at a time.
 */
function forEachPiece(buf, from, to, piece) {
    while (from < to) {
        let end = to;
        if (to - from > DECODE_BYTES) {
            end = buf.lastIndexOf(NEWLINE, from + DECODE_BYTES - 1) + 1;
            // One line longer than a piece: decoded whole (it ends before `to`).
            if (end <= from)
                end = buf.indexOf(NEWLINE, from + DECODE_BYTES) + 1;
        }
        piece(from, end);
        from = end;
    }
}
/** Reads bytes `range` of a plain file into one reused buffer and hands whole lines to `sink`. */
async function readPlain(fd, range, stats, sink) {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    /** buf[0, kept) holds the start of a line whose end is not read yet. */
    let kept = 0;
    let position = range.start;
    /** Inside an over-long line whose first MAX_LINE_BYTES were already passed on. */
    let skipping = false;
    try {
        for (;;) {
            const want = Math.min(buf.length - kept, range.end - position);
            let bytesRead = 0;
            try {
                if (want > 0)
                    ({ bytesRead } = await readFile(fd, buf, kept, want, position));
            }
            catch (error) {
                // EIO and the like: what was read before stays read.
                stats.unreadable = getErrorMessage(error);
            }
            if (bytesRead === 0)
                break;
            position += bytesRead;
            stats.bytes += bytesRead;
            stats.textBytes += bytesRead;
            const end = kept + bytesRead;
            let from = 0;
            if (skipping) {
                const nl = buf.indexOf(NEWLINE, 0);
                if (nl < 0 || nl >= end)
                    continue;
                skipping = false;
                from = nl + 1;
            }
            const last = end > from ? buf.lastIndexOf(NEWLINE, end - 1) : -1;
            if (last >= from) {
                sink.lines(buf, from, last + 1);
                from = last + 1;
            }
            if (end - from > MAX_LINE_BYTES) {
                sink.cut(buf, from, from + MAX_LINE_BYTES);
                skipping = true;
                kept = 0;
            }
            else {
                buf.copyWithin(0, from, end);
                kept = end - from;
            }
        }
    }
    finally {
        (0,external_node_fs_namespaceObject.close)(fd, () => { });
    }
    if (kept > 0 && !skipping)
        sink.last(buf, 0, kept);
}
/** A gzip file through zlib, in 64 KiB chunks handed to `sink` as whole lines. */
async function streamGzip(path, fd, stats, sink) {
    const raw = (0,external_node_fs_namespaceObject.createReadStream)(path, { fd, highWaterMark: 64 * 1024, start: 0 });
    const source = raw.pipe((0,external_node_zlib_namespaceObject.createGunzip)());
    // A read error of the file itself ends the loop below through `source`.
    let readError;
    raw.on('error', (error) => {
        readError = error;
        source.destroy(error);
    });
    const splitter = new ChunkSplitter(sink, stats);
    try {
        for await (const chunk of source)
            splitter.push(chunk);
    }
    catch (error) {
        if (readError !== undefined)
            stats.unreadable = getErrorMessage(readError);
        // zlib reports a truncated or corrupt stream (Z_BUF_ERROR, Z_DATA_ERROR) after handing over
        // everything it could inflate.
        else if (isZlibError(error))
            stats.damaged = getErrorMessage(error);
        // Anything else came from the sink: a bug, not the file's fault.
        else
            throw error;
    }
    finally {
        stats.bytes = raw.bytesRead;
        raw.destroy();
    }
    splitter.end();
}
const openFile = (0,external_node_util_namespaceObject.promisify)(external_node_fs_namespaceObject.open);
const readFile = (0,external_node_util_namespaceObject.promisify)(external_node_fs_namespaceObject.read);
/** Whether an open file starts with gzip's magic bytes. */
async function isGzip(fd) {
    const head = Buffer.alloc(2);
    const { bytesRead } = await readFile(fd, head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
}
function isZlibError(error) {
    const code = error?.code;
    return typeof code === 'string' && code.startsWith('Z_');
}
/** Cuts a stream's chunks (each a new Buffer) into whole lines for a LineSink. */
class ChunkSplitter {
    sink;
    stats;
    carry;
    /** Inside an over-long line whose first MAX_LINE_BYTES were already passed on. */
    skipping = false;
    constructor(sink, stats) {
        this.sink = sink;
        this.stats = stats;
    }
    push(chunk) {
        this.stats.textBytes += chunk.length;
        let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
        this.carry = undefined;
        if (this.skipping) {
            const nl = buf.indexOf(NEWLINE);
            if (nl < 0)
                return;
            this.skipping = false;
            buf = buf.subarray(nl + 1);
        }
        const last = buf.lastIndexOf(NEWLINE);
        if (last >= 0) {
            this.sink.lines(buf, 0, last + 1);
            buf = buf.subarray(last + 1);
        }
        if (buf.length > MAX_LINE_BYTES) {
            this.sink.cut(buf, 0, MAX_LINE_BYTES);
            this.skipping = true;
        }
        else if (buf.length > 0) {
            // Copied so the carried bytes do not pin the whole chunk.
            this.carry = Buffer.from(buf);
        }
    }
    end() {
        if (this.carry)
            this.sink.last(this.carry, 0, this.carry.length);
        this.carry = undefined;
    }
}
/**
 * Decodes whole lines into strings for `onLine`. Lines are decoded many at a time (a newline byte never
 * occurs inside a multi-byte UTF-8 character, so cutting at one is safe), which is far faster than
 * decoding line by line.
 */
class LineDecoder {
    onLine;
    stats;
    constructor(onLine, stats) {
        this.onLine = onLine;
        this.stats = stats;
    }
    lines(buf, from, to) {
        forEachPiece(buf, from, to, (start, end) => this.emitText(buf.toString('utf8', start, end - 1)));
    }
    last(buf, from, to) {
        this.emit(buf.toString('utf8', from, to), false);
    }
    cut(buf, from, to) {
        this.emit(buf.toString('utf8', from, to), true);
    }
    emitText(text) {
        let start = 0;
        for (;;) {
            const nl = text.indexOf('\n', start);
            const line = nl < 0 ? text.slice(start) : text.slice(start, nl);
            // Characters, not bytes: a cheap upper bound check first (a char is at most 3 UTF-8 bytes here).
            if (line.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_LINE_BYTES) {
                this.emit(Buffer.from(line).toString('utf8', 0, MAX_LINE_BYTES), true);
            }
            else {
                this.emit(line, false);
            }
            if (nl < 0)
                return;
            start = nl + 1;
        }
    }
    emit(line, cut) {
        this.stats.lines++;
        if (cut)
            this.stats.cutLines++;
        this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
}

;// CONCATENATED MODULE: ./src/log-review/durations.ts
/** Durations as applications write them, in milliseconds. */
// No prototype: a unit read from a log (`5constructor`) must not find Object's members.
const UNIT_MS = Object.assign(Object.create(null), {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    // The Greek letter, which the micro sign matches in a case-insensitive expression (IN_TEXT).
    μs: 1e-3,
    ms: 1,
    s: 1000,
    sec: 1000,
    secs: 1000,
    second: 1000,
    seconds: 1000,
    m: 60_000,
    min: 60_000,
    mins: 60_000,
    minutes: 60_000,
});
/** `350ms`, `1.2s`, `2 min`, `1500us`; a bare number is taken in `bareUnit`. */
function parseDurationValue(text, bareUnit) {
    // Most values are a bare number or a number and a lower-case unit (`86`, `542ms`): read without the
    // expression, which makes a match and two strings per value. The rest (spaces, capitals) takes it.
    const numberEnd = decimalEnd(text, 0, text.length);
    if (numberEnd > 0 && lowerLettersEnd(text, numberEnd) === text.length) {
        const factor = UNIT_MS[numberEnd === text.length ? bareUnit : text.slice(numberEnd)];
        return factor === undefined ? undefined : Number(text.slice(0, numberEnd)) * factor;
    }
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$/i.exec(text);
    if (!m)
        return undefined;
    const unit = m[2] === '' ? bareUnit : m[2].toLowerCase();
    const factor = UNIT_MS[unit];
    return factor === undefined ? undefined : Number(m[1]) * factor;
}
/** The units durationInText reads after a number, as a RegExp alternation. */
const TEXT_UNITS = 'ms|s|sec|secs|seconds|us|µs|min|mins|minutes';
/**
 * `took 1.2s`, `in 1234ms`, `elapsed=0.5s`, `duration: 200 ms`, `(1.23s)` in free text. `retrying in 5s`
 * and the like are waits, not durations, and are left alone.
 */
const IN_TEXT = new RegExp(String.raw `(?:\b(?:took|elapsed|duration|latency|time)\s*[=:]?\s*|(?<!\b(?:retry|retrying|again|wait|waiting|sleep|sleeping|backoff|after)\s)\bin\s+|\()(\d+(?:\.\d+)?)\s?(${TEXT_UNITS})\b`, 'i');
function durationInText(text) {
    const m = IN_TEXT.exec(text);
    if (!m)
        return undefined;
    return Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
}
/**
 * Where the number `\d+(?:\.\d+)?` at text[from] ends (before `to`): `from` when no digit is there; a
 * point not followed by a digit is not part of it.
 */
function decimalEnd(text, from, to) {
    const i = digitsEnd(text, from, to);
    if (i === from || i + 1 >= to || text.charCodeAt(i) !== 46 /* . */)
        return i;
    const fraction = digitsEnd(text, i + 1, to);
    return fraction > i + 1 ? fraction : i;
}
function digitsEnd(text, from, to) {
    let i = from;
    while (i < to && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)
        i++;
    return i;
}
function lowerLettersEnd(text, from) {
    let i = from;
    for (let c = text.charCodeAt(i); c >= 97 && c <= 122; c = text.charCodeAt(++i))
        ;
    return i;
}

;// CONCATENATED MODULE: ./src/log-review/model.ts
/**
 * The shapes the stages of the review share: what a parsed log line says (a line that parses to nothing
 * continues the event before it) and what reading one file gave.
 */
const FORMAT_NAMES = (/* unused pure expression or super */ null && (['json', 'logfmt', 'python', 'access', 'plain']));
const LEVELS = {
    emerg: 'error',
    emergency: 'error',
    alert: 'error',
    panic: 'error',
    fatal: 'error',
    critical: 'error',
    crit: 'error',
    severe: 'error',
    error: 'error',
    err: 'error',
    exception: 'error',
    warning: 'warning',
    warn: 'warning',
    notice: 'info',
    info: 'info',
    information: 'info',
    debug: 'debug',
    trace: 'debug',
    verbose: 'debug',
};
/** A level word in any case (`ERROR`, `Warn`, `critical`) as a Level; undefined for other words. */
function levelOf(word) {
    return LEVELS[word.toLowerCase()];
}
/** pino and bunyan number their levels: 60 fatal, 50 error, 40 warn, 30 info, 20 debug, 10 trace. */
function levelOfNumber(value) {
    return value >= 50 ? 'error' : value >= 40 ? 'warning' : value >= 30 ? 'info' : 'debug';
}

;// CONCATENATED MODULE: ./src/log-review/formats/fields.ts



/**
 * The field names structured loggers use (structlog, python-json-logger, pino, bunyan, zap, logrus,
 * slog): JSON lines and logfmt share them.
 */
const LEVEL_KEYS = ['level', 'levelname', 'severity', 'lvl', 'log.level', 'loglevel'];
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'asctime', 'datetime', 't'];
const MESSAGE_KEYS = ['msg', 'message', 'event', 'error', 'err'];
const STACK_KEYS = ['exception', 'exc_info', 'stack', 'stack_trace', 'traceback'];
/** Durations in milliseconds by their name. */
const MS_KEYS = [
    'duration_ms',
    'elapsed_ms',
    'took_ms',
    'latency_ms',
    'response_time_ms',
    'request_time_ms',
    'responseTime',
    'durationMs',
    'elapsedMs',
];
/** Durations whose bare numbers are seconds (a string may carry its own unit: "350ms"). */
const SECOND_KEYS = ['duration', 'elapsed', 'took', 'latency', 'response_time', 'request_time'];
const DURATION_KEYS = [...MS_KEYS, ...SECOND_KEYS];
const OPERATION_KEYS = ['route', 'endpoint', 'operation', 'op', 'path', 'url', 'handler', 'query_name'];
const METHOD_KEYS = ['method', 'http_method', 'request_method'];
const STATUS_KEYS = ['status', 'status_code', 'statusCode', 'http_status'];
/** Field names as a RegExp alternation (`level|levelname|log\\.level`), for the fast paths. */
function keyAlternatives(keys) {
    return keys.map((k) => k.replace(/[.@]/g, '\\$&')).join('|');
}
function first(fields, keys) {
    for (const key of keys)
        if (fields[key] !== undefined && fields[key] !== null)
            return fields[key];
    return undefined;
}
/** The level of a field value: a name, or a pino/bunyan number. */
function levelFromValue(value) {
    if (typeof value === 'number')
        return levelOfNumber(value);
    if (typeof value === 'string')
        return /^\d+$/.test(value) ? levelOfNumber(Number(value)) : levelOf(value);
    return undefined;
}
function timeFromValue(value, times) {
    if (typeof value === 'number')
        return times.epoch(value);
    if (typeof value === 'string')
        return /^\d+(\.\d+)?$/.test(value) ? times.epoch(Number(value)) : times.iso(value);
    return undefined;
}
/** A duration field's value in ms, by the unit its name implies. */
function durationFromField(key, value) {
    return parseDurationValue(value, MS_KEYS.includes(key) ? 'ms' : 's');
}
/**
 * A JSON duration field's value in ms, as JSON.parse would give it to durationFromField: a quoted text
 * as it is, a bare number (`JSON_NUMBER`, `1e3` included) written as JavaScript writes that number.
 */
function durationFromJson(key, quoted, bare) {
    return durationFromField(key, quoted ?? String(Number(bare)));
}
/** A JSON number, as the duration expressions read a bare value (json.ts, fast-lane.ts). */
const JSON_NUMBER = String.raw `-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/**
 * A LogRecord from the fields of one structured line. Its duration is the one the line's expression read
 * (the first duration field in the line), whatever the level: whether a line is slow must not depend on
 * whether it was parsed in full.
 */
function recordFromFields(fields, format, times, durationMs) {
    const message = first(fields, MESSAGE_KEYS);
    const stack = first(fields, STACK_KEYS);
    const operation = first(fields, OPERATION_KEYS);
    const method = first(fields, METHOD_KEYS);
    const status = Number(first(fields, STATUS_KEYS));
    return {
        format,
        time: timeFromValue(first(fields, TIME_KEYS), times),
        level: levelFromValue(first(fields, LEVEL_KEYS)) ?? 'info',
        message: typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message),
        durationMs,
        operation: typeof operation === 'string'
            ? typeof method === 'string'
                ? endpoint(method.toUpperCase(), operation)
                : operation
            : undefined,
        status: Number.isInteger(status) ? status : undefined,
        stack: typeof stack === 'string' && stack.includes('\n') ? stack : undefined,
    };
}

;// CONCATENATED MODULE: ./src/log-review/formats/logfmt.ts

const LEVEL = new RegExp(`(?:^|\\s)(?:${keyAlternatives(LEVEL_KEYS)})="?([A-Za-z]+|\\d+)`);
const TIME = new RegExp(`(?:^|\\s)(?:${keyAlternatives(TIME_KEYS)})=(?:"([^"]*)"|(\\S+))`);
const DURATION = new RegExp(`(?:^|\\s)(${keyAlternatives(DURATION_KEYS)})=(?:"([^"]*)"|(\\S+))`);
const PAIR = /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
/** Whether a line starts like logfmt (`key=value ...`). */
function looksLikeLogfmt(line) {
    return /^[\w.@-]+=/.test(line);
}
/** `time=... level=error msg="db down" duration=1.2s`; the same fast path as JSON lines. */
function parseLogfmt(line, times, interest) {
    if (!looksLikeLogfmt(line))
        return undefined;
    const levelMatch = LEVEL.exec(line);
    const level = levelMatch ? levelFromValue(levelMatch[1]) : 'info';
    const duration = DURATION.exec(line);
    const durationMs = duration ? durationFromField(duration[1], duration[2] ?? duration[3]) : undefined;
    const slow = durationMs !== undefined && interest.slow(durationMs);
    if (level !== undefined && !interest.level(level) && !slow) {
        const timeMatch = TIME.exec(line);
        const time = timeMatch ? timeFromValue(timeMatch[1] ?? timeMatch[2], times) : undefined;
        return { format: 'logfmt', time, level, message: '', durationMs };
    }
    const fields = {};
    for (const m of line.matchAll(PAIR))
        fields[m[1]] =
            m[2] !== undefined
                ? m[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))
                : m[3];
    if (Object.keys(fields).length === 0)
        return undefined;
    return recordFromFields(fields, 'logfmt', times, durationMs);
}
/**
 * parseLogfmt's record of an uninteresting line laid out `time=… level=… …` (unquoted time), its time
 * and level read at their known places instead of by the TIME and LEVEL expressions: a key only
 * matches after whitespace, and the time's value holds none. Undefined for any other line, or an
 * interesting one: the caller then parses it in full.
 */
function logfmtTimeOnly(line, times, interest) {
    if (!line.startsWith('time=') || line.charCodeAt(5) === 34 /* " */)
        return undefined;
    let timeEnd = 5;
    while (timeEnd < line.length && !isSpace(line.charCodeAt(timeEnd)))
        timeEnd++;
    if (timeEnd === 5 || !line.startsWith(' level=', timeEnd))
        return undefined;
    let levelStart = timeEnd + 7;
    if (line.charCodeAt(levelStart) === 34)
        levelStart++;
    let levelEnd = levelStart;
    for (let c = line.charCodeAt(levelEnd); (c >= 65 && c <= 90) || (c >= 97 && c <= 122);)
        c = line.charCodeAt(++levelEnd);
    if (levelEnd === levelStart)
        return undefined;
    const level = levelFromValue(line.slice(levelStart, levelEnd));
    if (level === undefined || interest.level(level))
        return undefined;
    const duration = DURATION.exec(line);
    const durationMs = duration ? durationFromField(duration[1], duration[2] ?? duration[3]) : undefined;
    if (durationMs !== undefined && interest.slow(durationMs))
        return undefined;
    const time = timeFromValue(line.slice(5, timeEnd), times);
    return { format: 'logfmt', time, level, message: '', durationMs };
}
/** Whitespace as \s reads it in an ASCII line: space, \t, \n, \v, \f, \r. */
function isSpace(c) {
    return c === 32 || (c >= 9 && c <= 13);
}

;// CONCATENATED MODULE: ./src/log-review/formats/access.ts



// gunicorn, Apache and nginx common/combined: host ident user [time] "METHOD path proto" status size.
const COMMON = /^\S+ \S+ \S+ \[([^\]]+)\] "([A-Z]+) ([^ "]+)[^"]*" (\d{3}) (?:\d+|-)/;
// The last token of the line, when it is a response time (gunicorn %(L)s / nginx $request_time in
// seconds with a fraction, gunicorn %(D)s / Apache %D in whole microseconds, or with a unit).
const RESPONSE_TIME = /^(\d+(?:\.\d+)?)(ms|s|us|µs)?$/;
// uvicorn: `INFO:     127.0.0.1:54321 - "GET /api/x HTTP/1.1" 500 Internal Server Error` (no time).
const UVICORN = /^[A-Z]+:\s+\S+ - "([A-Z]+) ([^ "]+)[^"]*" (\d{3})/;
const access_UNIT_MS = { ms: 1, s: 1000, us: 0.001, µs: 0.001 };
/** An access-log line; 5xx responses are errors, everything else info. */
function parseAccess(line, times, interest) {
    const common = COMMON.exec(line);
    if (common) {
        const [, stamp, method, path, status] = common;
        const durationMs = responseTime(line, common[0].length, line.length);
        return access(method, path, Number(status), times.clf(stamp), durationMs, interest);
    }
    const uvicorn = UVICORN.exec(line);
    if (uvicorn)
        return access(uvicorn[1], uvicorn[2], Number(uvicorn[3]), undefined, undefined, interest);
    return undefined;
}
/**
 * The response time at the end of the line text[.., end), after `from` (past the status and size), in
 * ms. The line's trailing white space (as trimEnd reads it) is not part of it.
 */
function responseTime(text, from, end) {
    let trimmed = end;
    while (trimmed > from && isTrimmed(text.charCodeAt(trimmed - 1)))
        trimmed--;
    const space = text.lastIndexOf(' ', trimmed - 1);
    if (space < from)
        return undefined;
    // A bare number (`0.032` seconds, `1234` microseconds) is read without the expression.
    if (decimalEnd(text, space + 1, trimmed) === trimmed && trimmed > space + 1) {
        const value = text.slice(space + 1, trimmed);
        return Number(value) * access_UNIT_MS[value.includes('.') ? 's' : 'us'];
    }
    const m = RESPONSE_TIME.exec(text.slice(space + 1, trimmed));
    if (!m)
        return undefined;
    const unit = m[2] ?? (m[1].includes('.') ? 's' : 'us');
    return Number(m[1]) * access_UNIT_MS[unit];
}
/** Whether trimEnd removes this character: ASCII white space at once, anything else as \s reads it. */
function isTrimmed(c) {
    return isSpace(c) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}
function access(method, path, status, time, durationMs, interest) {
    const level = status >= 500 ? 'error' : 'info';
    // Masking the path is the costly part; most requests are neither reviewed nor slow and skip it.
    const wanted = interest.level(level) || (durationMs !== undefined && interest.slow(durationMs));
    if (!wanted)
        return { format: 'access', time, level, message: '', durationMs, status };
    const operation = endpoint(method, path);
    return {
        format: 'access',
        time,
        level,
        message: `${method} ${path} ${status}`,
        template: `HTTP ${status} ${operation}`,
        durationMs,
        operation,
        status,
    };
}

;// CONCATENATED MODULE: ./src/log-review/formats/system.ts

// Android logcat's threadtime layout: `03-17 16:13:38.811  1702  2395 D WindowManager: message`, one
// letter for the level (Verbose, Debug, Info, Warning, Error, Fatal, Assert).
const LOGCAT = /^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+ +\d+ ([VDIWEFA]) /;
const LOGCAT_LEVELS = {
    V: 'debug',
    D: 'debug',
    I: 'info',
    W: 'warning',
    E: 'error',
    F: 'error',
    A: 'error',
};
// Blue Gene/L RAS: `<alert tag or -> <epoch s> 2005.06.03 <node> 2005-06-03-15.42.50.675872 <node> RAS
// KERNEL FATAL message`: the level is the 9th field, past the first 80 characters.
const RAS = /^\S+ (\d{9,10}) \d{4}\.\d\d\.\d\d \S+ \d{4}-\d\d-\d\d-\d\d\.\d\d\.\d\d\.\d{6} \S+ \S+ \S+ ([A-Z]+) /;
// HPC (Los Alamos): `<id> <node> <component> <state> <epoch s> <flag> message`; the state is the level
// when it is a level word, alone or last (`error`, `bcast-error`, `fdmn.panic`).
const HPC = /^\d+ \S+ \S+ (\S+) (\d{9,10}) \d /;
// A syslog header (`Jun 14 15:16:01 host `), with Thunderbird's prefix (`- <epoch s> 2005.11.09 <host> `)
// before it. The level, when there is one, opens the message after the program's name (`sshd[1761]:
// error: ...`, `gmetad: Warning: ...`).
const SYSLOG = /^(?:\S+ (\d{9,10}) \d{4}\.\d\d\.\d\d \S+ )?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \S+ /;
/**
 * The header of an Android, supercomputer (BGL, HPC, Thunderbird) or syslog line, whose level (if any)
 * sits where no timestamp-first reader looks. Tried only on lines that start without a timestamp.
 */
function systemHeader(line, times) {
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57) {
        const logcat = LOGCAT.exec(line);
        if (logcat)
            return { end: logcat[0].length, level: LOGCAT_LEVELS[logcat[1]] };
        const hpc = HPC.exec(line);
        if (hpc)
            return { end: hpc[0].length, time: times.epoch(Number(hpc[2])), level: stateLevel(hpc[1]) };
        return undefined;
    }
    const ras = RAS.exec(line);
    if (ras)
        return { end: ras[0].length, time: times.epoch(Number(ras[1])), level: levelOf(ras[2]) ?? 'info' };
    const syslog = SYSLOG.exec(line);
    if (syslog)
        return {
            end: syslog[0].length,
            time: syslog[1] === undefined ? undefined : times.epoch(Number(syslog[1])),
        };
    return undefined;
}
function stateLevel(state) {
    return (levelOf(state) ??
        levelOf(state.slice(Math.max(state.lastIndexOf('.'), state.lastIndexOf('-')) + 1)) ??
        'info');
}

;// CONCATENATED MODULE: ./src/log-review/formats/text.ts



// A level word near the start of the line. In capitals it counts anywhere there; in other cases only
// in brackets or before a colon (`[error]`, `error:`), so ordinary words in a message are not levels.
const LEVEL_WORD = /(?:^|[\s[|(:-])(emerg|emergency|alert|panic|fatal|critical|crit|severe|error|err|warning|warn|notice|info|debug|trace)(?=[\s\]|):,/-]|$)/i;
// Python logging's basicConfig default, `ERROR:app.db:message`, has no timestamp at all.
const LOGGER_NAME = /^[a-z_][\w]*(?:\.[\w-]+)*:\s*/;
const PYTHON_DEFAULT = /^(CRITICAL|ERROR|WARNING|INFO|DEBUG):[\w.]*:/;
/**
 * Python logging layouts and plain text with a level word: `2026-11-20 10:00:00,123 ERROR app.db: msg`,
 * `... - app.db - ERROR - msg`, `ERROR:app.db:msg`, `[2026-11-20T10:00:00Z] [error] msg`. A line with
 * neither a timestamp nor a level word is not a record: it continues the event before it.
 */
function parseText(line, times) {
    let stamp = times.leading(line);
    if (!stamp) {
        const header = systemHeader(line, times);
        if (header)
            return systemRecord(line, header);
    }
    const start = stamp?.end ?? 0;
    const found = levelWord(line, start);
    // Django's verbose layout puts the level first: `ERROR 2026-11-20 10:00:00,123 views ...`.
    if (!stamp && found !== undefined && found.end < 12) {
        const offset = found.end + 1;
        const after = times.leading(line.slice(offset));
        if (after)
            stamp = { time: after.time, end: offset + after.end };
    }
    if (!stamp && found === undefined)
        return undefined;
    const python = isPython(line, stamp?.end, start);
    const message = textMessage(line, Math.max(found?.end ?? 0, stamp?.end ?? 0), found !== undefined, python);
    return {
        format: python ? 'python' : 'plain',
        time: stamp?.time,
        level: found === undefined ? 'info' : (levelOf(found.word) ?? 'info'),
        message,
        durationMs: durationInText(message),
    };
}
/**
 * The message of a text line whose timestamp and level word end before `from`: what follows, without
 * the separators, (after a level word) the context in brackets, and (Python) the logger's name.
 */
function textMessage(line, from, afterLevel, python) {
    let message = line.slice(from).replace(/^[\s\]):|-]+/, '');
    if (afterLevel)
        message = withoutContext(message);
    // `ERROR app.db: msg` and `ERROR:app.db:msg` put the logger's name before the message; JSON lines
    // and the ` - app.db - ERROR - ` layout do not. Without it the same message is one group in all.
    if (python)
        message = message.replace(LOGGER_NAME, '');
    return message;
}
/**
 * What parseText makes of a line with a leading timestamp when its level is not reviewed and it holds
 * nothing that could read as a duration (a digit, maybe a space, then the first letter of a unit: a
 * superset of what durationInText reads): its format, time and level, without the costly message.
 * Undefined for any other line, which the caller then parses in full.
 */
function textTimeOnly(line, times, interest) {
    const stamp = times.leading(line);
    if (!stamp)
        return undefined;
    const found = levelWord(line, stamp.end);
    const level = found === undefined ? 'info' : (levelOf(found.word) ?? 'info');
    if (interest.level(level) || DURATION_HINT.test(line))
        return undefined;
    const format = isPython(line, stamp.end, stamp.end) ? 'python' : 'plain';
    return { format, time: stamp.time, level, message: '' };
}
const DURATION_HINT = /\d\s?[mMsSuU\u00b5]/;
/** Whether text[from, to) writes Python logging's ` - LEVEL - ` within its first 80 characters. */
function pythonDashes(text, from, to) {
    return / - [A-Z]+ - /.test(text.slice(from, Math.min(from + 80, to)));
}
/** Whether a text line is Python logging's: asctime's `,123`, the basicConfig default or ` - LEVEL - `. */
function isPython(line, stampEnd, start) {
    return ((stampEnd !== undefined && line[stampEnd - 4] === ',') ||
        PYTHON_DEFAULT.test(line) ||
        pythonDashes(line, start, line.length));
}
/** A line of a system layout: the level from its field, or (syslog) from the start of the message. */
function systemRecord(line, header) {
    let { level } = header;
    let message = line.slice(header.end);
    if (level === undefined) {
        const found = levelWord(line, header.end);
        level = found === undefined ? 'info' : (levelOf(found.word) ?? 'info');
        if (found !== undefined)
            message = line.slice(found.end).replace(/^[\s\]):|-]+/, '');
    }
    return { format: 'plain', time: header.time, level, message, durationMs: durationInText(message) };
}
/**
 * The message without the thread or context in brackets that log4j, Logback and their kin write after
 * the level (`WARN [LeaseRenewer:user@host-41] org.apache...`, `WARN  [QuorumPeer[myid=1]/...] - ...`):
 * it says who logged, not what happened, and would split one message into a group per thread.
 */
function withoutContext(message) {
    if (message.charCodeAt(0) !== 91 /* [ */)
        return message;
    let depth = 0;
    for (let i = 0; i < message.length && i < 400; i++) {
        const c = message.charCodeAt(i);
        if (c === 91)
            depth++;
        else if (c === 93 && --depth === 0) {
            const rest = message.slice(i + 1).replace(/^[\s:|-]+/, '');
            // A message that is only a bracketed text keeps it.
            return rest === '' ? message : rest;
        }
    }
    return message;
}
/** The level word within 80 characters of `start`, and where it ends. */
function levelWord(line, start) {
    // Fast path: the word right after the timestamp (`... ERROR app.db: ...`, `... [error] ...`).
    let i = start;
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 91)
        i++;
    let j = i;
    for (let c = line.charCodeAt(j); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = line.charCodeAt(++j))
        ;
    if (j > i && acceptable(line, i, j))
        return { word: line.slice(i, j), end: j };
    const head = line.slice(start, start + 80);
    const m = LEVEL_WORD.exec(head);
    if (!m)
        return undefined;
    const end = start + m.index + m[0].length;
    return acceptable(line, end - m[1].length, end) ? { word: m[1], end } : undefined;
}
/** Whether line[from, to) is a level word as a level is written, not a word of the message. */
function acceptable(line, from, to) {
    const word = line.slice(from, to);
    if (levelOf(word) === undefined)
        return false;
    const after = line[to];
    // Celery writes `[... ERROR/MainProcess]`.
    if (after !== undefined && !/[\s\]|):,/-]/.test(after))
        return false;
    if (line[from - 1] === '[' || after === ']' || after === ':')
        return true;
    // ERR in capitals is too common a word part (ERR_CONNECTION) to count without brackets or a colon.
    return word === word.toUpperCase() && word !== 'ERR';
}

;// CONCATENATED MODULE: ./src/log-review/fast-lane.ts





/**
 * The fast lane: most lines of a log are records nobody asked about (an info line, a request that was
 * neither a 5xx nor slow), and all the review needs of one is its format, its time and its level. The
 * lane reads those in place, by character codes in the latin1 text of a piece of lines, without
 * cutting the line out, without a record and without an event object: the common layouts of each
 * format, nothing else. A line it is not sure of is declined and read the usual way (the prefilter's
 * time-only reading, else the full parser), so what it accepts is exactly what the parser would say:
 * test/log-review/prefilter.test.ts compares the two on every line of the Loghub samples,
 * test/log-review/fast-lane.test.ts on lines at each layout's edges and thousands of mutations of them.
 *
 * Lines given to `read` are ASCII (the prefilter decodes others as UTF-8 and parses them in full), so a
 * character is a byte and `\s` is one of the six ASCII white-space characters.
 */
class FastLane {
    choice;
    times;
    interest;
    /** What `read` found in the last line it accepted. */
    format = 'plain';
    level = 'info';
    time = 0;
    constructor(choice, times, interest) {
        this.choice = choice;
        this.times = times;
        this.interest = interest;
        this.infoQuiet = !interest.level('info');
    }
    /** Whether info records are not reviewed: an access line's level is info unless it is a 5xx. */
    infoQuiet;
    /**
     * Reads text[start, end) (one ASCII line of the current piece, without its line ending): true when it
     * is an uninteresting record of a common layout, its format, level and time then set; false when the
     * line is to be read the usual way.
     */
    read(text, start, end) {
        const c = text.charCodeAt(start);
        switch (this.choice) {
            case 'json':
                return c === 123 && this.json(text, start, end);
            case 'logfmt':
                return c === 116 && this.logfmt(text, start, end);
            case 'access':
                return this.access(text, start, end);
            case 'python':
            case 'plain':
                return isDigit(c) && this.text(text, start, end);
            case 'auto':
                break;
        }
        // format: auto, in LineParser.parse's order: JSON; access (tried on a line holding ` HTTP/`); logfmt;
        // text. A line that does not match the access layout reads as if it held no ` HTTP/` (uvicorn's
        // layout, the other access layout, starts with capitals: no line the lane reads).
        if (c === 123)
            return this.json(text, start, end);
        this.notAccess = false;
        if (c === 116 /* t */)
            return this.unlessAccess(this.logfmt(text, start, end), text, start, end);
        const textRead = isDigit(c) && !startsLikeLogfmt(text, start, end) && this.text(text, start, end);
        return this.unlessAccess(textRead, text, start, end);
    }
    /**
     * Set by the text and logfmt lanes when the line they read cannot match the access layout: its first
     * three fields are known from what they read, and the fourth does not start with `[`. Checking that
     * costs a few comparisons; matching the layout's expression costs more than the rest of the lane.
     */
    notAccess = false;
    /**
     * What auto-detection makes of a line another lane read (`read`) or not: the access lane's answer
     * when it is an access line (the access layout and ` HTTP/`), else `read`. A line of the access
     * layout without ` HTTP/` is read as logfmt or text, as the parser does.
     */
    unlessAccess(read, text, start, end) {
        if (read && this.notAccess)
            return true;
        if (this.accessMatch(text, start, end) && this.holdsHttp(text, start, end))
            return this.quietAccess(text, end);
        return read;
    }
    /** `{"time":"…","level":"…",…}`: what jsonTimeOnly reads, in place (see there why this is exact). */
    json(text, start, end) {
        if (!text.startsWith(JSON_TIME, start) || text.charCodeAt(lastNonSpace(text, start, end)) !== 125 /* } */)
            return false;
        const valueStart = start + JSON_TIME.length;
        const timeEnd = text.indexOf('"', valueStart);
        if (timeEnd <= valueStart || timeEnd >= end || !text.startsWith(JSON_LEVEL, timeEnd + 1))
            return false;
        const levelStart = timeEnd + 1 + JSON_LEVEL.length;
        const levelEnd = lettersEnd(text, levelStart);
        if (text.charCodeAt(levelEnd) !== 34 /* " */ || !this.quietLevel(text, levelStart, levelEnd))
            return false;
        // No key before the level's value can be a duration's: the search starts after it.
        if (!this.quietField(LINE_SEARCHES.jsonDuration, durationFromJson, text, levelEnd, end))
            return false;
        return this.isoTime(text, valueStart, timeEnd, 'json');
    }
    /** `time=… level=… …` (unquoted time): what logfmtTimeOnly reads, in place. */
    logfmt(text, start, end) {
        if (!text.startsWith('time=', start) || text.charCodeAt(start + 5) === 34)
            return false;
        const valueStart = start + 5;
        let timeEnd = valueStart;
        while (timeEnd < end && !isSpace(text.charCodeAt(timeEnd)))
            timeEnd++;
        if (timeEnd === valueStart || !text.startsWith(' level=', timeEnd))
            return false;
        let levelStart = timeEnd + 7;
        if (text.charCodeAt(levelStart) === 34)
            levelStart++;
        const levelEnd = Math.min(lettersEnd(text, levelStart), end);
        if (!this.quietLevel(text, levelStart, levelEnd))
            return false;
        if (!this.quietField(LINE_SEARCHES.logfmtDuration, logfmtDuration, text, start, end))
            return false;
        if (!this.isoTime(text, valueStart, timeEnd, 'logfmt'))
            return false;
        // The access layout's first two fields are `time=…` and `level=…` here (an unquoted level); the
        // third runs to the next white space, and the fourth would have to start with `[`.
        if (levelStart === timeEnd + 7 && text.charCodeAt(levelEnd) === 32) {
            let third = levelEnd + 1;
            while (third < end && !isSpace(text.charCodeAt(third)))
                third++;
            this.notAccess =
                third === levelEnd + 1 || text.charCodeAt(third) !== 32 || text.charCodeAt(third + 1) !== 91;
        }
        return true;
    }
    /**
     * `2026-11-20 10:00:00,123 INFO app: message` (Python logging) and other lines that start with an ISO
     * timestamp and a level word: what textTimeOnly reads, in place.
     */
    text(text, start, end) {
        const time = this.times.isoAt(text, start);
        const stampEnd = this.times.isoEnd;
        if (time === undefined || stampEnd > end)
            return false;
        // The level word right after the stamp (levelWord's fast path), accepted as a level only as
        // `acceptable` accepts it: in brackets, before a colon, or in capitals.
        let i = stampEnd;
        for (let ch = text.charCodeAt(i); (ch === 32 || ch === 91) && i < end; ch = text.charCodeAt(++i))
            ;
        const wordEnd = Math.min(lettersEnd(text, i), end);
        if (wordEnd === i)
            return false;
        const after = wordEnd < end ? text.charCodeAt(wordEnd) : -1;
        if (after !== -1 && !LEVEL_FOLLOWER.has(after))
            return false;
        const marked = text.charCodeAt(i - 1) === 91 || after === 93 || after === 58;
        if (!marked && !isUpper(text, i, wordEnd))
            return false;
        if (!this.quietLevel(text, i, wordEnd))
            return false;
        // Python's asctime ends `,123`; another layout is Python's when it writes ` - LEVEL - `.
        let format = 'python';
        if (text.charCodeAt(stampEnd - 4) !== 44 /* , */) {
            format = pythonDashes(text, stampEnd, end) ? 'python' : 'plain';
        }
        // What may be a duration (`finished in 440ms`) is read from the message as parseText reads it.
        // The stamp holds no hint (a digit there is followed by a separator, or by a space and the level
        // word, and no level word the lane takes starts with m, s or u): the search starts after the word.
        if (foundInLine(LINE_SEARCHES.durationHint, text, wordEnd, end)) {
            const line = text.slice(start, end);
            const durationMs = durationInText(textMessage(line, wordEnd - start, true, format === 'python'));
            if (durationMs !== undefined && this.interest.slow(durationMs))
                return false;
        }
        this.format = format;
        this.time = time;
        // The access layout's first three fields are the date, the time and the level word here; its
        // fourth would have to start with `[`.
        this.notAccess =
            text.charCodeAt(start + 10) === 32 &&
                text.charCodeAt(stampEnd) === 32 &&
                i === stampEnd + 1 &&
                text.charCodeAt(wordEnd) === 32 &&
                text.charCodeAt(wordEnd + 1) !== 91;
        return true;
    }
    /**
     * A common or combined access line (gunicorn, nginx, Apache) that is neither a 5xx nor slow, its
     * response time read by formats/access.ts's responseTime.
     */
    access(text, start, end) {
        return this.accessMatch(text, start, end) && this.quietAccess(text, end);
    }
    /** Whether the line accessMatch just matched is a quiet request, its time then read. */
    quietAccess(text, end) {
        if (!this.infoQuiet)
            return false;
        // A 5xx is an error: read the usual way.
        if (text.charCodeAt(this.statusAt) >= 53 /* 5 */)
            return false;
        const durationMs = responseTime(text, this.matchEnd, end);
        if (durationMs !== undefined && this.interest.slow(durationMs))
            return false;
        const time = this.times.clf(text.slice(this.stampStart, this.stampEnd));
        // No time: still an access record, but the lane keeps to lines with one.
        if (time === undefined)
            return false;
        this.format = 'access';
        this.level = 'info';
        this.time = time;
        return true;
    }
    /** Where accessMatch found the timestamp, the status and the end of the match. */
    stampStart = 0;
    stampEnd = 0;
    statusAt = 0;
    pathEnd = 0;
    matchEnd = 0;
    /**
     * Whether text[start, end) matches COMMON of formats/access.ts (ACCESS_LINE below, kept to the line),
     * and where its parts are.
     */
    accessMatch(text, start, end) {
        ACCESS_LINE.lastIndex = start;
        if (!ACCESS_LINE.test(text))
            return false;
        const matchEnd = ACCESS_LINE.lastIndex;
        // The three fields before `[` hold no space: the stamp starts after the third.
        let bracket = text.indexOf(' ', start);
        bracket = text.indexOf(' ', bracket + 1);
        bracket = text.indexOf(' ', bracket + 1) + 1;
        this.stampStart = bracket + 1;
        this.stampEnd = text.indexOf(']', bracket);
        // The match ends `" 200 1234` or `" 200 -`: back over the size to the status.
        let i = matchEnd - 1;
        while (isDigit(text.charCodeAt(i)))
            i--;
        if (text.charCodeAt(i) === 45 && i === matchEnd - 1)
            i--;
        this.statusAt = i - 3;
        // After `] "METHOD `: where the path ends, if at a space (only a first guess for holdsHttp).
        this.pathEnd = text.indexOf(' ', text.indexOf(' ', this.stampEnd + 3) + 1);
        this.matchEnd = matchEnd;
        return matchEnd <= end;
    }
    /** Whether the line accessMatch matched holds ` HTTP/` (auto-detection tries only those as access). */
    holdsHttp(text, start, end) {
        if (text.startsWith(' HTTP/', this.pathEnd))
            return true;
        const at = text.indexOf(' HTTP/', start);
        return at >= 0 && at + 6 <= end;
    }
    /**
     * Whether the line's first duration field (`search`: the parser's DURATION expression kept to the
     * line) is absent or not slow.
     */
    quietField(search, read, text, start, end) {
        search.lastIndex = start;
        const m = search.exec(text);
        if (m === null || m.index >= end || m[1] === undefined)
            return true;
        const durationMs = read(m[1], m[2], m[3]);
        return durationMs === undefined || !this.interest.slow(durationMs);
    }
    /** An ISO time at text[from, to) as timeFromValue reads a field's value; false for any other. */
    isoTime(text, from, to, format) {
        const time = this.times.isoAt(text, from);
        if (time === undefined || this.times.isoEnd > to)
            return false;
        this.format = format;
        this.time = time;
        return true;
    }
    /** Whether text[from, to) is a level word nobody reviews (`info`, `DEBUG`...), then kept in `level`. */
    quietLevel(text, from, to) {
        const level = quietLevelOf(text, from, to);
        if (level === undefined || this.interest.level(level))
            return false;
        this.level = level;
        return true;
    }
}
const JSON_TIME = '{"time":"';
const JSON_LEVEL = ',"level":"';
/** What may follow a level word (`acceptable` in formats/text.ts). */
const LEVEL_FOLLOWER = new Set([...' \t\n\v\f\r]|):,/-'].map((ch) => ch.charCodeAt(0)));
/**
 * COMMON of formats/access.ts at a line's start (sticky), its negated classes also stopping at a
 * newline: on one line the two match the same.
 */
const ACCESS_LINE = /\S+ \S+ \S+ \[[^\]\n]+\] "[A-Z]+ [^ "\n]+[^"\n]*" \d{3} (?:\d+|-)/y;
/**
 * The levels the lane knows, all of them below warning (levelOf in model.ts reads these the same, in
 * any case); anything else is declined.
 */
const QUIET_LEVELS = [
    ['info', 'info'],
    ['debug', 'debug'],
    ['trace', 'debug'],
    ['notice', 'info'],
    ['information', 'info'],
    ['verbose', 'debug'],
];
function quietLevelOf(text, from, to) {
    const length = to - from;
    for (const [word, level] of QUIET_LEVELS) {
        if (word.length !== length)
            continue;
        let i = 0;
        // | 32 lower-cases an ASCII letter (the word's characters are letters: see lettersEnd).
        while (i < length && (text.charCodeAt(from + i) | 32) === word.charCodeAt(i))
            i++;
        if (i === length)
            return level;
    }
    return undefined;
}
const DURATION_ALTERNATIVES = keyAlternatives(DURATION_KEYS);
/** A logfmt duration field's value as parseLogfmt reads it: quoted or not, the text as it is. */
const logfmtDuration = (key, quoted, bare) => durationFromField(key, quoted ?? bare);
/**
 * Searches of a piece of lines that stop at the line's end: each matches either what is looked for or
 * the newline, so one native scan answers for one line (a loop over the characters in JavaScript costs
 * several times more). White space is `[^\S\n]`, so that no match runs into the next line: on the
 * line alone each matches what the expression it stands for matches.
 */
const LINE_SEARCHES = {
    /** formats/json.ts's DURATION: `"duration_ms": 12`, `"took": "1.2s"`. */
    jsonDuration: new RegExp(`"(${DURATION_ALTERNATIVES})"[^\\S\\n]*:[^\\S\\n]*(?:"([^"\\n]*)"|(${JSON_NUMBER}))|\\n`, 'g'),
    /** formats/logfmt.ts's DURATION after white space (the lane's lines start with `time=`). */
    logfmtDuration: new RegExp(`[^\\S\\n](${DURATION_ALTERNATIVES})=(?:"([^"\\n]*)"|(\\S+))|\\n`, 'g'),
    /**
     * What durationInText's match ends with: a digit, maybe a white space, a unit, a word boundary. The
     * message it reads is the end of the line (textMessage only drops a prefix), so a line without this
     * holds no duration; `invoice 77312 sent` is no hint (textTimeOnly's looser DURATION_HINT took it).
     */
    durationHint: new RegExp(String.raw `\d[^\S\n]?(?:${TEXT_UNITS})\b|\n`, 'gi'),
};
/** Whether `search` finds its target in text[from, end) (or runs across the line's end). */
function foundInLine(search, text, from, end) {
    search.lastIndex = from;
    // test, not exec: no match object made. What matched ends with a newline only when it is the line's
    // end; no match at all: the piece's last line (the file's, without a newline) holds none.
    return search.test(text) && text.charCodeAt(search.lastIndex - 1) !== 10 && search.lastIndex - 1 <= end;
}
/** looksLikeLogfmt's /^[\w.@-]+=/ on text[start, end). */
function startsLikeLogfmt(text, start, end) {
    let i = start;
    for (; i < end; i++) {
        const c = text.charCodeAt(i);
        const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
        if (!word && c !== 46 && c !== 64 && c !== 45)
            break;
    }
    return i > start && i < end && text.charCodeAt(i) === 61;
}
/** Where the run of ASCII letters at text[from] ends. */
function lettersEnd(text, from) {
    let i = from;
    for (let c = text.charCodeAt(i); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = text.charCodeAt(++i))
        ;
    return i;
}
function isUpper(text, from, to) {
    for (let i = from; i < to; i++)
        if (text.charCodeAt(i) > 90)
            return false;
    return true;
}
/** The last character of text[start, end) that trimEnd keeps (start - 1 when there is none). */
function lastNonSpace(text, start, end) {
    let i = end - 1;
    while (i >= start && isSpace(text.charCodeAt(i)))
        i--;
    return i;
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}

;// CONCATENATED MODULE: ./src/log-review/formats/json.ts

// Level, time and the presence of a duration, read without parsing the line: most lines are info lines
// nobody asked about, and JSON.parse on each would cost more than everything else together.
const json_LEVEL = new RegExp(`"(?:${keyAlternatives(LEVEL_KEYS)})"\\s*:\\s*(?:"([A-Za-z]+)"|(\\d+))`);
const json_TIME = new RegExp(`"(?:${keyAlternatives(TIME_KEYS)})"\\s*:\\s*(?:"([^"]+)"|(\\d+(?:\\.\\d+)?))`);
const json_DURATION = new RegExp(`"(${keyAlternatives(DURATION_KEYS)})"\\s*:\\s*(?:"([^"]*)"|(${JSON_NUMBER}))`);
/** A message field's quoted value, for a line JSON.parse refuses. */
const MESSAGE = new RegExp(`"(?:${keyAlternatives(MESSAGE_KEYS)})"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`);
/**
 * One JSON object per line, parsed in full only when the review wants it (a reviewed level or a slow
 * duration); for every other line level, time and duration are read by regular expressions.
 */
function parseJson(line, times, interest) {
    if (line.charCodeAt(0) !== 123 || !line.trimEnd().endsWith('}'))
        return undefined;
    const levelMatch = json_LEVEL.exec(line);
    const level = levelMatch ? levelFromValue(levelMatch[1] ?? Number(levelMatch[2])) : 'info';
    const duration = json_DURATION.exec(line);
    const durationMs = duration ? durationFromJson(duration[1], duration[2], duration[3]) : undefined;
    const slow = durationMs !== undefined && interest.slow(durationMs);
    if (level !== undefined && !interest.level(level) && !slow) {
        return { format: 'json', time: timeOf(json_TIME.exec(line), times), level, message: '', durationMs };
    }
    let fields;
    try {
        fields = JSON.parse(line);
    }
    catch {
        fields = undefined;
    }
    if (typeof fields === 'object' && fields !== null && !Array.isArray(fields))
        return recordFromFields(fields, 'json', times, durationMs);
    // Not JSON after all, yet written as a log record (Python's json.dumps writes NaN; a logger may leave a
    // trailing comma): read by the expressions, or an error in it would pass as a continuation line.
    const timeMatch = json_TIME.exec(line);
    if (!levelMatch && !timeMatch)
        return undefined;
    const message = MESSAGE.exec(line);
    return {
        format: 'json',
        time: timeOf(timeMatch, times),
        level: level ?? 'info',
        message: message ? unescaped(message[1]) : line,
        durationMs,
    };
}
/** The time a TIME match names (a text or an epoch number). */
function timeOf(match, times) {
    return match ? timeFromValue(match[1] ?? Number(match[2]), times) : undefined;
}
/** A JSON string's content without its escapes; as it is when they are not JSON's. */
function unescaped(content) {
    try {
        return JSON.parse(`"${content}"`);
    }
    catch {
        return content;
    }
}
const TIME_FIRST = '{"time":"';
/** What follows the time's closing quote. */
const LEVEL_NEXT = ',"level":"';
/**
 * parseJson's record of an uninteresting line laid out `{"time":"…","level":"…",…}` (the common layout),
 * its time and level read at their known places instead of by the TIME and LEVEL expressions: no
 * earlier place can match them (the time's value holds no quote). Undefined for any other line, or an
 * interesting one: the caller then parses it in full.
 */
function jsonTimeOnly(line, times, interest) {
    if (!line.startsWith(TIME_FIRST) || !line.trimEnd().endsWith('}'))
        return undefined;
    const timeEnd = line.indexOf('"', TIME_FIRST.length);
    // An empty time (`""`) is no match for TIME, which would then look further.
    if (timeEnd <= TIME_FIRST.length || !line.startsWith(LEVEL_NEXT, timeEnd + 1))
        return undefined;
    const levelStart = timeEnd + 1 + LEVEL_NEXT.length;
    let levelEnd = levelStart;
    for (let c = line.charCodeAt(levelEnd); (c >= 65 && c <= 90) || (c >= 97 && c <= 122);)
        c = line.charCodeAt(++levelEnd);
    if (levelEnd === levelStart || line.charCodeAt(levelEnd) !== 34 /* " */)
        return undefined;
    const level = levelFromValue(line.slice(levelStart, levelEnd));
    if (level === undefined || interest.level(level))
        return undefined;
    const duration = json_DURATION.exec(line);
    const durationMs = duration ? durationFromJson(duration[1], duration[2], duration[3]) : undefined;
    if (durationMs !== undefined && interest.slow(durationMs))
        return undefined;
    const time = timeFromValue(line.slice(TIME_FIRST.length, timeEnd), times);
    return { format: 'json', time, level, message: '', durationMs };
}

;// CONCATENATED MODULE: ./src/log-review/parse.ts





/**
 * Turns a line into a LogRecord, or undefined when the line continues the event before it. With
 * `format: auto` each line is tried by the parsers its first characters point to, so a file that mixes
 * uvicorn's access lines with Python logging (the usual FastAPI log) is read right line by line.
 */
class LineParser {
    format;
    times;
    interest;
    constructor(format, times, interest) {
        this.format = format;
        this.times = times;
        this.interest = interest;
    }
    /** A fast lane that reads lines exactly as this parser would (see fast-lane.ts). */
    fastLane() {
        return new FastLane(this.format, this.times, this.interest);
    }
    parse(line) {
        const c = line.charCodeAt(0);
        // Empty and indented lines (traceback frames, wrapped text) never start an event.
        if (Number.isNaN(c) || c === 32 || c === 9)
            return undefined;
        switch (this.format) {
            case 'json':
                return parseJson(line, this.times, this.interest);
            case 'logfmt':
                return parseLogfmt(line, this.times, this.interest);
            case 'access':
                return parseAccess(line, this.times, this.interest);
            case 'python':
            case 'plain':
                return parseText(line, this.times);
        }
        if (c === 123 /* { */)
            return parseJson(line, this.times, this.interest) ?? parseText(line, this.times);
        if (line.includes(' HTTP/')) {
            const access = parseAccess(line, this.times, this.interest);
            if (access)
                return access;
        }
        if (looksLikeLogfmt(line))
            return parseLogfmt(line, this.times, this.interest) ?? parseText(line, this.times);
        return parseText(line, this.times);
    }
    /**
     * The record of an uninteresting text line (a leading timestamp, a level not reviewed, no duration)
     * read for its format, time and level alone; undefined for any other line, which the caller then
     * parses in full. Exactly what parse gives such a line, but for the message no one reads.
     */
    timeOnly(line) {
        const c = line.charCodeAt(0);
        switch (this.format) {
            case 'json':
                return jsonTimeOnly(line, this.times, this.interest);
            case 'logfmt':
                return logfmtTimeOnly(line, this.times, this.interest);
            case 'access':
                return undefined;
            case 'python':
            case 'plain':
                return textTimeOnly(line, this.times, this.interest);
        }
        // format: auto, in parse's order: JSON, access, logfmt, text. A JSON-looking line that is not
        // read as JSON, or a line with ` HTTP/`, is parsed in full.
        if (c === 123)
            return jsonTimeOnly(line, this.times, this.interest);
        if (line.includes(' HTTP/'))
            return undefined;
        if (looksLikeLogfmt(line))
            return logfmtTimeOnly(line, this.times, this.interest);
        return textTimeOnly(line, this.times, this.interest);
    }
}

;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ./src/log-review/prefilter.ts


const CR = 13;
/** Bytes outside ASCII: a line holding one is decoded as UTF-8 (in latin1 its characters would differ). */
const NON_ASCII = /[\x80-\xff]/g;
/**
 * A LineSink that decodes lines cheaply and gives the full parser only the lines that can matter. Pieces
 * of lines are decoded as latin1, where a character is a byte (a fast copy, and places in the text are
 * byte offsets); a piece that is not all ASCII (one native check) is scanned once for the lines that
 * are not, and those are decoded as UTF-8 and parsed in full. Every ASCII line is first offered to
 * `timeOnly`, which reads an uninteresting line for its time and format alone (see
 * LineParser.timeOnly). Counts lines and cut lines exactly as LineDecoder does.
 */
class CandidateLines {
    stats;
    handler;
    shortcut;
    decided;
    constructor(stats, handler, 
    /** Off when every line matters (info is reviewed): then every line is parsed in full. */
    shortcut, decided) {
        this.stats = stats;
        this.handler = handler;
        this.shortcut = shortcut;
        this.decided = decided;
    }
    lines(buf, from, to) {
        forEachPiece(buf, from, to, (start, end) => this.piece(buf, start, end, false));
    }
    last(buf, from, to) {
        this.piece(buf, from, to, true);
    }
    cut(buf, from, to) {
        this.stats.lines++;
        this.stats.cutLines++;
        this.full(buf.toString('utf8', from, to));
    }
    /** Lines buf[from, to), each ended by \n; with `unended` one line without it (the file's last). */
    piece(buf, from, to, unended) {
        const text = buf.toString('latin1', from, to);
        const ascii = (0,external_node_buffer_namespaceObject.isAscii)(buf.subarray(from, to));
        const lane = this.shortcut ? this.handler.lane : undefined;
        NON_ASCII.lastIndex = 0;
        let other = ascii ? null : NON_ASCII.exec(text);
        let start = 0;
        while (start < text.length) {
            const end = unended ? text.length : text.indexOf('\n', start);
            let lineAscii = true;
            for (; other !== null && other.index < end; other = NON_ASCII.exec(text))
                if (other.index >= start)
                    lineAscii = false;
            this.stats.lines++;
            const lineEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
            if (end - start > MAX_LINE_BYTES) {
                // Cut as LineDecoder cuts: the first MAX_LINE_BYTES bytes, then a carriage return dropped.
                this.stats.cutLines++;
                const line = buf.toString('utf8', from + start, from + start + MAX_LINE_BYTES);
                this.full(line.endsWith('\r') ? line.slice(0, -1) : line);
            }
            else if (!lineAscii) {
                this.full(buf.toString('utf8', from + start, from + lineEnd));
            }
            else if (lane?.read(text, start, lineEnd)) {
                this.decided?.('time-only');
                this.handler.light(lane);
            }
            else {
                // Only ASCII: the latin1 text is the UTF-8 text. Decoded on its own rather than sliced from the
                // piece's text: a slice would keep the whole 64 KiB piece alive as long as the line is kept.
                const line = buf.toString('latin1', from + start, from + lineEnd);
                const record = this.shortcut ? this.handler.timeOnly(line) : undefined;
                if (record) {
                    this.decided?.('time-only');
                    this.handler.record(record, line);
                }
                else {
                    this.full(line);
                }
            }
            start = end + 1;
        }
    }
    full(line) {
        this.decided?.('full');
        this.handler.line(line);
    }
}

;// CONCATENATED MODULE: ./src/core/time.ts
/**
 * Wall-clock times in a named time zone (IANA, e.g. Europe/Berlin), for timestamps that carry no offset:
 * backup file names, Python logging's asctime.
 */
/** The instant at which the wall clock in `timeZone` shows the given time. */
function zonedTime(year, month, day, hour, minute, second, timeZone) {
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    // Two rounds settle the offset even next to a daylight-saving change.
    let instant = asUtc - offsetOf(new Date(asUtc), timeZone);
    instant = asUtc - offsetOf(new Date(instant), timeZone);
    return new Date(instant);
}
/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetOf(at, timeZone) {
    const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
    }).formatToParts(at);
    const get = (type) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return wall - Math.floor(at.getTime() / 1000) * 1000;
}
/**
 * zonedTime for many timestamps in a row (log lines): the zone's offset is looked up once per wall-clock
 * hour and remembered, since Intl.DateTimeFormat is far too slow to call for every line. UTC needs no
 * lookup at all.
 */
class WallClock {
    timeZone;
    offsets = new Map();
    constructor(timeZone) {
        this.timeZone = timeZone;
    }
    /** Epoch milliseconds of a wall-clock time in this zone (month 1-12). */
    toEpoch(year, month, day, hour, minute, second, ms = 0) {
        const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
        if (this.timeZone === 'UTC')
            return asUtc;
        const hourKey = asUtc - (asUtc % 3_600_000);
        let offset = this.offsets.get(hourKey);
        if (offset === undefined) {
            offset = hourKey - zonedTime(year, month, day, hour, 0, 0, this.timeZone).getTime();
            if (this.offsets.size > 10_000)
                this.offsets.clear();
            this.offsets.set(hourKey, offset);
        }
        return asUtc - offset;
    }
}

;// CONCATENATED MODULE: ./src/log-review/timestamps.ts

// 2026-11-20T10:00:00.123Z, 2026-11-20 10:00:00,123 (Python's asctime), +01:00 / +0100 / UTC offsets.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?/;
// The same at the start of a text line, possibly in brackets (`[2026-11-20 10:00:00 +0000]`, gunicorn's
// error log), or with slashes (`2026/11/20 10:00:00`, nginx's error log).
const LEADING_ISO = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:\s?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?\]?/;
// Common log format: 20/Nov/2026:10:00:00 +0000.
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}))?/;
const MONTHS = {
    Jan: 1,
    Feb: 2,
    Mar: 3,
    Apr: 4,
    May: 5,
    Jun: 6,
    Jul: 7,
    Aug: 8,
    Sep: 9,
    Oct: 10,
    Nov: 11,
    Dec: 12,
};
/**
 * Reads the timestamps of log lines into epoch milliseconds. A timestamp with an offset is exact; one
 * without is wall-clock time in the configured zone, so files written in different zones line up.
 */
class TimeParser {
    clock;
    /** Epoch ms of wall-clock hours already converted (key: year, month, day, hour and zone flag as one small integer), as lines share their hour. */
    hours = new Map();
    clfHours = new Map();
    /**
     * The hour of the last ISO timestamp read (its `hours` key and epoch ms), one for local and one for
     * UTC stamps: a file that mixes both (Python's local asctime, JSON's `Z`) would otherwise miss it.
     */
    lastHour = [
        { key: -1, ms: 0 },
        { key: -1, ms: 0 },
    ];
    /** The last CLF timestamp read and the epoch ms of its hour. */
    lastClf;
    constructor(timeZone) {
        this.clock = new WallClock(timeZone);
    }
    /** An ISO-like string (JSON and logfmt fields), or undefined. */
    iso(text) {
        const fast = this.isoAt(text, 0);
        if (fast !== undefined)
            return fast;
        const m = ISO.exec(text);
        return m ? this.fromParts(m) : undefined;
    }
    /** A timestamp at the start of a text line: its epoch ms and where it ends. */
    leading(line) {
        const c = line.charCodeAt(0);
        // Most lines can be turned away by their first character, before any regex runs.
        if (!((c >= 48 && c <= 57) || c === 91))
            return undefined;
        const fast = this.isoAt(line, c === 91 ? 1 : 0);
        if (fast !== undefined)
            return { time: fast, end: this.isoEnd + (c === 91 && line[this.isoEnd] === ']' ? 1 : 0) };
        const m = LEADING_ISO.exec(line);
        if (!m)
            return undefined;
        const time = this.fromParts(m);
        return time === undefined ? undefined : { time, end: m[0].length };
    }
    /** The common log format's `20/Nov/2026:10:00:00 +0000`. */
    clf(text) {
        return this.fastClf(text) ?? this.clfSlow(text);
    }
    /** A number from a JSON field: epoch milliseconds, or seconds (with a fraction) when it is small. */
    epoch(value) {
        if (!Number.isFinite(value) || value <= 0)
            return undefined;
        return value > 1e11 ? Math.round(value) : Math.round(value * 1000);
    }
    /** Where the timestamp the last successful isoAt read ends. */
    isoEnd = 0;
    /**
     * `YYYY-MM-DD[T ]HH:MM:SS[.,fff][Z]` at text[at] (the rest of the text is not read) as epoch ms, its
     * end in `isoEnd`; read by character codes, with the hour's epoch remembered: the common case, about
     * ten times cheaper than the regex, and no string cut out of a line. Anything else (offsets, odd
     * layouts) is undefined: the regex reads those.
     */
    isoAt(text, at) {
        const sep = text.charCodeAt(at + 10);
        if (text.charCodeAt(at + 4) !== 45 ||
            text.charCodeAt(at + 7) !== 45 ||
            (sep !== 84 && sep !== 32) ||
            text.charCodeAt(at + 13) !== 58 ||
            text.charCodeAt(at + 16) !== 58)
            return undefined;
        const year = digitAt(text, at + 0) * 1000 +
            digitAt(text, at + 1) * 100 +
            digitAt(text, at + 2) * 10 +
            digitAt(text, at + 3);
        const month = digitAt(text, at + 5) * 10 + digitAt(text, at + 6);
        const day = digitAt(text, at + 8) * 10 + digitAt(text, at + 9);
        const hour = digitAt(text, at + 11) * 10 + digitAt(text, at + 12);
        const minute = digitAt(text, at + 14) * 10 + digitAt(text, at + 15);
        const second = digitAt(text, at + 17) * 10 + digitAt(text, at + 18);
        if (year < 0 ||
            month < 1 ||
            month > 12 ||
            day < 1 ||
            day > 31 ||
            hour < 0 ||
            hour > 23 ||
            minute < 0 ||
            minute > 59 ||
            second < 0 ||
            second > 60)
            return undefined;
        let end = at + 19;
        let ms = 0;
        const point = text.charCodeAt(end);
        if (point === 46 || point === 44) {
            let scale = 100;
            end++;
            for (let d = digitAt(text, end); d >= 0; d = digitAt(text, ++end)) {
                ms += d * scale;
                scale /= 10;
            }
            ms = Math.floor(ms);
        }
        const zone = text.charCodeAt(end);
        let utc = false;
        if (zone === 90 /* Z */) {
            utc = true;
            end++;
        }
        else if (zone === 43 || zone === 45 || (zone === 32 && offsetAfterSpace(text, end + 1))) {
            return undefined; // an offset: the regex reads those
        }
        // A small integer (a Smi to V8: no number allocated per line), unique per hour, zone flag and year.
        const key = ((((year * 13 + month) * 32 + day) * 24 + hour) << 1) | (utc ? 1 : 0);
        const minutes = minute * 60_000 + second * 1000 + ms;
        // Neighbouring lines share their hour: the last one answers most lines without a map look-up.
        const last = this.lastHour[key & 1];
        this.isoEnd = end;
        if (key === last.key)
            return last.ms + minutes;
        let hourMs = this.hours.get(key);
        if (hourMs === undefined) {
            hourMs = utc ? Date.UTC(year, month - 1, day, hour) : this.clock.toEpoch(year, month, day, hour, 0, 0);
            if (this.hours.size > 100_000)
                this.hours.clear();
            this.hours.set(key, hourMs);
        }
        last.key = key;
        last.ms = hourMs;
        return hourMs + minutes;
    }
    /** `20/Nov/2026:10:00:00 +0000` by character codes, the hour remembered by its first 14 characters. */
    fastClf(text) {
        if (text.length !== 26 ||
            text.charCodeAt(14) !== 58 ||
            text.charCodeAt(17) !== 58 ||
            text.charCodeAt(20) !== 32)
            return undefined;
        const two = (i) => (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;
        const minute = two(15);
        const second = two(18);
        if (!(minute >= 0 && minute <= 59 && second >= 0 && second <= 60))
            return undefined;
        if (this.lastClf !== undefined && sameHour(text, this.lastClf.text))
            return this.lastClf.hourMs + minute * 60_000 + second * 1000;
        const key = text.slice(0, 14) + text.slice(20);
        let hourMs = this.clfHours.get(key);
        if (hourMs === undefined) {
            hourMs = this.clfSlow(text.slice(0, 14) + ':00:00' + text.slice(20));
            if (hourMs === undefined)
                return undefined;
            if (this.clfHours.size > 100_000)
                this.clfHours.clear();
            this.clfHours.set(key, hourMs);
        }
        this.lastClf = { text, hourMs };
        return hourMs + minute * 60_000 + second * 1000;
    }
    clfSlow(text) {
        const m = CLF.exec(text);
        if (!m)
            return undefined;
        const month = MONTHS[m[2]];
        if (month === undefined)
            return undefined;
        const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number);
        if (m[7] === undefined)
            return this.clock.toEpoch(year, month, day, hour, minute, second);
        return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs(m[7]);
    }
    fromParts(m) {
        const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
            return undefined;
        const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
        const zone = m[8];
        if (zone === undefined)
            return this.clock.toEpoch(year, month, day, hour, minute, second, ms);
        return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs(zone);
    }
}
/** The digit at text[i], or a large negative number that fails every range check. */
function digitAt(text, i) {
    const d = text.charCodeAt(i) - 48;
    return d >= 0 && d <= 9 ? d : -100_000;
}
/** Whether text[at...] is an offset or zone written after a space (`+01:00`, `-0500`, `UTC`, `GMT`). */
function offsetAfterSpace(text, at) {
    const c = text.charCodeAt(at);
    if (c === 43 || c === 45) {
        const d = text.charCodeAt(at + 1);
        return d >= 48 && d <= 57;
    }
    return text.startsWith('UTC', at) || text.startsWith('GMT', at);
}
/** Whether two 26-character CLF timestamps share day, hour and offset (`20/Nov/2026:10` and `+0000`). */
function sameHour(a, b) {
    for (let i = 0; i < 14; i++)
        if (a.charCodeAt(i) !== b.charCodeAt(i))
            return false;
    for (let i = 20; i < 26; i++)
        if (a.charCodeAt(i) !== b.charCodeAt(i))
            return false;
    return true;
}
/** `Z`, `+01:00`, `-0530`, `+02` as milliseconds ahead of UTC. */
function offsetMs(zone) {
    if (zone === 'Z' || zone === 'UTC' || zone === 'GMT')
        return 0;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    return sign * (hours * 60 + minutes) * 60_000;
}

;// CONCATENATED MODULE: ./src/log-review/read-range.ts





/** The line parser of a review: the inputs' format and zone, interested in what `sink` reviews. */
function parserFor(inputs, sink) {
    return new LineParser(inputs.format, new TimeParser(inputs.timeZone), {
        level: (level) => sink.reviews(level),
        slow: (ms) => ms >= inputs.slowThresholdMs,
    });
}
/**
 * Streams a file (or bytes [start, end) of it) through parser and event assembler into `sink`. A range
 * starts at a line that starts an event with a timestamp (see ranges.ts), so its events are exactly
 * the ones a read of the whole file finds there.
 */
async function readLogRange(path, range, parser, sink) {
    const result = { formats: {}, lines: 0, bytes: 0, cutLines: 0 };
    const assembler = new EventAssembler((event) => {
        if (sink.add(event) === 'old' || event.time === undefined)
            return;
        if (result.from === undefined || event.time < result.from)
            result.from = event.time;
        if (result.to === undefined || event.time > result.to)
            result.to = event.time;
    }, (record) => sink.reviews(record.level));
    const formats = result.formats;
    const countFormat = (format) => (formats[format] = (formats[format] ?? 0) + 1);
    const take = (record, line) => {
        if (record)
            countFormat(record.format);
        assembler.add(record, line);
    };
    const handler = {
        line: (line) => take(parser.parse(line), line),
        timeOnly: (line) => parser.timeOnly(line),
        record: take,
        lane: parser.fastLane(),
        light: ({ format, level, time }) => {
            countFormat(format);
            assembler.light(format, level, time);
        },
    };
    const stats = await readFileLines(path, range, (stats) => new CandidateLines(stats, handler, !sink.reviews('info')));
    assembler.end();
    return {
        ...result,
        lines: stats.lines,
        bytes: stats.bytes,
        cutLines: stats.cutLines,
        ...(stats.damaged === undefined ? {} : { damaged: stats.damaged }),
        ...(stats.unreadable === undefined ? {} : { unreadable: stats.unreadable }),
    };
}
/**
 * Adds a range's result to its file's, in file order (the first damage or read failure is kept; the
 * file's bytes are its size).
 */
function addRange(file, part) {
    for (const [format, count] of Object.entries(part.formats))
        file.formats[format] = (file.formats[format] ?? 0) + count;
    file.lines += part.lines;
    file.cutLines += part.cutLines;
    if (part.from !== undefined && (file.from === undefined || part.from < file.from))
        file.from = part.from;
    if (part.to !== undefined && (file.to === undefined || part.to > file.to))
        file.to = part.to;
    file.damaged ??= part.damaged;
    file.unreadable ??= part.unreadable;
}

;// CONCATENATED MODULE: ./src/log-review/unit-review.ts
/**
 * Reading one unit of a review (a file, or a range of one: ranges.ts) into its counts and the events to
 * examine, sent as messages: what a worker thread does with each unit it is given (worker.ts), and what
 * the main thread does with its own share when workers help (parallel.ts).
 */


/**
 * Events per message: few enough messages to cost nothing (about 1,300 on the 1 GiB benchmark log),
 * small enough to keep memory flat. Each batch of a worker is a buffer malloc'd in its thread and freed
 * in the main one, so its size shows in peak RSS: batches of 256 events peaked about 12 MB below batches
 * of 1024 (1 MiB of first lines) on the 300 MiB benchmark log, at the same CPU time.
 */
const BATCH = 256;
/** ... and at most about this many characters of first lines (a line may be up to 64 KiB). */
const BATCH_CHARS = 256 * 1024;
/**
 * Reviews the task's unit: counts every event, sends those to examine in batches (`pack` makes a batch
 * of them), then 'done' with the counts and the unit's part of its file's result.
 */
async function reviewUnit({ id, unit }, inputs, send, pack) {
    const counter = new Aggregate(inputs);
    let events = [];
    let chars = 0;
    const sendEvents = () => send({ type: 'events', id, events: pack(events) });
    const sink = {
        reviews: (level) => counter.reviews(level),
        add(event) {
            const verdict = counter.count(event);
            if (verdict !== 'examine')
                return verdict;
            events.push(portable(event));
            chars += event.firstLine.length;
            if (events.length >= BATCH || chars >= BATCH_CHARS) {
                sendEvents();
                events = [];
                chars = 0;
            }
            return 'counted';
        },
    };
    const part = await readLogRange(unit.path, unit.range, parserFor(inputs, sink), sink);
    if (events.length > 0)
        sendEvents();
    const { tally, first, last } = counter;
    send({ type: 'done', id, part, counts: { tally, first, last } });
}
/** The event without what examining it never reads (a record's stack can be long). */
function portable(event) {
    if (event.record.stack === undefined)
        return event;
    const record = { ...event.record };
    delete record.stack;
    return { ...event, record };
}

;// CONCATENATED MODULE: ./src/log-review/worker.ts
/**
 * A log-review worker thread: reviews the units the main thread gives it (unit-review.ts), one after the
 * other in the order given, and sends back only the events to group or time (errors, warnings, slow
 * ones: a few percent of a log), in batches, plus the counts. The main thread examines those in file
 * order (parallel.ts). Built as its own file next to each bundle that holds log-review
 * (scripts/bundle.mjs).
 */



const port = external_node_worker_threads_namespaceObject.parentPort;
const { inputs } = external_node_worker_threads_namespaceObject.workerData;
// Serialized here and moved, not copied, to the main thread (see EventBatch): v8.serialize's buffer
// owns its whole ArrayBuffer (it is not a slice of Buffer's pool).
const pack = (events) => (0,external_node_v8_namespaceObject.serialize)(events);
const send = (message) => message.type === 'events' && message.events instanceof Uint8Array
    ? port.postMessage(message, [message.events.buffer])
    : port.postMessage(message);
// The main thread gives the next unit before this one ends (parallel.ts), so none waits for it: units
// are read one after the other. A failure here is a bug, not the file's (readLines reports those in
// the result): left unhandled, the rejection ends the worker with an 'error' the main thread fails the
// review with.
let queue = Promise.resolve();
port.on('message', (task) => {
    queue = queue.then(() => reviewUnit(task, inputs, send, pack));
});

