/// Templates of the reporting pages.
extension Templates {
    static let reports = """
    <h1>{{t.reports.title}}</h1>
    {{#plans}}
    <article class="card">
    <h2><a href="/plans/{{id}}">{{title}}</a></h2>
    <p class="meta">{{calendar}} · {{t.reports.current}}: <strong>{{periodLabel}}</strong> ({{t.reports.due}} {{due}})</p>
    {{#agencyReport}}<p><a href="/reports/{{id}}/{{period}}">{{t.reports.open}}</a> · {{status}}</p>{{/agencyReport}}
    {{#matrix}}<p><a href="/plans/{{id}}/matrix">{{t.reports.matrix}}</a></p>{{/matrix}}
    {{#adhoc}}<p>{{t.reports.adhoc}}: <a href="{{link}}">{{title}}</a> ({{t.reports.due}} {{due}}) · {{status}}</p>{{/adhoc}}
    </article>
    {{/plans}}
    {{^plans}}<p>{{t.reports.none}}</p>{{/plans}}
    """

    static let reportForm = """
    <h1>{{t.reports.report}} {{periodLabel}}</h1>
    <p class="meta"><a href="/plans/{{planID}}">{{planTitle}}</a> · {{agencyName}} · {{t.reports.due}} {{due}} · <strong>{{statusLabel}}</strong>{{#timeliness}} · {{timeliness}}{{/timeliness}}</p>
    {{#returnComment}}<p class="error" role="alert">{{t.reports.returned}}: {{returnComment}}</p>{{/returnComment}}
    {{#hasProblems}}<p class="error" role="alert">{{t.reports.problems}}</p>{{/hasProblems}}
    {{#hasWorkbookProblems}}<div class="error" role="alert"><p>{{t.reports.workbookProblems}}</p><ul>{{#workbookProblems}}<li>{{.}}</li>{{/workbookProblems}}</ul></div>{{/hasWorkbookProblems}}
    <p><a href="/reports/{{planID}}/{{period}}/xlsx{{#agencyQuery}}?agency={{agencyQuery}}{{/agencyQuery}}">{{t.reports.download}}</a>{{#reportID}} · {{t.documents.agency}}: <a href="/reports/{{planID}}/{{period}}/document?format=docx{{#agencyQuery}}&amp;agency={{agencyQuery}}{{/agencyQuery}}">DOCX</a> · <a href="/reports/{{planID}}/{{period}}/document?format=xlsx{{#agencyQuery}}&amp;agency={{agencyQuery}}{{/agencyQuery}}">XLSX</a> · <a href="/reports/{{planID}}/{{period}}/document?format=html{{#agencyQuery}}&amp;agency={{agencyQuery}}{{/agencyQuery}}">{{t.documents.open}}</a>{{/reportID}}</p>
    {{#editable}}<form method="post" action="/reports/{{planID}}/{{period}}/xlsx" enctype="multipart/form-data" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}"><label for="xlsx">{{t.reports.upload}}</label> <input id="xlsx" name="file" type="file" accept=".xlsx" required>
    <button type="submit" class="secondary">{{t.reports.uploadButton}}</button></form>{{/editable}}
    {{#editable}}<form method="post" action="/reports/{{planID}}/{{period}}" class="report">
    <input type="hidden" name="_csrf" value="{{csrf}}">{{/editable}}
    <h2>{{t.plan.tasks}} ({{taskCount}})</h2>
    {{#tasks}}
    <fieldset class="task">
    <legend><span class="code">{{code}}</span> {{name}}</legend>
    <p class="meta">{{t.plan.deadline}}: {{deadline}}{{#previous}} · {{t.reports.lastPeriod}}: {{previous}}{{/previous}}</p>
    <label for="s-{{id}}">{{t.reports.status}}</label>
    <select id="s-{{id}}" name="task.{{id}}.status"{{^editable}} disabled{{/editable}}><option value="">—</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
    {{#error.status}}<span class="error">{{error.status}}</span>{{/error.status}}
    <label for="p-{{id}}">{{t.reports.percent}}</label>
    <input id="p-{{id}}" name="task.{{id}}.percent" inputmode="decimal" value="{{percent}}"{{^editable}} disabled{{/editable}}>
    {{#error.percent}}<span class="error">{{error.percent}}</span>{{/error.percent}}
    <label for="c-{{id}}">{{t.reports.completedOn}}</label>
    <input id="c-{{id}}" name="task.{{id}}.completedOn" type="date" value="{{completedOn}}"{{^editable}} disabled{{/editable}}>
    {{#error.completedOn}}<span class="error">{{error.completedOn}}</span>{{/error.completedOn}}
    <label for="n-{{id}}">{{t.reports.note}}</label>
    <textarea id="n-{{id}}" name="task.{{id}}.note" rows="2"{{^editable}} disabled{{/editable}}>{{note}}</textarea>
    <label for="e-{{id}}">{{t.reports.evidence}}</label>
    <input id="e-{{id}}" name="task.{{id}}.evidence" value="{{evidence}}" placeholder="Quyết định số 933/QĐ-UBND ngày 05/6/2025"{{^editable}} disabled{{/editable}}>
    {{#evidenceParsed}}<span class="meta">{{evidenceParsed}}</span>{{/evidenceParsed}}
    <label for="r-{{id}}">{{t.reports.reason}}</label>
    <input id="r-{{id}}" name="task.{{id}}.reason" value="{{reason}}"{{^editable}} disabled{{/editable}}>
    {{#error.reason}}<span class="error">{{error.reason}}</span>{{/error.reason}}
    </fieldset>
    {{/tasks}}
    <h2>{{t.plan.indicators}} ({{indicatorCount}})</h2>
    {{#indicators}}
    <fieldset class="task">
    <legend><span class="code">{{code}}</span> {{name}} {{#unit}}({{unit}}){{/unit}}</legend>
    <p class="meta">{{t.plan.target}}: {{targets}}{{#previous}} · {{t.reports.lastPeriod}}: {{previous}}{{/previous}}</p>
    <label for="v-{{id}}">{{t.reports.value}}</label>
    <input id="v-{{id}}" name="indicator.{{id}}.value" inputmode="decimal" value="{{value}}"{{^editable}} disabled{{/editable}}>
    {{#error.value}}<span class="error">{{error.value}}</span>{{/error.value}}
    <label for="nu-{{id}}">{{t.reports.numerator}}</label>
    <input id="nu-{{id}}" name="indicator.{{id}}.numerator" inputmode="numeric" value="{{numerator}}"{{^editable}} disabled{{/editable}}>
    {{#error.numerator}}<span class="error">{{error.numerator}}</span>{{/error.numerator}}
    <label for="de-{{id}}">{{t.reports.denominator}}</label>
    <input id="de-{{id}}" name="indicator.{{id}}.denominator" inputmode="numeric" value="{{denominator}}"{{^editable}} disabled{{/editable}}>
    {{#error.denominator}}<span class="error">{{error.denominator}}</span>{{/error.denominator}}
    <label for="in-{{id}}">{{t.reports.countNote}}</label>
    <input id="in-{{id}}" name="indicator.{{id}}.note" value="{{note}}"{{^editable}} disabled{{/editable}}>
    </fieldset>
    {{/indicators}}
    <h2>{{t.reports.difficulties}}</h2>
    <textarea name="difficulties" rows="4" aria-label="{{t.reports.difficulties}}"{{^editable}} disabled{{/editable}}>{{difficulties}}</textarea>
    <h2>{{t.reports.proposals}}</h2>
    <textarea name="proposals" rows="4" aria-label="{{t.reports.proposals}}"{{^editable}} disabled{{/editable}}>{{proposals}}</textarea>
    {{#editable}}
    {{#needsConfirmation}}<label class="check"><input type="checkbox" name="confirm" value="1"> {{t.reports.confirm}}</label>{{/needsConfirmation}}
    <p><button type="submit" name="action" value="save" class="secondary">{{t.reports.save}}</button> <button type="submit" name="action" value="submit">{{t.reports.submit}}</button></p>
    </form>{{/editable}}
    {{#canReview}}
    {{#isSubmitted}}
    <form method="post" action="/reviews/{{reportID}}/accept" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">{{t.reports.accept}}</button></form>
    <form method="post" action="/reviews/{{reportID}}/return" class="narrow"><input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="rc">{{t.reports.returnComment}}</label><textarea id="rc" name="comment" rows="3" required></textarea>
    <button type="submit" class="secondary">{{t.reports.return}}</button></form>
    {{/isSubmitted}}
    {{#isAccepted}}<form method="post" action="/reviews/{{reportID}}/reopen" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">{{t.reports.reopen}}</button></form>{{/isAccepted}}
    {{/canReview}}
    <h2>{{t.files.title}}</h2>
    <ul>{{#attachments}}<li><a href="/files/{{id}}">{{name}}</a> ({{size}}{{#task}}, {{t.plan.code}} {{task}}{{/task}})</li>{{/attachments}}</ul>
    {{#editable}}<form method="post" action="/reports/{{planID}}/{{period}}/files{{#agencyQuery}}?agency={{agencyQuery}}{{/agencyQuery}}" enctype="multipart/form-data" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="att">{{t.files.file}}</label><input id="att" name="file" type="file" accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" required>
    <label for="att-task">{{t.files.task}}</label><select id="att-task" name="task"><option value="">—</option>{{#taskChoices}}<option value="{{id}}">{{code}}</option>{{/taskChoices}}</select>
    <button type="submit" class="secondary">{{t.files.attach}}</button></form>{{/editable}}
    {{#hasEvents}}<h2>{{t.reports.history}}</h2><ul>{{#events}}<li>{{at}} · {{username}} · {{action}}{{#comment}}: {{comment}}{{/comment}}</li>{{/events}}</ul>{{/hasEvents}}
    """

    static let matrix = """
    <h1>{{t.reports.matrix}}</h1>
    <p class="meta"><a href="/plans/{{planID}}">{{planTitle}}</a> · {{calendar}}</p>
    {{#canReview}}
    <form method="post" action="/plans/{{planID}}/reporting" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="cad">{{t.reports.cadence}}</label><select id="cad" name="cadence">{{#cadences}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/cadences}}</select>
    <label for="dd">{{t.reports.dueDay}}</label><input id="dd" name="dueDay" inputmode="numeric" size="3" value="{{dueDay}}">
    <label for="dm">{{t.reports.dueMonth}}</label><input id="dm" name="dueMonth" inputmode="numeric" size="3" value="{{dueMonth}}">
    <button type="submit">{{t.reports.saveCalendar}}</button>
    </form>
    {{/canReview}}
    <h2>{{t.reports.adhocTitle}}</h2>
    {{#requests}}
    <details><summary>{{title}} · {{t.reports.due}} {{due}} · {{submitted}}/{{asked}}</summary>
    <ul>{{#agencies}}<li><a href="{{link}}">{{name}}</a>: {{state}}</li>{{/agencies}}</ul></details>
    {{/requests}}
    {{#canReview}}
    <form method="post" action="/plans/{{planID}}/adhoc" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="ah-title">{{t.reports.adhocSubject}}</label><input id="ah-title" name="title" required maxlength="300">
    <label for="ah-due">{{t.reports.adhocDue}}</label><input id="ah-due" name="due" type="date" required>
    <label for="ah-agency">{{t.reports.adhocAgencies}}</label><select id="ah-agency" name="agency" multiple size="6">{{#agencyChoices}}<option value="{{id}}">{{name}}</option>{{/agencyChoices}}</select>
    <button type="submit">{{t.reports.adhocCreate}}</button>
    </form>
    {{/canReview}}
    <h2>{{t.reports.missing}} {{currentLabel}} ({{missingCount}})</h2>
    <ul>{{#missing}}<li>{{.}}</li>{{/missing}}</ul>
    <div class="scroll"><table class="matrix">
    <thead><tr><th scope="col">{{t.plan.filter.agency}}</th>{{#periods}}<th scope="col">{{label}}<br><span class="meta">{{due}}</span></th>{{/periods}}</tr></thead>
    <tbody>{{#rows}}<tr><th scope="row">{{agency}}</th>{{#cells}}<td class="{{css}}">{{#link}}<a href="{{link}}">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}</td>{{/cells}}</tr>{{/rows}}</tbody>
    </table></div>
    """
}
