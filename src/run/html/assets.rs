//! The report's fixed style sheet and script, inlined into every report (no network, no
//! external fonts). Neither embeds any data: everything from the summary is in the escaped
//! HTML, so no `</script>` in a source file can end the script early.

/// Content-Security-Policy of the report: nothing may be fetched, only the inline style and
/// script run. A report opened from a mail or a CI artifact cannot reach the network.
pub(super) const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

pub(super) const CSS: &str = r#"
:root { --cold: #f2a0a0; --h1: #d8f0d2; --h2: #b5e2a9; --h3: #8fd17e; --h4: #66bd55; --h5: #3f9f35;
  --ink: #1d2329; --muted: #66707a; --line: #dde2e7; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 14px 24px; background: #1f2d3a; color: #fff; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #c8d3dd; }
main { padding: 8px 24px 40px; }
section { margin-top: 18px; }
h2 { font-size: 17px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .n { font-size: 24px; font-weight: 600; }
.card .l { color: var(--muted); }
.card.cold .n { color: #b42318; } .card.good .n { color: #2b7a1f; }
svg.trend { background: #fff; border: 1px solid var(--line); border-radius: 6px; }
svg.trend text { font-size: 11px; fill: var(--muted); }
table { border-collapse: collapse; background: #fff; width: 100%; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #eef1f4; }
.targets th:nth-child(1) { width: 3em; } .targets th:nth-child(2), .targets th:nth-child(3) { width: 15%; }
.targets th:nth-child(4) { width: 13%; } .targets th:nth-child(5) { width: 10%; }
.reason { display: inline-block; max-width: 100%; overflow-wrap: anywhere; background: #eef1f4; border-radius: 3px; padding: 0 5px; margin: 1px; font-size: 12px; }
ul.cold { margin: 0; padding-left: 16px; }
.yes { color: #2b7a1f; font-weight: 600; } .no { color: #b42318; }
.finding { background: #fff; border: 1px solid #f0b4ae; border-left: 4px solid #b42318; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.finding pre { white-space: pre-wrap; margin: 6px 0; }
.cmd { display: flex; gap: 8px; align-items: center; }
.cmd code { background: #1f2d3a; color: #e8eef3; padding: 4px 8px; border-radius: 4px; user-select: all; }
button { cursor: pointer; }
.views { position: sticky; top: 0; background: var(--bg); padding: 6px 0; z-index: 1; }
.views label { margin-right: 14px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 2px; }
details.file { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
details.file summary { padding: 6px 10px; cursor: pointer; }
.code { display: grid; grid-template-columns: auto 1fr; overflow-x: auto; border-top: 1px solid var(--line); }
.code pre { margin: 0; padding: 6px 10px; line-height: 1.4; tab-size: 4; }
pre.ln { text-align: right; color: #9aa4ad; background: #fafbfc; border-right: 1px solid var(--line); user-select: none; }
pre.ln a { color: inherit; text-decoration: none; }
pre.src { color: #7b8590; }
.b { color: var(--ink); border-radius: 2px; }
.m-t .t0, .m-s .s0, .m-f .f0, .legend .c0 { background: var(--cold); }
.m-t .t1, .m-s .s1, .m-f .f1, .legend .c1 { background: var(--h1); }
.m-t .t2, .m-s .s2, .m-f .f2, .legend .c2 { background: var(--h2); }
.m-t .t3, .m-s .s3, .m-f .f3, .legend .c3 { background: var(--h3); }
.m-t .t4, .m-s .s4, .m-f .f4, .legend .c4 { background: var(--h4); }
.m-t .t5, .m-s .s5, .m-f .f5, .legend .c5 { background: var(--h5); color: #fff; }
.b.p, .legend .p { text-decoration: underline dotted #c25e00 2px; text-underline-offset: 3px; }
.muted { color: var(--muted); }
.targets .muted { font-size: 12px; }
"#;

/// The view toggle (sets `m-t`/`m-s`/`m-f` on `<main>`; the CSS does the colouring) and the
/// copy buttons of the reproduce commands.
pub(super) const JS: &str = r#"
(function () {
  "use strict";
  var main = document.querySelector("main");
  function show(view) {
    main.classList.remove("m-t", "m-s", "m-f");
    main.classList.add("m-" + view);
  }
  document.querySelectorAll("input[name=view]").forEach(function (r) {
    r.addEventListener("change", function () { show(r.value); });
    // A reload may restore another checked view than the markup's default.
    if (r.checked) { show(r.value); }
  });
  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  document.querySelectorAll("button.copy").forEach(function (b) {
    b.addEventListener("click", function () {
      var code = b.parentNode.querySelector("code");
      var done = function () { b.textContent = "copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.textContent).then(done, function () { select(code); });
      } else {
        select(code);
      }
    });
  });
})();
"#;
