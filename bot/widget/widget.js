/*
 * 社保智能问答 · chat widget for government websites. Plain JavaScript, no build step.
 *
 *   <script src="https://ASSISTANT/webhooks/widget/static/widget.js" defer
 *           data-server="https://ASSISTANT" data-lang="zh" data-title="社保智能问答"
 *           data-accent="#0b5cad" data-greeting="您好！……"></script>
 *
 * Every optional attribute is described in docs/widget.md. All text from the bot and the user is
 * put on the page with textContent (never parsed as HTML); links are made only for http(s) URLs.
 */
(function () {
  "use strict";
  if (window.ShebaoWidget && window.ShebaoWidget.version) return; // embedded twice: keep the first

  var VERSION = "1.0.0";
  var MAX_CHARS = 1000;
  var MAX_ENTRIES = 200;
  var ASSET_PATH = "/webhooks/widget/static/";
  // Replies worth a "was this helpful?": answers and calculations, not small talk or clarifications.
  var RATED_KINDS = { answer: 1, articles: 1, calculation: 1 };
  // Sections the citation list already shows (with the article text), so they are not repeated.
  var CITED_SECTIONS = { legal: 1, sources: 1 };

  // The labels in both languages come from the wording catalogue (presentation/wording/widget.yml):
  // bot/channels/widget.py writes them in here when it serves this file.
  var TEXT = /* widget labels */ null;


  // ---------------------------------------------------------------- personal data (privacy:begin)
  // A port of the server's masking rules (bot/privacy: normalise, numbers, emails, names), so the
  // warning sees what the server would mask: every digit form (NFKC: 全角, ①, 𝟏; any script's
  // digits: ١, १; Chinese numerals, also 一-三-八 and 一、三、八), zero-width characters ignored,
  // digit groups joined by any run of non-letters (not %‰×÷=<>+:|$¥€£), +86/0086, 15- and 18-digit
  // IDs, cards however spaced, ＠ and "at … dot" e-mails (。 or ， for the dot), name cues.
  // Both are tested against the same list of spellings (tests/privacy/spellings.json).
  // No regex lookbehind: older Safari cannot parse it, and one bad regex would stop the widget.
  var Privacy = (function () {
    var NUMERALS = { "〇": "0", "零": "0", "○": "0", "洞": "0", "一": "1", "壹": "1", "幺": "1", "么": "1",
      "二": "2", "贰": "2", "貳": "2", "两": "2", "兩": "2", "三": "3", "叁": "3", "參": "3", "四": "4", "肆": "4",
      "五": "5", "伍": "5", "六": "6", "陆": "6", "陸": "6", "七": "7", "柒": "7", "拐": "7", "八": "8", "捌": "8",
      "九": "9", "玖": "9", "勾": "9" };
    var NOT_SEPARATORS = "%‰‱×÷=<>+:|$¥€£";
    var LAST_RESORT = 9, MAX_SEGMENT = 23, MAX_RUN = 200;
    var PHONE = /^(?:0086|86)?1[3-9]\d{9}$/, LANDLINE = /^0\d{9,11}$/, CARD = /^\d{16,19}$/, YEAR = /^(?:19|20)\d\d$/;
    var ID18 = /^[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
    var ID15 = /^[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;
    var DATE = /(^|[^0-9])((?:19|20)[0-9]{2}([-/.])(?:0?[1-9]|1[0-2])\3(?:0?[1-9]|[12][0-9]|3[01]))(?![0-9])/g;
    var LIST_GAP = /[,、;\n]/;
    var TAG = /\[(?:ID|PHONE|CARD|EMAIL|NAME|NUM):[0-9a-f]{16}\]/g;
    var AT = "(?:\\s*@\\s*|\\s*[(\\[]\\s*at\\s*[)\\]]\\s*|\\s+at\\s+|\\s*艾特\\s*)";
    var DOT = "(?:[.。]|\\s*[(\\[]\\s*dot\\s*[)\\]]\\s*|\\s+dot\\s+|\\s*点\\s*)";
    // a loosely written dot (spaced, or comma-like: "qq，com") only before a common ending
    var LOOSE_DOT = "(?:\\s+[.。]\\s*|[.。]\\s+|[,、・·])";
    var COMMON_TLDS = "com|cn|net|org|edu|gov|info|biz|io|me|co|cc|top|xyz|vip|club|site|online|hk|tw|mo|jp|kr|sg|uk|us|" +
      "de|fr|ru|au|ca|in";
    var PART = "[A-Za-z0-9_%+-]{1,64}", LABEL = "[A-Za-z0-9-]{1,63}";
    var EMAIL = new RegExp("(^|[^A-Za-z0-9._%+-])" + PART + "(?:[.。・·]" + PART + "){0,4}" + AT + LABEL + "(?:" + DOT +
      LABEL + "){0,4}(?:" + DOT + "[A-Za-z]{2,12}|" + LOOSE_DOT + "(?:" + COMMON_TLDS + "))(?![A-Za-z0-9-])", "i");
    var HAN = "\u4e00-\u9fff";
    var SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢" +
      "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛" +
      "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游" +
      "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧" +
      "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝張劉陳楊黃趙吳孫馬鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸賈" +
      "鄒錢龔嚴莊聶";
    var AFTER_NAME = "(?=$|[\\s,.!?;:()\"'~、。，！？；：（）“”～]|想|要|在|是|的|今年|从|來|来|请|問|问|办|咨询|住|交|缴|需|" +
      "能|可|怎|打算|准备|身份证|电话|手机|和|跟|今|去|已|现|目前|男|女|岁|我)";
    var STRONG = new RegExp("(?:我叫|我名叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为|叫)?\\s*:?|联系人\\s*:|参保人\\s*:)\\s*" +
      "(?:[" + HAN + "]{1,4}[·・][" + HAN + "]{1,6}|[" + HAN + "](?:[ ·・]?[" + HAN + "]){1,3}?" + AFTER_NAME +
      "|[" + HAN + "]{2,3})");
    var WEAK = new RegExp("(我是|本人是?|我姓|(?:联系人|参保人|申请人|持卡人)(?:是|为|叫)?)\\s*:?\\s*((?:欧阳|司马|上官|诸葛|" +
      "东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木|西门|独孤|南宫|[" + SURNAMES + "])(?:[ ·・]?[" + HAN +
      "]){0,2}?)(?=$|[\\s,.!?;、。，！？；])", "g");
    var NOT_A_NAME_ENDING = "员者户族工们人士生";
    var EN_NAME = /\b(?:my name is|my name's|my full name is|i am called|i'm called|call me|name\s*:)\s+([A-Za-z][A-Za-z'-]*)/i;
    var EN_INTRO = /\b(?:[Ii]'m|[Ii] [Aa]m|[Tt]his [Ii]s)\s+([A-Z][a-z'-]+)\s+([A-Z][a-z'-]+)\b/g;
    var EN_STOP = " and i im i'm from in at my but so to who with the a an live living work working am is was have " +
      "want would please how what can could do does need for pay paying about back ";
    var DINGBATS = [[0x2776, 1, 9], [0x2780, 1, 9], [0x278a, 1, 9], [0x24f5, 1, 9], [0x24ff, 0, 0]];

    function isDigit(c) { return c >= "0" && c <= "9"; }
    function isNumeral(c) { return NUMERALS.hasOwnProperty(c); }
    function isSeparator(c) { return !/[\p{L}\p{N}]/u.test(c) || c === "_"; }

    /** One character as masking sees it: any decimal digit as 0-9, a format character as nothing. */
    function foldChar(c) {
      if (c < "\u0080") return c;
      if (/\p{Cf}/u.test(c)) return "";
      var cp = c.codePointAt(0);
      if (/\p{Nd}/u.test(c)) {
        var k = 0;
        while (k < 10 && /\p{Nd}/u.test(String.fromCodePoint(cp - k - 1))) k++;
        return String(k % 10);
      }
      for (var i = 0; i < DINGBATS.length; i++) {
        var d = DINGBATS[i], v = cp - d[0] + d[1];
        if (cp >= d[0] && v <= d[2]) return String(v);
      }
      return c;
    }

    function fold(text) {
      var nfkc = text.normalize ? text.normalize("NFKC") : text;
      return Array.from(nfkc).map(foldChar).join("");
    }

    /** Numerals as digits: two or more joined by non-letters ("一-三-八"), or one next to a digit. */
    function numeralsToDigits(text) {
      var out = text.split(""), n = text.length, i = 0;
      while (i < n) {
        if (!isNumeral(text.charAt(i))) { i++; continue; }
        var members = [i], j = i + 1;
        while (true) {
          var k = j;
          while (k < n && isSeparator(text.charAt(k)) && !isNumeral(text.charAt(k))) k++;
          if (k < n && isNumeral(text.charAt(k))) { members.push(k); j = k + 1; } else break;
        }
        var near = (i > 0 && isDigit(text.charAt(i - 1))) || (i + 1 < n && isDigit(text.charAt(i + 1)));
        if (members.length > 1 || near) members.forEach(function (m) { out[m] = NUMERALS[text.charAt(m)]; });
        i = j;
      }
      return out.join("");
    }

    function runs(text) {
      var sep = "(?:[^\\p{L}\\p{N}" + NOT_SEPARATORS + "]|_)";  // (none of them needs escaping in a class)
      var run = new RegExp("[0-9]+(?:" + sep + "+[0-9]+)*(?:[Xx](?![A-Za-z0-9]))?", "gu"), m, all = [];
      while ((m = run.exec(text))) {
        var body = m[0], soft = [], d, g, groups = [], last = 0;
        DATE.lastIndex = 0;
        while ((d = DATE.exec(body))) soft.push([d.index + d[1].length, d.index + d[0].length]);
        var group = /[0-9]+(?:[Xx]$)?/g;
        while ((g = group.exec(body))) {
          var s = g.index, e = s + g[0].length;
          groups.push({ digits: g[0].toUpperCase(), gap: body.slice(last, s),
            soft: soft.some(function (r) { return r[0] <= s && e <= r[1]; }) });
          last = e;
        }
        all.push(groups);
      }
      return all;
    }

    function digitsOf(groups) { return groups.map(function (g) { return g.digits; }).join(""); }

    function kindOf(digits) {
      if (PHONE.test(digits) || LANDLINE.test(digits)) return "phone";
      if (ID18.test(digits) || ID15.test(digits)) return "id";
      if (CARD.test(digits)) return "card";
      return null;
    }

    function noNumber(groups) {
      if (groups.every(function (g) { return g.soft; })) return true;
      if (groups.length < 3 || !groups.every(function (g) { return /^[1-9]\d*$/.test(g.digits); })) return false;
      var rounds = groups.filter(function (g) { return g.digits.length >= 3 && /00$/.test(g.digits); }).length;
      var rising = groups.every(function (g, i) { return i === 0 || Number(groups[i - 1].digits) < Number(g.digits); });
      return rising && 2 * rounds >= groups.length;
    }

    function lastResort(groups) {
      var digits = digitsOf(groups).replace(/X$/, "");
      if (digits.length < LAST_RESORT) return false;
      if (groups.every(function (g) { return g.soft || YEAR.test(g.digits); }) || noNumber(groups)) return false;
      if (!groups.every(function (g) { return g.digits.length <= 6; })) return true;
      return !(groups.length === 2 || groups.slice(1).some(function (g) { return LIST_GAP.test(g.gap); }));
    }

    function classify(groups, kinds) {
      var whole = digitsOf(groups), kind = whole.length <= MAX_SEGMENT && !noNumber(groups) ? kindOf(whole) : null;
      if (kind) { kinds[kind] = true; return; }
      if (whole.length > MAX_RUN) { kinds.num = true; return; }
      var i = 0, leftover = [];
      while (i < groups.length) {
        var best = null, length = 0;
        for (var j = i; j < groups.length; j++) {
          length += groups[j].digits.length;
          if (length > MAX_SEGMENT) break;
          var part = groups.slice(i, j + 1), k = kindOf(digitsOf(part));
          if (k && !noNumber(part)) best = [j, k];
        }
        if (best) {
          if (leftover.length && lastResort(leftover)) kinds.num = true;
          leftover = [];
          kinds[best[1]] = true;
          i = best[0] + 1;
        } else { leftover.push(groups[i]); i++; }
      }
      if (leftover.length && lastResort(leftover)) kinds.num = true;
    }

    function hasName(plain) {
      if (STRONG.test(plain)) return true;
      var m;
      WEAK.lastIndex = 0;
      while ((m = WEAK.exec(plain))) {
        var name = m[2];
        if ((name.length >= 2 || m[1] === "我姓") && NOT_A_NAME_ENDING.indexOf(name.charAt(name.length - 1)) < 0) return true;
      }
      var en = EN_NAME.exec(plain);
      if (en && EN_STOP.indexOf(" " + en[1].toLowerCase() + " ") < 0) return true;
      EN_INTRO.lastIndex = 0;
      while ((m = EN_INTRO.exec(plain))) {
        if (EN_STOP.indexOf(" " + m[1].toLowerCase() + " ") < 0 && EN_STOP.indexOf(" " + m[2].toLowerCase() + " ") < 0) return true;
      }
      return false;
    }

    /** The kinds of personal data in `text`: a list of "phone", "id", "card", "email", "name", "num". */
    return function kinds(text) {
      var plain = fold(String(text || "")).replace(TAG, " T ");
      var found = {};
      runs(numeralsToDigits(plain)).forEach(function (run) {
        if (digitsOf(run).length >= LAST_RESORT) classify(run, found);
      });
      if (EMAIL.test(plain)) found.email = true;
      if (hasName(plain)) found.name = true;
      return ["id", "phone", "card", "email", "name", "num"].filter(function (k) { return found[k]; });
    };
  })();
  // (privacy:end)
  var URL_RE = /https?:\/\/[^\s<>"'，。；、（）()【】《》]+/g;

  // ---------------------------------------------------------------- configuration
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var data = (script && script.dataset) || {};
  var scriptSrc = (script && script.src) || window.location.href;

  function defaultServer() {
    var at = scriptSrc.indexOf(ASSET_PATH);
    if (at >= 0) return scriptSrc.slice(0, at);
    try { return new URL(scriptSrc).origin; } catch (e) { return window.location.origin; }
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return values && values[key] !== undefined && values[key] !== null ? String(values[key]) : "";
    });
  }

  var config = {
    server: String(data.server || defaultServer()).replace(/\/+$/, ""),
    lang: data.lang === "en" ? "en" : "zh",
    title: {},
    greeting: {},
    accent: data.accent || "#0b5cad",
    timeout: Math.max(1000, parseInt(data.timeout, 10) || 30000),
    storage: data.storage === "local" ? "local" : "session",
    open: data.open === "true"
  };

  // data-title / data-greeting are in the configured language; data-title-en / -zh add the other one.
  ["title", "greeting"].forEach(function (key) {
    if (data[key]) config[key][config.lang] = data[key];
    if (data[key + "Zh"]) config[key].zh = data[key + "Zh"];
    if (data[key + "En"]) config[key].en = data[key + "En"];
  });

  // ---------------------------------------------------------------- colour contrast
  function parseColour(value) {
    var probe = document.createElement("span");
    probe.style.color = value;
    probe.style.display = "none";
    (document.body || document.documentElement).appendChild(probe);
    var rgb = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g);
    probe.parentNode.removeChild(probe);
    return rgb && probe.style.color ? rgb.slice(0, 3).map(Number) : null;
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** The accent, the text colour on it (white or near-black, whichever reaches 4.5:1) and an accent for text on white. */
  function palette(accent) {
    var rgb = parseColour(accent) || [11, 92, 173];
    var css = "rgb(" + rgb.join(",") + ")";
    var onAccent = contrast(rgb, [255, 255, 255]) >= contrast(rgb, [17, 17, 17]) ? "#ffffff" : "#111111";
    var text = rgb.slice();
    for (var i = 0; i < 20 && contrast(text, [255, 255, 255]) < 4.6; i++) {
      text = text.map(function (v) { return Math.round(v * 0.85); });
    }
    return { accent: css, onAccent: onAccent, accentText: "rgb(" + text.join(",") + ")" };
  }

  // ---------------------------------------------------------------- storage
  var memoryStore = {};
  function store() {
    try {
      var s = config.storage === "local" ? window.localStorage : window.sessionStorage;
      var probe = "shebao-widget:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memoryStore, k) ? memoryStore[k] : null; },
        setItem: function (k, v) { memoryStore[k] = String(v); },
        removeItem: function (k) { delete memoryStore[k]; }
      };
    }
  }
  var storage = store();
  var STORAGE_KEY = "shebao-widget:v1:" + config.server;

  function newSessionId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    // 128 random bits written as letters (a-p for each half byte): a run of digits in the id would
    // look like a phone or ID number to the server's masking, which would then store it masked
    return "widget-" + Array.prototype.map.call(bytes, function (b) {
      return String.fromCharCode(97 + (b >> 4)) + String.fromCharCode(97 + (b & 15));
    }).join("");
  }

  function freshState(previous) {
    return {
      session: newSessionId(),
      accepted: previous ? previous.accepted : false,
      lang: previous ? previous.lang : config.lang,
      open: previous ? previous.open : config.open,
      nextId: 2,
      entries: [{ id: 1, role: "bot", greeting: true }]
    };
  }

  function loadState() {
    try {
      var saved = JSON.parse(storage.getItem(STORAGE_KEY) || "null");
      if (saved && typeof saved.session === "string" && /^[A-Za-z0-9_-]{8,80}$/.test(saved.session) &&
          Array.isArray(saved.entries)) {
        saved.lang = saved.lang === "en" ? "en" : saved.lang === "zh" ? "zh" : config.lang;
        saved.nextId = saved.nextId || saved.entries.length + 1;
        return saved;
      }
    } catch (e) { /* corrupt or unavailable storage: start afresh */ }
    return freshState(null);
  }

  var state = loadState();

  function save() {
    if (state.entries.length > MAX_ENTRIES) state.entries = state.entries.slice(-MAX_ENTRIES);
    try { storage.setItem(STORAGE_KEY, JSON.stringify(state)); } catch (e) { /* full: keep going in memory */ }
  }

  function t(key) { return TEXT[state.lang][key]; }

  // ---------------------------------------------------------------- DOM helpers (textContent only)
  var root, els = {}, busy = false, piiConfirmed = null, lastLive = "", sectionCount = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = value;
        else if (name === "className") node.className = value;
        else if (name.indexOf("on") === 0) node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function srOnly(text) { return el("span", { className: "sw-sr", text: text }); }

  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) { return null; }
  }

  function link(href, label) {
    var url = safeUrl(href);
    if (!url) return document.createTextNode(label);
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", className: "sw-link" },
      [label, srOnly(t("opensNewWindow"))]);
  }

  /** Text with its http(s) URLs as safe links, as DOM nodes. */
  function inline(text) {
    var nodes = [], last = 0, match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text))) {
      var url = match[0].replace(/[.,:;!?]+$/, "");
      if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
      nodes.push(link(url, url));
      last = match.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }

  /** Long answers: "1." lines become an ordered list, "•"/"-" lines a bulleted one, the rest paragraphs. */
  function richText(text) {
    var box = el("div", { className: "sw-text" });
    var list = null, listKind = null, item = null;
    String(text).split("\n").forEach(function (raw) {
      var line = raw.replace(/\s+$/, "");
      var numbered = line.match(/^\s*(\d{1,3})[.．、)]\s*(\S.*)$/);
      var bullet = line.match(/^\s*[•·▪‧*-]\s*(\S.*)$/);
      if (!line.trim()) { list = null; item = null; return; }
      if (numbered || bullet) {
        var kind = numbered ? "ol" : "ul";
        if (!list || listKind !== kind) {
          list = el(kind, { className: "sw-list" });
          listKind = kind;
          if (numbered && numbered[1] !== "1") list.setAttribute("start", numbered[1]);
          box.appendChild(list);
        }
        item = el("li", null, inline(numbered ? numbered[2] : bullet[1]));
        list.appendChild(item);
      } else if (item && /^\s{2,}\S/.test(line)) { // continuation of the list item above
        item.appendChild(el("span", { className: "sw-note" }, inline(line.trim())));
      } else {
        list = null; item = null;
        box.appendChild(el("p", null, inline(line)));
      }
    });
    return box;
  }

  // ---------------------------------------------------------------- building the widget
  function build() {
    var host = el("div", { id: "shebao-widget", "data-version": VERSION });
    host.style.display = "none"; // until the style sheet has loaded
    var colours = palette(config.accent);
    host.style.setProperty("--sw-accent", colours.accent);
    host.style.setProperty("--sw-on-accent", colours.onAccent);
    host.style.setProperty("--sw-accent-text", colours.accentText);
    document.body.appendChild(host);
    root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

    var css = el("link", { rel: "stylesheet", href: scriptSrc.replace(/widget\.js(\?.*)?$/, "widget.css") });
    css.addEventListener("load", function () { host.style.display = ""; });
    css.addEventListener("error", function () { host.style.display = ""; });
    root.appendChild(css);

    els.launcher = el("button", { type: "button", className: "sw-launcher", "aria-expanded": "false",
      "aria-controls": "sw-panel", "data-part": "launcher", onclick: function () { setOpen(!state.open, true); } },
      [el("span", { className: "sw-launcher-icon", "aria-hidden": "true" }), el("span", { className: "sw-launcher-text" })]);

    els.title = el("h2", { id: "sw-title", className: "sw-title" });
    els.subtitle = el("p", { className: "sw-subtitle", id: "sw-subtitle" });
    els.langButton = el("button", { type: "button", className: "sw-tool", "data-part": "lang",
      onclick: function () { switchLanguage(); } });
    els.newButton = el("button", { type: "button", className: "sw-tool", "data-part": "new",
      "aria-expanded": "false", "aria-controls": "sw-sheet", onclick: function () { toggleSheet("new"); } });
    els.handoffButton = el("button", { type: "button", className: "sw-tool", "data-part": "handoff",
      "aria-expanded": "false", "aria-controls": "sw-sheet", onclick: function () { toggleSheet("handoff"); } });
    els.closeButton = el("button", { type: "button", className: "sw-tool sw-close", "data-part": "close",
      onclick: function () { setOpen(false, true); } }, [el("span", { "aria-hidden": "true", text: "×" })]);

    els.privacy = el("div", { className: "sw-privacy", "data-part": "privacy", role: "note" });
    els.log = el("ol", { className: "sw-messages", "data-part": "messages" });
    els.typing = el("div", { className: "sw-typing", role: "status", "data-part": "typing" });
    els.body = el("div", { className: "sw-body", tabindex: "-1" }, [els.privacy, els.log, els.typing]);

    // the hand-off, call-back and "new chat?" forms take the whole space under the header (a sheet),
    // so their buttons stay in view on a 320-px phone however long the conversation is
    els.sheet = el("div", { id: "sw-sheet", className: "sw-sheet", hidden: true, "data-part": "sheet" });
    els.banner = el("div", { className: "sw-banner", role: "status", hidden: true, "data-part": "handoff-status" });

    els.input = el("textarea", { id: "sw-input", className: "sw-input", rows: "2", "data-part": "input",
      "aria-describedby": "sw-hint sw-warning", autocomplete: "off" });
    els.inputLabel = el("label", { "for": "sw-input", className: "sw-sr" });
    els.send = el("button", { type: "submit", className: "sw-send", "data-part": "send" });
    els.hint = el("p", { id: "sw-hint", className: "sw-hint" });
    els.warning = el("p", { id: "sw-warning", className: "sw-warning", "data-part": "warning", "aria-live": "polite" });
    els.composer = el("form", { className: "sw-composer", "data-part": "composer", novalidate: true },
      [els.inputLabel, el("div", { className: "sw-row" }, [els.input, els.send]), els.hint, els.warning]);
    els.live = el("div", { className: "sw-sr", "aria-live": "polite", "aria-atomic": "true", "data-part": "live" });

    els.panel = el("section", { id: "sw-panel", className: "sw-panel", role: "dialog", "aria-labelledby": "sw-title",
      "aria-describedby": "sw-subtitle", hidden: true, "data-part": "panel" }, [
      el("div", { className: "sw-header" }, [
        el("div", { className: "sw-heading" }, [els.title, els.subtitle]),
        el("div", { className: "sw-tools" }, [els.langButton, els.newButton, els.handoffButton, els.closeButton])
      ]),
      els.body, els.banner, els.sheet, els.about = el("div", { className: "sw-about", "data-part": "about", hidden: true }),
      els.composer, els.live
    ]);
    // a complementary landmark, so the widget is found like the rest of the page
    els.wrap = el("aside", { className: "sw", "data-part": "widget" }, [els.panel, els.launcher]);
    root.appendChild(els.wrap);

    els.composer.addEventListener("submit", function (event) { event.preventDefault(); submitInput(); });
    els.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });
    els.input.addEventListener("input", function () { checkInput(false); });
    els.panel.addEventListener("keydown", onPanelKeydown);

    applyLanguage();
    renderAll();
    setOpen(state.open, false);
    if (handoffOpen()) poll(0);
  }

  function applyLanguage() {
    var lang = state.lang;
    els.wrap.setAttribute("lang", t("htmlLang"));
    els.wrap.setAttribute("aria-label", config.title[lang] || t("title"));
    els.launcher.querySelector(".sw-launcher-text").textContent = t("launcher");
    els.title.textContent = config.title[lang] || t("title");
    els.subtitle.textContent = t("subtitle");
    els.langButton.textContent = t("switchLang");
    els.langButton.setAttribute("lang", t("switchLangLang"));
    els.langButton.setAttribute("aria-label", t("switchLangLabel"));
    els.newButton.textContent = t("newConversation");
    els.newButton.setAttribute("aria-label", t("newConversationLabel"));
    els.handoffButton.textContent = t("handoff");
    els.closeButton.setAttribute("aria-label", t("closeWindow"));
    els.log.setAttribute("aria-label", t("conversation"));
    els.inputLabel.textContent = t("inputLabel");
    els.input.setAttribute("placeholder", t("placeholder"));
    els.send.textContent = t("send");
    els.hint.textContent = t("hint");
    renderPrivacy();
    if (sheetView) showSheet(sheetView, true);
    renderBanner();
    checkInput(false);
  }

  function renderPrivacy() {
    els.privacy.textContent = "";
    if (state.accepted) {
      els.privacy.hidden = true;
      els.composer.hidden = false;
      return;
    }
    els.privacy.hidden = false;
    els.composer.hidden = true;
    els.privacy.appendChild(el("h3", { className: "sw-privacy-title", text: t("privacyTitle") }));
    els.privacy.appendChild(el("p", { text: t("privacyText") }));
    els.privacy.appendChild(el("button", { type: "button", className: "sw-primary", "data-part": "accept",
      text: t("privacyAccept"), onclick: function () {
        state.accepted = true;
        save();
        renderPrivacy();
        refreshButtons();
        els.input.focus();
      } }));
  }

  // ---------------------------------------------------------------- rendering messages
  function lastAnswerId() {
    for (var i = state.entries.length - 1; i >= 0; i--) {
      if (state.entries[i].role === "user") return null; // the user has moved on: older buttons are spent
      if (state.entries[i].role === "bot") return state.entries[i].id;
    }
    return null;
  }

  function renderAll() {
    els.log.textContent = "";
    var active = lastAnswerId();
    state.entries.forEach(function (entry) { els.log.appendChild(renderEntry(entry, entry.id === active)); });
    renderAbout();
    scrollToEnd();
  }

  /** The "about you" line: what the person told us of themselves and their family (the latest
   *  payload's `person`), with change (a correction starts in the input) and clear. */
  function renderAbout() {
    var person = null;
    for (var i = state.entries.length - 1; i >= 0 && !person; i--) {
      var c = state.entries[i].custom;
      if (c && c.person && typeof c.person === "object") person = c.person;
    }
    var lines = person && Array.isArray(person.people) ? person.people.filter(function (p) {
      return p && typeof p.line === "string";
    }) : [];
    els.about.textContent = "";
    els.about.hidden = !lines.length;
    if (!lines.length) return;
    els.about.appendChild(el("p", { className: "sw-about-text", text: lines.map(function (p) { return p.line; }).join(" · ") }));
    var change = el("button", { type: "button", className: "sw-secondary", "data-part": "about-change", text: t("aboutChange") });
    change.addEventListener("click", function () { els.input.value = t("aboutChangePrefix"); els.input.focus(); });
    var clear = el("button", { type: "button", className: "sw-secondary", "data-part": "about-clear", text: t("aboutClear") });
    clear.addEventListener("click", function () { send(t("aboutClearMessage")); });
    els.about.appendChild(el("div", { className: "sw-about-actions" }, [change, clear]));
  }

  function renderEntry(entry, active) {
    var li = el("li", { className: "sw-msg sw-msg--" + entry.role, "data-entry": entry.id, "data-role": entry.role });
    if (entry.role === "user") {
      li.appendChild(srOnly(t("you")));
      li.appendChild(el("div", { className: "sw-bubble" }, [el("div", { className: "sw-text sw-user-text", text: entry.text })]));
      if (entry.toStaff) li.appendChild(el("p", { className: "sw-to-staff", "data-part": "sent-to-staff", text: t("sentToStaff") }));
      return li;
    }
    if (entry.role === "staff") {
      li.appendChild(el("p", { className: "sw-who", text: t("staff") }));
      li.appendChild(el("div", { className: "sw-bubble" }, [richText(entry.text || "")]));
      return li;
    }
    if (entry.role === "error" || entry.role === "system") {
      li.appendChild(srOnly(t("system")));
      var box = el("div", { className: "sw-bubble" }, [el("p", { text: entry.key ? fmt(t(entry.key), entry.values) : entry.text })]);
      if (entry.role === "error" && entry.retry) {
        box.appendChild(el("button", { type: "button", className: "sw-secondary", "data-part": "retry", text: t("retry"),
          onclick: function () { retry(entry); } }));
      }
      li.appendChild(box);
      return li;
    }
    // the assistant
    li.appendChild(srOnly(t("bot")));
    var bubble = el("div", { className: "sw-bubble" });
    var text = entry.greeting ? (config.greeting[state.lang] || t("greeting")) : entry.text;
    if (text) bubble.appendChild(richText(text));
    var buttons = entry.greeting ? t("starters").map(function (s) { return { title: s, payload: s }; }) : entry.buttons;
    if (buttons && buttons.length) bubble.appendChild(renderButtons(buttons, active && !busy && state.accepted));
    if (entry.custom && Array.isArray(entry.custom.sections) && entry.custom.sections.length) {
      var details = renderSections(entry.custom.sections);
      if (details) bubble.appendChild(details);
    }
    if (entry.custom && Array.isArray(entry.custom.citations) && entry.custom.citations.length) {
      bubble.appendChild(renderCitations(entry.custom.citations));
    }
    li.appendChild(bubble);
    if (entry.custom && RATED_KINDS[entry.custom.kind]) li.appendChild(renderFeedback(entry));
    return li;
  }

  /** The answer's details under a heading, each an expandable section (closed: the first message is
   *  the answer); the summary reads like a button, with a marker that turns when it is open. */
  function renderSections(sections) {
    var heading = "sw-details-" + (++sectionCount);
    var box = el("div", { className: "sw-sections", "data-part": "sections", role: "group", "aria-labelledby": heading });
    sections.forEach(function (section) {
      if (!section || typeof section.title !== "string" || CITED_SECTIONS[section.id] || !Array.isArray(section.lines)) return;
      var list = el("ul", { className: "sw-section-lines" });
      section.lines.forEach(function (line) { list.appendChild(el("li", { text: String(line) })); });
      box.appendChild(el("details", { className: "sw-section", "data-part": "section", "data-section": String(section.id) }, [
        el("summary", { className: "sw-section-title" }, [
          el("span", { className: "sw-section-marker", "aria-hidden": "true" }), section.title]), list]));
    });
    if (!box.childNodes.length) return null;
    box.insertBefore(el("p", { id: heading, className: "sw-sections-title", text: t("details") }), box.firstChild);
    return box;
  }

  function renderButtons(buttons, enabled) {
    var group = el("div", { className: "sw-replies", role: "group", "aria-label": t("quickReplies"), "data-part": "replies" });
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string") return;
      group.appendChild(el("button", { type: "button", className: "sw-reply", "data-part": "reply",
        disabled: !enabled, text: button.title,
        onclick: function () {
          if (!state.accepted || busy) return;
          send(typeof button.payload === "string" && button.payload ? button.payload : button.title, button.title)
            .then(function () { els.input.focus(); });
          els.input.focus();
        } }));
    });
    return group;
  }

  function renderCitations(citations) {
    var box = el("div", { className: "sw-citations", "data-part": "citations" });
    box.appendChild(el("h3", { className: "sw-citations-title", text: t("sources") }));
    var list = el("ul", { className: "sw-citation-list" });
    citations.forEach(function (c) {
      if (!c || typeof c !== "object") return;
      if (c.type === "law") {
        var label = state.lang === "en"
          ? fmt(t("lawCitation"), { law_en: c.law_en || c.law, article: c.article, year: c.year })
          : fmt(t("lawCitation"), { law: c.law, label: c.article_label || fmt(t("articleNumber"), { article: c.article }), year: c.year });
        var details = el("details", { className: "sw-article", "data-part": "article" }, [
          el("summary", { "data-part": "article-summary" }, [el("span", { className: "sw-cite-label", text: label }), " ",
            el("span", { className: "sw-more", text: t("showArticle") })])
        ]);
        if (state.lang === "en" && c.summary_en) details.appendChild(el("p", { className: "sw-summary", text: c.summary_en }));
        if (c.text) {
          if (state.lang === "en") details.appendChild(el("p", { className: "sw-article-head", text: t("articleText") }));
          details.appendChild(el("p", { className: "sw-article-text", lang: "zh-CN", text: c.text }));
        }
        list.appendChild(el("li", { className: "sw-cite sw-cite--law" }, [details]));
      } else if (c.type === "source" && c.title) {
        var item = el("li", { className: "sw-cite sw-cite--source", "data-part": "source" }, [link(c.url, String(c.title))]);
        if (c.year) item.appendChild(document.createTextNode(fmt(t("sourceYear"), { year: c.year_label || c.year })));
        list.appendChild(item);
      }
    });
    box.appendChild(list);
    return box;
  }

  function renderFeedback(entry) {
    var fb = entry.feedback || {};
    var box = el("div", { className: "sw-feedback", "data-part": "feedback" });
    if (fb.sent) {
      box.appendChild(el("p", { className: "sw-thanks", role: "status", text: t("feedbackThanks") }));
      return box;
    }
    var question = "sw-fbq-" + entry.id;
    var group = el("div", { className: "sw-fb-buttons", role: "group", "aria-labelledby": question }, [
      el("span", { id: question, className: "sw-fb-question", text: t("feedbackQuestion") })
    ]);
    [[true, "helpful"], [false, "notHelpful"]].forEach(function (spec) {
      group.appendChild(el("button", { type: "button", className: "sw-fb", "data-part": spec[0] ? "helpful" : "not-helpful",
        "aria-pressed": fb.helpful === spec[0] ? "true" : "false",
        onclick: function () {
          entry.feedback = { helpful: spec[0] };
          save();
          var li = replaceEntry(entry);
          var comment = li && li.querySelector("textarea");
          if (comment) comment.focus();
        } }, [el("span", { className: spec[0] ? "sw-fb-yes" : "sw-fb-no", "aria-hidden": "true" }), t(spec[1])]));
    });
    box.appendChild(group);
    if (fb.helpful === true || fb.helpful === false) {
      var id = "sw-fbc-" + entry.id;
      var comment = el("textarea", { id: id, className: "sw-comment", rows: "2", "data-part": "comment" });
      var error = el("p", { className: "sw-warning", role: "alert" });
      var form = el("form", { className: "sw-fb-form", novalidate: true }, [
        el("label", { "for": id, text: t("commentLabel") }), comment,
        el("button", { type: "submit", className: "sw-secondary", "data-part": "submit-feedback", text: t("submitFeedback") }),
        error
      ]);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        post("/feedback", { sender: state.session, helpful: fb.helpful, topic: entry.custom.topic || null,
          comment: comment.value.slice(0, MAX_CHARS) }).then(function () {
          entry.feedback = { helpful: fb.helpful, sent: true };
          save();
          var li = replaceEntry(entry);
          announce(t("feedbackThanks"));
          els.input.focus();
          return li;
        }, function () { error.textContent = t("feedbackFailed"); });
      });
      box.appendChild(form);
    }
    return box;
  }

  function replaceEntry(entry) {
    var old = els.log.querySelector('[data-entry="' + entry.id + '"]');
    if (!old) return null;
    var fresh = renderEntry(entry, entry.id === lastAnswerId());
    old.parentNode.replaceChild(fresh, old);
    return fresh;
  }

  function scrollToEnd(target) {
    // a long answer is read from its beginning, with the question above it when the answer's first
    // message still fits under it (a narrow screen has room for the first message alone)
    var question = target && target.previousElementSibling;
    var first = target && target.querySelector(".sw-bubble > .sw-text");
    var firstEnd = first ? first.getBoundingClientRect().bottom : 0;
    if (question && question.getAttribute("data-role") === "user" &&
        target.offsetTop - question.offsetTop < els.body.clientHeight / 3 &&
        firstEnd - question.getBoundingClientRect().top + 8 <= els.body.clientHeight) target = question;
    if (target && els.body.scrollHeight - target.offsetTop > els.body.clientHeight) {
      els.body.scrollTop = Math.max(0, target.offsetTop - 8); // does not fit: show its beginning
    } else {
      els.body.scrollTop = els.body.scrollHeight;
    }
  }

  function announce(text) {
    els.live.textContent = "";
    lastLive = text;
    window.setTimeout(function () { if (lastLive === text) els.live.textContent = text; }, 50);
  }

  function addEntry(entry) {
    entry.id = state.nextId++;
    state.entries.push(entry);
    save();
    return entry;
  }

  function refreshButtons() {
    var active = lastAnswerId();
    Array.prototype.forEach.call(els.log.querySelectorAll(".sw-reply"), function (button) {
      var li = button.closest("[data-entry]");
      button.disabled = busy || !state.accepted || String(active) !== li.getAttribute("data-entry");
    });
  }

  // ---------------------------------------------------------------- talking to the server
  function request(path, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) controller.abort(); }, config.timeout);
    // The conversation's key: handed out by the server with the first answer (X-Conversation-Key),
    // sent with every later request of the conversation (bot/channels/keys.py).
    if (state.key && body.sender === state.session && !body.key) {
      var keyed = { key: state.key };
      for (var name in body) if (Object.prototype.hasOwnProperty.call(body, name)) keyed[name] = body[name];
      body = keyed;
    }
    return fetch(config.server + "/webhooks/widget" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      window.clearTimeout(timer);
      var issued = res.headers.get("X-Conversation-Key");
      if (issued && body.sender === state.session && issued !== state.key) { state.key = issued; save(); }
      return res.json().catch(function () { return null; }).then(function (json) {
        return { ok: res.ok, status: res.status, json: json };
      });
    }, function (error) {
      window.clearTimeout(timer);
      var failure = new Error(error && error.name === "AbortError" ? "timeout" : "unreachable");
      failure.kind = error && error.name === "AbortError" ? "timeout" : "unreachable";
      throw failure;
    });
  }

  function post(path, body) {
    return request(path, body).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json;
    });
  }

  function setBusy(value) {
    busy = value;
    els.send.disabled = value;
    els.send.setAttribute("aria-disabled", value ? "true" : "false");
    els.typing.textContent = "";
    if (value) {
      els.typing.appendChild(el("span", { className: "sw-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
      els.typing.appendChild(el("span", { className: "sw-typing-text", text: t("typing") }));
    }
    els.typing.classList.toggle("sw-typing--on", value);
    refreshButtons();
  }

  function send(message, display, resend) {
    if (busy) return Promise.resolve(false);
    if (message.length > MAX_CHARS) {
      showWarning(fmt(t("tooLong"), { max: MAX_CHARS, n: message.length }));
      return Promise.resolve(false);
    }
    if (!resend) {
      var mine = addEntry({ role: "user", text: display || message });
      els.log.appendChild(renderEntry(mine, false));
    }
    setBusy(true);
    scrollToEnd();
    return request("/webhook", { sender: state.session, message: message, language: state.lang }).then(function (res) {
      if (res.ok && Array.isArray(res.json) && res.json.length) return receive(res.json);
      if (res.status === 400 || res.status === 403 || res.status === 413) {
        return fail({ role: "system", key: "refused", values: { reason: (res.json && res.json.error) || res.status } });
      }
      return fail({ role: "error", key: "unreachable", retry: { message: message, display: display || message } });
    }, function (error) {
      return fail({ role: "error", key: error.kind === "timeout" ? "timeout" : "unreachable",
        retry: { message: message, display: display || message } });
    }).then(function () {
      setBusy(false);
      return true;
    });
  }

  function fail(entry) {
    var added = addEntry(entry);
    var li = renderEntry(added, false);
    els.log.appendChild(li);
    refreshButtons();
    scrollToEnd();
    announce(t("system") + " " + fmt(t(entry.key), entry.values));
  }

  function retry(entry) {
    if (busy) return;
    state.entries = state.entries.filter(function (e) { return e !== entry; });
    save();
    var li = els.log.querySelector('[data-entry="' + entry.id + '"]');
    if (li) li.parentNode.removeChild(li);
    els.input.focus();
    send(entry.retry.message, entry.retry.display, true);
  }

  /** Rasa's messages for one turn: texts (with buttons); each custom payload belongs to the text before it.
   *  A hand-off payload is not shown: it says the request was queued, or the message went to staff. */
  function receive(messages) {
    var added = [], handoffs = [], language = null;
    messages.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var text = typeof m.text === "string" ? m.text : "";
      var buttons = Array.isArray(m.buttons) ? m.buttons.filter(function (b) { return b && typeof b.title === "string"; })
        .map(function (b) { return { title: b.title, payload: typeof b.payload === "string" ? b.payload : b.title }; }) : [];
      if (text || buttons.length) {
        added.push(addEntry({ role: "bot", text: text, buttons: buttons }));
      }
      var custom = m.custom && typeof m.custom === "object" ? m.custom : null;
      if (!custom) return;
      if (custom.kind === "handoff") handoffs.push(custom);
      if (custom.kind !== "handoff" || !(custom.extra && custom.extra.relayed)) {
        if (custom.language === "zh" || custom.language === "en") language = custom.language;
        if (!added.length) return;
        added[added.length - 1].custom = custom;
        save();
      }
    });
    if (language && language !== state.lang) { // the labels follow the language the user writes in
      state.lang = language;
      save();
      applyLanguage();
      renderAll();
    }
    var first = null;
    var active = lastAnswerId();
    added.forEach(function (entry) {
      var li = els.log.querySelector('[data-entry="' + entry.id + '"]'); // already there after a language switch
      if (!li) els.log.appendChild(li = renderEntry(entry, entry.id === active));
      first = first || li;
    });
    handoffs.forEach(function (custom) { onHandoffPayload(custom, lastUserEntry()); });
    renderAbout();
    refreshButtons();
    scrollToEnd(first);
    if (added.length) announce(t("bot") + " " + added.map(function (e) { return e.text; }).join("\n"));
  }

  function lastUserEntry() {
    for (var i = state.entries.length - 1; i >= 0; i--) if (state.entries[i].role === "user") return state.entries[i];
    return null;
  }

  // ---------------------------------------------------------------- the input
  function piiKinds(text) {
    return Privacy(text);
  }

  function showWarning(text) {
    els.warning.textContent = text || "";
    els.warning.classList.toggle("sw-warning--on", !!text);
  }

  /** Live checks while typing: the length counter and the personal-number warning. */
  function checkInput(sending) {
    if (!els.input) return true;
    var text = els.input.value;
    if (text.length > MAX_CHARS) {
      showWarning(fmt(t("tooLong"), { max: MAX_CHARS, n: text.length }));
      return false;
    }
    var kinds = piiKinds(text);
    if (kinds.length) {
      var names = kinds.map(function (k) { return t("kinds")[k]; }).join(t("joiner"));
      showWarning(fmt(t("pii"), { kinds: names }));
      if (sending && piiConfirmed !== text) { piiConfirmed = text; return false; }
      return true;
    }
    piiConfirmed = null;
    showWarning(text.length > MAX_CHARS * 0.9 ? fmt(t("counter"), { n: text.length, max: MAX_CHARS }) : "");
    return true;
  }

  function submitInput() {
    if (busy || !state.accepted) return;
    var text = els.input.value;
    if (!text.trim()) return;
    if (!checkInput(true)) { els.input.focus(); return; }
    els.input.value = "";
    piiConfirmed = null;
    showWarning("");
    send(text.trim());
    els.input.focus();
  }

  // ---------------------------------------------------------------- panel, language, conversation
  function focusables() {
    return Array.prototype.filter.call(els.panel.querySelectorAll(
      "button, [href], textarea, input, summary, [tabindex]:not([tabindex='-1'])"), function (node) {
      return !node.disabled && node.offsetParent !== null;
    });
  }

  function fullScreen() {
    return window.matchMedia && window.matchMedia("(max-width: 480px), (max-height: 520px)").matches;
  }

  function onPanelKeydown(event) {
    if (event.key === "Escape" || event.key === "Esc") {
      if (sheetView) { closeSheet(); event.preventDefault(); return; }
      event.preventDefault();
      setOpen(false, true);
      return;
    }
    if (event.key === "Tab" && fullScreen()) { // the panel covers the page: keep focus inside it
      var items = focusables();
      if (!items.length) return;
      var current = root.activeElement;
      if (event.shiftKey && current === items[0]) { event.preventDefault(); items[items.length - 1].focus(); }
      else if (!event.shiftKey && current === items[items.length - 1]) { event.preventDefault(); items[0].focus(); }
    }
  }

  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    els.panel.hidden = !open;
    els.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    els.wrap.classList.toggle("sw--open", open);
    els.panel.setAttribute("aria-modal", open && fullScreen() ? "true" : "false");
    if (open) {
      scrollToEnd();
      if (moveFocus) {
        var accept = els.privacy.querySelector("button");
        (state.accepted ? els.input : accept || els.input).focus();
      }
    } else if (moveFocus) {
      els.launcher.focus();
    }
  }

  function switchLanguage() {
    state.lang = state.lang === "zh" ? "en" : "zh";
    save();
    applyLanguage();
    renderAll();
    els.langButton.focus();
    announce(t("title"));
  }

  function newConversation() {
    stopPolling();
    // a request nobody will watch any more must not wait in the staff queue
    if (handoffOpen()) post("/handoff/cancel", { sender: state.session, language: state.lang }).catch(function () {});
    state = freshState(state);
    save();
    closeSheet(true);
    renderAll();
    applyLanguage();
    announce(t("newConversationDone"));
    (state.accepted ? els.input : els.privacy.querySelector("button") || els.input).focus();
  }

  function lastTopic() {
    for (var i = state.entries.length - 1; i >= 0; i--) {
      var c = state.entries[i].custom;
      if (c && typeof c.topic === "string" && c.topic !== "request_human" && /^[A-Za-z0-9_]{1,64}$/.test(c.topic)) return c.topic;
    }
    return null;
  }

  // ---------------------------------------------------------------- the sheet: hand-off, call back, new chat?
  var sheetView = null;

  /** A form in the sheet: a scrolling part and, always in view below it, the buttons. */
  function sheetForm(view, title, parts, buttons, onSubmit) {
    var form = el("form", { className: "sw-sheet-form", novalidate: true, "aria-labelledby": "sw-sheet-title",
      "data-view": view }, [
      el("div", { className: "sw-sheet-scroll" }, [el("h3", { id: "sw-sheet-title", className: "sw-sheet-title", text: title })]
        .concat(parts)),
      el("div", { className: "sw-sheet-actions" }, buttons)
    ]);
    form.addEventListener("submit", function (event) { event.preventDefault(); onSubmit(form); });
    return form;
  }

  function piiWarning(field, warning) {
    field.addEventListener("input", function () {
      var kinds = piiKinds(field.value);
      warning.textContent = kinds.length ? fmt(t("pii"), { kinds: kinds.map(function (k) { return t("kinds")[k]; }).join(t("joiner")) }) : "";
    });
  }

  function cancelButton(label) {
    return el("button", { type: "button", className: "sw-secondary", text: t(label || "cancel"), "data-part": "sheet-cancel",
      onclick: function () { closeSheet(); } });
  }

  function handoffView() {
    var note = el("textarea", { id: "sw-handoff-note", className: "sw-comment", rows: "3", "data-part": "handoff-note",
      "aria-describedby": "sw-handoff-text sw-handoff-warning" });
    var warning = el("p", { id: "sw-handoff-warning", className: "sw-warning", "aria-live": "polite" });
    var error = el("p", { className: "sw-warning", role: "alert", "data-part": "sheet-error" });
    // outside staffed hours the sheet says so, and when someone is next there, before anything is sent
    var hours = el("p", { id: "sw-handoff-hours", className: "sw-notice", "data-part": "handoff-hours", hidden: true });
    piiWarning(note, warning);
    request("/handoff/updates", { sender: state.session, after: 0, language: state.lang }).then(function (res) {
      var info = res.json || {};
      if (!res.ok || info.staffed_now !== false) return;
      hours.textContent = info.opens ? fmt(t("handoffClosedUntil"), { opens: info.opens }) : t("handoffNeverStaffed");
      hours.hidden = false;
    }, function () {});
    return sheetForm("handoff", t("handoffTitle"), [
      hours,
      el("p", { id: "sw-handoff-text", text: t("handoffText") }),
      el("label", { "for": "sw-handoff-note", text: t("handoffNote") }), note, warning, error
    ], [cancelButton(), el("button", { type: "submit", className: "sw-primary", text: t("handoffSubmit"),
      "data-part": "handoff-submit" })], function () {
      post("/handoff", { sender: state.session, topic: lastTopic(), note: note.value.slice(0, MAX_CHARS),
        language: state.lang }).then(function (res) {
        closeSheet(true);
        handoffStarted(res);
        system(res.message);
        sheetNotice = res.message;  // the call-back form keeps it in view: it covers the conversation
        if (!res.silenced) showSheet("callback");
        else els.input.focus();
      }, function () { error.textContent = t("handoffFailed"); });
    });
  }

  function callbackView() {
    var phone = el("input", { id: "sw-phone", className: "sw-field", type: "tel", autocomplete: "tel", inputmode: "tel",
      maxlength: "40", "data-part": "phone", "aria-describedby": "sw-callback-text sw-callback-error" });
    var consent = el("input", { id: "sw-consent", type: "checkbox", "data-part": "consent" });
    var error = el("p", { id: "sw-callback-error", className: "sw-warning", role: "alert", "data-part": "sheet-error" });
    var consentText = (state.handoff && state.handoff.consent) || "";
    var h = state.handoff;
    var notice = sheetNotice || (h && !h.silenced && h.state === "waiting" ? fmt(t("queueNoted"), { opens: h.opens || "" }) : "");
    sheetNotice = null;
    return sheetForm("callback", t("callbackTitle"), [
      el("p", { className: "sw-notice", "data-part": "sheet-notice", hidden: !notice, text: notice }),
      el("p", { id: "sw-callback-text", text: t("callbackText") }),
      el("label", { "for": "sw-phone", text: t("phoneLabel") }), phone,
      el("div", { className: "sw-consent" }, [consent, el("label", { "for": "sw-consent", text: consentText })]),
      error
    ], [cancelButton("close"), el("button", { type: "submit", className: "sw-primary", text: t("callbackSubmit"),
      "data-part": "callback-submit" })], function () {
      var digits = phone.value.replace(/[\s\-()（）·]/g, "");
      digits = digits.normalize ? digits.normalize("NFKC") : digits;
      if (!/^(?:\+?86)?(?:1[3-9]\d{9}|0\d{9,11})$/.test(digits)) { error.textContent = t("callbackInvalid"); phone.focus(); return; }
      if (!consent.checked || !consentText) { error.textContent = t("callbackNeedConsent"); consent.focus(); return; }
      post("/callback", { sender: state.session, phone: phone.value, consent: true, language: state.lang }).then(function (res) {
        if (state.handoff) { state.handoff.callback = true; save(); }  // a number is left: no second offer
        closeSheet(true);
        system(res.message);
        els.input.focus();
      }, function () { error.textContent = t("callbackFailed"); });
    });
  }

  function confirmNewView() {
    return sheetForm("new", t("confirmNewTitle"), [el("p", { text: t("confirmNewText") })],
      [cancelButton("confirmNewNo"), el("button", { type: "submit", className: "sw-primary", text: t("confirmNewYes"),
        "data-part": "confirm-new" })], function () { newConversation(); });
  }

  var sheetNotice = null;  // the hand-off reply, shown at the top of the call-back form that follows it
  var VIEWS = { handoff: handoffView, callback: callbackView, "new": confirmNewView };
  var OPENERS = { handoff: "handoffButton", callback: "handoffButton", "new": "newButton" };

  function showSheet(view, keepFocus) {
    sheetView = view;
    els.sheet.textContent = "";
    els.sheet.appendChild(VIEWS[view]());
    els.sheet.hidden = false;
    els.body.hidden = els.composer.hidden = els.banner.hidden = true;
    [els.handoffButton, els.newButton].forEach(function (b) {
      b.setAttribute("aria-expanded", b === els[OPENERS[view]] ? "true" : "false");
    });
    if (!keepFocus) (els.sheet.querySelector("textarea, input") || els.sheet.querySelector("[data-part=sheet-cancel]")).focus();
  }

  function closeSheet(silent) {
    var opener = sheetView && els[OPENERS[sheetView]];
    sheetView = null;
    els.sheet.hidden = true;
    els.sheet.textContent = "";
    els.body.hidden = false;
    renderPrivacy();
    renderBanner();
    els.handoffButton.setAttribute("aria-expanded", "false");
    els.newButton.setAttribute("aria-expanded", "false");
    scrollToEnd();
    if (!silent && opener) opener.focus();
  }

  function toggleSheet(view) {
    if (sheetView === view) { closeSheet(); return; }
    if (view === "handoff" && handoffOpen()) { // already asked: show where it stands, and the way back
      if (sheetView) closeSheet(true);
      var back = els.banner.querySelector("button");
      if (back) back.focus();
      return;
    }
    showSheet(view);
  }

  function system(text) {
    if (!text) return;
    var entry = addEntry({ role: "system", text: String(text) });
    els.log.appendChild(renderEntry(entry, false));
    scrollToEnd();
    announce(t("system") + " " + text);
  }

  // ---------------------------------------------------------------- the live hand-off: status and staff messages
  var pollTimer = null;

  function handoffOpen() {
    return !!(state.handoff && (state.handoff.state === "waiting" || state.handoff.state === "active"));
  }

  /** The server's view of the request (from /handoff, /handoff/updates or a hand-off payload). */
  function handoffStarted(info) {
    var previous = state.handoff || {};
    state.handoff = { id: info.id || previous.id || null, state: info.state || "waiting",
      staffed: info.staffed !== undefined ? !!info.staffed : !!previous.staffed,
      silenced: info.silenced !== undefined ? !!info.silenced : !!info.staffed,
      position: info.position || 0, waited: info.waited || 0, opens: info.opens || previous.opens || null,
      consent: info.consent || previous.consent || null, after: previous.after || 0,
      callback: !!(info.callback || previous.callback) };
    save();
    renderBanner();
    poll(0);
  }

  function duration(seconds) {
    var m = Math.floor(seconds / 60), s = Math.floor(seconds % 60);
    return m ? fmt(t("duration"), { m: m, s: s }) : fmt(t("durationShort"), { s: s });
  }

  function renderBanner() {
    els.banner.textContent = "";
    var h = state.handoff;
    if (!handoffOpen() || sheetView) { els.banner.hidden = true; return; }
    var text = h.state === "active" ? t("queueActive") : h.silenced
      ? fmt(t("queueWaiting"), { position: h.position || 1, waited: duration(h.waited || 0) })
      : fmt(t("queueNoted"), { opens: h.opens || "" });
    els.banner.appendChild(el("p", { className: "sw-banner-text", text: text }));
    var buttons = el("div", { className: "sw-row sw-row--end" });
    if (!h.silenced && h.state === "waiting" && !h.callback) {
      buttons.appendChild(el("button", { type: "button", className: "sw-secondary", "data-part": "leave-number",
        text: t("leaveNumber"), onclick: function () { showSheet("callback"); } }));
    }
    buttons.appendChild(el("button", { type: "button", className: "sw-secondary", "data-part": "back-to-bot",
      text: t("backToBot"), onclick: cancelHandoff }));
    els.banner.appendChild(buttons);
    els.banner.hidden = false;
  }

  function cancelHandoff() {
    post("/handoff/cancel", { sender: state.session, language: state.lang }).then(function (res) {
      stopPolling();
      state.handoff = null;
      save();
      renderBanner();
      system(res.message);
      els.input.focus();
    }, function () { system(t("handoffFailed")); });
  }

  function stopPolling() {
    if (pollTimer) window.clearTimeout(pollTimer);
    pollTimer = null;
  }

  function poll(delay) {
    stopPolling();
    if (!handoffOpen()) return;
    pollTimer = window.setTimeout(function () {
      pollTimer = null;
      var asked = state.session;
      request("/handoff/updates", { sender: state.session, after: (state.handoff && state.handoff.after) || 0,
        language: state.lang }).then(function (res) {
        if (asked !== state.session || !state.handoff) return;
        var seconds = (res.json && res.json.poll) || 2;
        if (res.ok && res.json) {
          (res.json.messages || []).forEach(showStaffMessage);
          if (res.json.state === "waiting" || res.json.state === "active") {
            handoffStarted(res.json);
          } else {
            state.handoff = null;
            save();
            renderBanner();
          }
        }
        if (handoffOpen()) {
          // while nobody is on duty, a rare look is enough; a hidden page asks less often
          var wait = state.handoff.silenced ? seconds : 20;
          poll((document.hidden ? Math.max(wait, 10) : wait) * 1000);
        }
      }, function () { poll(10000); });
    }, delay);
  }

  function showStaffMessage(m) {
    if (!m || typeof m.text !== "string" || !state.handoff) return;
    state.handoff.after = Math.max(state.handoff.after || 0, m.id || 0);
    var entry = addEntry({ role: m.author === "staff" ? "staff" : "system", text: m.text });
    els.log.appendChild(renderEntry(entry, false));
    scrollToEnd();
    announce((m.author === "staff" ? t("staff") : t("system")) + " " + m.text);
  }

  /** A hand-off payload in the assistant's reply: the request was queued, or a message went to staff. */
  function onHandoffPayload(custom, userEntry) {
    var extra = custom.extra || {};
    if (extra.relayed) {
      if (userEntry) { userEntry.toStaff = true; replaceEntry(userEntry); }
      handoffStarted({ id: extra.id, state: extra.state, staffed: extra.staffed });
    } else if (extra.state === "closed") {
      stopPolling();
      state.handoff = null;
      save();
      renderBanner();
    } else {
      handoffStarted({ state: "waiting", staffed: extra.staffed, silenced: !!extra.staffed, opens: null });
    }
  }

  // ---------------------------------------------------------------- start
  window.ShebaoWidget = {
    version: VERSION,
    open: function () { setOpen(true, true); },
    close: function () { setOpen(false, true); }
  };
  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
