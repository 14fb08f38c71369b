/// The page templates (Mustache). Texts come from the catalogue as `t.…`; `{{x}}` escapes HTML.
/// No inline script or style: the content security policy forbids both.
enum Templates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · {{t.app}}</title>
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body>
    <a class="skip" href="#main">{{t.skip}}</a>
    <header class="top">
    <a class="brand" href="/plans">{{t.app}}</a>
    {{#user}}
    <nav aria-label="Chính">
    {{#can.viewDashboard}}<a href="/dashboard">{{t.nav.dashboard}}</a>{{/can.viewDashboard}}
    <a href="/plans">{{t.nav.plans}}</a>
    {{#can.viewDirectory}}<a href="/directory">{{t.nav.directory}}</a>{{/can.viewDirectory}}
    {{^can.viewDirectory}}{{#user.agencyID}}<a href="/agencies/{{user.agencyID}}">{{user.agencyName}}</a>{{/user.agencyID}}{{/can.viewDirectory}}
    <a href="/search">{{t.nav.search}}</a>
    {{#can.viewReports}}<a href="/reports">{{t.nav.reports}}</a>{{/can.viewReports}}
    {{#can.importPlans}}<a href="/import">{{t.nav.import}}</a>{{/can.importPlans}}
    {{#can.manageUsers}}<a href="/users">{{t.nav.users}}</a>{{/can.manageUsers}}
    {{#can.viewAudit}}<a href="/audit">{{t.nav.audit}}</a>{{/can.viewAudit}}
    <a href="/account">{{t.nav.account}}</a>
    </nav>
    <form class="signout" method="post" action="/signout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.nav.signout}} ({{user.username}})</button></form>
    {{/user}}
    </header>
    <main id="main">
    {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
    {{{body}}}
    </main>
    </body>
    </html>
    """

    static let signin = """
    <h1>{{t.signin.title}}</h1>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <form method="post" action="/signin" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="username">{{t.signin.username}}</label>
    <input id="username" name="username" autocomplete="username" required value="{{username}}">
    <label for="password">{{t.signin.password}}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">{{t.signin.submit}}</button>
    </form>
    """

    static let plans = """
    <h1>{{t.plans.title}}</h1>
    {{#provinces}}
    <section>
    <h2>{{name}}</h2>
    {{#plans}}
    <article class="card">
    <h3><a href="/plans/{{id}}">{{title}}</a></h3>
    <p class="meta">{{#number}}Số {{number}} · {{/number}}{{#issuer}}{{issuer}} · {{/issuer}}{{#span}}{{span}} · {{/span}}{{indicatorCount}} {{t.plans.indicators}}, {{taskCount}} {{t.plans.tasks}}</p>
    </article>
    {{/plans}}
    {{^plans}}<p>{{t.plans.empty}}</p>{{/plans}}
    </section>
    {{/provinces}}
    """

    static let plan = """
    <h1>{{plan.title}}</h1>
    <p class="meta">{{#plan.number}}Số {{plan.number}} · {{/plan.number}}{{#plan.issuer}}{{plan.issuer}} · {{/plan.issuer}}{{#plan.issuedOn}}{{plan.issuedOn}} · {{/plan.issuedOn}}{{#plan.span}}{{plan.span}}{{/plan.span}}</p>
    {{#plan.reporting}}<p><strong>{{t.plan.reporting}}:</strong> {{plan.reporting}}</p>{{/plan.reporting}}
    <p class="meta">{{t.plan.source}}: {{plan.sourceFile}} · SHA-256 <code>{{plan.sha}}</code></p>
    {{#can.viewDashboard}}<p>{{t.plan.evaluation}}: <a href="/dashboard/indicators?plan={{plan.id}}">{{t.dashboard.indicators}}</a> · <a href="/dashboard/tasks?status=overdue&amp;plan={{plan.id}}">{{t.dashboard.overdue}}</a> · <a href="/plans/{{plan.id}}/report">{{t.documents.title}}</a></p>{{/can.viewDashboard}}
    <h2 id="indicators">{{t.plan.indicators}} ({{indicatorCount}})</h2>
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.plan.code}}</th><th scope="col">{{t.plan.indicator}}</th><th scope="col">{{t.plan.unit}}</th><th scope="col">{{t.plan.baseline}}</th><th scope="col">{{t.plan.target}}</th><th scope="col">{{t.plan.lead}} / {{t.plan.monitoring}}</th></tr></thead>
    <tbody>
    {{#indicatorGroups}}
    {{#name}}<tr class="group"><th colspan="6" scope="rowgroup">{{name}}</th></tr>{{/name}}
    {{#items}}
    <tr><td>{{code}}</td><td>{{name}}</td><td>{{unit}}</td><td>{{baseline}}</td><td>{{#targets}}<div>{{#year}}{{year}}: {{/year}}{{text}}</div>{{/targets}}</td>
    <td>{{#lead}}<div>{{> ref}}</div>{{/lead}}{{#monitoring}}<div class="muted">{{> ref}}</div>{{/monitoring}}</td></tr>
    {{/items}}
    {{/indicatorGroups}}
    </tbody></table></div>
    <h2 id="tasks">{{t.plan.tasks}} ({{taskCount}})</h2>
    <form method="get" action="/plans/{{plan.id}}#tasks" class="filters">
    <fieldset><legend>{{t.plan.filter}}</legend>
    <label for="f-agency">{{t.plan.filter.agency}}</label>
    <select id="f-agency" name="agency"><option value="">{{t.plan.filter.all}}</option>{{#agencyOptions}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/agencyOptions}}</select>
    <label for="f-group">{{t.plan.filter.group}}</label>
    <select id="f-group" name="group"><option value="">{{t.plan.filter.all}}</option>{{#groupOptions}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/groupOptions}}</select>
    <label for="f-kind">{{t.plan.filter.kind}}</label>
    <select id="f-kind" name="kind"><option value="">{{t.plan.filter.all}}</option>{{#kindOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kindOptions}}</select>
    <label for="f-q">{{t.plan.filter.search}}</label>
    <input id="f-q" name="q" value="{{q}}">
    <label class="check"><input type="checkbox" name="overdue" value="1"{{#overdue}} checked{{/overdue}}> {{t.plan.filter.overdue}}</label>
    <button type="submit">{{t.plan.filter.apply}}</button>
    </fieldset>
    </form>
    <p class="meta">{{shownTasks}} {{t.plan.filter.count}}</p>
    {{#taskGroups}}
    <h3>{{name}}</h3>
    {{#items}}{{> task}}{{/items}}
    {{/taskGroups}}
    {{^taskGroups}}<p>{{t.plan.noTasks}}</p>{{/taskGroups}}
    """

    static let task = """
    <article class="task{{#overdue}} overdue{{/overdue}}">
    <h4><span class="code">{{code}}</span> {{name}}</h4>
    <dl>
    <dt>{{t.plan.lead}}</dt><dd>{{#lead}}<span class="ref">{{> ref}}</span>{{/lead}}{{^lead}}—{{/lead}}</dd>
    {{#hasPartners}}<dt>{{t.plan.partners}}</dt><dd>{{#partners}}<span class="ref">{{> ref}}</span>{{/partners}}</dd>{{/hasPartners}}
    {{#product}}<dt>{{t.plan.product}}</dt><dd>{{product}}</dd>{{/product}}
    {{#extra}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/extra}}
    <dt>{{t.plan.deadline}}</dt><dd>{{deadline}} <span class="kind">{{deadlineKind}}</span>{{#overdue}} <strong class="late">{{t.plan.overdue}}</strong>{{/overdue}}</dd>
    {{#status}}<dt>{{t.dashboard.status}}</dt><dd>{{#can.viewDashboard}}<a href="/dashboard/tasks/{{id}}">{{/can.viewDashboard}}{{status}}{{#can.viewDashboard}}</a>{{/can.viewDashboard}}</dd>{{/status}}
    {{#planTitle}}<dt>{{t.plans.title}}</dt><dd><a href="/plans/{{planID}}">{{planTitle}}</a></dd>{{/planTitle}}
    </dl>
    </article>
    """

    static let ref = """
    {{#agencyID}}{{#renamed}}{{text}} → {{/renamed}}{{#showLink}}<a href="/agencies/{{agencyID}}">{{agencyName}}</a>{{/showLink}}{{^showLink}}{{agencyName}}{{/showLink}}{{/agencyID}}{{^agencyID}}{{text}}{{/agencyID}}{{#count}} ({{count}}){{/count}}{{#unresolved}} <em class="muted">({{t.plan.unresolved}})</em>{{/unresolved}}
    """

    static let agency = """
    <h1>{{agency.name}}</h1>
    <p class="meta">{{agency.kind}}{{#agency.isPlaceholder}} · {{t.agency.placeholder}}{{/agency.isPlaceholder}}{{#agency.dissolvedOn}} · {{t.agency.dissolved}} {{agency.dissolvedOn}}{{/agency.dissolvedOn}}</p>
    {{#hasAliases}}<p><strong>{{t.agency.aliases}}:</strong> {{aliases}}</p>{{/hasAliases}}
    {{#can.viewDashboard}}<p><a href="/dashboard/agencies/{{agency.id}}">{{t.dashboard.agencies}}</a></p>{{/can.viewDashboard}}
    <h2>{{t.agency.tasks}} ({{taskCount}})</h2>
    {{#tasks}}{{> task}}{{/tasks}}
    {{^tasks}}<p>{{t.agency.none}}</p>{{/tasks}}
    <h2>{{t.agency.indicators}} ({{indicatorCount}})</h2>
    <ul>{{#indicators}}<li><a href="/plans/{{planID}}#indicators">{{code}}</a> {{name}} — {{targets}}</li>{{/indicators}}</ul>
    {{^indicators}}<p>{{t.agency.none}}</p>{{/indicators}}
    """

    static let directory = """
    <h1>{{t.directory.title}}</h1>
    <form method="get" action="/directory" class="inline"><label for="dq">{{t.directory.search}}</label> <input id="dq" name="q" value="{{q}}"> <button type="submit">{{t.nav.search}}</button></form>
    {{#provinces}}
    <section>
    <h2>{{name}}</h2>
    {{#hasUnresolved}}
    <h3>{{t.directory.unresolved}}</h3>
    <p>{{t.directory.unresolved.help}}</p>
    {{#unresolved}}
    <form method="post" action="/directory/aliases" class="inline map">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
    <span>{{name}}</span>
    <label class="visually-hidden" for="m-{{index}}">{{t.users.agency}}</label>
    <select id="m-{{index}}" name="agency">{{#options}}<option value="{{id}}">{{name}}</option>{{/options}}</select>
    {{#canEdit}}<button type="submit">{{t.directory.map}}</button>{{/canEdit}}
    </form>
    {{/unresolved}}
    {{/hasUnresolved}}
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.plan.filter.agency}}</th><th scope="col">{{t.directory.kind}}</th><th scope="col">{{t.agency.aliases}}</th></tr></thead>
    <tbody>{{#agencies}}<tr{{#dissolvedOn}} class="muted"{{/dissolvedOn}}><td><a href="/agencies/{{id}}">{{name}}</a>{{#isPlaceholder}} <em>({{t.agency.placeholder}})</em>{{/isPlaceholder}}{{#successor}} → {{successor}}{{/successor}}</td><td>{{kind}}</td><td>{{aliases}}</td></tr>{{/agencies}}</tbody>
    </table></div>
    <h3>{{t.directory.successions}}</h3>
    <ul>{{#successions}}<li>{{predecessor}} → {{successor}} ({{effectiveOn}}, {{decision}})</li>{{/successions}}</ul>
    {{#canEdit}}
    <form method="post" action="/directory/successions" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <strong>{{t.directory.succession.add}}</strong>
    <label for="s-from-{{name}}">{{t.directory.succession.from}}</label><select id="s-from-{{name}}" name="predecessor">{{#current}}<option value="{{id}}">{{name}}</option>{{/current}}</select>
    <label for="s-to-{{name}}">{{t.directory.succession.to}}</label><select id="s-to-{{name}}" name="successor">{{#current}}<option value="{{id}}">{{name}}</option>{{/current}}</select>
    <label for="s-on-{{name}}">{{t.directory.succession.on}}</label><input id="s-on-{{name}}" name="effectiveOn" type="date" required>
    <label for="s-dec-{{name}}">{{t.directory.succession.decision}}</label><input id="s-dec-{{name}}" name="decision" required maxlength="300">
    <button type="submit">{{t.directory.succession.add}}</button>
    </form>
    {{/canEdit}}
    </section>
    {{/provinces}}
    """

    static let search = """
    <h1>{{t.search.title}}</h1>
    <form method="get" action="/search" class="inline"><label for="sq">{{t.search.title}}</label> <input id="sq" name="q" value="{{q}}" placeholder="{{t.search.placeholder}}"> <button type="submit">{{t.nav.search}}</button></form>
    {{#searched}}
    <h2>{{t.search.agencies}} ({{agencyCount}})</h2>
    <ul class="results">{{#agencies}}<li>{{#link}}<a href="/agencies/{{id}}">{{name}}</a>{{/link}}{{^link}}{{name}}{{/link}} <span class="muted">{{province}}</span></li>{{/agencies}}</ul>
    <h2>{{t.search.tasks}} ({{taskCount}})</h2>
    {{#tasks}}{{> task}}{{/tasks}}
    {{^agencies}}{{^tasks}}<p>{{t.search.none}}</p>{{/tasks}}{{/agencies}}
    {{/searched}}
    """

    static let importForm = """
    <h1>{{t.import.title}}</h1>
    <p>{{t.import.help}}</p>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <form method="post" action="/import" enctype="multipart/form-data" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="file">{{t.import.file}}</label>
    <input id="file" name="file" type="file" accept=".docx,.pdf,.html,.htm,.md,.xlsx,.csv,.txt,.json" required>
    <label for="province">{{t.import.province}}</label>
    <select id="province" name="province">{{#provinces}}<option value="{{id}}">{{name}}</option>{{/provinces}}</select>
    <label for="replacing">{{t.import.replacing}}</label>
    <select id="replacing" name="replacing"><option value="">{{t.import.new}}</option>{{#plans}}<option value="{{id}}">{{title}}</option>{{/plans}}</select>
    <button type="submit">{{t.import.preview}}</button>
    </form>
    """

    static let importPreview = """
    <h1>{{t.import.previewTitle}}</h1>
    <p><strong>{{file}}</strong> → {{province}}{{#replacing}} · {{t.import.replacing}}: {{replacing}}{{/replacing}}</p>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <pre class="summary">{{summary}}</pre>
    <h2 id="rows">{{t.import.rowsTitle}}</h2>
    <p>{{counts}} {{#all}}<a href="{{doubtsLink}}">{{t.import.showDoubts}}</a>{{/all}}{{^all}}<a href="{{allLink}}">{{t.import.showAll}}</a>{{/all}}</p>
    <form method="post" action="/import/{{id}}/correct">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#all}}<input type="hidden" name="rows" value="all">{{/all}}<input type="hidden" name="page" value="{{page}}">
    {{#rows}}<fieldset class="task{{#flagged}} overdue{{/flagged}}" id="row-{{index}}">
    <legend><span class="code">{{code}}</span>{{#group}} · {{group}}{{/group}}{{#corrected}} · <strong>{{t.import.corrected}}</strong>{{/corrected}}</legend>
    {{#doubts}}<p class="late">{{.}}</p>{{/doubts}}
    <input type="hidden" name="code.{{index}}" value="{{code}}">
    {{#fields}}<label for="f-{{field}}-{{index}}">{{label}}</label>
    {{#long}}<textarea id="f-{{field}}-{{index}}" name="f.{{field}}.{{index}}" rows="2" maxlength="{{maxlength}}"{{#problem}} aria-invalid="true" aria-describedby="e-{{field}}-{{index}}"{{/problem}}>{{value}}</textarea>{{/long}}{{^long}}<input id="f-{{field}}-{{index}}" name="f.{{field}}.{{index}}" value="{{value}}" maxlength="{{maxlength}}"{{#problem}} aria-invalid="true" aria-describedby="e-{{field}}-{{index}}"{{/problem}}>{{/long}}
    {{#problem}}<p class="error" id="e-{{field}}-{{index}}">{{problem}}</p>{{/problem}}
    {{/fields}}</fieldset>
    {{/rows}}
    {{#hasRows}}<p class="muted">{{t.import.agencyHint}}</p><button type="submit" class="secondary">{{t.import.saveCorrections}}</button>{{/hasRows}}
    {{#hasPages}}<nav aria-label="{{t.import.pages}}"><p>{{#pages}}{{#current}}<strong>{{n}}</strong> {{/current}}{{^current}}<a href="{{link}}">{{n}}</a> {{/current}}{{/pages}}</p></nav>{{/hasPages}}
    <p><button type="submit" formaction="/import/{{id}}/confirm">{{t.import.confirm}}</button></p>
    </form>
    <form method="post" action="/import/{{id}}/cancel" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">{{t.import.cancel}}</button></form>
    """

    static let importDone = """
    <h1>{{t.import.done}}</h1>
    <p><a href="/plans/{{planID}}">{{title}}</a></p>
    {{#hasCorrections}}<h2>{{t.import.corrections}}</h2><ul>{{#corrections}}<li>{{.}}</li>{{/corrections}}</ul>{{/hasCorrections}}
    {{#hasChanges}}<h2>{{t.import.changes}}</h2><ul>{{#changes}}<li>{{.}}</li>{{/changes}}</ul>{{/hasChanges}}
    {{#hasUnresolved}}<h2>{{t.import.unresolved}}</h2><ul>{{#unresolved}}<li>{{.}}</li>{{/unresolved}}</ul><p><a href="/directory">{{t.nav.directory}}</a></p>{{/hasUnresolved}}
    """

    static let users = """
    <h1>{{t.users.title}}</h1>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.users.username}}</th><th scope="col">{{t.users.name}}</th><th scope="col">{{t.users.role}}</th><th scope="col">{{t.users.province}}</th><th scope="col">{{t.users.agency}}</th></tr></thead>
    <tbody>{{#users}}<tr><td>{{username}}</td><td>{{displayName}}</td><td>{{role}}</td><td>{{province}}</td><td>{{agency}}</td></tr>{{/users}}</tbody>
    </table></div>
    <h2>{{t.users.add}}</h2>
    <form method="post" action="/users" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="u-name">{{t.users.username}}</label><input id="u-name" name="username" required pattern="[a-z0-9._-]{3,40}" value="{{form.username}}">
    <label for="u-display">{{t.users.name}}</label><input id="u-display" name="displayName" required value="{{form.displayName}}">
    <label for="u-role">{{t.users.role}}</label><select id="u-role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
    <label for="u-agency">{{t.users.agency}}</label><select id="u-agency" name="agency"><option value="">—</option>{{#agencies}}<option value="{{id}}">{{name}}</option>{{/agencies}}</select>
    <label for="u-password">{{t.users.password}}</label><input id="u-password" name="password" type="password" required minlength="10" autocomplete="new-password">
    <button type="submit">{{t.users.add}}</button>
    </form>
    """

    static let audit = """
    <h1>{{t.audit.title}}</h1>
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.audit.at}}</th><th scope="col">{{t.audit.who}}</th><th scope="col">{{t.audit.action}}</th><th scope="col">{{t.audit.what}}</th><th scope="col">{{t.audit.before}}</th><th scope="col">{{t.audit.after}}</th></tr></thead>
    <tbody>{{#entries}}<tr><td>{{at}}</td><td>{{username}}</td><td>{{action}}</td><td>{{entity}} {{entityID}}</td><td>{{before}}</td><td>{{after}}</td></tr>{{/entries}}</tbody>
    </table></div>
    {{#next}}<p><a href="/audit?offset={{next}}">{{t.audit.older}}</a></p>{{/next}}
    """

    static let account = """
    <h1>{{t.account.title}}</h1>
    {{#mustChange}}<p class="flash">{{t.account.mustChange}}</p>{{/mustChange}}
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <form method="post" action="/account" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="a-current">{{t.account.current}}</label><input id="a-current" name="current" type="password" required autocomplete="current-password">
    <label for="a-new">{{t.account.new}}</label><input id="a-new" name="new" type="password" required minlength="10" autocomplete="new-password">
    <label for="a-repeat">{{t.account.repeat}}</label><input id="a-repeat" name="repeat" type="password" required minlength="10" autocomplete="new-password">
    <button type="submit">{{t.account.submit}}</button>
    </form>
    """

    static let error = """
    <h1>{{t.error.title}}</h1>
    <p class="error" role="alert">{{message}}</p>
    <p><a href="/plans">{{t.error.back}}</a></p>
    """

    static let all: [String: String] = [
        "dashboard": dashboard, "dashboardIndicators": dashboardIndicators, "dashboardIndicator": dashboardIndicator,
        "dashboardTasks": dashboardTasks, "dashboardTask": dashboardTask, "dashboardAgencies": dashboardAgencies,
        "dashboardAgency": dashboardAgency, "dashboardMeasures": dashboardMeasures, "national": national,
        "layout": layout, "signin": signin, "plans": plans, "plan": plan, "task": task, "ref": ref, "agency": agency,
        "directory": directory, "search": search, "import": importForm, "importPreview": importPreview, "importDone": importDone,
        "users": users, "audit": audit, "account": account, "error": error,
        "reports": reports, "reportForm": reportForm, "matrix": matrix,
    ]

    static let css = """
    :root{--ink:#1b1f24;--muted:#5b6570;--line:#d5dae0;--accent:#0b5cab;--bad:#b3261e;--bg:#fff}
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
    a{color:var(--accent)}
    .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
    .top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
    .brand{font-weight:700;text-decoration:none}
    nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
    .signout{margin-left:auto}
    main{max-width:72rem;margin:0 auto;padding:1rem}
    h1{font-size:1.5rem;line-height:1.25}
    .meta,.muted{color:var(--muted)}
    .card,.task{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
    .task h4{margin:.25rem 0;font-size:1rem}
    .task dl{display:grid;grid-template-columns:max-content 1fr;gap:.125rem .75rem;margin:.25rem 0}
    .task dt{color:var(--muted)}.task dd{margin:0}
    .ref+.ref::before{content:"; "}
    .overdue{border-left:4px solid var(--bad)}.late{color:var(--bad)}
    .code{font-variant-numeric:tabular-nums;color:var(--muted)}
    .kind{font-size:.85em;color:var(--muted)}
    .scroll{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:.95rem}
    th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
    tr.group th{background:#f3f5f7}
    form.narrow{display:grid;gap:.35rem;max-width:28rem}
    form.inline{display:inline-flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.25rem .5rem .25rem 0}
    .filters fieldset{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.35rem .75rem;border:1px solid var(--line)}
    input,select,button{font:inherit;padding:.4rem;max-width:100%}
    button{background:var(--accent);color:#fff;border:0;border-radius:4px;cursor:pointer}
    button.secondary{background:#6b7580}
    .error{color:var(--bad)}.flash{background:#eef6ee;padding:.5rem}
    .visually-hidden{position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden}
    pre.summary{white-space:pre-wrap;background:#f6f8fa;padding:.75rem;max-height:60vh;overflow:auto}
    fieldset.task{display:grid;gap:.25rem}
    fieldset.task textarea{font:inherit;width:100%}
    fieldset.task textarea,form.report textarea,form.report input,form.report select{width:100%}
    td.on-time{background:#e7f4e7}td.late{background:#fff4d6}td.missing{background:#fbe3e1}td.returned{background:#fde9d6}td.pending,td.draft{color:var(--muted)}
    .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.75rem}
    ul.counts{list-style:none;padding:0;margin:0;display:grid;gap:.2rem}ul.counts li{border-left:6px solid #9aa3ad;padding-left:.5rem}
    .big{font-size:1.2rem;margin:.25rem 0}
    .tile h2{font-size:1.1rem;margin:.25rem 0 .5rem}.tile p{margin:.25rem 0}
    table.compact th,table.compact td{padding:.2rem .4rem}
    td.bullet{min-width:12rem}td.bullet svg.chart{max-width:16rem}
    td.num{text-align:right;font-variant-numeric:tabular-nums}
    svg.chart{width:100%;max-width:40rem;height:auto;display:block}p.status+svg.chart{max-width:28rem}
    .s-achieved{border-left-color:#2e7d32!important}.s-on-track{border-left-color:#66a3d2!important}.s-at-risk{border-left-color:#e0a100!important}
    .s-missed{border-left-color:#b3261e!important}.s-no-data{border-left-color:#9aa3ad!important}
    .card.s-missed,.card.s-at-risk,p.status{border-left:6px solid;padding-left:.5rem}
    .t-overdue{border-left-color:#b3261e!important}.t-completed-on-time{border-left-color:#2e7d32!important}
    .swatch{display:inline-block;width:.9em;height:.9em;margin-right:.25em;vertical-align:middle;background:#9aa3ad}
    .swatch.t-completed-on-time{background:#2e7d32}.swatch.t-completed-late{background:#8bc34a}.swatch.t-in-progress,.swatch.t-not-yet-due{background:#66a3d2}
    .swatch.t-overdue{background:#b3261e}.swatch.t-waiting{background:#e0a100}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .75rem}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
    @media print{details{display:block}details>*{display:block}svg.chart{max-width:16cm;break-inside:avoid}tr{break-inside:avoid}}
    @media print{.top,.filters,form,.skip{display:none}body{font-size:11pt}a{color:inherit;text-decoration:none}.task{break-inside:avoid}main{max-width:none}}
    """
}
