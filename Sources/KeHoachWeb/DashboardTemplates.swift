/// Templates of the leaders' dashboard. Charts are SVG from `Charts` (`{{{…}}}`: built and escaped there);
/// every chart has its numbers in a table beside it.
extension Templates {
    static let dashboard = """
    <h1>{{t.dashboard.title}}: {{province}}</h1>
    <p class="meta">{{t.dashboard.asOf}} {{today}}{{#provinces}} · {{#current}}<strong>{{name}}</strong>{{/current}}{{^current}}<a href="/dashboard?province={{id}}">{{name}}</a>{{/current}}{{/provinces}}</p>
    <div class="tiles">
    <section class="card tile" aria-labelledby="h-ind">
    <h2 id="h-ind">{{t.dashboard.indicators}} ({{indicatorTotal}})</h2>
    <ul class="counts">{{#indicatorCounts}}<li class="s-{{code}}"><a href="/dashboard/indicators?status={{code}}&amp;{{pq}}"><strong>{{count}}</strong> {{label}}</a></li>{{/indicatorCounts}}</ul>
    </section>
    <section class="card tile" aria-labelledby="h-task">
    <h2 id="h-task">{{t.dashboard.tasks}} ({{taskTotal}})</h2>
    <p class="big"><a href="/dashboard/tasks?status=overdue&amp;{{pq}}"><strong>{{overdueCount}}</strong> {{t.dashboard.overdue}}</a></p>
    <ul class="counts">{{#taskCounts}}<li class="t-{{code}}"><a href="/dashboard/tasks?status={{code}}&amp;{{pq}}"><strong>{{count}}</strong> {{label}}</a></li>{{/taskCounts}}</ul>
    </section>
    <section class="card tile" aria-labelledby="h-rank">
    <h2 id="h-rank">{{t.dashboard.ranking}} {{year}}</h2>
    <table class="compact">
    <thead><tr><th scope="col">{{t.dashboard.rank}}</th><th scope="col">{{t.dashboard.agency}}</th><th scope="col">{{t.dashboard.score}}</th></tr></thead>
    <tbody>{{#ranking}}<tr><td class="num">{{rank}}</td><td><a href="/dashboard/agencies/{{id}}">{{name}}</a></td><td class="num">{{score}}</td></tr>{{/ranking}}</tbody>
    </table>
    <p><a href="/dashboard/agencies?{{pq}}">{{t.dashboard.allRanking}} ({{rankedCount}})</a></p>
    </section>
    </div>
    <section aria-labelledby="h-overdue">
    <h2 id="h-overdue">{{t.dashboard.topOverdue}}</h2>
    <div class="scroll"><table class="compact">
    <thead><tr><th scope="col">{{t.dashboard.tasks}}</th><th scope="col">{{t.dashboard.responsible}}</th><th scope="col">{{t.dashboard.daysOverdue}}</th><th scope="col">{{t.dashboard.reason}}</th></tr></thead>
    <tbody>{{#overdue}}<tr><td><a href="/dashboard/tasks/{{id}}"><span class="code">{{code}}</span> {{name}}</a></td><td>{{responsible}}</td><td class="num">{{daysOverdue}}</td><td>{{reason}}</td></tr>{{/overdue}}
    {{^overdue}}<tr><td colspan="4">{{t.dashboard.none}}</td></tr>{{/overdue}}</tbody>
    </table></div>
    <p><a href="/dashboard/tasks?status=overdue&amp;{{pq}}">{{t.dashboard.allOverdue}} ({{overdueCount}})</a></p>
    </section>
    <section aria-labelledby="h-worst">
    <h2 id="h-worst">{{t.dashboard.worst}}</h2>
    <div class="scroll"><table class="compact">
    <thead><tr><th scope="col">{{t.dashboard.indicators}}</th><th scope="col">{{t.dashboard.value}} / {{t.dashboard.target}}</th><th scope="col">{{t.dashboard.status}}</th></tr></thead>
    <tbody>{{#worst}}<tr class="s-{{statusCode}}"><td><a href="/dashboard/indicators/{{id}}"><span class="code">{{code}}</span> {{name}}</a><br><span class="meta">{{plan}}</span></td><td class="bullet">{{{chart}}}<span class="visually-hidden">{{value}} {{unit}} / {{target}}</span></td><td>{{status}}</td></tr>{{/worst}}
    {{^worst}}<tr><td colspan="3">{{t.dashboard.none}}</td></tr>{{/worst}}</tbody>
    </table></div>
    <p><a href="/dashboard/indicators?status=at-risk&amp;{{pq}}">Có nguy cơ</a> · <a href="/dashboard/indicators?status=missed&amp;{{pq}}">Không đạt</a> · <a href="/dashboard/measures">{{t.dashboard.measures}}</a></p>
    </section>
    <section aria-labelledby="h-docs">
    <h2 id="h-docs">{{t.documents.title}}</h2>
    {{#documents}}<form method="get" action="/plans/{{id}}/report" class="inline"><span>{{title}}</span>
    <label for="dp-{{id}}">{{t.documents.period}}</label><input id="dp-{{id}}" name="period" value="{{period}}" size="8">
    <select name="format" aria-label="Định dạng"><option value="html">{{t.documents.open}}</option><option value="docx">DOCX</option><option value="xlsx">XLSX</option></select>
    <button type="submit">{{t.documents.title}}</button></form>{{/documents}}
    </section>
    <section aria-labelledby="h-groups">
    <h2 id="h-groups">{{t.dashboard.byGroup}}</h2>
    <div class="scroll"><table class="compact">
    <thead><tr><th scope="col">{{t.dashboard.plan}} / {{t.dashboard.group}}</th><th scope="col">Đạt</th><th scope="col">Đúng tiến độ</th><th scope="col">Có nguy cơ</th><th scope="col">Không đạt</th><th scope="col">Chưa có số liệu</th><th scope="col">{{t.dashboard.tasks}}</th><th scope="col">{{t.dashboard.done}}</th><th scope="col">Quá hạn</th></tr></thead>
    <tbody>{{#groups}}<tr><td><span class="meta">{{plan}}</span><br>{{group}}</td>
    <td class="num"><a href="/dashboard/indicators?status=achieved&amp;{{query}}&amp;{{pq}}">{{achieved}}</a></td>
    <td class="num"><a href="/dashboard/indicators?status=on-track&amp;{{query}}&amp;{{pq}}">{{onTrack}}</a></td>
    <td class="num"><a href="/dashboard/indicators?status=at-risk&amp;{{query}}&amp;{{pq}}">{{atRisk}}</a></td>
    <td class="num"><a href="/dashboard/indicators?status=missed&amp;{{query}}&amp;{{pq}}">{{missed}}</a></td>
    <td class="num"><a href="/dashboard/indicators?status=no-data&amp;{{query}}&amp;{{pq}}">{{noData}}</a></td>
    <td class="num">{{tasks}}</td><td class="num">{{done}}</td><td class="num"><a href="/dashboard/tasks?status=overdue&amp;plan={{planID}}&amp;{{pq}}">{{overdue}}</a></td></tr>{{/groups}}</tbody>
    </table></div>
    </section>
    """

    static let dashboardIndicators = """
    <h1>{{t.dashboard.indicators}}: {{province}}</h1>
    <form class="filters" method="get" action="/dashboard/indicators"><fieldset><legend>Lọc</legend>
    <label for="st">{{t.dashboard.status}}</label><select id="st" name="status"><option value="">Tất cả</option>{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
    <button type="submit">Lọc</button></fieldset></form>
    <p class="meta">{{count}} chỉ tiêu{{#filter}} · {{filter}}{{/filter}}</p>
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.dashboard.indicators}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.target}}</th><th scope="col">{{t.dashboard.status}}</th></tr></thead>
    <tbody>{{#rows}}<tr class="s-{{statusCode}}"><td><a href="/dashboard/indicators/{{id}}"><span class="code">{{code}}</span> {{name}}</a><br><span class="meta">{{plan}}</span></td>
    <td class="num">{{#value}}{{value}}{{#unit}} {{unit}}{{/unit}}<br><span class="meta">{{period}}</span>{{/value}}{{^value}}—{{/value}}</td><td>{{target}}</td><td>{{status}}</td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="4">{{t.dashboard.none}}</td></tr>{{/rows}}</tbody>
    </table></div>
    """

    static let dashboardIndicator = """
    <h1><span class="code">{{code}}</span> {{name}}</h1>
    <p class="meta"><a href="/plans/{{planID}}">{{plan}}</a>{{#group}} · {{group}}{{/group}}{{#unit}} · {{unit}}{{/unit}} · {{t.dashboard.responsible}}: {{responsible}}</p>
    <p class="status s-{{statusCode}}"><strong>{{status}}</strong>. {{explanation}}</p>
    {{{bullet}}}
    <h2>{{t.dashboard.target}}</h2>
    <ul>{{#targets}}<li>{{year}}: {{text}}{{#current}} <strong>(đang đánh giá)</strong>{{/current}}</li>{{/targets}}{{#baseline}}<li>{{t.dashboard.baseline}}: {{baseline}}</li>{{/baseline}}</ul>
    <p class="meta">{{t.dashboard.method}}: <strong>{{method}}</strong>{{#methodDefault}} ({{t.dashboard.methodDefault}}){{/methodDefault}}. {{t.dashboard.methodRule}}</p>
    {{#projection}}<p>{{t.dashboard.projection}}: {{projection}}</p>{{/projection}}
    <p class="meta">{{t.dashboard.statusRule}}</p>
    {{{line}}}
    {{#shownPeriod}}<h2>{{t.dashboard.breakdown}} {{shownPeriod}}</h2>
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.dashboard.agency}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.countNote}}</th><th scope="col">{{t.dashboard.report}}</th></tr></thead>
    <tbody>{{#breakdown}}<tr><td>{{agency}}</td><td class="num">{{value}}{{#fraction}}<br><span class="meta">{{fraction}}</span>{{/fraction}}</td><td>{{note}}</td><td><a href="{{link}}">{{#submitted}}gửi {{submitted}}{{/submitted}}{{^submitted}}mở{{/submitted}}</a></td></tr>{{/breakdown}}</tbody>
    </table></div>{{/shownPeriod}}
    <h2>{{t.dashboard.series}}</h2>
    <div class="scroll"><table>
    <thead><tr><th scope="col">{{t.dashboard.period}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.sources}}</th></tr></thead>
    <tbody>{{#series}}<tr><td>{{period}}</td><td class="num">{{value}}{{#fraction}}<br><span class="meta">{{fraction}}</span>{{/fraction}}</td>
    <td>{{#shown}}<strong>{{sourceCount}} đơn vị</strong>{{/shown}}{{^shown}}<a href="?period={{code}}">{{sourceCount}} đơn vị</a>{{/shown}}</td></tr>{{/series}}
    {{^series}}<tr><td colspan="3">Chưa có đơn vị nào gửi số liệu.</td></tr>{{/series}}</tbody>
    </table></div>
    {{#rating}}<p>{{t.dashboard.rating}}: {{rating}}</p>{{/rating}}
    {{#hasLinked}}<h2>{{t.dashboard.linked}}: {{measure}}</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.province}}</th><th scope="col">{{t.dashboard.indicators}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.target}}</th><th scope="col">{{t.dashboard.status}}</th></tr></thead>
    <tbody>{{#linked}}<tr><td>{{province}}</td><td>{{#link}}<a href="/dashboard/indicators/{{id}}">{{/link}}<span class="code">{{code}}</span> {{name}}{{#link}}</a>{{/link}}<br><span class="meta">{{plan}}</span></td><td class="num">{{value}}</td><td>{{target}}</td><td>{{status}}</td></tr>{{/linked}}</tbody></table></div>{{/hasLinked}}
    {{#canEvaluate}}
    <h2>Cài đặt đánh giá</h2>
    <form method="post" action="/dashboard/indicators/{{id}}/setting" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="method">{{t.dashboard.method}}</label>
    <select id="method" name="method"><option value="default">{{t.dashboard.methodDefault}}</option>{{#methods}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/methods}}</select>
    <label for="measure">{{t.dashboard.measure}}</label><input id="measure" name="measure" maxlength="200" value="{{measure}}">
    <button type="submit">{{t.dashboard.save}}</button></form>
    <form method="post" action="/dashboard/indicators/{{id}}/rating" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="rs">{{t.dashboard.rating}}</label>
    <select id="rs" name="status" required>{{#ratingStatuses}}<option value="{{code}}">{{label}}</option>{{/ratingStatuses}}</select>
    <label for="rc">{{t.dashboard.comment}}</label><textarea id="rc" name="comment" rows="2" maxlength="2000" required></textarea>
    <button type="submit">{{t.dashboard.rate}}</button></form>
    {{/canEvaluate}}
    """

    static let dashboardTasks = """
    <h1>{{statusLabel}}: {{province}}{{#agency}} · {{agency}}{{/agency}}</h1>
    <form class="filters" method="get" action="/dashboard/tasks"><fieldset><legend>Lọc</legend>
    <label for="st">{{t.dashboard.status}}</label><select id="st" name="status">{{#statuses}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
    <button type="submit">Lọc</button></fieldset></form>
    <p class="meta">{{count}} nhiệm vụ. {{t.dashboard.taskRule}}</p>
    <div class="scroll"><table id="tasks">
    <thead><tr><th scope="col">{{t.dashboard.tasks}}</th><th scope="col">{{t.dashboard.responsible}}</th><th scope="col">{{t.dashboard.due}}</th>{{#isOverdue}}<th scope="col">{{t.dashboard.daysOverdue}}</th>{{/isOverdue}}<th scope="col">{{t.dashboard.reason}}</th><th scope="col">{{t.dashboard.latest}}</th></tr></thead>
    <tbody>{{#rows}}<tr><td><a href="/dashboard/tasks/{{id}}"><span class="code">{{code}}</span> {{name}}</a><br><span class="meta">{{plan}}</span></td>
    <td>{{responsible}}{{#written}}<br><span class="meta">{{written}}</span>{{/written}}</td><td>{{due}}{{^due}}{{deadline}}{{/due}}</td>{{#isOverdue}}<td class="num">{{daysOverdue}}</td>{{/isOverdue}}<td>{{reason}}</td>
    <td>{{#latest}}<a href="{{link}}">{{period}}</a>: {{status}}{{/latest}}{{^latest}}chưa báo cáo{{/latest}}</td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="6">{{t.dashboard.none}}</td></tr>{{/rows}}</tbody>
    </table></div>
    {{#isOverdue}}<h2 id="waiting">{{t.dashboard.waiting}} ({{waitingCount}})</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.tasks}}</th><th scope="col">{{t.dashboard.responsible}}</th><th scope="col">Chờ</th></tr></thead>
    <tbody>{{#waiting}}<tr><td><a href="/dashboard/tasks/{{id}}"><span class="code">{{code}}</span> {{name}}</a><br><span class="meta">{{plan}}</span></td><td>{{responsible}}</td><td>{{condition}}</td></tr>{{/waiting}}
    {{^waiting}}<tr><td colspan="3">{{t.dashboard.none}}</td></tr>{{/waiting}}</tbody></table></div>{{/isOverdue}}
    """

    static let dashboardTask = """
    <h1><span class="code">{{code}}</span> {{name}}</h1>
    <p class="meta"><a href="/plans/{{planID}}">{{plan}}</a></p>
    <p class="status t-{{statusCode}}"><strong>{{status}}</strong>{{#daysOverdue}}: quá hạn {{daysOverdue}} ngày{{/daysOverdue}}{{#daysLate}}: hoàn thành muộn {{daysLate}} ngày{{/daysLate}}{{#dueSoon}} · sắp đến hạn{{/dueSoon}}</p>
    <dl class="facts">
    <dt>{{t.dashboard.responsible}}</dt><dd>{{responsible}}{{#written}} <span class="meta">({{written}})</span>{{/written}}</dd>
    {{#partners}}<dt>Phối hợp</dt><dd>{{partners}}</dd>{{/partners}}
    <dt>Thời hạn</dt><dd>{{deadline}} ({{kind}}){{#due}} · {{t.dashboard.due}} {{due}}{{/due}}</dd>
    {{#product}}<dt>Sản phẩm</dt><dd>{{product}}</dd>{{/product}}
    {{#decision}}<dt>{{t.dashboard.decision}}</dt><dd>{{decision}}</dd>{{/decision}}
    {{#reason}}<dt>{{t.dashboard.reason}}</dt><dd>{{reason}}</dd>{{/reason}}
    </dl>
    <h2>{{t.dashboard.answers}}</h2>
    {{#hasAnswers}}<div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.period}}</th><th scope="col">{{t.dashboard.agency}}</th><th scope="col">Tình trạng</th><th scope="col">Kết quả, lý do</th></tr></thead>
    <tbody>{{#answers}}<tr><td><a href="{{link}}">{{period}}</a></td><td>{{agency}}{{#lead}} (chủ trì){{/lead}}</td><td>{{status}}{{#percent}} · {{percent}}%{{/percent}}{{#completedOn}} · {{completedOn}}{{/completedOn}}</td><td>{{note}}{{#reason}}<br><em>{{reason}}</em>{{/reason}}</td></tr>{{/answers}}</tbody></table></div>{{/hasAnswers}}
    {{^hasAnswers}}<p>Chưa có báo cáo nào về nhiệm vụ này.</p>{{/hasAnswers}}
    {{#canEvaluate}}
    <h2>{{t.dashboard.record}}</h2>
    <form method="post" action="/dashboard/tasks/{{id}}/decision" class="narrow">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="dk">{{t.dashboard.kind}}</label>
    <select id="dk" name="kind"><option value="event"{{#isConditional}} selected{{/isConditional}}>{{t.dashboard.decision.event}}</option><option value="adjusted">{{t.dashboard.decision.adjusted}}</option><option value="cancelled">{{t.dashboard.decision.cancelled}}</option></select>
    <label for="dd">{{t.dashboard.document}}</label><input id="dd" name="document" maxlength="300" required placeholder="Quyết định số 123/QĐ-TTg">
    <label for="don">{{t.dashboard.on}}</label><input id="don" name="on" type="date" max="{{today}}" required>
    <label for="dl">{{t.dashboard.leadDays}}</label><input id="dl" name="leadDays" inputmode="numeric">
    <label for="dn">{{t.dashboard.newDue}}</label><input id="dn" name="newDue" type="date">
    <button type="submit">{{t.dashboard.save}}</button></form>
    {{/canEvaluate}}
    """

    static let dashboardAgencies = """
    <h1>{{t.dashboard.agencies}}: {{province}}</h1>
    <p>{{t.dashboard.window}}: {{#windows}}<a href="/dashboard/agencies?period={{.}}&amp;{{pq}}">{{.}}</a> {{/windows}}· <strong>{{window}}</strong> · <a href="{{csv}}">{{t.dashboard.csv}}</a></p>
    <p class="meta">{{t.dashboard.formula}}: {{formula}}</p>
    <p class="meta">{{t.dashboard.weights}}: nhiệm vụ {{weights.tasks}}, báo cáo {{weights.reports}}, chỉ tiêu {{weights.indicators}}, hệ số trễ {{weights.lateCredit}} ({{t.dashboard.weightsDefault}}: {{defaults}}).</p>
    {{#canEvaluate}}<form method="post" action="/dashboard/weights" class="inline">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="province" value="{{provinceID}}">
    <label for="wt">Nhiệm vụ</label><input id="wt" name="tasks" size="4" inputmode="decimal" value="{{weights.tasks}}">
    <label for="wr">Báo cáo</label><input id="wr" name="reports" size="4" inputmode="decimal" value="{{weights.reports}}">
    <label for="wi">Chỉ tiêu</label><input id="wi" name="indicators" size="4" inputmode="decimal" value="{{weights.indicators}}">
    <label for="wl">{{t.dashboard.lateCredit}}</label><input id="wl" name="lateCredit" size="4" inputmode="decimal" value="{{weights.lateCredit}}">
    <button type="submit">{{t.dashboard.save}}</button></form>{{/canEvaluate}}
    <div class="scroll"><table class="scores">
    <thead><tr><th scope="col">{{t.dashboard.rank}}</th><th scope="col">{{t.dashboard.agency}}</th><th scope="col">NV đúng hạn</th><th scope="col">NV quá hạn</th><th scope="col">NV chưa xong, quá hạn</th><th scope="col">BC đúng hạn</th><th scope="col">BC muộn</th><th scope="col">BC chưa nộp</th><th scope="col">Chỉ tiêu đạt / giao</th><th scope="col">Tnv</th><th scope="col">Tbc</th><th scope="col">Tct</th><th scope="col">{{t.dashboard.score}}</th></tr></thead>
    <tbody>{{#cards}}<tr><td class="num">{{rank}}</td><td><a href="/dashboard/agencies/{{id}}?period={{period}}">{{name}}</a></td><td class="num">{{tasksOnTime}}</td><td class="num">{{tasksLate}}</td><td class="num">{{tasksOverdue}}</td><td class="num">{{reportsOnTime}}</td><td class="num">{{reportsLate}}</td><td class="num">{{reportsMissing}}</td><td class="num">{{indicatorsGood}}/{{indicatorsTotal}}</td><td class="num">{{taskRate}}</td><td class="num">{{reportRate}}</td><td class="num">{{indicatorRate}}</td><td class="num"><strong>{{score}}</strong></td></tr>{{/cards}}</tbody>
    </table></div>
    <h2>Tình trạng nhiệm vụ theo cơ quan chủ trì</h2>
    {{{chart}}}
    <p class="legend">{{t.dashboard.legend}}: {{#legend}}<span class="swatch t-{{code}}"></span>{{label}} {{/legend}}</p>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.agency}}</th>{{#barHeads}}<th scope="col">{{.}}</th>{{/barHeads}}</tr></thead>
    <tbody>{{#barRows}}<tr><td>{{label}}</td>{{#cells}}<td class="num">{{count}}</td>{{/cells}}</tr>{{/barRows}}</tbody></table></div>
    """

    static let dashboardAgency = """
    <h1>{{name}}</h1>
    <p class="meta">{{t.dashboard.window}} {{window}} · {{t.dashboard.rank}} <strong>{{rank}}</strong> · {{t.dashboard.score}} <strong>{{score}}</strong> · <a href="/agencies/{{id}}">Trang cơ quan</a></p>
    <ul>
    <li>Nhiệm vụ đến hạn trong kỳ: {{tasksOnTime}} hoàn thành đúng hạn, {{tasksLate}} hoàn thành quá hạn, {{tasksOverdue}} chưa hoàn thành đã quá hạn (Tnv {{taskRate}})</li>
    <li>Báo cáo: {{reportsOnTime}} đúng hạn, {{reportsLate}} muộn, {{reportsMissing}} chưa nộp (Tbc {{reportRate}})</li>
    <li>Chỉ tiêu: {{indicatorsGood}}/{{indicatorsTotal}} đạt hoặc đúng tiến độ (Tct {{indicatorRate}})</li>
    </ul>
    <p class="meta">{{formula}}</p>
    <h2>{{t.dashboard.tasks}}</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.tasks}}</th><th scope="col">{{t.dashboard.due}}</th><th scope="col">{{t.dashboard.status}}</th><th scope="col">{{t.dashboard.latest}}</th></tr></thead>
    <tbody>{{#tasks}}<tr class="t-{{statusCode}}"><td><a href="/dashboard/tasks/{{id}}"><span class="code">{{code}}</span> {{name}}</a><br><span class="meta">{{plan}}</span></td><td>{{due}}{{^due}}{{deadline}}{{/due}}</td><td>{{status}}{{#daysOverdue}} ({{daysOverdue}} ngày){{/daysOverdue}}</td><td>{{#latest}}<a href="{{link}}">{{period}}</a>: {{status}}{{/latest}}</td></tr>{{/tasks}}
    {{^tasks}}<tr><td colspan="4">{{t.dashboard.none}}</td></tr>{{/tasks}}</tbody></table></div>
    <h2>{{t.dashboard.indicators}}</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.indicators}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.target}}</th><th scope="col">{{t.dashboard.status}}</th></tr></thead>
    <tbody>{{#indicators}}<tr><td><a href="/dashboard/indicators/{{id}}"><span class="code">{{code}}</span> {{name}}</a></td><td class="num">{{value}}</td><td>{{target}}</td><td>{{status}}</td></tr>{{/indicators}}
    {{^indicators}}<tr><td colspan="4">{{t.dashboard.none}}</td></tr>{{/indicators}}</tbody></table></div>
    <h2>{{t.dashboard.reports}}</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.plan}}</th><th scope="col">{{t.dashboard.period}}</th><th scope="col">{{t.dashboard.due}}</th><th scope="col">Tình trạng</th></tr></thead>
    <tbody>{{#reports}}<tr><td>{{plan}}</td><td><a href="{{link}}">{{period}}</a></td><td>{{due}}</td><td class="{{code}}">{{timeliness}}</td></tr>{{/reports}}
    {{^reports}}<tr><td colspan="4">{{t.dashboard.none}}</td></tr>{{/reports}}</tbody></table></div>
    """

    static let dashboardMeasures = """
    <h1>{{t.dashboard.measures}}</h1>
    <p class="meta">Cơ quan điều phối gắn các chỉ tiêu cùng đo một nội dung với một thước đo chung ở trang chỉ tiêu; số liệu cấp tỉnh của các kế hoạch (văn bản công khai) được đặt cạnh nhau.</p>
    {{#groups}}<section class="card"><h2>{{name}}</h2>
    <div class="scroll"><table><thead><tr><th scope="col">{{t.dashboard.province}}</th><th scope="col">{{t.dashboard.indicators}}</th><th scope="col">{{t.dashboard.value}}</th><th scope="col">{{t.dashboard.target}}</th><th scope="col">{{t.dashboard.status}}</th></tr></thead>
    <tbody>{{#rows}}<tr><td>{{province}}</td><td>{{#link}}<a href="/dashboard/indicators/{{id}}">{{/link}}<span class="code">{{code}}</span> {{name}}{{#link}}</a>{{/link}}<br><span class="meta">{{plan}}</span></td><td class="num">{{value}}{{#period}}<br><span class="meta">{{period}}</span>{{/period}}</td><td>{{target}}</td><td>{{status}}</td></tr>{{/rows}}</tbody></table></div>
    </section>{{/groups}}
    {{^groups}}<p>Chưa có chỉ tiêu nào được gắn thước đo chung.</p>{{/groups}}
    """

    static let national = """
    <h1>{{t.national.title}} · {{period}}</h1>
    <form method="get" action="/national" class="filters"><label for="np">Tháng</label> <input id="np" name="period" value="{{period}}" size="8" inputmode="numeric" pattern="[0-9]{4}-[0-9]{2}"> <button type="submit">Xem</button></form>
    <p class="meta">{{formula}}</p>
    {{#hasRows}}<div class="scroll"><table><thead><tr><th scope="col">Thước đo chung</th><th scope="col" class="num">Số tỉnh</th><th scope="col" class="num">Số báo cáo</th><th scope="col" class="num">Cả nước</th>{{#hasOwn}}<th scope="col" class="num">Tỉnh của bạn</th>{{/hasOwn}}<th scope="col">Thấp nhất</th><th scope="col">Cao nhất</th></tr></thead>
    <tbody>{{#rows}}<tr><td>{{measure}}</td><td class="num">{{provinces}}</td><td class="num">{{reports}}</td><td class="num">{{value}}</td>{{#hasOwn}}<td class="num">{{own}}</td>{{/hasOwn}}<td>{{lowest}}</td><td>{{highest}}</td></tr>{{/rows}}</tbody></table></div>{{/hasRows}}
    {{^hasRows}}<p>Chưa có số liệu của tháng này cho các chỉ tiêu đã gắn thước đo chung.</p>{{/hasRows}}
    """
}
