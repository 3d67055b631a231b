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
    "table.first": {"zh": "{caption}（备付月数最低的 {shown} 行，共 {rows} 行）",
                    "en": "{caption} (the {shown} rows lowest in reserve of {rows})"},
    "table.rest": {"zh": "{caption}（其余 {count} 行）",
                   "en": "{caption} (the other {count} rows)"},
    "table.show_rest": {"zh": "展开其余 {count} 行", "en": "Show the other {count} rows"},
    "list.show_rest": {"zh": "展开其余 {count} 条", "en": "Show the other {count}"},
    "list.more": {"zh": "{names}等 {count} 个地区", "en": "{names} and others, {count} regions "
                                                          "in all"},
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
        "zh": "期末各地区基金结余合计 {closing}，省级调剂金余额 {pool}。",
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
    "regions.province": {"zh": "全省（各地区与调剂金）", "en": "Province (regions and pool)"},
    "regions.province_note": {
        "zh": "全省一行把各地区基金与省级调剂金视为一个基金：备付月数按全省（含调剂金）"
              "每年一月评估，期末结余含调剂金余额，各项收支为各地区之和。",
        "en": "The province row treats the regions' funds and the provincial pool as one fund: "
              "its months of reserve are assessed each January for the province with the pool, "
              "its closing balance includes the pool's, and its flows are the regions' totals."},
    # ---- section: charts -----------------------------------------------------------------
    "charts.heading": {"zh": "基金、调剂金与以工代训", "en": "Funds, pool and training"},
    "caption.reserve": {"zh": "各地区备付月数与 {general}、{difficult} 个月检验线",
                        "en": "Months of reserve by region against the {general}- and "
                              "{difficult}-month lines"},
    "caption.reserve_worst": {
        "zh": "全省与备付月数最低的 {shown} 个地区的备付月数，及 {general}、{difficult} 个月检验线",
        "en": "Months of reserve of the province and the {shown} regions lowest in reserve "
              "against the {general}- and {difficult}-month lines"},
    "caption.reserve_map": {"zh": "各地区每月的备付月数（最低者在上）",
                            "en": "Every region's months of reserve by month, the lowest on top"},
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
    "alt.reserve_worst": {
        "zh": "小多图：全省（含调剂金）与 {regions} 个地区中备付月数最低的 {shown} 个地区从 "
              "{first} 到 {last} 的备付月数，每图有 {general} 个月和 {difficult} 个月两条虚线。"
              "{summary}",
        "en": "Small multiples: months of reserve from {first} to {last} for the province (with "
              "the pool) and the {shown} of {regions} regions lowest in reserve, each panel with "
              "dashed lines at {general} and {difficult} months. {summary}"},
    "alt.reserve_map": {
        "zh": "热力图：{regions} 个地区从 {first} 到 {last} 每月的备付月数，每行一个地区，"
              "最低者在上；红色低于 {general} 个月，橙色低于 {difficult} 个月，蓝色越深备付越多。",
        "en": "Heat map: months of reserve of {regions} regions from {first} to {last}, a row "
              "per region, the lowest on top; red below {general} months, orange below "
              "{difficult} months, darker blue for more reserve."},
    "alt.reserve_paths": {"zh": "实线为 {paths} 条路径的中位数，深浅阴影为 50% 和 90% 区间。",
                          "en": "Lines are medians of {paths} paths; dark and light shading "
                                "are the 50% and 90% bands."},
    "alt.reserve_below": {"zh": "至少一年低于 {months} 个月的地区：{names}。",
                          "en": "Regions below {months} months in at least one year: {names}."},
    "alt.reserve_none_below": {"zh": "没有地区低于 {months} 个月。",
                               "en": "No region falls below {months} months."},
    "alt.balance": {
        "zh": "基金月末余额图：{regions} 个地区从 {first} 到 {last}（地区多时为合计与分地区小图）。"
              "期末余额最高的是 {top}（{top_value}），最低的是 {bottom}（{bottom_value}）。",
        "en": "Chart of fund balance at month end for {regions} regions from {first} to "
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
    "params.sources_recorded": {
        "zh": "来源取自运行记录：现行法规的文件与条款、情景改革所在的文件与行，或 --set 设定。",
        "en": "Sources come from the run record: the notice and clause of current law, the "
              "file and line of a scenario's reform, or --set."},
    "params.sources_missing": {
        "zh": "此结果文件的运行记录未保存来源（由较早版本的 fundsim 写出）：与现行法规取值相同的"
              "参数注明法规来源，其余来源不详。",
        "en": "This results file's run record keeps no sources (an earlier fundsim wrote it): "
              "values equal to current law show the law's source, the others' sources are "
              "unavailable."},
    "params.source_unavailable": {
        "zh": "来源不详（运行记录未保存，且与现行法规不同）",
        "en": "source unavailable (not in the run record, and not current law's value)"},
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
    "choice.optimal": {"zh": "按目标最优分配", "en": "optimal"},
    "choice.regions_funded": {"zh": "全额获批地区数最多", "en": "most regions funded in full"},
    "choice.firms_covered": {"zh": "资助企业户数最多", "en": "most firms covered"},
    "choice.total": {"zh": "全部基金支出", "en": "all fund spending"},
    "choice.benefits": {"zh": "仅失业保险金", "en": "benefits only"},
    "choice.benefit": {"zh": "按失业保险金标准", "en": "by the benefit rule"},
    "choice.contributions": {"zh": "按社会保险费", "en": "by contributions due"},
    "choice.min": {"zh": "两者取低", "en": "the smaller of the two"},
    "choice.flat": {"zh": "按地区数据的失业保险金", "en": "the data's flat benefit"},
    "choice.minimum_wage": {"zh": "按最低工资标准的比例", "en": "a share of the minimum wage"},
    "choice.region": {"zh": "本地区类别", "en": "the region's own class"},
    "choice.first_class": {"zh": "一类地区", "en": "the first class"},
    "choice.own_fund_first": {"zh": "先用本地基金", "en": "own fund first"},
    "choice.pool_first": {"zh": "先用调剂金", "en": "pool first"},
    # ---- parameters' sources, in the reader's language ------------------------------------
    "layer.national": {"zh": "国家", "en": "national"},
    "layer.inner_mongolia": {"zh": "内蒙古", "en": "Inner Mongolia"},
    "layer.qinghai": {"zh": "青海", "en": "Qinghai"},
    "source.layer": {"zh": "【{layer}】", "en": "[{layer}] "},
    "source.quote": {"zh": "：“{quote}”", "en": ": “{quote}”"},
    "source.stated": {"zh": "（含 fundsim 的设定假设）", "en": " (with a stated assumption)"},
    "source.notes_only": {"zh": "fundsim 的说明与设定", "en": "fundsim's notes and stated values"},
    "source.reform": {"zh": "情景改革：{file}（第 {line} 行）",
                      "en": "the scenario's reform: {file} (line {line})"},
    "source.reform_file": {"zh": "情景改革：{file}", "en": "the scenario's reform: {file}"},
    "params.sources_note": {
        "zh": "来源列出发文机关的文号、标题和条款及条款原文；每个取值的查证说明和 fundsim 的设定"
              "依据见法规参数文件，可用 fundsim params 命令查看。",
        "en": "A source names the notice (its number and title, in Chinese as published) and "
              "the clause; the clause's wording and fundsim's notes on each value are in the "
              "law's parameter files, shown by the fundsim params command."},
    # ---- parameters: short names (tables, axes) ----------------------------------------
    "param.policy.benefits.basis": {
        "zh": "失业保险金确定方式", "en": "Benefit basis"},
    "param.policy.benefits.entitlement.long": {
        "zh": "最长领取期限（缴费 10 年以上）", "en": "Longest entitlement, 10+ years"},
    "param.policy.benefits.entitlement.medium": {
        "zh": "最长领取期限（缴费 5–10 年）", "en": "Longest entitlement, 5–10 years"},
    "param.policy.benefits.entitlement.short": {
        "zh": "最长领取期限（缴费 1–5 年）", "en": "Longest entitlement, 1–5 years"},
    "param.policy.benefits.funeral_grant": {
        "zh": "丧葬补助金和抚恤金", "en": "Funeral grant and survivors' pension"},
    "param.policy.benefits.medical_insurance": {
        "zh": "代缴基本医疗保险费", "en": "Medical insurance paid by the fund"},
    "param.policy.benefits.migrant_lump_sum_months": {
        "zh": "农民合同制工人一次性生活补助月数", "en": "Migrant lump sum, months"},
    "param.policy.benefits.minimum_wage_area": {
        "zh": "失业保险金依据的最低工资地区", "en": "Minimum wage area of the benefit"},
    "param.policy.benefits.minimum_wage_share.first_year": {
        "zh": "失业保险金占最低工资比例（第 1–12 个月）",
        "en": "Benefit share of the minimum wage, months 1–12"},
    "param.policy.benefits.minimum_wage_share.later": {
        "zh": "失业保险金占最低工资比例（第 13 个月起）",
        "en": "Benefit share of the minimum wage, month 13 on"},
    "param.policy.benefits.price_subsidy.amount": {
        "zh": "价格临时补贴标准", "en": "Price subsidy amount"},
    "param.policy.benefits.price_subsidy.cpi_trigger": {
        "zh": "价格临时补贴启动条件（CPI 涨幅）", "en": "Price subsidy CPI trigger"},
    "param.policy.benefits.price_subsidy.enabled": {
        "zh": "发放价格临时补贴", "en": "Price subsidy paid"},
    "param.policy.benefits.price_subsidy.food_trigger": {
        "zh": "价格临时补贴启动条件（食品价格涨幅）", "en": "Price subsidy food-price trigger"},
    "param.policy.contributions.employer_share": {
        "zh": "单位缴费份额", "en": "Employer's share of the rate"},
    "param.policy.contributions.large_employer_relief": {
        "zh": "大型企业单位缴费减征比例", "en": "Large employers' contribution relief"},
    "param.policy.contributions.rate": {
        "zh": "失业保险费率", "en": "Contribution rate"},
    "param.policy.contributions.sme_employer_relief": {
        "zh": "中小微企业单位缴费免征比例", "en": "SMEs' contribution relief"},
    "param.policy.expanded_coverage.allowance_months": {
        "zh": "临时生活补助月数", "en": "Living allowance, months"},
    "param.policy.expanded_coverage.allowance_share": {
        "zh": "临时生活补助标准（占失业保险金）", "en": "Living allowance, share of the benefit"},
    "param.policy.expanded_coverage.enabled": {
        "zh": "失业保险保障扩围", "en": "Expanded coverage"},
    "param.policy.expanded_coverage.subsidy_months": {
        "zh": "失业补助金月数", "en": "Unemployment subsidy, months"},
    "param.policy.expanded_coverage.subsidy_share": {
        "zh": "失业补助金标准（占失业保险金）",
        "en": "Unemployment subsidy, share of the benefit"},
    "param.policy.minimum_wage.class_1": {
        "zh": "一类地区月最低工资", "en": "Minimum wage, class 1"},
    "param.policy.minimum_wage.class_2": {
        "zh": "二类地区月最低工资", "en": "Minimum wage, class 2"},
    "param.policy.minimum_wage.class_3": {
        "zh": "三类地区月最低工资", "en": "Minimum wage, class 3"},
    "param.policy.minimum_wage.class_4": {
        "zh": "四类地区月最低工资", "en": "Minimum wage, class 4"},
    "param.policy.pool.allocation": {
        "zh": "调剂金不足时的分配方式", "en": "Pool rationing"},
    "param.policy.pool.allocation_objective": {
        "zh": "调剂金最优分配的目标", "en": "Optimal pool rationing's objective"},
    "param.policy.pool.cap_multiple": {
        "zh": "调剂金上限倍数", "en": "Pool cap multiple"},
    "param.policy.pool.cap_multiple_special": {
        "zh": "特殊困难地区调剂金上限倍数", "en": "Pool cap multiple, special difficulty"},
    "param.policy.pool.failing_regions": {
        "zh": "未达标地区的稳岗返还", "en": "Returns of regions below the test"},
    "param.policy.pool.funding_order": {
        "zh": "未达标地区返还资金来源顺序", "en": "Funding order below the test"},
    "param.policy.pool.own_fund_floor_months": {
        "zh": "本地基金保留月数", "en": "Own-fund floor, months"},
    "param.policy.pool.region_wide": {
        "zh": "省级统筹", "en": "Province-wide fund"},
    "param.policy.pool.support": {
        "zh": "调剂金拨付方式（调剂或借款）", "en": "Pool support (grant or loan)"},
    "param.policy.pool.remittance_rate": {
        "zh": "调剂金上解比例", "en": "Remittance rate to the pool"},
    "param.policy.contributions.schedule.enabled": {
        "zh": "按备付月数确定费率", "en": "Contribution rate by reserve months"},
    "param.policy.contributions.schedule.band_1.months": {
        "zh": "费率档一：备付月数", "en": "Rate band 1: months of reserve"},
    "param.policy.contributions.schedule.band_1.rate": {
        "zh": "费率档一：费率", "en": "Rate band 1: rate"},
    "param.policy.contributions.schedule.band_2.months": {
        "zh": "费率档二：备付月数", "en": "Rate band 2: months of reserve"},
    "param.policy.contributions.schedule.band_2.rate": {
        "zh": "费率档二：费率", "en": "Rate band 2: rate"},
    "param.policy.pool.loan_interest_rate": {
        "zh": "调剂金借款年利率", "en": "Pool loan interest rate"},
    "param.policy.pool.loan_repayment_share": {
        "zh": "结余用于还款的比例", "en": "Share of surplus repaying loans"},
    "param.policy.reserve.denominator": {
        "zh": "备付月数的支出口径", "en": "Reserve months' spending measure"},
    "param.policy.reserve.difficult_months": {
        "zh": "困难企业返还所需备付月数", "en": "Reserve needed, difficult-firm return"},
    "param.policy.reserve.general_months": {
        "zh": "稳岗返还所需备付月数", "en": "Reserve needed, general return"},
    "param.policy.returns.adjustment.enabled": {
        "zh": "去产能行业放宽标准", "en": "Capacity-cut industries option"},
    "param.policy.returns.adjustment.layoff_threshold": {
        "zh": "去产能行业裁员率上限", "en": "Capacity-cut industries lay-off limit"},
    "param.policy.returns.adjustment.ratio": {
        "zh": "去产能行业返还比例", "en": "Capacity-cut industries return ratio"},
    "param.policy.returns.difficult.benefit_months": {
        "zh": "困难企业返还：失业保险金月数", "en": "Difficult-firm return, benefit months"},
    "param.policy.returns.difficult.contribution_months": {
        "zh": "困难企业返还：社会保险费月数", "en": "Difficult-firm return, contribution months"},
    "param.policy.returns.difficult.enabled": {
        "zh": "困难企业稳岗返还", "en": "Difficult-firm return"},
    "param.policy.returns.difficult.rule": {
        "zh": "困难企业返还计算方式", "en": "Difficult-firm return rule"},
    "param.policy.returns.layoff_threshold.general": {
        "zh": "裁员率上限", "en": "Lay-off limit"},
    "param.policy.returns.layoff_threshold.small_firm": {
        "zh": "30 人以下企业裁员率上限", "en": "Lay-off limit, small firms"},
    "param.policy.returns.ratio.large": {
        "zh": "大型企业返还比例", "en": "Return ratio, large firms"},
    "param.policy.returns.ratio.sme": {
        "zh": "中小微企业返还比例", "en": "Return ratio, SMEs"},
    "param.policy.returns.social_org.as_sme": {
        "zh": "社会组织按中小微企业返还", "en": "Social organisations as SMEs"},
    "param.policy.review.government_threshold": {
        "zh": "报请政府审议的返还金额", "en": "Amount needing government review"},
    "param.policy.roster.small_firm_max_insured": {
        "zh": "小微企业参保人数上限", "en": "Small firm, most insured"},
    "param.policy.roster.topup": {
        "zh": "补差返还", "en": "Top-up to the new ratio"},
    "param.policy.training.accepting_claims": {
        "zh": "受理以工代训申请", "en": "Training claims accepted"},
    "param.policy.training.max_months": {
        "zh": "以工代训补贴最长月数", "en": "Training subsidy, most months"},
    "param.policy.training.yuan_per_person_month": {
        "zh": "以工代训补贴标准", "en": "Training subsidy per person-month"},
    # ---- assumptions: names and units ------------------------------------------------------
    "assumption.collection_rate": {"zh": "费款征缴率（实缴 ÷ 应缴）",
                                   "en": "Collection rate (paid ÷ due)"},
    "assumption.takeup": {"zh": "稳岗返还申领率（符合条件企业的缴费中获得返还的份额）",
                          "en": "Take-up of the return (share of eligible contributions "
                                "returned)"},
    "assumption.wage_growth": {"zh": "缴费工资年增长率", "en": "Growth of the contribution wage "
                                                            "a year"},
    "assumption.insured_growth": {"zh": "参保人数年增长率", "en": "Growth of the insured a year"},
    "assumption.benefit_indexing": {"zh": "失业保险金每年一月调整幅度（按数据标准发放时）",
                                    "en": "January rise of the flat benefit"},
    "assumption.interest_rate": {"zh": "基金结余年利率", "en": "Interest on fund balances a year"},
    "assumption.pool_interest_rate": {"zh": "调剂金年利率", "en": "Interest on the pool a year"},
    "assumption.social_insurance_rate": {"zh": "各项社会保险费合计费率（困难企业返还用）",
                                         "en": "All social-insurance contributions, as a share "
                                               "of the wage"},
    "assumption.medical_share": {"zh": "代缴基本医疗保险费占失业保险金的比例",
                                 "en": "Recipients' medical insurance, as a share of the "
                                       "benefit"},
    "assumption.mortality_rate": {"zh": "领取人员年死亡率（丧葬补助金和抚恤金用）",
                                  "en": "Deaths per recipient a year"},
    "assumption.subsidy_extra_share": {"zh": "每件新申领对应的失业补助金申领人数",
                                       "en": "Unemployment-subsidy claims per new benefit claim"},
    "assumption.allowance_share": {"zh": "每件新申领对应的临时生活补助申领人数",
                                   "en": "Living-allowance claims per new benefit claim"},
    "assumption.lump_sum_share": {"zh": "每件新申领对应的农民合同制工人一次性生活补助人数",
                                  "en": "Migrant lump sums per new benefit claim"},
    "assumption.cpi": {"zh": "居民消费价格同比涨幅", "en": "Consumer prices, change"},
    "assumption.food_cpi": {"zh": "食品价格同比涨幅", "en": "Food prices, change"},
    "assumption.by_year": {"zh": "{label}（{year} 年）", "en": "{label} in {year}"},
    "assumption.skills_subsidy_per_insured_year": {
        "zh": "技能提升补贴（每名参保职工每年）", "en": "Skills subsidy per insured worker a year"},
    "assumption.training_subsidy_per_insured_year": {
        "zh": "职业培训补贴和职业介绍补贴（每名参保职工每年）",
        "en": "Training and placement subsidies per insured worker a year"},
    "assumption.other_spending_per_insured_year": {
        "zh": "其他支出（每名参保职工每年）", "en": "Other spending per insured worker a year"},
    "assumption.payment_profile": {"zh": "全年返还在各月支付的份额（一月起）",
                                   "en": "Share of a year's returns paid each month, January "
                                         "first"},
    "assumption.payment_lag": {"zh": "应付返还滞后 0、1、2…个月支付的份额",
                               "en": "Share of due returns paid 0, 1, 2… months late"},
    "assumption.claimants.exit_rate": {"zh": "领取人员每月就业退出率",
                                       "en": "Recipients leaving for work each month"},
    "assumption.claimants.entitlements.short": {
        "zh": "新申领人员中缴费满 1 年不足 5 年者占比", "en": "New claimants with 1–5 years of "
                                                      "contributions"},
    "assumption.claimants.entitlements.medium": {
        "zh": "新申领人员中缴费满 5 年不足 10 年者占比", "en": "New claimants with 5–10 years "
                                                        "of contributions"},
    "assumption.claimants.entitlements.long": {
        "zh": "新申领人员中缴费 10 年以上者占比", "en": "New claimants with 10 years or more"},
    "assumption.claimants.inflow_rate": {"zh": "每月新申领率（占参保人数）",
                                         "en": "New claims per insured a month"},
    "assumption.claimants.inflow_rate_steady": {"zh": "按期初领取人数保持稳定推算",
                                                "en": "the rate keeping the opening stock "
                                                      "steady"},
    "assumption.claimants.inflow_multiplier": {"zh": "新申领人数倍数",
                                               "en": "New claims multiplier"},
    "assumption.claimants.shock.national_sd": {"zh": "全国申领冲击标准差（随机路径）",
                                               "en": "National inflow shock, sd (paths)"},
    "assumption.claimants.shock.persistence": {"zh": "全国申领冲击月度持续系数（随机路径）",
                                               "en": "National shock persistence a month "
                                                     "(paths)"},
    "assumption.claimants.shock.regional_sd": {"zh": "地区年度申领冲击标准差（随机路径）",
                                               "en": "Regional yearly shock, sd (paths)"},
    "assumption.uncertainty.wage_growth.distribution": {
        "zh": "工资增长的随机分布", "en": "Wage growth: distribution"},
    "assumption.uncertainty.wage_growth.params.loc": {
        "zh": "工资增长随机项的均值", "en": "Wage growth: mean of the draw"},
    "assumption.uncertainty.wage_growth.params.scale": {
        "zh": "工资增长随机项的标准差", "en": "Wage growth: sd of the draw"},
    "assumption.uncertainty.insured_growth.distribution": {
        "zh": "参保人数增长的随机分布", "en": "Insured growth: distribution"},
    "assumption.uncertainty.insured_growth.params.loc": {
        "zh": "参保人数增长随机项的均值", "en": "Insured growth: mean of the draw"},
    "assumption.uncertainty.insured_growth.params.scale": {
        "zh": "参保人数增长随机项的标准差", "en": "Insured growth: sd of the draw"},
    "assumption.uncertainty.recession.probability": {"zh": "每年发生衰退的概率",
                                                     "en": "Chance of a recession a year"},
    "assumption.uncertainty.recession.months": {"zh": "衰退持续月数",
                                                "en": "Months a recession lasts"},
    "assumption.uncertainty.recession.inflow_multiplier": {"zh": "衰退期新申领倍数",
                                                           "en": "New claims multiplier in a "
                                                                 "recession"},
    "assumption.uncertainty.recession.wage_growth": {"zh": "衰退期工资增长率变动",
                                                     "en": "Shift of wage growth in a "
                                                           "recession"},
    "assumption.uncertainty.recession.insured_growth": {"zh": "衰退期参保人数增长率变动",
                                                        "en": "Shift of insured growth in a "
                                                              "recession"},
    "assumption.other": {"zh": "其他假设", "en": "Other assumption"},
    "value.percent_year": {"zh": "每年 {value}", "en": "{value} a year"},
    "value.yuan": {"zh": "{value} 元", "en": "{value} yuan"},
    "value.per_claim": {"zh": "{value} 人", "en": "{value} per claim"},
    "value.per_year": {"zh": "每年 {value}", "en": "{value} a year"},
    "value.distribution.norm": {"zh": "正态分布", "en": "normal"},
    "value.distribution.t": {"zh": "t 分布", "en": "Student's t"},
    "params.assumption_key": {"zh": "键", "en": "Key"},
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
    # ---- folders other than a run ----------------------------------------------------------
    "report.illustrative_folder": {
        "zh": "本报告由模拟得出，数值取决于情景的参数、假设和地区数据，不是官方统计。",
        "en": "This report comes from simulations: its figures follow from the scenarios' "
              "parameters, assumptions and region data; they are not official statistics."},
    # ---- sweep: the page -------------------------------------------------------------------
    "sweep.title": {"zh": "参数扫描报告：{scenario}", "en": "Parameter sweep: {scenario}"},
    "sweep.subtitle": {
        "zh": "{keys}，{count} 个取值，{first} 至 {last}，由 fundsim {version} 生成",
        "en": "{keys}, {count} values, {first} to {last}, produced by fundsim {version}"},
    "sweep.subtitle_no_period": {
        "zh": "{keys}，{count} 个取值，由 fundsim {version} 生成",
        "en": "{keys}, {count} values, produced by fundsim {version}"},
    "sweep.question.heading": {"zh": "本次扫描回答的问题", "en": "The question this sweep answers"},
    "sweep.question_one": {
        "zh": "如果{label}（{key}）依次取 {values}，"
              "各地区备付能力、省级调剂金和财政补贴会怎样变化？",
        "en": "How do the regions' reserves, the provincial pool and public finance change if "
              "{key} ({label}) takes the values {values}?"},
    "sweep.question_grid": {
        "zh": "如果同时改变下列 {keys} 个参数，在全部 {count} 种取值组合下，各地区备付能力、"
              "省级调剂金和财政补贴会怎样变化？",
        "en": "How do the regions' reserves, the provincial pool and public finance change "
              "over all {count} combinations of the values of these {keys} keys?"},
    "sweep.question_held": {
        "zh": "每个取值自模拟开始至结束全程有效（取代该参数其"
              "他日期的取值）；其余参数和假设按情景设定不变。"
              "情景本身的说明如下：",
        "en": "Each value is in force from the start of the run to its end (replacing the "
              "key's dated values); every other parameter and assumption stays as the scenario "
              "sets it. The scenario describes itself as follows:"},
    "sweep.no_description": {
        "zh": "（情景文件已不存在、无法读取，或没有给出说明。）",
        "en": "(The scenario file is gone, cannot be read, or gives no description.)"},
    "sweep.values_range": {"zh": "{first} 至 {last}，步长 {step}（共 {count} 个取值）",
                           "en": "{first} to {last} in steps of {step} ({count} values)"},
    "sweep.fact.points": {"zh": "扫描取值（组合）数", "en": "Swept values (combinations)"},
    "sweep.fact.paths_many": {
        "zh": "每个取值 {paths} 条（随机种子 {seed}"
              "），所有取值使用相同的随机抽样；表中数值为各路径均值",
        "en": "{paths} per value (seed {seed}), every value on the same random draws; table "
              "figures are means over paths"},
    "sweep.at": {"zh": "{value}（{at}）", "en": "{value} (at {at})"},
    "sweep.point_range": {"zh": "{what}：最低 {low}，最高 {high}。",
                          "en": "{what}: lowest {low}, highest {high}."},
    "sweep.point_same": {"zh": "{what}：各取值下均为 {value}。",
                         "en": "{what}: {value} at every swept value."},
    "sweep.what.returns": {"zh": "全期稳岗返还支出", "en": "Returns paid over the period"},
    "sweep.what.pool": {"zh": "全期调剂金拨付", "en": "Pool transfers over the period"},
    "sweep.what.fiscal": {"zh": "全期财政补贴（两类合计）",
                          "en": "Fiscal subsidy over the period (both causes)"},
    "sweep.what.below_general": {"zh": "至少一年低于 {months} 个月的地区数",
                                 "en": "Regions below {months} months in at least one year"},
    "sweep.what.lowest": {"zh": "全部地区、全部评估中的最低备付月数",
                          "en": "Lowest months of reserve over all regions and assessments"},
    "sweep.what.p_fail_general": {"zh": "至少一个地区低于 {months} 个月的概率",
                                  "en": "Probability that some region falls below {months} "
                                        "months"},
    "sweep.table_caption": {"zh": "各取值的全期主要结果（金额单位见表头）",
                            "en": "Results over the period by swept value (money units in "
                                  "the headers)"},
    "sweep.table_caption_paths": {
        "zh": "各取值的全期主要结果，{paths} 条路径的均值（金额单位见表头）",
        "en": "Results over the period by swept value, mean of {paths} paths (money units in "
              "the headers)"},
    "sweep.table_note": {
        "zh": "说明：最低备付月数为全部地区、全部评估中的"
              "最低值；地区数为至少一年低于标准的地区数。",
        "en": "Notes: the lowest reserve is the lowest over all regions and assessments; "
              "regions are counted when below the line in at least one year."},
    "sweep.col.fiscal": {"zh": "财政补贴合计（{unit}）", "en": "Fiscal subsidy, total ({unit})"},
    "sweep.col.lowest": {"zh": "最低备付月数", "en": "Lowest reserve (months)"},
    "sweep.col.p_fail_general": {"zh": "至少一个地区低于 {months} 个月的概率",
                                 "en": "Probability some region is below {months} months"},
    "sweep.col.p_fail_difficult": {"zh": "至少一个地区低于 {months} 个月的概率",
                                   "en": "Probability some region is below {months} months"},
    "sweep.col.p_fiscal": {"zh": "需要财政补贴的概率",
                           "en": "Probability public finance must step in"},
    "sweep.col.fiscal_q50": {"zh": "财政补贴中位数（{unit}）",
                             "en": "Fiscal subsidy, median ({unit})"},
    "sweep.col.fiscal_q95": {"zh": "财政补贴 95% 分位数（{unit}）",
                             "en": "Fiscal subsidy, 95th percentile ({unit})"},
    "sweep.col.below_range": {"zh": "低于 {months} 个月的地区数（5%–95% 区间）",
                              "en": "Regions below {months} months (5%–95% range)"},
    "sweep.range": {"zh": "{low}–{high}", "en": "{low}–{high}"},
    # ---- sweep: warnings -----------------------------------------------------------------
    "sweep.warn.none": {"zh": "在所有取值下，没有地区低于备付能力标准，也不需要财政补贴。",
                        "en": "At every swept value all regions keep both reserve tests and "
                              "public finance is not needed."},
    "sweep.key_axis": {"zh": "{label}（{key}）", "en": "{label} ({key})"},
    "sweep.where_all": {"zh": "全部 {count} 个取值", "en": "all {count} values"},
    "sweep.where_some": {"zh": "{count} 个取值中的 {found} 个（{points}）",
                         "en": "{found} of {count} values ({points})"},
    "sweep.warn.below": {
        "zh": "{where}都有地区低于 {months} 个月：地区数最少 {low}，最多 {high}。",
        "en": "Regions fall below {months} months at {where}: fewest {low}, most {high}."},
    "sweep.warn.fiscal_returns": {
        "zh": "{where}都需要财政补贴弥补调剂金不足的稳岗返还：最少 {low}，最多 {high}。",
        "en": "Public finance pays returns the pool did not cover at {where}: least {low}, "
              "most {high}."},
    "sweep.warn.fiscal_deficit": {
        "zh": "{where}都需要财政补贴防止基金余额为负：最少 {low}，最多 {high}。",
        "en": "Public finance keeps balances from going negative at {where}: least {low}, "
              "most {high}."},
    "sweep.warn.fiscal": {
        "zh": "{where}都需要财政补贴：最少 {low}，最多 {high}。",
        "en": "Public finance is needed at {where}: least {low}, most {high}."},
    "sweep.what.p_fiscal": {"zh": "需要财政补贴的概率",
                            "en": "Probability that public finance must step in"},
    "sweep.warn.group.tests": {"zh": "低于备付能力标准的地区",
                               "en": "Regions below the reserve tests"},
    "sweep.warn.group.fiscal": {"zh": "需要财政补贴", "en": "Public finance needed"},
    "sweep.warn.group.risk": {"zh": "风险", "en": "Risks"},
    "sweep.warn.group.parameters": {"zh": "超过文件有效期的参数",
                                    "en": "Parameters past their notice's end date"},
    # ---- sweep: charts -------------------------------------------------------------------
    "sweep.charts.heading": {"zh": "各项指标随取值的变化", "en": "The metrics across the values"},
    "sweep.chart.title": {"zh": "{what} — {scenario}{note}", "en": "{what} — {scenario}{note}"},
    "sweep.chart.paths_note": {"zh": "（{paths} 条路径）", "en": " ({paths} paths)"},
    "sweep.chart.money_title": {"zh": "全期资金", "en": "Money over the period"},
    "sweep.chart.reserve_title": {"zh": "备付能力与未达标准的地区",
                                  "en": "Reserves and regions below the tests"},
    "sweep.chart.risk_title": {"zh": "风险", "en": "Risks"},
    "sweep.chart.returns": {"zh": "稳岗返还支出", "en": "Returns paid"},
    "sweep.chart.pool": {"zh": "调剂金拨付", "en": "Pool transfers"},
    "sweep.chart.fiscal": {"zh": "财政补贴（合计）", "en": "Fiscal subsidy (total)"},
    "sweep.chart.money_axis": {"zh": "全期合计（{unit}）", "en": "Over the period ({unit})"},
    "sweep.chart.lowest": {"zh": "最低备付月数", "en": "Lowest months of reserve"},
    "sweep.chart.below": {"zh": "低于 {months} 个月的地区", "en": "Regions below {months} months"},
    "sweep.chart.regions": {"zh": "地区数", "en": "Regions"},
    "sweep.chart.probability": {"zh": "概率", "en": "Probability"},
    "sweep.chart.mean": {"zh": "{paths} 条路径的均值", "en": "mean of {paths} paths"},
    "sweep.chart.value": {"zh": "中心路径", "en": "central path"},
    "sweep.chart.line": {"zh": "{key}：{value}", "en": "{key}: {value}"},
    "sweep.chart.band": {"zh": "5%–95% 区间", "en": "5%–95% range"},
    "sweep.chart.lines_cut": {"zh": "（图中只画出 {count} 种组合中的前 {shown} 种，全部见表）",
                              "en": " (the chart shows the first {shown} of {count} "
                                    "combinations; the table has them all)"},
    "sweep.caption.money": {"zh": "各取值下的全期稳岗返还、调剂金拨付和财政补贴",
                            "en": "Returns paid, pool transfers and fiscal subsidy over the "
                                  "period, by swept value"},
    "sweep.caption.reserve": {
        "zh": "各取值下的最低备付月数（含 {general}、{difficult} 个月检验线）和未达标准的地区数",
        "en": "Lowest months of reserve (with the {general}- and {difficult}-month lines) and "
              "regions below the tests, by swept value"},
    "sweep.caption.risk": {"zh": "各取值下的风险（{paths} 条路径）",
                           "en": "Risks by swept value ({paths} paths)"},
    "sweep.alt.span": {"zh": "{low} 至 {high}", "en": "{low} to {high}"},
    "sweep.alt.bands": {"zh": "线为 {paths} 条路径的均值，阴影为 5%–95% 区间。",
                        "en": "Lines are means of {paths} paths; shading is the 5%–95% range."},
    "sweep.alt.money": {
        "zh": "三幅图，横轴为{x}：全期稳岗返还支出 {returns}；"
              "调剂金拨付 {pool}；财政补贴 {fiscal}。"
              "{how}",
        "en": "Three panels against {x}: returns paid over the period {returns}; pool "
              "transfers {pool}; fiscal subsidy {fiscal}. {how}"},
    "sweep.alt.reserve": {
        "zh": "三幅图，横轴为{x}：最低备付月数 {lowest}（有 {general} 个月和 {difficult} 个月两条"
              "检验线）；低于 {general} 个月的地区数"
              " {below_general}；低于 {difficult} 个月的地区数 "
              "{below_difficult}。{how}",
        "en": "Three panels against {x}: the lowest months of reserve {lowest} (with lines at "
              "{general} and {difficult} months); regions below {general} months "
              "{below_general}; regions below {difficult} months {below_difficult}. {how}"},
    "sweep.alt.risk": {
        "zh": "按{x}画出的概率（{paths} 条路径）：{items}。",
        "en": "Probabilities against {x} ({paths} paths): {items}."},
    "sweep.risk.heading": {"zh": "风险", "en": "Risks"},
    "sweep.risk.caption": {"zh": "各取值的风险（{paths} 条路径）",
                           "en": "Risks by swept value ({paths} paths)"},
    "sweep.risk.note": {
        "zh": "说明：概率为路径中出现该情形的比例（任一年、任一地区）；财政补贴分位数按路径计。",
        "en": "Notes: a probability is the share of paths on which it happens (in any year, in "
              "any region); fiscal subsidy percentiles are over paths."},
    "sweep.params_note": {
        "zh": "下表为情景中其余参数的取值和来源；扫描的参数（{keys}）取上文所列各值。",
        "en": "The table lists the scenario's other parameters with their sources; the swept "
              "keys ({keys}) take the values listed above."},
    "sweep.about": {
        "zh": "本报告由 fundsim 根据本文件夹中的 sweep.nc 生成（sweep.csv 为同一结果的表格）。"
              "复现命令：{command}。报告为单个文件，不需要网络，可离线打开、打印和转发；"
              "中文字体为 Noto Sans CJK SC 的子集（SIL 开源字体许可）。",
        "en": "fundsim wrote this report from sweep.nc in this folder (sweep.csv holds a table "
              "of the same result). To reproduce: {command}. The report is one file that needs "
              "no network: open it offline, print it, forward it. Chinese text uses a subset "
              "of Noto Sans CJK SC (SIL Open Font License)."},
    # ---- compare -------------------------------------------------------------------------
    "compare.title": {"zh": "情景比较报告：{names}", "en": "Scenario comparison: {names}"},
    "compare.subtitle": {"zh": "{count} 个情景，{first} 至 {last}，由 fundsim {version} 生成",
                         "en": "{count} scenarios, {first} to {last}, produced by fundsim "
                               "{version}"},
    "compare.question.heading": {"zh": "本次比较回答的问题",
                                 "en": "The question this comparison answers"},
    "compare.question": {
        "zh": "在相同的随机抽样下，下列 {count} 个情景"
              "的各地区备付能力、省级调剂金和财政补贴有何不同？"
              "差异均相对于第一个情景 {first} 计算。",
        "en": "On the same random draws, how do these {count} scenarios differ in the regions' "
              "reserves, the provincial pool and public finance? Differences are against the "
              "first scenario, {first}."},
    "compare.scenarios_caption": {"zh": "比较的情景", "en": "The scenarios compared"},
    "compare.scenarios_note": {
        "zh": "说明取自各情景文件（若文件仍在）：description_zh，没有时用 description。",
        "en": "Descriptions are read from the scenario files where they still exist: "
              "description_en, else description."},
    "compare.no_description": {
        "zh": "（情景文件已不存在、无法读取，或没有给出说明。）",
        "en": "(The scenario file is gone, cannot be read, or gives no description.)"},
    "compare.period": {"zh": "{first} 至 {last}", "en": "{first} to {last}"},
    "compare.col.scenario": {"zh": "情景", "en": "Scenario"},
    "compare.col.description": {"zh": "说明", "en": "Description"},
    "compare.col.period": {"zh": "模拟期", "en": "Period"},
    "compare.col.source": {"zh": "情景文件", "en": "Scenario file"},
    "compare.col.training": {"zh": "以工代训支出（{unit}）", "en": "Training paid ({unit})"},
    "compare.regions.heading": {"zh": "分地区比较", "en": "Regions compared"},
    "compare.regions.intro": {
        "zh": "下列各表按地区列出每个情景的全期结果，以及各情景与第一个情景 {first} 的差异"
              "（“—”表示该情景没有这个地区，例如实行省级统筹后各地区合并为一个基金）。",
        "en": "Each table gives every region's figure over the whole period in each scenario "
              "and each scenario's difference against the first, {first} (“—” where a "
              "scenario does not have the region, e.g. under provincial pooling the regions "
              "form one fund)."},
    "compare.regions.lowest": {"zh": "各地区最低备付月数", "en": "Each region's lowest months "
                                                                "of reserve"},
    "compare.regions.closing": {"zh": "各地区期末基金结余（{unit}）",
                                "en": "Each region's closing balance ({unit})"},
    "compare.regions.returns": {"zh": "各地区全期稳岗返还支出（{unit}）",
                                "en": "Each region's returns paid over the period ({unit})"},
    "compare.regions.fiscal": {"zh": "各地区全期财政补贴（两类合计，{unit}）",
                               "en": "Each region's fiscal subsidy over the period (both "
                                     "causes, {unit})"},
    "compare.regions.paths_note": {"zh": "（{paths} 条路径的均值）",
                                   "en": " (mean of {paths} paths)"},
    "compare.regions.diff": {"zh": "{name} − {first}", "en": "{name} − {first}"},
    "compare.fact.paths_many": {
        "zh": "每个情景 {paths} 条（随机种子 {seed}"
              "），所有情景使用相同的随机抽样；表中数值为各路径均值",
        "en": "{paths} per scenario (seed {seed}), every scenario on the same random draws; "
              "table figures are means over paths"},
    "compare.point": {
        "zh": "{name} 与 {first} 相比：稳岗返还 {returns}，财政补贴 {fiscal}，至少一年低于 "
              "{months} 个月的地区数 {below}。",
        "en": "{name} against {first}: returns paid {returns}, fiscal subsidy {fiscal}, regions "
              "below {months} months in at least one year {below}."},
    "compare.table_caption": {"zh": "各情景的全期主要结果（金额单位见表头）",
                              "en": "Results over the period by scenario (money units in the "
                                    "headers)"},
    "compare.table_caption_paths": {
        "zh": "各情景的全期主要结果，{paths} 条路径的均值（金额单位见表头）",
        "en": "Results over the period by scenario, mean of {paths} paths (money units in the "
              "headers)"},
    "compare.diff_caption": {"zh": "与 {first} 的差异", "en": "Differences against {first}"},
    "compare.diff_note": {
        "zh": "说明：各情景的数值减去 {first} 的数值；正数表示更多。",
        "en": "Notes: each scenario's figure less {first}'s; a positive difference means more."},
    "compare.warn.none": {"zh": "各情景均没有地区低于备付能力标准，也不需要财政补贴。",
                          "en": "In every scenario all regions keep both reserve tests and "
                                "public finance is not needed."},
    "compare.warn.below": {
        "zh": "{name}：{general} 个地区至少一年低于 {months_general} 个月，{difficult} 个低于 "
              "{months_difficult} 个月{risk}。",
        "en": "{name}: {general} regions fall below {months_general} months in at least one "
              "year, {difficult} below {months_difficult} months{risk}."},
    "compare.warn.p_fail": {"zh": "（至少一个地区低于 {months} 个月的概率 {probability}）",
                            "en": " (probability that some region falls below {months} months: "
                                  "{probability})"},
    "compare.warn.fiscal": {"zh": "{name}：需要财政补贴 {amount}{risk}。",
                            "en": "{name}: public finance adds {amount}{risk}."},
    "compare.warn.p_fiscal": {"zh": "（需要财政补贴的概率 {probability}）",
                              "en": " (probability that it must step in: {probability})"},
    "compare.warn.scenario": {"zh": "{name}：{text}", "en": "{name}: {text}"},
    # ---- compare: projections ------------------------------------------------------------
    "compare.projections.heading": {"zh": "全省预测对比", "en": "Province projections compared"},
    "compare.chart.reserve_title": {"zh": "备付月数{note}", "en": "Months of reserve{note}"},
    "compare.chart.balance_title": {"zh": "各地区基金滚存结余合计{note}",
                                    "en": "The regions' fund balances, total{note}"},
    "compare.chart.paths_note": {"zh": "（{paths} 条路径的中位数）",
                                 "en": " (median of {paths} paths)"},
    "compare.chart.province": {"zh": "全省（各地区与调剂金）备付月数",
                               "en": "The province as one fund (regions and pool)"},
    "compare.chart.weakest": {"zh": "备付月数最低的地区", "en": "The weakest region"},
    "compare.chart.balance": {"zh": "月末滚存结余合计", "en": "Balance at month end, total"},
    "compare.chart.band": {"zh": "5%–95% 区间", "en": "5%–95% range"},
    "compare.caption.reserve": {
        "zh": "各情景的全省备付月数和最低地区备付月数，含 {general}、{difficult} 个月检验线",
        "en": "Months of reserve of the province and of the weakest region by scenario, with "
              "the {general}- and {difficult}-month lines"},
    "compare.caption.balance": {"zh": "各情景的基金滚存结余合计",
                                "en": "The regions' fund balances in total, by scenario"},
    "compare.alt.value": {"zh": "{name} {value}", "en": "{name} {value}"},
    "compare.alt.bands": {"zh": "线为 {paths} 条路径的中位数，阴影为 5%–95% 区间。",
                          "en": "Lines are medians of {paths} paths; shading is the 5%–95% "
                                "range."},
    "compare.alt.reserve": {
        "zh": "两幅图，{count} 个情景从 {first} 到 {last} 的备付月数，有 {general} 个月和 "
              "{difficult} 个月两条检验线。期末全省：{province}；期末最低地区：{weakest}。{how}",
        "en": "Two panels: months of reserve of {count} scenarios from {first} to {last}, with "
              "lines at {general} and {difficult} months. The province at the end: {province}; "
              "the weakest region at the end: {weakest}. {how}"},
    "compare.alt.balance": {
        "zh": "折线图：{count} 个情景从 {first} 到 {last} "
              "的基金滚存结余合计。期末：{closing}。{how}",
        "en": "Line chart: the regions' fund balances in total for {count} scenarios from "
              "{first} to {last}. At the end: {closing}. {how}"},
    "compare.reserve_caption": {"zh": "每年一月评估的全省备付月数",
                                "en": "Months of reserve of the province, assessed each "
                                      "January"},
    "compare.weakest_caption": {"zh": "每年一月备付月数最低地区的备付月数",
                                "en": "Months of reserve of the weakest region each January"},
    "compare.median_note": {"zh": "（{paths} 条路径的中位数）",
                            "en": " (median of {paths} paths)"},
    "compare.about": {
        "zh": "本报告由 fundsim 根据本文件夹中的 compare.nc 生成（compare.csv 为同一结果的表格）。"
              "复现命令：{command}。报告为单个文件，不需要网络，可离线打开、打印和转发；"
              "中文字体为 Noto Sans CJK SC 的子集（SIL 开源字体许可）。",
        "en": "fundsim wrote this report from compare.nc in this folder (compare.csv holds a "
              "table of the same result). To reproduce: {command}. The report is one file that "
              "needs no network: open it offline, print it, forward it. Chinese text uses a "
              "subset of Noto Sans CJK SC (SIL Open Font License)."},
    # ---- track (fundsim track: a projection against monthly actuals) ---------------------
    "track.title": {"zh": "预测跟踪报告：{scenario}", "en": "Tracking the projection: {scenario}"},
    "track.subtitle": {"zh": "{first} 至 {last} 的实际数与预测比较，由 fundsim {version} 生成",
                       "en": "Actuals of {first} to {last} against the projection, produced "
                             "by fundsim {version}"},
    "track.note": {
        "zh": "实际数来自所给的实际数据文件；预测来自此前的一次模拟运行，不是官方统计。",
        "en": "The actuals come from the actuals file given; the projection from an earlier "
              "simulation run. Neither is an official statistic."},
    "track.question.heading": {"zh": "本报告回答的问题", "en": "The question this report answers"},
    "track.question": {
        "zh": "自作出预测以来，实际情况偏离了多少？本报告把预测结果与 {first} 至 {last} 的实际月度"
              "数据逐地区、逐项目、逐月并按年初累计比较，再把差距分解到各收支项目和驱动因素。",
        "en": "How far has reality drifted from the projection? This report compares the "
              "projection with the monthly actuals of {first} to {last}, region by region, item "
              "by item, month by month and year to date, and takes each gap apart by flow and "
              "by driver."},
    "track.fact.results": {"zh": "预测结果文件", "en": "Projection (results file)"},
    "track.fact.actuals": {"zh": "实际数据文件", "en": "Actuals file"},
    "track.fact.months": {"zh": "实际月份", "en": "Actual months"},
    "track.fact.projection": {"zh": "预测取值", "en": "Projected figures"},
    "track.fact.notes": {"zh": "读取说明", "en": "Notes on reading"},
    "track.projection.central": {"zh": "中心路径（无随机冲击）",
                                 "en": "the central path (no random shocks)"},
    "track.projection.mean": {"zh": "{paths} 条路径的均值", "en": "the mean of {paths} paths"},
    "track.total": {"zh": "各地区合计", "en": "All regions"},
    "track.above": {"zh": "高", "en": "above"},
    "track.below": {"zh": "低", "en": "below"},
    "track.point.balance": {
        "zh": "{month}末各地区结余合计比预测{direction} {amount}"
              "（预测 {projected}，实际 {actual}）。",
        "en": "At the end of {month} the regions' balances together were {amount} {direction} "
              "the projection (projected {projected}, actual {actual})."},
    "track.point.flow": {"zh": "年初至{month}，{flow}比预测{direction} {amount}。",
                         "en": "From January to {month}, {flow} came to {amount} {direction} "
                               "the projection."},
    "track.point.unexplained": {
        "zh": "结余差距中有 {amount} 未由已报告的收支解释（未报告或未逐月报告的项目）。",
        "en": "{amount} of the balance gap is not explained by the flows reported (flows not "
              "reported, or not every month)."},
    "track.point.largest": {"zh": "结余差距最大的地区：{regions}。",
                            "en": "The largest balance gaps: {regions}."},
    "track.point.region": {"zh": "{name}（{amount}）", "en": "{name} ({amount})"},
    "track.point.band": {"zh": "实际结余合计落在预测分布的{band}。",
                         "en": "The actual total balance lies {band} of the projection."},
    "track.point.no_balance": {"zh": "实际数据没有报告期末滚存结余。",
                               "en": "The actuals report no balance."},
    "track.band.between": {"zh": " {low}%–{high}% 分位之间", "en": "between its {low}% and "
                                                              "{high}% quantiles"},
    "track.band.below": {"zh": " {high}% 分位以下", "en": "below its {high}% quantile"},
    "track.band.above": {"zh": " {low}% 分位以上", "en": "above its {low}% quantile"},
    "track.band.unknown": {"zh": "（结余合计的分布未保存）",
                           "en": "(its distribution was not kept for the total)"},
    "track.gaps.heading": {"zh": "分地区差距", "en": "Gaps by region"},
    "track.gaps.caption": {"zh": "截至 {month} 的年初累计差距与月末结余差距（实际 − 预测，{unit}）",
                           "en": "Year-to-date gaps to {month} and the balance gap at its end "
                                 "(actual − projected, {unit})"},
    "track.gaps.note": {
        "zh": "正数表示实际高于预测。年初累计自当年一月（或预测的第一个月）起；某月未报告的项目记为"
              " —。",
        "en": "A positive gap: actual above projected. Year to date from January (or the "
              "projection's first month); a flow not reported in some month shows —."},
    "track.col.balance": {"zh": "{month}末结余", "en": "Balance end {month}"},
    "track.col.band": {"zh": "结余所在区间", "en": "Balance band"},
    "track.chart.heading": {"zh": "实际与预测", "en": "Actuals against the projection"},
    "track.chart.caption": {
        "zh": "预测结余（线{band}）与实际月末结余（点）；"
              "下方为截至最后实际月份各地区合计结余差距的分项",
        "en": "Projected balance (line{band}) and actual month-end balances (dots); below, the "
              "parts of the regions' total balance gap at the last actual month"},
    "track.chart.band_text": {"zh": "，阴影为 5%–95% 与 25%–75% 区间",
                              "en": "; shaded, the 5%–95% and 25%–75% ranges"},
    "track.chart.alt": {
        "zh": "小图为各地区合计及结余差距最大的 {count} 个地区的预测结余（线）和实际结余（点）。"
              "条形图为截至 {month} 各地区合计结余差距的分项：{parts}。",
        "en": "Small panels: the projected balance (line) and actual balances (dots) of all "
              "regions together and of the {count} regions with the largest balance gaps. "
              "Bars: the parts of the total balance gap at {month}: {parts}."},
    "track.chart.title": {"zh": "实际与预测：{scenario}（实际数至 {last}）",
                          "en": "Actuals against the projection: {scenario} (actuals to {last})"},
    "track.chart.projected": {"zh": "预测结余", "en": "Projected balance"},
    "track.chart.actual": {"zh": "实际月末结余", "en": "Actual balance"},
    "track.chart.band90": {"zh": "5%–95% 区间", "en": "5%–95% range"},
    "track.chart.band50": {"zh": "25%–75% 区间", "en": "25%–75% range"},
    "track.chart.bars": {"zh": "截至 {month} 的结余差距分项（各地区合计，{unit}）",
                         "en": "The balance gap to {month} by part (all regions, {unit})"},
    "track.chart.total_gap": {"zh": "结余差距", "en": "Balance gap"},
    "track.part.carried": {"zh": "上年末结转的差距", "en": "carried from the last year end"},
    "track.part.not_explained": {"zh": "已报收支未解释", "en": "not explained by flows reported"},
    "track.part.insured": {"zh": "参保人数", "en": "insured"},
    "track.part.wage": {"zh": "缴费工资", "en": "contribution wage"},
    "track.part.rate": {"zh": "费率与征缴", "en": "rate and collection"},
    "track.part.volume": {"zh": "领取人数", "en": "recipients"},
    "track.part.amount": {"zh": "人均待遇", "en": "benefit per recipient"},
    "track.part.take_up": {"zh": "申领率", "en": "claims per insured"},
    "track.part.not_attributed": {"zh": "未归因", "en": "not attributed"},
    "track.parts.heading": {"zh": "结余差距分解", "en": "The balance gap taken apart"},
    "track.parts.intro": {
        "zh": "月末结余差距 = 上年末结转的差距 + 各收支项目的年初累计差距（收入计正，支出计负）+ "
              "已报收支未解释的部分；各部分相加恰好等于差距。",
        "en": "The month-end balance gap = the gap carried from the last year end + each flow's "
              "year-to-date gap (income counted +, spending −) + what the flows reported do not "
              "explain; the parts add up to the gap exactly."},
    "track.parts.caption": {"zh": "{month}末结余差距的分项（{unit}）",
                            "en": "The balance gap at the end of {month} by part ({unit})"},
    "track.parts.gap": {"zh": "结余差距", "en": "Balance gap"},
    "track.drivers.heading": {"zh": "按驱动因素分解", "en": "By driver"},
    "track.drivers.intro": {
        "zh": "缴费收入 = 参保人数 × 缴费工资 × 有效费率，依次换成实际值："
              "参保人数影响、工资影响、费率与征缴影响；失业保险金 = 领取人数 × 人均待遇；"
              "新增领取人数 = 参保人数 × 申领率。实际数据未报告的驱动因素计入“未归因”。"
              "各部分相加恰好等于差距。",
        "en": "Contributions = insured × contribution wage × effective rate, replaced by the "
              "actual in turn: the insured effect, the wage effect, the rate and collection "
              "effect; benefits = recipients × benefit per recipient; new claims = insured × "
              "claims per insured. A driver the actuals do not report goes to 'not "
              "attributed'. The parts add up to the gap exactly."},
    "track.drivers.caption": {"zh": "{flow}的年初累计差距按驱动因素分解（至 {month}，{unit}）",
                              "en": "The year-to-date gap of {flow} by driver (to {month}, "
                                    "{unit})"},
    "track.drivers.gap": {"zh": "差距", "en": "Gap"},
    "track.drivers.none": {"zh": "实际数据没有可按驱动因素分解的项目（缴费收入、失业保险金、新增"
                                 "领取人数）。",
                           "en": "The actuals report none of the flows taken apart by driver "
                                 "(contributions, benefits, new claims)."},
    "track.persons": {"zh": "人", "en": "persons"},
    "track.about": {
        "zh": "本报告由 fundsim 根据本文件夹中的 track.nc 生成（track.csv、drivers.csv 为同一结果的"
              "表格）。复现命令：{command}。报告为单个文件，不需要网络，可离线打开、打印和转发；"
              "中文字体为 Noto Sans CJK SC 的子集（SIL 开源字体许可）。",
        "en": "fundsim wrote this report from track.nc in this folder (track.csv and "
              "drivers.csv hold tables of the same result). To reproduce: {command}. The report "
              "is one file that needs no network: open it offline, print it, forward it. "
              "Chinese text uses a subset of Noto Sans CJK SC (SIL Open Font License)."},
    # ---- optimize ------------------------------------------------------------------------
    "optimize.title": {
        "zh": "政策杠杆优化：{scenario}",
        "en": "Policy levers optimised: {scenario}"},
    "optimize.subtitle": {
        "zh": "目标 {objective}，每个设置 {paths} 条路径，报告由 fundsim {version} 生成",
        "en": "Objective {objective}, {paths} paths per setting; made by fundsim {version}"},
    "optimize.answer.heading": {"zh": "最优设置", "en": "The best setting"},
    "optimize.answer": {
        "zh": "在满足全部约束的设置中，{objective} 最大（财政补贴、调剂金为最小）的是下表的设置："
              "{value}（标准误 {se}）。",
        "en": "Of the settings that keep every constraint, the one with the most {objective} "
              "(the least, for public finance and pool grants) is below: {value} (standard "
              "error {se})."},
    "optimize.none": {
        "zh": "评估过的 {evaluations} 个设置都不满足全部约束：请放宽约束或扩大杠杆范围。",
        "en": "None of the {evaluations} settings evaluated keeps every constraint: loosen a "
              "constraint or widen a lever's range."},
    "optimize.levers_caption": {
        "zh": "政策杠杆：搜索范围与最优值",
        "en": "Levers: range and best value"},
    "optimize.head.lever": {"zh": "杠杆", "en": "lever"},
    "optimize.head.range": {"zh": "范围", "en": "range"},
    "optimize.head.best": {"zh": "最优值", "en": "best"},
    "optimize.constraints_caption": {
        "zh": "约束在最优设置下的取值",
        "en": "The constraints at the best setting"},
    "optimize.head.constraint": {"zh": "约束", "en": "constraint"},
    "optimize.head.value": {"zh": "估计值（标准误）", "en": "estimate (standard error)"},
    "optimize.head.binding": {"zh": "是否起约束作用", "en": "binding"},
    "optimize.binding.yes": {
        "zh": "是（在两个标准误之内）",
        "en": "yes (within two standard errors)"},
    "optimize.binding.no": {"zh": "否", "en": "no"},
    "optimize.front.heading": {"zh": "权衡曲线", "en": "The trade-off curve"},
    "optimize.front.text": {
        "zh": "灰点为评估过的全部 {evaluations} 个设置；蓝线连接没有其他设置能在 {objective} 更多、"
              "同时 {risk} 更低的设置（帕累托前沿）。所有设置使用同一组随机路径（共同随机数）。",
        "en": "Grey: all {evaluations} settings evaluated; blue: the settings no other beats on "
              "both more {objective} and less {risk} (the Pareto front). Every setting is scored "
              "on the same random paths (common random numbers)."},
    "optimize.front_caption": {
        "zh": "权衡曲线上的设置（按风险升序）",
        "en": "Settings on the trade-off curve, by rising risk"},
    "optimize.chart_caption": {"zh": "目标与风险的权衡", "en": "The objective against the risk"},
    "optimize.chart_alt": {
        "zh": "散点图：每个评估过的设置的风险与目标，帕累托前沿连线，最优设置以星号标出",
        "en": "Scatter of every setting's risk and objective, the Pareto front joined, the "
              "best setting starred"},
    "optimize.about": {
        "zh": "本报告由 fundsim 根据本文件夹中的 optimize.nc 生成（optimize.csv 为全部设置、"
              "front.csv 为权衡曲线）。搜索方法：scipy 差分进化（无导数，每代的设置在同一次向量化"
              "计算中运行），不满足约束的设置排在满足约束的设置之后；共 {generations} 代、"
              "{evaluations} 个设置。",
        "en": "fundsim wrote this report from optimize.nc in this folder (optimize.csv: every "
              "setting; front.csv: the trade-off curve). Search: scipy's differential evolution "
              "(derivative-free; each generation's settings run as one vectorised computation), "
              "a setting breaking a constraint ranked below every setting keeping them; "
              "{generations} generations, {evaluations} settings."},
    # ---- frontier ------------------------------------------------------------------------
    "frontier.title": {"zh": "可承受性前沿：{label}",
                       "en": "Affordability frontier: {label}"},
    "frontier.subtitle": {"zh": "{scope}，目标概率 {target}，报告由 fundsim {version} 生成",
                          "en": "{scope}, target probability {target}; report by fundsim "
                                "{version}"},
    "frontier.scope.province": {"zh": "全省作为一个基金整体", "en": "the province as one fund"},
    "frontier.scope.regions": {"zh": "每个地区（被排除的地区除外）",
                               "en": "every region (apart from the excluded ones)"},
    "frontier.answer.heading": {"zh": "答案", "en": "The answer"},
    "frontier.answer": {
        "zh": "{what}最高可设为 {ratio}：在此比例下，{scope}在首次评估之后的每次年度评估中"
              "都达到一般稳岗返还备付能力标准的概率不低于 {target}（估计为 {achieved}）。",
        "en": "The highest {what} is {ratio}: at that ratio, {scope} keeps the general-return "
              "reserve test at every yearly assessment after the first with a probability of "
              "at least {target} (estimated at {achieved})."},
    "frontier.at_top": {"zh": "搜索上限 {high} 本身即满足目标，更高的比例未作检验。",
                        "en": " The top of the searched range, {high}, meets the target "
                              "itself; higher ratios were not searched."},
    "frontier.above": {
        "zh": "注意：曲线上高于 {ratio} 的比例中，{ratios} 的估计概率也达到目标。蒙特卡洛估计随比例"
              "呈阶梯变化、并非严格递减，答案取搜索过程中评估过的满足目标的最高比例。",
        "en": "Note: above {ratio}, the curve's estimate also meets the target at {ratios}. The "
              "Monte Carlo estimate moves in steps and is not strictly decreasing in the ratio; "
              "the answer is the highest ratio meeting the target among those the search "
              "evaluated."},
    "frontier.none": {
        "zh": "在 {low} 至 {high} 之间，没有任何{what}能使{scope}在首次评估之后的每次年度评估中"
              "以不低于 {target} 的概率达到一般稳岗返还备付能力标准：即使比例为 {low}，"
              "概率也只有 {p_low}。",
        "en": "No value of {what} between {low} and {high} keeps {scope} at the general-return "
              "reserve test at every yearly assessment after the first with a probability of "
              "{target}: even at {low} the probability is only {p_low}."},
    "frontier.method": {
        "zh": "方法：每个比例自模拟开始起全程有效；用蒙特卡洛路径估计达标概率（首次评估由期初数据"
              "决定，与比例无关，不计入）；所有比例使用相同的随机抽样，用 scipy 的 brentq 在容差内"
              "寻找概率降到目标以下的位置，报告满足目标的最高已评估比例。",
        "en": "Method: each ratio is in force from the start of the run; the probability of "
              "keeping the test is a Monte Carlo estimate (the first assessment is fixed by the "
              "opening data whatever the ratio, so it does not count); every ratio sees the same "
              "random draws; scipy's brentq brackets where the probability falls below the "
              "target to within the tolerance, and the highest evaluated ratio meeting the "
              "target is reported."},
    "frontier.facts": {"zh": "搜索条件", "en": "The search"},
    "frontier.fact.key": {"zh": "搜索的比例", "en": "Ratio searched"},
    "frontier.fact.scope": {"zh": "检验范围", "en": "Tested"},
    "frontier.fact.target": {"zh": "目标概率", "en": "Target probability"},
    "frontier.fact.ratio": {"zh": "可承受上限", "en": "Frontier"},
    "frontier.fact.achieved": {"zh": "该比例下的估计概率", "en": "Estimated probability there"},
    "frontier.fact.range": {"zh": "搜索区间", "en": "Searched range"},
    "frontier.fact.tolerance": {"zh": "容差", "en": "Tolerance"},
    "frontier.fact.evaluations": {"zh": "蒙特卡洛估计次数", "en": "Monte Carlo evaluations"},
    "frontier.fact.excluded": {"zh": "被排除的地区数", "en": "Regions excluded"},
    "frontier.no_ratio": {"zh": "没有满足目标的比例", "en": "no ratio meets the target"},
    "frontier.paths": {"zh": "{paths} 条（随机种子 {seed}），所有比例使用相同的随机抽样",
                       "en": "{paths} (seed {seed}), every ratio on the same random draws"},
    "frontier.range": {"zh": "{low} 至 {high}", "en": "{low} to {high}"},
    "frontier.tolerance_value": {"zh": "{points} 个百分点", "en": "{points} percentage points"},
    "frontier.excluded.heading": {"zh": "被排除的地区", "en": "Excluded regions"},
    "frontier.excluded_province": {
        "zh": "全省作为一个整体检验，不排除地区。",
        "en": "The province is tested as one fund: no region is excluded."},
    "frontier.excluded_none": {
        "zh": "没有地区被排除：每个地区在比例为 0 时都能以目标概率达标。",
        "en": "No region is excluded: at a ratio of 0 every region keeps the test with the "
              "target probability."},
    "frontier.excluded_intro": {
        "zh": "下列 {count} 个地区即使比例为 0，在首次评估之后低于一般标准的概率也超过 {fail}"
              "（即达标概率低于 {target}），任何比例都无法使其达标，因此不计入搜索：",
        "en": "These {count} regions fall below the general test after the first assessment "
              "with a probability above {fail} even at a ratio of 0 (so they keep it with less "
              "than {target}): no ratio can save them, and the search leaves them out:"},
    "frontier.excluded_mark": {"zh": "（已排除）", "en": "(excluded)"},
    "frontier.curve.heading": {"zh": "达标概率曲线", "en": "The probability curve"},
    "frontier.chart.title": {"zh": "达标概率与返还比例：{scope}",
                             "en": "Probability of keeping the test against the ratio: {scope}"},
    "frontier.chart.ylabel": {"zh": "首次评估后始终达标的概率",
                              "en": "Probability of keeping the test after the first "
                                    "assessment"},
    "frontier.chart.curve": {"zh": "达标概率（蒙特卡洛估计）",
                             "en": "probability (Monte Carlo estimate)"},
    "frontier.chart.target": {"zh": "目标 {target}", "en": "target {target}"},
    "frontier.chart.frontier": {"zh": "可承受上限 {ratio}", "en": "frontier {ratio}"},
    "frontier.chart.meets": {"zh": "满足目标的比例", "en": "ratios meeting the target"},
    "frontier.caption": {"zh": "各返还比例下的达标概率，目标 {target} 和可承受上限",
                         "en": "Probability of keeping the test by ratio, with the target "
                               "{target} and the frontier"},
    "frontier.alt": {
        "zh": "折线图：{count} 个返还比例（{low} 至 {high}）下的达标概率，从 {p_low} 到 {p_high}；"
              "目标概率 {target} 为水平虚线。{frontier}",
        "en": "Line chart: the probability of keeping the test at {count} ratios from {low} to "
              "{high}, from {p_low} to {p_high}; the target {target} is a dashed horizontal "
              "line. {frontier}"},
    "frontier.alt_ratio": {"zh": "可承受上限 {ratio} 为竖线，其左侧阴影为满足目标的比例。",
                           "en": "The frontier {ratio} is a vertical line; the ratios meeting "
                                 "the target are shaded to its left."},
    "frontier.alt_none": {"zh": "没有比例满足目标。", "en": "No ratio meets the target."},
    "frontier.col.ratio": {"zh": "返还比例", "en": "Ratio"},
    "frontier.col.probability": {"zh": "达标概率", "en": "Probability"},
    "frontier.col.meets": {"zh": "是否满足目标", "en": "Meets the target"},
    "frontier.meets_yes": {"zh": "是", "en": "yes"},
    "frontier.meets_no": {"zh": "否", "en": "no"},
    "frontier.curve_caption": {"zh": "曲线上各比例的达标概率（目标 {target}）",
                               "en": "The probability at each ratio of the curve (target "
                                     "{target})"},
    "frontier.curve_note": {
        "zh": "说明：曲线为均匀取点；答案由 brentq 在曲线之外另行评估的比例得出。",
        "en": "Notes: the curve is evenly spaced; the answer comes from further evaluations "
              "between its points (brentq)."},
    "frontier.regions.heading": {"zh": "各地区的风险", "en": "Each region's risk"},
    "frontier.regions_caption": {
        "zh": "各地区在首次评估之后至少一次低于一般标准的概率，按返还比例",
        "en": "Probability that a region falls below the general test after the first "
              "assessment, by ratio"},
    "frontier.regions_note": {
        "zh": "说明：标色的格子概率超过 {fail}（达不到"
              "目标）；全省整体检验时，各地区的风险仅供参考。",
        "en": "Notes: shaded cells exceed {fail} (the region misses the target there); when the "
              "province is tested as one fund, the regions' risks are for information."},
    "frontier.about": {
        "zh": "本报告由 fundsim 根据本文件夹中的 frontier.nc 生成（frontier.csv 为曲线的表格）。"
              "frontier.nc 不记录情景、路径数和随机种子，复现时请按原命令补全：{command}。"
              "报告为单个文件，不需要网络，可离线打开、打印和转发；"
              "中文字体为 Noto Sans CJK SC 的子集"
              "（SIL 开源字体许可）。",
        "en": "fundsim wrote this report from frontier.nc in this folder (frontier.csv holds the "
              "curve as a table). frontier.nc does not record the scenario, the paths or the "
              "seed: to reproduce, complete the original command: {command}. The report is one "
              "file that needs no network: open it offline, print it, forward it. Chinese text "
              "uses a subset of Noto Sans CJK SC (SIL Open Font License)."},
    # ---- plots ---------------------------------------------------------------------------
    "plot.month": {"zh": "月份", "en": "Month"},
    "plot.year": {"zh": "年份", "en": "Year"},
    "plot.median_note": {"zh": "（路径中位数）", "en": " (median over paths)"},
    "plot.mean_note": {"zh": "（路径均值）", "en": " (mean over paths)"},
    "plot.reserve.title": {"zh": "备付月数", "en": "Months of reserve"},
    "plot.reserve.title_worst": {
        "zh": "备付月数：全省与最低的 {shown} 个地区（共 {regions} 个）",
        "en": "Months of reserve: the province and the {shown} lowest of {regions} regions"},
    "plot.province": {"zh": "全省（含调剂金）", "en": "Province (with pool)"},
    "plot.map.title": {"zh": "各地区备付月数（{regions} 个地区，最低者在上）",
                       "en": "Months of reserve of {regions} regions, the lowest on top"},
    "plot.map.rank": {"zh": "地区排名（按最低备付月数）",
                      "en": "Region rank (by lowest months of reserve)"},
    "plot.map.below": {"zh": "低于 {months} 个月", "en": "below {months} months"},
    "plot.map.band": {"zh": "{low}–{high} 个月", "en": "{low}–{high} months"},
    "plot.map.above": {"zh": "{months} 个月及以上", "en": "{months} months or more"},
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
    "plot.balance.title_worst": {
        "zh": "失业保险基金月末余额：备付月数最低的 {shown} 个地区（共 {regions} 个）",
        "en": "UI fund balance at month end: the {shown} regions lowest in reserve of "
              "{regions}"},
    "plot.balance.others": {"zh": "其他 {count} 个地区", "en": "the other {count} regions"},
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
    "threshold.changes": {"zh": "{first}（{changes}）", "en": "{first} ({changes})"},
    "threshold.from": {"zh": "{month}起为 {value}", "en": "{value} from {month}"},
    "range.years": {"zh": "{first}–{last}", "en": "{first}–{last}"},
    # ---- section and chart: the re-forecast's early warning (issue 15 item 4) -------------
    "watch.heading": {"zh": "实际数据与年末预警", "en": "Actuals and the year-end early warning"},
    "watch.intro": {
        "zh": "实际数据覆盖 {first} 至 {last}（{months} 个月，来自 {source}），其后各月为重新预测。"
              "下表给出 {year} 年末的基金结余和 {assessment} 评估的备付能力。",
        "en": "The actual figures cover {first} to {last} ({months} months, from {source}); "
              "the months after are re-forecast. The table gives the fund balance at the end "
              "of {year} and the reserve at the {assessment} assessment."},
    "watch.intro_nosource": {
        "zh": "实际数据覆盖 {first} 至 {last}（{months} 个月），其后各月为重新预测。"
              "下表给出 {year} 年末的基金结余和 {assessment} 评估的备付能力。",
        "en": "The actual figures cover {first} to {last} ({months} months); the "
              "months after are re-forecast. The table gives the fund balance at the end of "
              "{year} and the reserve at the {assessment} assessment."},
    "watch.rule": {
        "zh": "预警等级按 {assessment} 评估未达一般稳岗返还备付要求（{general} 个月）的概率划分："
              "不低于 {red} 为红色，不低于 {amber} 为黄色，其余为绿色。",
        "en": "The grade follows the probability of failing the general-return test "
              "({general} months) at the {assessment} assessment: red from {red}, amber from "
              "{amber}, green below."},
    "watch.single_path": {"zh": "本次为单路径运行，概率只能为 0 或 100%。",
                          "en": " This is a single-path run: its probabilities are 0 or 100%."},
    "watch.too_short": {
        "zh": "实际数据覆盖 {first} 至 {last}（{months} 个月）。模拟期在 {end} 结束，早于其后的 "
              "1 月评估（{assessment}），因此没有年末预警；将情景的月数延长到 {assessment} "
              "或以后即可得到。",
        "en": "The actual figures cover {first} to {last} ({months} months). The run ends in "
              "{end}, before the next January assessment ({assessment}), so there is no "
              "year-end warning; extend the scenario's months to {assessment} or later to get "
              "one."},
    "watch.list": {"zh": "需关注的地区（{count} 个）：{names}。",
                   "en": "Regions to watch ({count}): {names}."},
    "watch.list_none": {"zh": "没有需关注的地区：各地区均为绿色。",
                        "en": "No region to watch: every region is green."},
    "watch.list_item": {"zh": "{name}（{grade}，{probability}）",
                        "en": "{name} ({grade}, {probability})"},
    "watch.grade.red": {"zh": "红色", "en": "red"},
    "watch.grade.amber": {"zh": "黄色", "en": "amber"},
    "watch.grade.green": {"zh": "绿色", "en": "green"},
    "watch.province": {"zh": "全省（各地区与调剂金）", "en": "Province (regions and pool)"},
    "watch.col.grade": {"zh": "等级", "en": "Grade"},
    "watch.col.region": {"zh": "地区", "en": "Region"},
    "watch.col.p_general": {"zh": "{assessment} 未达 {general} 个月的概率",
                            "en": "P(below {general} months), {assessment}"},
    "watch.col.reserve": {"zh": "{assessment} 备付月数：中位数 [5%–95%]",
                          "en": "Reserve months, {assessment}: median [5–95%]"},
    "watch.col.reserve_one": {"zh": "{assessment} 备付月数", "en": "Reserve months, {assessment}"},
    "watch.col.plan_reserve": {"zh": "1月预测的备付月数", "en": "January projection: reserve "
                                                               "months"},
    "watch.col.balance": {"zh": "{year} 年末结余·重新预测中位数（{unit}）",
                          "en": "End-{year} balance, re-forecast median ({unit})"},
    "watch.col.balance_one": {"zh": "{year} 年末结余·重新预测（{unit}）",
                              "en": "End-{year} balance, re-forecast ({unit})"},
    "watch.col.plan_balance": {"zh": "年末结余·1月预测（{unit}）",
                               "en": "Year-end balance, January projection ({unit})"},
    "watch.caption": {"zh": "需关注的地区：红色在前，按未达一般返还线的概率排序（{paths} 条路径）",
                      "en": "Regions to watch: red first, by the probability of failing the "
                            "general test ({paths} paths)"},
    "watch.caption_one": {"zh": "需关注的地区：红色在前（单路径）",
                          "en": "Regions to watch: red first (one path)"},
    "watch.note": {
        "zh": "1月预测为不含实际数据的同一情景中心路径。全省行为各地区与调剂金作为一个基金，"
              "其评估按全省备付月数；缺少数据处记为 —。",
        "en": "The January projection is the central path of the same scenario without "
              "actuals. The province row is the regions and the pool as one fund, assessed on "
              "the province's months of reserve; — marks a figure not available."},
    "watch.chart_caption": {
        "zh": "全省与需关注地区的基金结余：实际数据、1月预测与重新预测",
        "en": "Fund balances of the province and the regions to watch: actuals, the January "
              "projection and the re-forecast"},
    "watch.alt": {
        "zh": "共 {panels} 幅小图：{names}。每幅为基金结余：{last} 及以前为实际数据（实线加圆点），"
              "虚线为 1月预测，其后为重新预测{band}；竖线标出最后实际月份。",
        "en": "{panels} small panels: {names}. Each shows the fund balance: the actual figures "
              "to {last} (solid line with dots), the January projection (dashed) and then the "
              "re-forecast{band}; a vertical line marks the last actual month."},
    "watch.alt_band": {"zh": "（中位数与 5%–95% 区间）", "en": " (median and 5–95% band)"},
    "watch.plot.title": {"zh": "实际数据与重新预测：全省与需关注的 {count} 个地区"
                               "（实际数据至 {last}）",
                         "en": "Actuals and re-forecast: the province and {count} regions to "
                               "watch (actuals to {last})"},
    "watch.plot.title_none": {"zh": "实际数据与重新预测：全省"
                                    "（没有需关注的地区；实际数据至 {last}）",
                              "en": "Actuals and re-forecast: the province (no region to "
                                    "watch; actuals to {last})"},
    "watch.plot.more": {"zh": "（另有 {count} 个未显示）", "en": " ({count} more not shown)"},
    "watch.plot.panel": {"zh": "{name}：{grade}（{probability}）",
                         "en": "{name}: {grade} ({probability})"},
    "watch.plot.province": {"zh": "全省", "en": "Province"},
    "watch.plot.actual": {"zh": "实际", "en": "Actual"},
    "watch.plot.plan": {"zh": "1月预测", "en": "January projection"},
    "watch.plot.median": {"zh": "重新预测中位数", "en": "Re-forecast median"},
    "watch.plot.forecast": {"zh": "重新预测", "en": "Re-forecast"},
    # ---- recession replay (fundsim.present.report.downturn_section) -----------------------
    "downturn.heading": {"zh": "衰退情景重演", "en": "Recession replay"},
    "downturn.intro": {
        "zh": "本次运行自 {start} 起重演“{profile}”衰退情景：新申领人数、缴费工资和参保人数按该情景"
              "的乘数偏离中心路径。“耗尽前月数”是从 {start} 到基金首次需要财政补贴才能使结余不为负"
              "的月份所经过的月数；所需财政资金为至 {end} 整个预测期的财政补贴合计（包括调剂金无力"
              "承担的稳岗返还部分）。",
        "en": "This run replays the “{profile}” downturn from {start}: new claims, the "
              "contribution wage and the insured move off the central path by the profile's "
              "multipliers. Months until exhaustion count from {start} to the first month a "
              "fund needs public finance to keep its balance from going negative; the public "
              "finance needed is the public-finance top-ups over the whole horizon to {end} "
              "(including returns the pool could not fund)."},
    "downturn.summary": {
        "zh": "{regions} 个地区中有 {count} 个在预测期内耗尽；最早的是{name}，{months} 个月后"
              "（{month}）。",
        "en": "{count} of {regions} regions run dry within the horizon; the first, {name}, "
              "after {months} months ({month})."},
    "downturn.summary_none": {
        "zh": "{regions} 个地区在 {end} 前都不需要财政补贴来弥补赤字。",
        "en": "None of the {regions} regions needs public finance to cover a deficit before "
              "{end}."},
    "downturn.province": {"zh": "全省（各地区与调剂金）", "en": "Province (regions and pool)"},
    "downturn.never": {"zh": "预测期内未耗尽", "en": "not within the horizon"},
    "downturn.col.region": {"zh": "地区", "en": "Region"},
    "downturn.col.months": {"zh": "自 {start} 起耗尽前月数（中位数）",
                            "en": "Months from {start} to exhaustion (median)"},
    "downturn.col.months_one": {"zh": "自 {start} 起耗尽前月数",
                                "en": "Months from {start} to exhaustion"},
    "downturn.col.first_month": {"zh": "首次需要财政补贴的月份",
                                 "en": "First month needing public finance"},
    "downturn.col.p": {"zh": "预测期内耗尽的概率", "en": "Probability of exhaustion within "
                                                           "the horizon"},
    "downturn.col.needed": {"zh": "所需财政资金·各路径平均（{unit}）",
                            "en": "Public finance needed, mean over paths ({unit})"},
    "downturn.col.needed_one": {"zh": "所需财政资金（{unit}）",
                                "en": "Public finance needed ({unit})"},
    "downturn.col.deficit": {"zh": "其中弥补赤字（{unit}）",
                             "en": "Of which to cover deficits ({unit})"},
    "downturn.caption": {"zh": "“{profile}”衰退情景（自 {start} 起）：耗尽前月数与所需财政资金",
                         "en": "The “{profile}” downturn from {start}: months until exhaustion "
                               "and public finance needed"},
    "downturn.note": {
        "zh": "全省一行把各地区与调剂金视为一个基金：从起始月到调剂金首次无法使所有地区结余不为负的"
              "月份。",
        "en": "The province row takes the regions and the pool as one fund: from the start to the "
              "first month the pool can no longer keep every region's balance from going "
              "negative."},
    "downturn.note_paths": {
        "zh": "共 {paths} 条路径：月数取中位数（未耗尽的路径视为最长；半数以上路径未耗尽时显示"
              "“预测期内未耗尽”）。",
        "en": " {paths} paths: the months are the median (a path that never runs dry counts "
              "as the longest; with half the paths or more never running dry the median is "
              "“not within the horizon”)."},
    "downturn.note_summary": {
        "zh": "本次运行只保留各路径的年度数据，月数计至首次出现赤字的年份的第一个月（下限）。",
        "en": " This run keeps its paths by year only: the months count to the first month of "
              "the first year with a deficit (a lower bound)."},
    "watch.plot.band": {"zh": "重新预测 5%–95% 区间", "en": "Re-forecast 5–95% band"},
    "watch.plot.year_end": {"zh": "年末结余 5%–95%", "en": "Year-end balance, 5–95%"},
    "watch.plot.last_actual": {"zh": "最后实际月份（{month}）",
                               "en": "Last actual month ({month})"},
    "watch.plot.mean_note": {"zh": "各路径均值", "en": "mean over paths"},
    "watch.plot.ylabel": {"zh": "基金结余（{unit}）", "en": "Fund balance ({unit})"},
    # ---- charts: labels that explain colours, limits and swept keys (issue 13 item 8) -----
    "plot.reserve.failing": {"zh": "标题为橙红色：至少一年低于 {months} 个月",
                             "en": "title in vermillion: below {months} months in some year"},
    "plot.reserve.failing_paths": {
        "zh": "标题为橙红色：至少一年在一半以上路径中低于 {months} 个月",
        "en": "title in vermillion: below {months} months in some year on half the paths"},
    "plot.balance.total": {"zh": "各地区合计", "en": "all regions together"},
    "plot.balance.own_scale": {"zh": "（各图纵轴刻度不同）", "en": " (each panel its own scale)"},
    "plot.training.window": {"zh": "（只显示 {first}–{last}，其余月份为 0）",
                             "en": " (shown {first}–{last}; zero in the other months)"},
    "plot.training.none": {"zh": "本情景没有以工代训", "en": "No training subsidy in this run"},
    "plot.key_with_unit": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "plot.unit.share": {"zh": "%", "en": "%"},
    "plot.unit.months": {"zh": "个月", "en": "months"},
    "plot.unit.yuan": {"zh": "元", "en": "yuan"},
    "plot.unit.multiple": {"zh": "倍", "en": "times"},
    "plot.unit.persons": {"zh": "人", "en": "persons"},
    "plot.unit.yuan/person/month": {"zh": "元/人·月", "en": "yuan per person-month"},
    "plot.key.policy.pool.failing_regions": {
        "zh": "未达一般返还门槛地区的处理", "en": "What a region below the general test does"},
    "plot.key.policy.pool.allocation": {"zh": "调剂金不足时的分配方式",
                                        "en": "How a short pool shares out"},
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
