"""The one message catalogue: every label, heading, table header and plot text, in zh and en.

A message is a ``str.format`` template; both languages of a message take the same fields (a
test checks it). Look messages up through :func:`messages` so that an unknown language or key
fails loudly instead of printing a key name into a report.
"""

from __future__ import annotations

import string
from collections.abc import Callable

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # ---- the page ------------------------------------------------------------------------
    "html.lang": {"zh": "zh-CN", "en": "en"},
    "report.title": {"zh": "失业保险基金模拟报告：{scenario}",
                     "en": "Unemployment-insurance fund simulation: {scenario}"},
    "report.subtitle": {
        "zh": "{first} 至 {last}，{regions} 个统筹地区，由 fundsim {version} 生成",
        "en": "{first} to {last}, {regions} pooling regions, produced by fundsim {version}"},
    "report.contents": {"zh": "目录", "en": "Contents"},
    "report.figure": {"zh": "图 {number}：{caption}", "en": "Figure {number}: {caption}"},
    "report.table": {"zh": "表 {number}：{caption}", "en": "Table {number}: {caption}"},
    "report.illustrative": {
        "zh": "本报告由模拟得出，数值取决于下列参数、假设和地区数据，不是官方统计。",
        "en": "This report comes from a simulation: its figures follow from the parameters, "
              "assumptions and region data listed below; they are not official statistics."},
    # ---- section: the question -------------------------------------------------------------
    "question.heading": {"zh": "本次模拟回答的问题", "en": "The question this run answers"},
    "question.none": {"zh": "该情景没有给出说明（scenario 文件中的 description）。",
                      "en": "The scenario gives no description (the description key of its "
                            "file)."},
    "question.facts": {"zh": "本次运行", "en": "This run"},
    "fact.scenario": {"zh": "情景", "en": "Scenario"},
    "fact.source": {"zh": "情景文件", "en": "Scenario file"},
    "fact.period": {"zh": "模拟期", "en": "Period"},
    "fact.period_value": {"zh": "{first} 至 {last}（{months} 个月）",
                          "en": "{first} to {last} ({months} months)"},
    "fact.regions": {"zh": "统筹地区", "en": "Pooling regions"},
    "fact.paths": {"zh": "模拟路径", "en": "Simulated paths"},
    "fact.paths_one": {"zh": "1 条（中心路径，无随机冲击）",
                       "en": "1 (the central path, no random shocks)"},
    "fact.paths_many": {"zh": "{paths} 条（随机种子 {seed}）；表中数值为各路径均值",
                        "en": "{paths} (seed {seed}); table figures are means over paths"},
    "fact.data": {"zh": "地区数据", "en": "Region data"},
    "fact.created": {"zh": "运行时间", "en": "Run at"},
    "fact.version": {"zh": "fundsim 版本", "en": "fundsim version"},
    "fact.tests": {"zh": "备付能力检验", "en": "Reserve tests"},
    "fact.tests_value": {
        "zh": "一般稳岗返还需 ≥ {general} 个月，困难企业稳岗返还需 ≥ {difficult} 个月",
        "en": "general return needs ≥ {general} months, difficult-firm return ≥ {difficult} "
              "months"},
    # ---- section: headline -------------------------------------------------------------
    "headline.heading": {"zh": "主要结果", "en": "Headline figures"},
    "headline.caption": {"zh": "逐年主要结果（金额单位见表头）",
                         "en": "Headline figures by year (money units in the headers)"},
    "headline.caption_paths": {"zh": "逐年主要结果，{paths} 条路径的均值（金额单位见表头）",
                               "en": "Headline figures by year, mean of {paths} paths (money "
                                     "units in the headers)"},
    "headline.year": {"zh": "年份", "en": "Year"},
    "headline.total": {"zh": "全期", "en": "Whole period"},
    "headline.below_general": {"zh": "低于 {months} 个月的地区数",
                               "en": "Regions below {months} months"},
    "headline.below_difficult": {"zh": "低于 {months} 个月的地区数",
                                 "en": "Regions below {months} months"},
    "headline.p_any_below": {"zh": "至少一个地区低于 {months} 个月的概率",
                             "en": "Probability some region is below {months} months"},
    "headline.pool_transfer": {"zh": "调剂金拨付（{unit}）", "en": "Pool transfers ({unit})"},
    "headline.fiscal_returns": {"zh": "财政补贴：弥补调剂金不足的稳岗返还（{unit}）",
                                "en": "Fiscal subsidy: returns the pool did not cover ({unit})"},
    "headline.fiscal_deficit": {"zh": "财政补贴：防止基金余额为负（{unit}）",
                                "en": "Fiscal subsidy: keeping balances from going negative "
                                      "({unit})"},
    "headline.returns_paid": {"zh": "稳岗返还支出（{unit}）", "en": "Returns paid ({unit})"},
    "headline.firms_covered": {"zh": "获得返还的企业（户）", "en": "Firms paid a return"},
    "headline.trainee_months": {"zh": "以工代训（人·月）", "en": "Training (person-months)"},
    "headline.trainees_peak": {"zh": "以工代训月最高人数", "en": "Trainees in the peak month"},
    "headline.notes": {
        "zh": "说明：地区数按每年一月的备付能力评估计；“全期”一行为至少有一年低于标准的地区数。"
              "获得返还的企业按年计，同时获得两类返还的企业计两次，“全期”为各年之和（户·年）。"
              "以工代训人·月为每月领取补贴人数之和。",
        "en": "Notes: regions are counted at each January's reserve assessment; the whole-period "
              "row counts regions below the line in at least one year. Firms are counted per "
              "year (a firm paid both returns counts twice); the whole-period row is the sum "
              "over years (firm-years). Training person-months add up the people paid each "
              "month."},
    "findings.heading": {"zh": "要点", "en": "Key points"},
    "findings.below_general": {
        "zh": "{count} 个地区（共 {total} 个）至少有一年备付能力低于 {months} 个月：{names}。",
        "en": "{count} of {total} regions fall below {months} months of reserve in at least "
              "one year: {names}."},
    "findings.none_below_general": {
        "zh": "全部 {total} 个地区在整个模拟期内备付能力均不低于 {months} 个月。",
        "en": "All {total} regions keep at least {months} months of reserve throughout."},
    "findings.below_general_paths": {
        "zh": "平均每条路径有 {count} 个地区（共 {total} 个）至少有一年低于 {months} 个月；"
              "至少一个地区低于该标准的概率为 {probability}。",
        "en": "On average {count} of {total} regions fall below {months} months in at least "
              "one year; the probability that some region does is {probability}."},
    "findings.money": {
        "zh": "全期稳岗返还支出 {returns}，调剂金拨付 {pool}，财政补贴 {fiscal}"
              "（其中弥补调剂金不足的稳岗返还 {fiscal_returns}，防止余额为负 {fiscal_deficit}）。",
        "en": "Over the period, returns paid to firms come to {returns}, pool transfers to "
              "{pool} and the fiscal subsidy to {fiscal} ({fiscal_returns} for returns the "
              "pool did not cover, {fiscal_deficit} to keep balances from going negative)."},
    "findings.closing": {
        "zh": "期末全省基金结余 {closing}，省级调剂金余额 {pool}。",
        "en": "At the end of the period the regions' funds hold {closing} and the provincial "
              "pool {pool}."},
    "findings.warnings": {
        "zh": "{regions} 个地区未通过备付能力检验，另有 {others} 条其他警示，见“警示”一节。",
        "en": "{regions} regions fail a reserve test and there are {others} other warnings: "
              "see the Warnings section."},
    # ---- section: warnings ---------------------------------------------------------------
    "warnings.heading": {"zh": "警示", "en": "Warnings"},
    "warnings.none": {"zh": "本次运行没有警示。", "en": "This run raises no warnings."},
    "warnings.tests_caption": {"zh": "未通过备付能力检验的地区及年份",
                               "en": "Regions failing a reserve test, and the years"},
    "warnings.tests_caption_paths": {
        "zh": "未通过备付能力检验的地区及年份（括号内为 {paths} 条路径中不通过的比例）",
        "en": "Regions failing a reserve test, and the years (in brackets: the share of the "
              "{paths} paths on which it fails)"},
    "warnings.col.general": {"zh": "低于 {months} 个月（一般稳岗返还检验不通过）",
                             "en": "Below {months} months (fails the general-return test)"},
    "warnings.col.difficult": {"zh": "低于 {months} 个月（困难企业稳岗返还检验不通过）",
                               "en": "Below {months} months (fails the difficult-firm test)"},
    "warnings.year_probability": {"zh": "{year}（{probability}）",
                                  "en": "{year} ({probability})"},
    "warnings.pool_exhausted": {
        "zh": "{year} 年省级调剂金用尽（余额为 0），仍有 {unmet} 的稳岗返还申请未能满足，"
              "由财政补贴。",
        "en": "{year}: the provincial pool is exhausted (balance 0) while {unmet} of requested "
              "returns remain unmet and fall to public finance."},
    "warnings.pool_exhausted_paths": {
        "zh": "{year} 年省级调剂金在 {probability} 的路径上用尽，且仍有申请未能满足（这些路径平均 "
              "{unmet} 由财政补贴）。",
        "en": "{year}: the provincial pool is exhausted with requests unmet on {probability} of "
              "the paths (on those paths {unmet} on average falls to public finance)."},
    "warnings.deficit": {
        "zh": "{region}：财政补贴 {amount} 防止基金余额为负（{years} 年）。",
        "en": "{region}: public finance adds {amount} to keep the balance from going negative "
              "({years})."},
    "warnings.deficit_paths": {
        "zh": "{region}：在 {probability} 的路径上需要财政补贴防止基金余额为负"
              "（各路径平均 {amount}）。",
        "en": "{region}: public finance keeps the balance from going negative on {probability} "
              "of the paths ({amount} on average over all paths)."},
    "warnings.past_end": {
        "zh": "参数 {key}：自 {start} 起的取值按其文件于 {end} 到期，"
              "本次模拟假定其延续至 {until}。",
        "en": "Parameter {key}: the value in force from {start} ends {end} by its notice; the "
              "run assumes it continues to {until}."},
    "warnings.other": {"zh": "运行记录中的警示：{text}", "en": "Warning in the run record: {text}"},
    "warnings.group.tests": {"zh": "未通过备付能力检验的地区",
                             "en": "Regions failing the reserve tests"},
    "warnings.group.pool": {"zh": "省级调剂金用尽", "en": "Provincial pool exhausted"},
    "warnings.group.deficit": {"zh": "财政兜底（防止余额为负）",
                               "en": "Public finance preventing negative balances"},
    "warnings.group.parameters": {"zh": "超过文件有效期的参数",
                                  "en": "Parameters past their notice's end date"},
    # ---- section: reserve projections ----------------------------------------------------
    "reserve.heading": {"zh": "备付能力预测", "en": "Reserve projections"},
    "reserve.intro": {
        "zh": "备付月数 = 上年末滚存结余 ÷ 上年月均基金支出，每年一月评估，当年有效。",
        "en": "Months of reserve = last year-end balance ÷ last year's average monthly "
              "spending, assessed each January and in force for that year."},
    "reserve.table_caption": {"zh": "各地区每年一月评估的备付月数",
                              "en": "Months of reserve assessed each January, by region"},
    "reserve.table_caption_paths": {"zh": "各地区每年一月评估的备付月数（{paths} 条路径的中位数）",
                                    "en": "Months of reserve assessed each January, by region "
                                          "(median of {paths} paths)"},
    "reserve.prob_caption": {"zh": "各地区低于 {months} 个月的概率（{paths} 条路径）",
                             "en": "Probability of falling below {months} months, by region "
                                   "({paths} paths)"},
    "reserve.region": {"zh": "地区", "en": "Region"},
    "reserve.legend": {
        "zh": "▼ 低于 {general} 个月（一般稳岗返还检验不通过）；▽ 低于 {difficult} 个月"
              "（困难企业稳岗返还检验不通过）；∞ 上年无支出。",
        "en": "▼ below {general} months (fails the general-return test); ▽ below {difficult} "
              "months (fails the difficult-firm test); ∞ no spending last year."},
    "reserve.below_general": {"zh": "低于 {months} 个月", "en": "below {months} months"},
    "reserve.below_difficult": {"zh": "低于 {months} 个月", "en": "below {months} months"},
    # ---- section: regions ----------------------------------------------------------------
    "regions.heading": {"zh": "分地区结果", "en": "Results by region"},
    "regions.caption": {"zh": "分地区全期结果", "en": "Results by region over the whole period"},
    "regions.caption_paths": {"zh": "分地区全期结果（{paths} 条路径的均值）",
                              "en": "Results by region over the whole period (mean of {paths} "
                                    "paths)"},
    "regions.name": {"zh": "地区", "en": "Region"},
    "regions.lowest": {"zh": "最低备付月数", "en": "Lowest reserve (months)"},
    "regions.months_below_general": {"zh": "低于 {months} 个月的月数",
                                     "en": "Months below {months}"},
    "regions.months_below_difficult": {"zh": "低于 {months} 个月的月数",
                                       "en": "Months below {months}"},
    "regions.returns": {"zh": "稳岗返还（{unit}）", "en": "Returns paid ({unit})"},
    "regions.pool": {"zh": "调剂金拨入（{unit}）", "en": "From the pool ({unit})"},
    "regions.fiscal_returns": {"zh": "财政补贴·返还（{unit}）",
                               "en": "Fiscal subsidy, returns ({unit})"},
    "regions.fiscal_deficit": {"zh": "财政补贴·兜底（{unit}）",
                               "en": "Fiscal subsidy, deficits ({unit})"},
    "regions.training": {"zh": "以工代训支出（{unit}）", "en": "Training paid ({unit})"},
    "regions.closing": {"zh": "期末结余（{unit}）", "en": "Closing balance ({unit})"},
    "regions.province": {"zh": "全省合计", "en": "Province"},
    # ---- section: charts -----------------------------------------------------------------
    "charts.heading": {"zh": "基金、调剂金与以工代训", "en": "Funds, pool and training"},
    "caption.reserve": {"zh": "各地区备付月数与 {general}、{difficult} 个月检验线",
                        "en": "Months of reserve by region against the {general}- and "
                              "{difficult}-month lines"},
    "caption.balance": {"zh": "各地区基金月末余额", "en": "Fund balance at month end by region"},
    "caption.pool": {"zh": "省级调剂金余额、拨付与财政补贴",
                     "en": "Provincial pool balance, transfers and fiscal subsidy"},
    "caption.training": {"zh": "以工代训人数与补贴支出",
                         "en": "Training in lieu of work: trainees and subsidy paid"},
    "alt.reserve": {
        "zh": "小多图：{regions} 个地区从 {first} 到 {last} 的备付月数，每图有 {general} 个月和 "
              "{difficult} 个月两条虚线。{summary}",
        "en": "Small multiples: months of reserve for {regions} regions from {first} to {last}, "
              "each panel with dashed lines at {general} and {difficult} months. {summary}"},
    "alt.reserve_paths": {"zh": "实线为 {paths} 条路径的中位数，深浅阴影为 50% 和 90% 区间。",
                          "en": "Lines are medians of {paths} paths; dark and light shading "
                                "are the 50% and 90% bands."},
    "alt.reserve_below": {"zh": "至少一年低于 {months} 个月的地区：{names}。",
                          "en": "Regions below {months} months in at least one year: {names}."},
    "alt.reserve_none_below": {"zh": "没有地区低于 {months} 个月。",
                               "en": "No region falls below {months} months."},
    "alt.balance": {
        "zh": "折线图：{regions} 个地区从 {first} 到 {last} 的基金月末余额。期末余额最高的是 "
              "{top}（{top_value}），最低的是 {bottom}（{bottom_value}）。",
        "en": "Line chart: fund balance at month end for {regions} regions from {first} to "
              "{last}. The highest closing balance is {top} ({top_value}), the lowest {bottom} "
              "({bottom_value})."},
    "alt.pool": {
        "zh": "两幅图：上图为省级调剂金余额，从期初 {opening} 到期末 {closing}，最低 {lowest}；"
              "下图为每年调剂金拨付（全期 {transfers}）和财政补贴（全期 {fiscal}）。",
        "en": "Two panels: the provincial pool balance, from {opening} at the start to {closing} "
              "at the end, lowest {lowest}; below, pool transfers ({transfers} over the period) "
              "and the fiscal subsidy ({fiscal} over the period) by year."},
    "alt.training": {
        "zh": "两幅图：全省每月以工代训人数（最高 {peak} 人）和每月以工代训补贴支出"
              "（全期 {paid}）。",
        "en": "Two panels: trainees paid each month across the province (peak {peak}) and the "
              "training subsidy paid each month ({paid} over the period)."},
    # ---- section: parameters -------------------------------------------------------------
    "params.heading": {"zh": "生效参数及其来源", "en": "Parameters in force and their sources"},
    "params.caption": {"zh": "模拟期内生效的政策参数", "en": "Policy parameters in force over "
                                                              "the period"},
    "params.key": {"zh": "参数", "en": "Parameter"},
    "params.from": {"zh": "起始日期", "en": "From"},
    "params.value": {"zh": "取值", "en": "Value"},
    "params.source": {"zh": "来源", "en": "Source"},
    "params.sources_from": {"zh": "来源取自情景文件 {source}（按运行记录中的取值核对）。",
                            "en": "Sources come from the scenario file {source}, checked "
                                  "against the values in the run record."},
    "params.sources_missing": {
        "zh": "情景文件 {source} 已不存在或无法读取：与现行法规取值相同的参数注明法规来源，"
              "其余来源不详。",
        "en": "The scenario file {source} no longer exists or cannot be read: values equal to "
              "current law show the law's source, the others' sources are unavailable."},
    "params.source_unavailable": {
        "zh": "来源不详（情景文件已更改或不可用，或由 --set 设定）",
        "en": "source unavailable (the scenario file changed or is missing, or the value was "
              "set with --set)"},
    "params.law_reference": {"zh": "现行法规：{reference}", "en": "current law: {reference}"},
    "params.ends": {"zh": "（{end} 到期）", "en": " (ends {end})"},
    "params.unknown": {"zh": "（当前 fundsim 版本中没有此参数）",
                       "en": "(not a parameter of this fundsim version)"},
    "params.assumptions_caption": {"zh": "经济与行为假设", "en": "Economic and behavioural "
                                                                 "assumptions"},
    "params.assumption": {"zh": "假设", "en": "Assumption"},
    "params.none": {"zh": "运行记录中没有参数。", "en": "The run record holds no parameters."},
    "value.true": {"zh": "是", "en": "yes"},
    "value.false": {"zh": "否", "en": "no"},
    "value.months": {"zh": "{value} 个月", "en": "{value} months"},
    "value.multiple": {"zh": "{value} 倍", "en": "{value}×"},
    "value.persons": {"zh": "{value} 人", "en": "{value} persons"},
    "value.yuan_person_month": {"zh": "{value} 元/人·月", "en": "{value} yuan per person-month"},
    "choice.pool_supported": {"zh": "由调剂金支持发放", "en": "paid with pool support"},
    "choice.no_return": {"zh": "不发放", "en": "no return paid"},
    "choice.pro_rata": {"zh": "按比例分配", "en": "pro rata"},
    "choice.neediest_first": {"zh": "最困难地区优先", "en": "neediest first"},
    "choice.total": {"zh": "全部基金支出", "en": "all fund spending"},
    "choice.benefits": {"zh": "仅失业保险金", "en": "benefits only"},
    "choice.benefit": {"zh": "按失业保险金标准", "en": "by the benefit rule"},
    "choice.contributions": {"zh": "按社会保险费", "en": "by contributions due"},
    "choice.min": {"zh": "两者取低", "en": "the smaller of the two"},
    # ---- section: about ------------------------------------------------------------------
    "about.heading": {"zh": "关于本报告", "en": "About this report"},
    "about.text": {
        "zh": "本报告由 fundsim 根据本文件夹中的 results.nc 生成（summary.csv、annual.csv "
              "为同一结果的表格）。复现命令：{command}。报告为单个文件，不需要网络，可离线打开、打印和转发；"
              "中文字体为 Noto Sans CJK SC 的子集（SIL 开源字体许可）。",
        "en": "fundsim wrote this report from results.nc in this folder (summary.csv and "
              "annual.csv hold tables of the same result). To reproduce: {command}. The report "
              "is one file that needs no network: open it offline, print it, forward it. "
              "Chinese text uses a subset of Noto Sans CJK SC (SIL Open Font License)."},
    # ---- plots ---------------------------------------------------------------------------
    "plot.month": {"zh": "月份", "en": "Month"},
    "plot.year": {"zh": "年份", "en": "Year"},
    "plot.median_note": {"zh": "（路径中位数）", "en": " (median over paths)"},
    "plot.mean_note": {"zh": "（路径均值）", "en": " (mean over paths)"},
    "plot.reserve.title": {"zh": "备付月数", "en": "Months of reserve"},
    "plot.reserve.ylabel": {"zh": "备付月数（超过 {clip} 个月按 {clip} 显示）",
                            "en": "Months of reserve (above {clip} drawn at {clip})"},
    "plot.reserve.general": {"zh": "{months} 个月：一般稳岗返还检验线",
                             "en": "{months} months: general-return test"},
    "plot.reserve.difficult": {"zh": "{months} 个月：困难企业稳岗返还检验线",
                               "en": "{months} months: difficult-firm test"},
    "plot.reserve.general_short": {"zh": "{months} 个月", "en": "{months} months"},
    "plot.reserve.line": {"zh": "备付月数", "en": "months of reserve"},
    "plot.reserve.median": {"zh": "中位数", "en": "median"},
    "plot.reserve.band50": {"zh": "50% 区间", "en": "50% band"},
    "plot.reserve.band90": {"zh": "90% 区间", "en": "90% band"},
    "plot.balance.title": {"zh": "失业保险基金月末余额", "en": "UI fund balance at month end"},
    "plot.balance.ylabel": {"zh": "基金余额（{unit}）", "en": "Fund balance ({unit})"},
    "plot.pool.title": {"zh": "省级调剂金", "en": "Provincial adjustment pool"},
    "plot.pool.balance": {"zh": "调剂金余额", "en": "pool balance"},
    "plot.pool.opening": {"zh": "期初余额", "en": "opening balance"},
    "plot.pool.balance_axis": {"zh": "调剂金余额（{unit}）", "en": "Pool balance ({unit})"},
    "plot.pool.balance_title": {"zh": "调剂金月末余额", "en": "Pool balance at month end"},
    "plot.pool.transfer": {"zh": "调剂金拨付各地区", "en": "pool transfers to regions"},
    "plot.pool.fiscal_returns": {"zh": "财政补贴：弥补调剂金不足的稳岗返还",
                                 "en": "fiscal subsidy: returns the pool did not cover"},
    "plot.pool.fiscal_deficit": {"zh": "财政补贴：防止基金余额为负",
                                 "en": "fiscal subsidy: keeping balances from going negative"},
    "plot.pool.fiscal": {"zh": "财政补贴（合计）", "en": "fiscal subsidy (total)"},
    "plot.pool.flow_axis": {"zh": "每年金额（{unit}）", "en": "Per year ({unit})"},
    "plot.pool.flow_title": {"zh": "每年调剂金拨付与财政补贴",
                             "en": "Pool transfers and fiscal subsidy by year"},
    "plot.training.title": {"zh": "以工代训（全省合计）",
                            "en": "Training in lieu of work (province total)"},
    "plot.training.people_axis": {"zh": "以工代训人数（人）", "en": "Trainees (persons)"},
    "plot.training.people_title": {"zh": "每月以工代训人数", "en": "Trainees paid per month"},
    "plot.training.paid_axis": {"zh": "以工代训补贴支出（{unit}）",
                                "en": "Training subsidy paid ({unit})"},
    "plot.training.paid_title": {"zh": "每月以工代训补贴支出",
                                 "en": "Training subsidy paid per month"},
    # ---- numbers -------------------------------------------------------------------------
    "unit.wan": {"zh": "万元", "en": "10,000 yuan"},
    "unit.yi": {"zh": "亿元", "en": "100 million yuan"},
    "unit.million": {"zh": "百万元", "en": "million yuan"},
    "unit.billion": {"zh": "十亿元", "en": "billion yuan"},
    "date.month": {"zh": "{year}年{month}月", "en": "{month_name} {year}"},
    "list.separator": {"zh": "、", "en": ", "},
    "range.years": {"zh": "{first}–{last}", "en": "{first}–{last}"},
}

_FORMATTER = string.Formatter()


def fields(template: str) -> set[str]:
    """The named fields a template takes."""
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def check_language(lang: str) -> str:
    """``lang`` when it is a known language; ValueError naming the known ones otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return lang


def messages(lang: str) -> Callable[..., str]:
    """A look-up ``t(key, **fields)`` for one language (KeyError on an unknown key)."""
    check_language(lang)

    def t(key: str, /, **values: object) -> str:
        return MESSAGES[key][lang].format(**values)

    return t
