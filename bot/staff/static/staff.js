// Staff console: live search and copy buttons. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";

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
    var label = button.textContent;
    copyText(text.trim()).then(function () {
      button.classList.add("done");
      button.textContent = "已复制 ✓";
      setTimeout(function () { button.classList.remove("done"); button.textContent = label; }, 1500);
    }, function () { button.textContent = "复制失败"; });
  });

  // Live search: refresh the result list while typing (the full page still works without it).
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("result-list");
  if (!form || !input || !list) { return; }
  var timer = null, seq = 0;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) { return; }
    var mine = ++seq, started = performance.now();
    fetch("/results?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== seq) { return; }
        list.innerHTML = '<p class="timing">' + Math.round(performance.now() - started) + " ms</p>" + html;
        history.replaceState(null, "", "/?" + params.toString());
      })
      .catch(function (status) { if (status === 401) { window.location = "/login"; } });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  form.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", function () { form.submit(); }); });
})();
