// Staff console: live search, copy buttons, the hand-off queue and conversation. No inline scripts
// (Content-Security-Policy); text from the server is put on the page with textContent.
(function () {
  "use strict";

  // Words the script writes itself, from the wording catalogue: base.html puts them on <body>.
  var WORDS = {};
  try { WORDS = JSON.parse(document.body.getAttribute("data-words") || "{}"); } catch (e) { WORDS = {}; }
  function word(key) { return WORDS[key] || ""; }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "hidden";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy failed")); }
      catch (err) { reject(err); }
      finally { document.body.removeChild(area); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) { return; }
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    var text = target.value !== undefined && target.tagName === "TEXTAREA" ? target.value : target.innerText;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copyText(text.trim()).then(function () {
      button.classList.add("done");
      button.textContent = button.getAttribute("data-done") || word("copied");
      setTimeout(function () { button.classList.remove("done"); button.textContent = label; }, 1500);
    }, function () { button.textContent = word("copy_failed"); });
  });

  handoffs();

  // Review: "select this page" ticks every open group's box.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("#review-table input[name=group]").forEach(function (box) { box.checked = all.checked; });
    });
  }

  // Live search: refresh the result list and open the top entry's card while typing (the full
  // page still works without it).
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("result-list");
  var cardArea = document.getElementById("card-area");
  if (!form || !input || !list || !cardArea) { return; }
  var timer = null, seq = 0;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) { return; }
    var mine = ++seq;
    fetch("/results?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (j) {
        if (mine !== seq) { return; }
        list.innerHTML = j.list;  // server-rendered, escaped HTML
        if (j.card) { cardArea.innerHTML = j.card; }
        if (j.open) { params.set("open", j.open); }
        history.replaceState(null, "", "/?" + params.toString());
      })
      .catch(function (status) { if (status === 401) { window.location = "/login"; } });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  form.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", function () { form.submit(); }); });

  // ------------------------------------------------------------ hand-offs
  function csrf() {
    var field = document.querySelector("input[name=csrf]");
    return field ? field.value : "";
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function every(seconds, fn) {
    fn();
    setInterval(function () { if (!document.hidden) { fn(); } }, seconds * 1000);
  }

  function handoffs() {
    var badge = document.getElementById("handoff-count");
    if (badge) {
      every(15, function () {
        getJson("/api/handoffs/count").then(function (j) {
          badge.textContent = j.waiting ? String(j.waiting) : "";
          badge.hidden = !j.waiting;
        }, function () {});
      });
    }
    var queue = document.getElementById("handoff-queue");
    if (queue) {
      setInterval(function () {
        if (document.hidden || queue.contains(document.activeElement)) { return; } // never pull a button from under the keyboard
        fetch(queue.getAttribute("data-refresh"), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { queue.innerHTML = html; }, function () {});
      }, 5000);
    }
    var box = document.querySelector(".handoff[data-handoff]");
    if (box) { conversation(box); }
  }

  function line(item) {
    var li = document.createElement("li");
    li.className = item.who;
    li.setAttribute("data-line", item.id);
    [["when", item.at], ["who", item.who_name], ["text", item.text]].forEach(function (part) {
      var span = document.createElement("span");
      span.className = part[0];
      span.textContent = part[1];
      li.appendChild(span);
      li.appendChild(document.createTextNode(" "));
    });
    if (item.who === "staff") {
      var status = document.createElement("small");
      status.className = "delivery";
      li.appendChild(status);
    }
    return li;
  }

  function showDelivery(thread, delivery) {
    var names = WORDS.delivery || {};
    Object.keys(delivery || {}).forEach(function (id) {
      var status = thread.querySelector('[data-line="' + id + '"] .delivery');
      if (status) {
        status.textContent = names[delivery[id]] || "";
        status.classList.toggle("failed", delivery[id] === "failed");
      }
    });
  }

  function conversation(box) {
    var id = box.getAttribute("data-handoff");
    var thread = document.getElementById("thread");
    var after = parseInt(box.getAttribute("data-after"), 10) || 0;
    var state = box.getAttribute("data-state"), mine = box.getAttribute("data-mine");
    function refresh() {
      return getJson("/handoffs/" + id + "/updates?after=" + after).then(function (j) {
        j.lines.forEach(function (item) {
          if (thread.querySelector('[data-line="' + item.id + '"]')) { return; }
          thread.appendChild(line(item));
          after = Math.max(after, item.id);
        });
        showDelivery(thread, j.delivery);
        if (j.state !== state || (j.mine ? "yes" : "no") !== mine) { window.location.reload(); }
      }, function (status) { if (status === 401) { window.location = "/login"; } });
    }
    if (state !== "closed") { every(2, refresh); }
    var reply = document.getElementById("reply-form");
    if (!reply) { return; }
    var text = document.getElementById("reply-text"), note = document.getElementById("reply-status");
    reply.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) { text.focus(); return; }
      var body = new URLSearchParams(new FormData(reply));
      note.textContent = word("sending");
      fetch(reply.getAttribute("action"), { method: "POST", credentials: "same-origin", body: body,
        headers: { "Accept": "application/json", "X-CSRF-Token": csrf() } })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
        .then(function (res) {
          if (!res.ok) { note.textContent = (res.json && res.json.error) || word("not_sent"); return; }
          text.value = "";
          note.textContent = word(res.json.delivered === false ? "saved_not_delivered" : "sent");
          refresh();
          text.focus();
        }, function () { note.textContent = word("not_sent_retry"); });
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { reply.requestSubmit(); }
    });
  }
})();
