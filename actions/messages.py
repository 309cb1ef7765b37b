"""Every fixed user-visible string, in Chinese and English, in one place."""

MESSAGES = {
    "greet": {
        "zh": "您好！我是社会保险咨询助手，可以解答个人（灵活就业、个体户等）参保的问题：能不能自己交、"
              "要带什么材料、去哪里办、每月交多少、养老金怎么算、断缴和转移怎么办，以及《社会保险法》的条文。"
              "请直接输入您的问题，最好说明所在城市。",
        "en": "Hello! I answer questions about paying Chinese social insurance yourself (flexible "
              "employment, sole proprietors and others): who may enrol, documents, where and how to pay, "
              "costs, pensions, gaps and transfers, and what the Social Insurance Law says. Ask away, "
              "and tell me your city if you can.",
    },
    "goodbye": {"zh": "再见！如有需要，随时再来咨询，也可拨打12333。",
                "en": "Goodbye! Come back any time, or call 12333."},
    "thank": {"zh": "不客气！还有其他社保问题可以继续问我。",
              "en": "You're welcome! Ask me anything else about social insurance."},
    "bot_challenge": {
        "zh": "我是自动问答助手，不是人工客服。我的回答来自整理过的法规和官方资料，并注明出处；"
              "需要人工服务请输入“转人工”或拨打12333。",
        "en": "I'm an automated assistant, not a person. My answers come from reviewed laws and official "
              "sources, which I cite. For a person, type \"talk to a person\" or call 12333.",
    },
    "affirm": {"zh": "好的。请继续提问，例如“在深圳灵活就业每月交多少钱”。",
               "en": "OK. Go ahead and ask, e.g. \"how much does flexible employment cost in Shenzhen?\""},
    "deny": {"zh": "好的。您可以换个说法再问一次，或者拨打12333咨询。",
             "en": "All right. Try asking in other words, or call 12333."},
    "out_of_scope": {
        "zh": "抱歉，我只能回答社会保险方面的问题（参保、缴费、待遇、转移、法律条文等）。"
              "其他政务事项请咨询12345政务服务便民热线或相关部门。",
        "en": "Sorry, I can only help with social insurance (enrolment, contributions, benefits, transfers, "
              "the law). For other public services, please contact the 12345 government service hotline "
              "or the department concerned.",
    },
    "handoff": {
        "zh": "好的，已为您记录转人工请求。人工咨询请拨打人社服务热线12333（医保问题可拨12393），"
              "或前往当地社会保险经办机构窗口。",
        "en": "I've noted that you'd like a person. Please call the 12333 hotline (12393 for medical "
              "insurance) or visit your local social insurance office.",
    },
    "lost": {
        "zh": "抱歉，我没有理解您的问题，也不想猜错。您可以换个说法（例如“灵活就业怎么交社保”），"
              "或拨打12333、前往当地社会保险经办机构咨询。",
        "en": "Sorry, I didn't understand that and would rather not guess. Try other words (e.g. \"how do "
              "I pay social insurance as a freelancer?\"), or call 12333 or visit your local social "
              "insurance office.",
    },
    "did_you_mean": {"zh": "我不太确定您的意思，您是想问：", "en": "I'm not sure what you mean. Did you want to ask:"},
    "none_of_these": {"zh": "都不是", "en": "None of these"},
    "declined": {
        "zh": "抱歉没能理解。请换个说法再问一次，或拨打12333、前往当地社会保险经办机构咨询。",
        "en": "Sorry I couldn't understand. Please try other words, or call 12333 or visit your local "
              "social insurance office.",
    },
    "empty": {"zh": "请输入您的社保问题。", "en": "Please type your social insurance question."},
    "too_long": {
        "zh": "您的消息很长，我只读了开头部分。请用一两句话描述问题，会更准确。",
        "en": "Your message is very long, so I only read the beginning. One or two sentences work best.",
    },
    "not_in_kb": {
        "zh": "抱歉，这个问题知识库里还没有经过核实的答案。请拨打12333或咨询当地社会保险经办机构。",
        "en": "Sorry, the knowledge base has no verified answer to this yet. Please call 12333 or ask your "
              "local social insurance office.",
    },
    "which_topic_for_region": {
        "zh": "好的，已记下地区：{region}。您想了解{region}的哪方面？",
        "en": "Got it: {region}. What would you like to know about {region}?",
    },
    "unknown_region": {
        "zh": "暂时没有识别出这个地区。请说出省份或城市名称，例如“深圳”“浙江”。",
        "en": "I didn't recognise that place. Please name a province or city, e.g. Shenzhen or Zhejiang.",
    },
    # --- answer layout ---
    "points": {"zh": "要点：", "en": "Key points:"},
    "steps": {"zh": "办理步骤：", "en": "Steps:"},
    "documents": {"zh": "所需材料：", "en": "Documents:"},
    "regional_header": {"zh": "{region}的规定：", "en": "Rules in {region}:"},
    "national_header": {"zh": "全国规定：", "en": "National rules:"},
    "region_no_data": {
        "zh": "知识库暂无{region}已核实的地方数字，以下为全国规定；具体标准请向当地社保经办机构或12333确认。",
        "en": "The knowledge base has no verified local figures for {region} yet, so these are the national "
              "rules; please confirm local figures with the local office or 12333.",
    },
    "ask_region": {
        "zh": "各地缴费基数、费率和办理渠道不同。告诉我您所在的城市，我可以给出当地规定：",
        "en": "Bases, rates and channels differ by region. Tell me your city for the local rules:",
    },
    "legal_basis": {"zh": "法律依据：", "en": "Legal basis: "},
    "sources": {"zh": "来源：", "en": "Sources: "},
    "verified": {"zh": "最近核实：{date}。政策每年可能调整，请以当地最新公告为准。",
                 "en": "Last verified {date}. Figures change yearly; the latest local notice prevails."},
    "caveat": {"zh": "⚠ 注意：", "en": "⚠ Note: "},
    "conflict": {"zh": "来源不一致：{options}。请以官方答复为准。",
                 "en": "Sources disagree: {options}. Please confirm with the authorities."},
    "unconfirmed": {"zh": "尚未核实，请咨询12333或当地经办机构", "en": "not yet verified; ask 12333 or the local office"},
    "year_source": {"zh": "（{year}；{source}）", "en": " ({year}; {source})"},
    "per_month": {"zh": "元/月", "en": "CNY/month"},
    "per_year": {"zh": "元/年", "en": "CNY/year"},
    "yuan": {"zh": "元", "en": "CNY"},
    "inherited": {"zh": "（适用{region}规定）", "en": " ({region} rule)"},
    # --- articles ---
    "article_header": {"zh": "《{law}》{label}（{version}）：", "en": "{law}, Article {number} ({version}):"},
    "article_summary": {"zh": "", "en": "In short: {summary}"},
    "article_official_zh": {"zh": "", "en": "Official Chinese text:"},
    "article_missing": {
        "zh": "《{law}》共{count}条，没有第{number}条。请核对条文编号。",
        "en": "The {law} has {count} articles; there is no Article {number}. Please check the number.",
    },
}


def msg(key: str, lang: str, **values) -> str:
    text = MESSAGES[key]["en" if lang == "en" else "zh"]
    return text.format(**values) if values else text


# --- calculators (contribution and pension forms; actions/forms.py, actions/calc_render.py) ---
MESSAGES.update({
    # prompts
    "calc_ask_region": {"zh": "请问在哪个城市或省份缴费？（例如：北京、广州、江苏）",
                        "en": "Which city or province do you pay in? (e.g. Beijing, Guangzhou, Jiangsu)"},
    "calc_ask_base_range": {
        "zh": "按什么缴费基数计算？{region}{year}年度缴费基数为{min}–{max}元/月（{source}）。可以回复“最低档”“最高档”、"
              "平均工资的百分比（60%–300%）或具体金额。",
        "en": "Which contribution base? In {region} the {year} base range is CNY {min}–{max} a month ({source}). Reply "
              "lowest, highest, a share of the average wage (60%–300%) or an amount.",
    },
    "calc_ask_base_grades": {
        "zh": "按哪一档缴费？{region}{year}年度灵活就业养老保险共{count}档（{source}）：{grades}元/月。"
              "回复“第1档”“最低档”“最高档”或其中一个金额。",
        "en": "Which grade? In {region} flexible workers choose one of {count} grades for {year} ({source}): "
              "CNY {grades} a month. Reply e.g. grade 1, lowest, highest or one of these amounts.",
    },
    "calc_ask_base_plain": {
        "zh": "按什么缴费基数计算？可以回复“最低档”“最高档”、平均工资的百分比（60%–300%）或具体金额。",
        "en": "Which contribution base? Reply lowest, highest, a share of the average wage (60%–300%) or an amount.",
    },
    "calc_ask_index": {
        "zh": "打算按平均工资的多少缴费（缴费指数）？例如60%（最低档）、100%、300%（最高档），也可以回复基数金额。",
        "en": "What share of the average wage will you pay on (your contribution index)? E.g. 60% (lowest), 100%, "
              "300% (highest), or a base amount.",
    },
    "calc_ask_insurances": {"zh": "要计算哪些险种？", "en": "Which insurances should I include?"},
    "calc_ask_birth": {"zh": "请问您的出生年月？（例如：1985年3月）也可以直接说年龄，如“38岁”。",
                       "en": "When were you born (year and month, e.g. March 1985)? You can also give your age, "
                             "e.g. \"I'm 38\"."},
    "calc_ask_birth_month": {"zh": "请问您是几月出生的？（1–12月）", "en": "Which month were you born in (1–12)?"},
    "calc_ask_sex": {"zh": "请问您的性别？（男女的法定退休年龄不同）",
                     "en": "Are you male or female? (Statutory retirement ages differ.)"},
    "calc_ask_female_age": {
        "zh": "按原来的规定，您的法定退休年龄是50岁（一般为女工人）还是55岁（一般为女干部、管理岗位）？"
              "不确定可向当地社保经办机构确认。",
        "en": "Under the old rules, was your statutory retirement age 50 (usually women workers) or 55 (usually women "
              "cadres/staff)? The local social insurance office can confirm.",
    },
    "calc_ask_paid": {
        "zh": "到现在已经累计缴纳职工养老保险多少年？（例如“5年”“3年6个月”，没交过请回复“0”）",
        "en": "How long have you already paid into the employee pension? (e.g. 5 years, 3 years 6 months; 0 if never)",
    },
    "calc_ask_balance": {
        "zh": "个人账户余额大约多少元？可在社保个人权益记录（电子社保卡、当地社保App）中查到；不知道请回复“跳过”。",
        "en": "Roughly how much is in your personal pension account? It is in your social insurance record (e.g. the "
              "electronic social security card); reply \"skip\" if you don't know.",
    },
    "calc_stop_hint": {"zh": "（随时回复“算了”可退出计算）", "en": "(Say \"stop\" at any time to leave the calculator.)"},
    # buttons: titles and the text a button sends
    "calc_btn_lowest": {"zh": "最低档", "en": "lowest"},
    "calc_btn_highest": {"zh": "最高档", "en": "highest"},
    "calc_btn_average": {"zh": "100%", "en": "100%"},
    "calc_btn_grade": {"zh": "第{n}档（{amount}元）", "en": "grade {n} (CNY {amount})"},
    "calc_btn_grade_payload": {"zh": "第{n}档", "en": "grade {n}"},
    "calc_btn_all": {"zh": "全部（养老、医疗、失业）", "en": "All (pension, medical, unemployment)"},
    "calc_btn_all_payload": {"zh": "全部", "en": "all"},
    "calc_btn_pension_medical": {"zh": "养老＋医疗", "en": "Pension + medical"},
    "calc_btn_pension_medical_payload": {"zh": "养老和医疗", "en": "pension and medical"},
    "calc_btn_pension_only": {"zh": "只算养老", "en": "Pension only"},
    "calc_btn_pension_only_payload": {"zh": "只算养老", "en": "pension only"},
    "calc_btn_male": {"zh": "男", "en": "male"},
    "calc_btn_female": {"zh": "女", "en": "female"},
    "calc_btn_50": {"zh": "原50岁退休", "en": "previously 50"},
    "calc_btn_50_payload": {"zh": "原来50岁退休", "en": "retire at 50"},
    "calc_btn_55": {"zh": "原55岁退休", "en": "previously 55"},
    "calc_btn_55_payload": {"zh": "原来55岁退休", "en": "retire at 55"},
    "calc_btn_skip": {"zh": "跳过", "en": "skip"},
    "calc_btn_stop": {"zh": "算了", "en": "stop"},
    "calc_button_contribution": {"zh": "计算我的缴费", "en": "Calculate my contributions"},
    "calc_button_pension": {"zh": "估算我的养老金", "en": "Estimate my pension"},
    "calc_button_compare": {"zh": "与城乡居民保险比较", "en": "Compare with the resident scheme"},
    "calc_button_change_base": {"zh": "换个缴费基数", "en": "Try another base"},
    "calc_button_restart": {"zh": "重新计算", "en": "Start over"},
    # validation
    "calc_not_understood": {"zh": "抱歉，没有看懂这个回答。", "en": "Sorry, I didn't understand that answer."},
    "calc_updated": {"zh": "好的，已更新：{changes}。", "en": "OK, updated: {changes}."},
    "calc_noted": {"zh": "好的，已记下：{values}。", "en": "Noted: {values}."},
    "calc_unknown_region": {
        "zh": "没有找到地区“{region}”。请说省、直辖市或城市名称，例如“北京”“广州”“江苏”。",
        "en": "I don't know the region \"{region}\". Please name a province, municipality or city, e.g. Beijing, "
              "Guangzhou, Jiangsu.",
    },
    "calc_bad_age": {
        "zh": "年龄{age}岁不合理，允许范围是16–100岁。请告诉我实际年龄，或出生年月（例如1985年3月）。",
        "en": "An age of {age} is not plausible; the allowed range is 16–100. Please give your age or your birth "
              "year and month (e.g. March 1985).",
    },
    "calc_bad_birth_year": {
        "zh": "出生年份{year}不合理，允许范围是{low}–{high}年。请重新告诉我出生年月，例如1985年3月。",
        "en": "A birth year of {year} is not plausible; the allowed range is {low}–{high}. Please give your birth year "
              "and month again, e.g. March 1985.",
    },
    "calc_bad_month": {"zh": "月份{month}不合理，请输入1–12月。", "en": "Month {month} is not valid; please give 1–12."},
    "calc_bad_female_age": {
        "zh": "原法定退休年龄只能是50岁或55岁，{value}不在其中。",
        "en": "The previous statutory age can only be 50 or 55, not {value}.",
    },
    "calc_bad_paid": {
        "zh": "已缴费{paid}比16岁以来的时间（{most}）还长，请核对后重新告诉我。",
        "en": "{paid} of contributions is longer than the time since age 16 ({most}); please check and tell me again.",
    },
    "calc_bad_paid_range": {
        "zh": "已缴费{paid}不合理，允许范围是0–60年。请重新告诉我，例如“5年”。",
        "en": "{paid} of contributions is not plausible; the allowed range is 0–60 years. Please tell me again, "
              "e.g. 5 years.",
    },
    "calc_bad_balance": {
        "zh": "个人账户余额{value}元不合理，允许范围是0–500万元。请重新输入，或回复“跳过”。",
        "en": "An account balance of CNY {value} is not plausible; the allowed range is CNY 0–5,000,000. Please give "
              "it again or reply \"skip\".",
    },
    "calc_base_source": {"zh": "依据：{source}（{year}）。", "en": "Source: {source} ({year})."},
    "calc_base_retry": {"zh": "请换一个缴费基数。", "en": "Please choose another base."},
    "calc_base_needs_range": {
        "zh": "本库没有{region}的缴费基数上下限，无法把金额{amount}元换算成缴费指数，请改用百分比（如60%、100%）。",
        "en": "The knowledge base has no base range for {region}, so CNY {amount} cannot be turned into a "
              "contribution index; please give a percentage instead (e.g. 60%, 100%).",
    },
    "calc_retired": {
        "zh": "按{birth}出生、{category}计算，已于{year}年{month}月达到法定退休年龄。这个估算只适用于尚未退休的人，"
              "已退休的待遇请向当地社保经办机构查询。如果出生年月填错了，请重新告诉我；否则回复“算了”退出。",
        "en": "Born {birth} ({category}), you reached the statutory retirement age in {year}-{month:02d}. This "
              "estimate is for people who have not retired yet; for pensions in payment ask the local office. If "
              "the birth date was wrong, tell me again; otherwise say \"stop\".",
    },
    "calc_stopped": {
        "zh": "好的，已退出计算，刚才填写的信息不再使用。您可以继续问其他社保问题；需要时说“帮我算社保”或“估算养老金”重新开始。",
        "en": "OK, I've left the calculator and dropped what you entered. Ask me anything else about social "
              "insurance; say \"calculate my contributions\" or \"estimate my pension\" to start again.",
    },
    "calc_nothing_to_stop": {
        "zh": "好的。目前没有进行中的计算，有其他社保问题可以继续问我。",
        "en": "OK. There's no calculation in progress; ask me anything else about social insurance.",
    },
    "calc_offer": {
        "zh": "您提供的像是计算用的信息（{values}）。要用哪个计算器？",
        "en": "That looks like calculator details ({values}). Which calculator would you like?",
    },
    # field names in 'updated' and 'offer' lines
    "calc_f_age": {"zh": "年龄{v}岁", "en": "age {v}"},
    "calc_f_birth": {"zh": "出生年月{v}", "en": "born {v}"},
    "calc_f_sex": {"zh": "性别{v}", "en": "sex {v}"},
    "calc_f_female_age": {"zh": "原退休年龄{v}岁", "en": "previous retirement age {v}"},
    "calc_f_paid": {"zh": "已缴{v}", "en": "paid {v}"},
    "calc_f_base": {"zh": "缴费基数{v}", "en": "base {v}"},
    "calc_f_region": {"zh": "地区{v}", "en": "region {v}"},
    "calc_f_balance": {"zh": "个人账户余额{v}", "en": "account balance {v}"},
    "calc_f_insurances": {"zh": "险种{v}", "en": "insurances {v}"},
    "calc_f_compare": {"zh": "与城乡居民制度比较", "en": "comparison with the resident scheme"},
    "calc_male": {"zh": "男", "en": "male"},
    "calc_female": {"zh": "女", "en": "female"},
    "calc_unknown": {"zh": "未知（按0计算）", "en": "unknown (0 used)"},
    "calc_years_months": {"zh": "{years}年{months}个月", "en": "{years} years {months} months"},
    "calc_years": {"zh": "{years}年", "en": "{years} years"},
    "calc_months": {"zh": "{months}个月", "en": "{months} months"},
    "calc_ym": {"zh": "{year}年{month}月", "en": "{year}-{month:02d}"},
    "calc_list_sep": {"zh": "、", "en": ", "},
    "calc_ins_pension": {"zh": "养老", "en": "pension"},
    "calc_ins_medical": {"zh": "医疗", "en": "medical"},
    "calc_ins_unemployment": {"zh": "失业", "en": "unemployment"},
    # contribution result
    "calc_c_title": {"zh": "【{region}灵活就业人员社保缴费测算】", "en": "Contributions as a flexible worker in {region}"},
    "calc_c_inputs": {"zh": "按以下信息计算：地区{region}；缴费基数{base}；险种{insurances}。",
                      "en": "Calculated for: region {region}; base {base}; insurances {insurances}."},
    "calc_c_base": {"zh": "缴费基数：{base}元/月（{year}年度允许范围{min}–{max}元/月）",
                    "en": "Base: CNY {base} a month (allowed range for {year}: CNY {min}–{max})"},
    "calc_c_base_unchecked": {"zh": "缴费基数：{base}元/月（未能核对当地允许范围）",
                              "en": "Base: CNY {base} a month (not checked against a local range)"},
    "calc_c_rate_line": {"zh": "• {label}：{base}元 × {rate}% = {monthly}元/月，{yearly}元/年",
                         "en": "• {label}: CNY {base} × {rate}% = CNY {monthly}/month, CNY {yearly}/year"},
    "calc_c_split": {"zh": "  其中记入个人账户{account_rate}%：{account}元/月；进入统筹基金{pooled_rate}%：{pooled}元/月",
                     "en": "  of which {account_rate}% to your personal account: CNY {account}/month; {pooled_rate}% to "
                           "the pooled fund: CNY {pooled}/month"},
    "calc_c_fixed_month": {"zh": "• {label}：固定金额{monthly}元/月（与缴费基数无关），{yearly}元/年",
                           "en": "• {label}: fixed amount CNY {monthly}/month (whatever the base), CNY {yearly}/year"},
    "calc_c_fixed_year": {
        "zh": "• {label}：固定金额{yearly}元/年（按第{tier}档；可选{options}元/年），折合{monthly}元/月",
        "en": "• {label}: fixed amount CNY {yearly}/year (tier {tier}; tiers CNY {options}/year), equivalent to "
              "CNY {monthly}/month",
    },
    "calc_c_missing": {"zh": "• {label}：无法计算——{note}", "en": "• {label}: not calculated — {note}"},
    "calc_c_not_included": {"zh": "• {label}：未计入——{note}", "en": "• {label}: not included — {note}"},
    "calc_c_total": {"zh": "合计：{monthly}元/月，{yearly}元/年", "en": "Total: CNY {monthly}/month, CNY {yearly}/year"},
    "calc_c_total_partial": {"zh": "（合计只包括上面有金额的险种）", "en": "(only the lines with an amount)"},
    "calc_c_no_amount": {
        "zh": "本库缺少{region}的缴费基数或费率，无法给出金额；请向12333或当地社保经办机构确认。",
        "en": "The knowledge base lacks the base or rates for {region}, so no amount can be given; please ask 12333 or "
              "the local office.",
    },
    "calc_r_header": {"zh": "与城乡居民制度比较（每年）：", "en": "Compared with the resident scheme (per year):"},
    "calc_r_flex": {"zh": "• 灵活就业（职工制度）：{yearly}元/年", "en": "• Flexible worker (employee scheme): CNY {yearly}/year"},
    "calc_r_tiers": {"zh": "• 城乡居民养老保险：每年{tiers}元，共{count}档（{year}；{source}）",
                     "en": "• Resident pension: CNY {tiers} a year, {count} tiers ({year}; {source})"},
    "calc_r_medical": {"zh": "• 城乡居民医保个人缴费：不低于{amount}元/年（{year}；{source}）",
                       "en": "• Resident medical insurance, personal share: at least CNY {amount}/year ({year}; {source})"},
    "calc_r_total": {"zh": "• 城乡居民合计：{low}–{high}元/年", "en": "• Resident scheme in total: CNY {low}–{high}/year"},
    "calc_r_missing": {"zh": "• 本库没有{region}可用的城乡居民缴费档次。",
                       "en": "• No resident-scheme tiers are recorded for {region}."},
    # shared result blocks
    "calc_assumptions": {"zh": "计算方法和假设：", "en": "How it was worked out:"},
    "calc_caveats": {"zh": "注意：", "en": "Please note:"},
    "calc_basis": {"zh": "所用数字和来源：", "en": "Figures used and their sources:"},
    "calc_basis_line": {"zh": "• {label}：{value}（{year}年，{grade}级；{source}）",
                        "en": "• {label}: {value} ({year}, grade {grade}; {source})"},
    "calc_correct_hint": {
        "zh": "要修改某一项，直接告诉我即可，例如“按最高档”“那上海呢”“不对，我是40岁”；说“重新计算”从头开始。",
        "en": "To change a value just tell me, e.g. \"highest\", \"what about Shanghai?\", \"actually I'm 40\"; say "
              "\"start over\" to begin again.",
    },
    # pension result
    "calc_p_title": {"zh": "【养老金估算（{region}）——估算，不是承诺】", "en": "Pension estimate ({region}) — an estimate, not a promise"},
    "calc_p_inputs": {
        "zh": "按以下信息估算：{birth}出生，{sex}{category}；已缴费{paid}；缴费基数{base}（缴费指数{index}）；个人账户余额{balance}。",
        "en": "Estimated for: born {birth}, {sex}{category}; paid so far {paid}; base {base} (index {index}); "
              "account balance {balance}.",
    },
    "calc_p_category": {"zh": "，原法定退休年龄{age}岁", "en": ", previous statutory age {age}"},
    "calc_p_retire": {"zh": "• {description}", "en": "• {description}"},
    "calc_p_minimum": {
        "zh": "• {minimum}按现在的假设（今后每月缴费直到退休），届时累计缴费{total}（已缴{past}＋今后{future}）。",
        "en": "• {minimum} Assuming you pay every month until then, you would have {total} ({past} so far + {future} "
              "from now).",
    },
    "calc_p_range": {
        "zh": "• 预计每月养老金（退休当年的名义金额）：低 {low}元 / 中 {central}元 / 高 {high}元",
        "en": "• Expected monthly pension (money of the retirement year): low CNY {low} / central CNY {central} / "
              "high CNY {high}",
    },
    "calc_p_today": {"zh": "• 折合今天的工资水平约{low}–{high}元/月", "en": "• At today's wage level about CNY {low}–{high} a month"},
    "calc_p_parts": {
        "zh": "• 中等情形：基础养老金{basic}元＋个人账户养老金{account}元（账户约{balance}元 ÷ 计发月数{divisor}）",
        "en": "• Central case: basic pension CNY {basic} + personal-account pension CNY {account} (account about CNY "
              "{balance} ÷ divisor {divisor})",
    },
    "calc_p_ineligible": {
        "zh": "• 按目前的假设，退休时累计缴费{total}，不足最低要求{minimum}（差{short}），不能按月领取基本养老金，所以不给出金额。",
        "en": "• On these assumptions you would have {total} at retirement, short of the {minimum} required (by "
              "{short}), so no monthly pension is payable and no amount is given.",
    },
    "calc_p_missing": {"zh": "• 本库缺少{region}的部分数字，无法给出金额（见下方“注意”）。",
                       "en": "• Some figures for {region} are missing, so no amount is given (see the notes below)."},
    "calc_p_levers": {"zh": "什么会改变结果：", "en": "What changes the outcome:"},
    "calc_p_lever_base": {"zh": "• 缴费基数更高：按{base}缴费，中等情形约{total}元/月（现为{now}元/月）。",
                          "en": "• A higher base: paying on {base}, the central case is about CNY {total}/month (now CNY {now})."},
    "calc_p_lever_years": {
        "zh": "• 缴费年限：如果再缴{months}后停缴（刚够最低年限），中等情形约{total}元/月；一直缴到退休约{now}元/月。缴费每多一年，基础养老金多一份“1%”。",
        "en": "• Years paid: stopping after {months} more (just the minimum), the central case is about CNY "
              "{total}/month; paying until retirement about CNY {now}. Each extra year adds another 1% step to the "
              "basic pension.",
    },
    "calc_p_lever_years_now": {
        "zh": "• 缴费年限：您已满最低年限；如果现在停缴，中等情形约{total}元/月；一直缴到退休约{now}元/月。缴费每多一年，基础养老金多一份“1%”。",
        "en": "• Years paid: you already have the minimum; stopping now, the central case is about CNY {total}/month; "
              "paying until retirement about CNY {now}. Each extra year adds another 1% step to the basic pension.",
    },
    "calc_p_lever_years_more": {
        "zh": "• 缴费年限：缴费每多一年，基础养老金多一份“1%”，个人账户也更多；断缴会让养老金变少。",
        "en": "• Years paid: each extra year adds another 1% step to the basic pension and grows the account; gaps "
              "make the pension smaller.",
    },
    "calc_p_lever_later": {
        "zh": "• 退休时间：退休越晚，缴费年限越长、个人账户计发月数越少，养老金越高。2025年起的改革允许弹性延迟退休（最长3年），"
              "灵活就业人员能否延迟请向当地经办机构确认。",
        "en": "• Retiring later: more years paid and a smaller account divisor both raise the pension. The 2025 "
              "reform allows a flexible later retirement (up to 3 years); ask the local office whether and how this "
              "applies to flexible workers.",
    },
    "calc_p_not_promise": {
        "zh": "这是估算，不是承诺：实际养老金以退休时社保经办机构核定的金额为准。",
        "en": "This is an estimate, not a promise: the pension is set by the social insurance office when you retire.",
    },
    "calc_p_index_assumption": {
        "zh": "缴费基数{base}折合缴费指数{index}（基数÷平均工资，平均工资按{year}年度基数上限÷3={average}元）。",
        "en": "A base of {base} is a contribution index of {index} (base ÷ average wage; the average is the {year} "
              "ceiling ÷ 3 = CNY {average}).",
    },
    "calc_failed": {
        "zh": "这次无法完成计算：{problem}",
        "en": "I couldn't complete the calculation: {problem}",
    },
})
