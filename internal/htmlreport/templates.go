package htmlreport

import "html/template"

const css = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em; color: #1f2328; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; border-bottom: 1px solid #d0d7de; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { color: #57606a; }
nav a { margin-right: 1em; }
table.data { border-collapse: collapse; }
table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
table.data td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.data tr:nth-child(even) td { background: #f6f8fa; }
.sev-error { color: #cf222e; font-weight: 600; }
.sev-warning { color: #9a6700; font-weight: 600; }
.sev-info { color: #57606a; }
.matrix-wrap { overflow-x: auto; }
table.matrix { border-collapse: separate; border-spacing: 3px; table-layout: fixed; width: 124em; }
table.matrix th { width: 8.5em; font-size: 12px; background: #24292f; color: #fff; padding: 4px; vertical-align: top; text-align: left; }
table.matrix th .sub { display: block; font-weight: normal; color: #d0d7de; font-size: 11px; }
table.matrix td { vertical-align: top; width: 8.5em; padding: 0; }
.t { font-size: 11px; margin: 0 0 3px; padding: 3px 4px; border: 1px solid #d0d7de; border-radius: 3px; overflow-wrap: anywhere; }
.t .id { color: inherit; opacity: .75; font-size: 10px; }
.t .n { float: right; font-weight: 700; margin-left: 3px; }
.s { font-size: 10px; margin: 2px 0 0 4px; padding: 1px 3px; border-left: 3px solid rgba(0,0,0,.25); }
.h0 { background: #f6f8fa; color: #8c959f; }
.h1 { background: #e5f5e0; color: #1f2328; }
.h2 { background: #c7e9c0; color: #1f2328; }
.h3 { background: #a1d99b; color: #1f2328; }
.h4 { background: #74c476; color: #1f2328; }
.h5 { background: #41ab5d; color: #fff; }
.h6 { background: #1b7a3a; color: #fff; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 4px; border: 1px solid #d0d7de; border-radius: 3px; font-size: 12px; }
`

var funcs = template.FuncMap{"plural": plural}

var indexTmpl = template.Must(template.New("index").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mdlint report: {{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<h1>mdlint report: {{.Title}}</h1>
<p class="meta">{{plural .Pages "page"}}, {{plural .Products "product"}}; <span id="totals">{{plural .Findings "finding"}}: {{plural .Errors "error"}}, {{plural .Warnings "warning"}}, {{.Infos}} info</span>. ATT&amp;CK Enterprise v{{.Release}}.</p>
<nav><a href="#matrix">ATT&amp;CK coverage</a>{{if .Outside}}<a href="#outside">Outside the matrix</a>{{end}}<a href="#rules">Findings by rule</a><a href="#products">Findings by product</a></nav>

<h2 id="matrix">ATT&amp;CK coverage</h2>
<p>{{.Covered}} of {{.Techniques}} techniques have rules (a technique appears under every tactic it belongs to). A cell's number is the count of distinct rules the rule/model pages list under the technique and its sub-techniques; covered sub-techniques are listed in the cell. Hover a cell for details.</p>
<p class="legend">{{range .Legend}}<span class="h{{.Heat}}">{{.Label}}</span>{{end}}</p>
<div class="matrix-wrap">
<table class="matrix">
<thead><tr>{{range .Columns}}<th data-tactic="{{.ID}}">{{.Name}}<span class="sub">{{.ID}} · {{.Covered}}/{{len .Cells}} covered{{if .TacticRules}} · {{.TacticRules}} tactic-level rules{{end}}</span></th>{{end}}</tr></thead>
<tbody><tr>{{range .Columns}}<td data-tactic="{{.ID}}">{{range .Cells}}
<div class="t h{{.Heat}}" data-id="{{.ID}}" data-rules="{{.Rules}}" title="{{.Title}}">{{if .Rules}}<span class="n">{{.Rules}}</span>{{end}}{{.Name}} <span class="id">{{.ID}}</span>{{range .Subs}}<div class="s h{{.Heat}}" data-id="{{.ID}}" data-rules="{{.Rules}}" title="{{.Title}}">{{.Name}} <b>{{.Rules}}</b></div>{{end}}</div>{{end}}
</td>{{end}}</tr></tbody>
</table>
</div>
{{if .Outside}}
<h2 id="outside">Outside the matrix</h2>
<p>IDs the rule/model pages list rules under that have no cell in the ATT&amp;CK v{{.Release}} matrix.</p>
<table class="data">
<tr><th>ID</th><th>why</th><th>rules</th><th>products</th></tr>
{{range .Outside}}<tr><td>{{.ID}}</td><td>{{.Why}}</td><td class="n">{{.Rules}}</td><td class="n">{{.Products}}</td></tr>
{{end}}</table>
{{end}}
<h2 id="rules">Findings by rule</h2>
{{if .Rules}}<table class="data">
<tr><th>rule</th><th>severity</th><th>findings</th><th>what it reports</th></tr>
{{range .Rules}}<tr><td><a href="{{.Page}}">{{.Name}}</a></td><td class="sev-{{.Severity}}">{{.Severity}}</td><td class="n">{{.Count}}</td><td>{{.Doc}}</td></tr>
{{end}}</table>{{else}}<p>No findings.</p>{{end}}

<h2 id="products">Findings by product</h2>
<p>Every product with its data source page, most findings first; findings in pages of no product come under the library.</p>
{{if .ProductRows}}<table class="data">
<tr><th>product</th><th>errors</th><th>warnings</th><th>info</th><th>rules</th></tr>
{{range .ProductRows}}<tr><td>{{if .Link}}<a href="{{.Link}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}{{if .Path}}<br><span class="meta">{{.Path}}</span>{{end}}</td><td class="n">{{.Errors}}</td><td class="n">{{.Warnings}}</td><td class="n">{{.Inf}}</td><td>{{.Rules}}</td></tr>
{{end}}</table>{{else}}<p>No findings.</p>{{end}}
<p class="meta">MITRE ATT&amp;CK® and ATT&amp;CK® are registered trademarks of The MITRE Corporation.</p>
</body>
</html>
`))

var ruleTmpl = template.Must(template.New("rule").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Rule}}: mdlint report: {{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<p><a href="index.html">← mdlint report: {{.Title}}</a></p>
<h1>{{.Rule}}</h1>
<p>{{.Doc}} <span class="sev-{{.Severity}}">{{.Severity}}</span> · {{len .Findings}} findings</p>
<table class="data">
<tr><th>where</th><th>severity</th><th>product</th><th>finding</th></tr>
{{range .Findings}}<tr><td>{{if .Link}}<a href="{{.Link}}">{{.Where}}</a>{{else}}{{.Where}}{{end}}</td><td class="sev-{{.Severity}}">{{.Severity}}</td><td>{{.Product}}</td><td>{{.Message}}</td></tr>
{{end}}</table>
</body>
</html>
`))
