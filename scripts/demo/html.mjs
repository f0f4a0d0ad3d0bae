// The demo's page (reports/demo.html): the runbook's combined job summaries rendered as GitHub renders a
// job summary: GitHub-flavoured Markdown (micromark with its GFM extension), a GitHub-like stylesheet, and
// Mermaid charts drawn by mermaid from node_modules, loaded by a relative path: the page needs no network.
import { relative } from 'node:path'

import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

// Tags Markdown itself makes, and the few raw ones our summaries write (<details>, <summary>, <pre>).
// Any other raw tag is shown as text, as GitHub's sanitiser would drop it: a summary quotes outside text.
const ALLOWED_TAGS = new Set(
  'a b blockquote br code del details div em h1 h2 h3 h4 h5 h6 hr i img input li ol p pre section span strong sub summary sup table tbody td th thead tr ul'.split(
    ' ',
  ),
)

/** @param {string} text */
const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * One summary's Markdown as HTML: raw tags outside the allowlist escaped, event handlers and script
 * links removed, and ```mermaid blocks turned into what mermaid draws.
 * @param {string} markdown
 */
export function summaryHtml(markdown) {
  const html = micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  })
  return html
    .replace(/<\/?([a-zA-Z][\w-]*)\b[^>]*>/g, (tag, /** @type {string} */ name) =>
      ALLOWED_TAGS.has(name.toLowerCase())
        ? tag.replace(
            /\s(on\w+|href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi,
            (attribute, /** @type {string} */ key, /** @type {string} */ value) =>
              /^on/i.test(key) || /^["']?\s*(javascript|data|vbscript):/i.test(value) ? '' : attribute,
          )
        : escapeHtml(tag),
    )
    .replace(
      /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
      '<pre class="mermaid">$1</pre>',
    )
}

/**
 * The whole page: a title, then one section per schedule.
 * @param {{ title: string, intro: string, sections: { heading: string, markdown: string }[], pagePath: string, mermaidPath: string }} page
 */
export function demoPage({ title, intro, sections, pagePath, mermaidPath }) {
  const mermaidSrc = relative(pagePath.replace(/[^/]*$/, ''), mermaidPath)
  const body = sections
    .map(
      ({ heading, markdown }) =>
        `<section class="job"><h1 class="job-title">${escapeHtml(heading)}</h1>\n${summaryHtml(markdown)}</section>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p></header>
${body}
</main>
<script src="${escapeHtml(mermaidSrc)}"></script>
<script>if (window.mermaid) mermaid.initialize({ startOnLoad: true, theme: 'default' })</script>
</body>
</html>
`
}

// GitHub's job summary look: its system font stack, 16px text, grey-bordered tables with striped rows.
const STYLE = `
body { margin: 0; background: #f6f8fa; color: #1f2328; font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
main { max-width: 1012px; margin: 24px auto; padding: 0 16px; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { color: #59636e; margin: 0 0 16px; }
.job { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px 32px 24px; margin-bottom: 24px; }
.job-title { font-size: 14px; font-weight: 600; color: #59636e; text-transform: uppercase; letter-spacing: .04em; border: 0; margin: 0 0 8px; }
h1, h2 { border-bottom: 1px solid #d1d9e0b3; padding-bottom: .3em; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.25em; }
h1, h2, h3, h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
table { border-collapse: collapse; border-spacing: 0; display: block; width: max-content; max-width: 100%; overflow: auto; margin: 0 0 16px; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
th { font-weight: 600; }
tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
tr:nth-child(2n) { background: #f6f8fa; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; font-size: 85%; }
code { background: #818b981f; border-radius: 6px; padding: .2em .4em; }
pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; line-height: 1.45; }
pre code { background: none; padding: 0; }
pre.mermaid { background: #fff; text-align: center; }
details { margin: 0 0 16px; } summary { cursor: pointer; }
blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
a { color: #0969da; }
`
