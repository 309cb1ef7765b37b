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
