/** The console's icon: a small SVG, served from `/console/favicon.svg` (the CSP allows images from this origin only). */
export const consoleIcon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d2633"/><path d="M9 11c0 7 5 12 12 12l2-4-4-2-2 2c-2-1-3-2-4-4l2-2-2-4z" fill="#ffbf47"/></svg>';

/** The console's whole stylesheet: served from `/console/console.css` (no CDN, no build step). */
export const consoleCss = `
:root{--fg:#1d1f23;--muted:#565b66;--bg:#f6f7f9;--card:#fff;--line:#d8dbe1;--accent:#1f5fbf;--focus:#ffbf47;
--ok:#146c2e;--ok-bg:#e3f4e8;--warn:#7a4b00;--warn-bg:#fff1d6;--bad:#a4161a;--bad-bg:#fde5e5;--info:#1f4f99;--info-bg:#e3ecfa;--idle:#444a55;--idle-bg:#eceef2;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);line-height:1.45}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 5px var(--fg)}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.top{background:#1d2633;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;font-size:1.1rem}
header.top nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
header.top nav a{text-decoration:none;padding:.25rem 0;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{border-bottom-color:var(--focus)}
header.top form{margin-left:auto}
header.top button{background:transparent;color:#fff;border:1px solid #8b97a8}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
.muted{color:var(--muted)}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;padding:.6rem .75rem;font-weight:600}
th,td{text-align:left;padding:.5rem .75rem;border-top:1px solid var(--line);vertical-align:top}
thead th{background:#f0f2f5;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.85rem;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.s-succeeded,.s-booked,.s-created,.s-sent,.s-applied,.s-delivered,.s-read{color:var(--ok);background:var(--ok-bg)}
.s-failed,.s-pending,.s-conflict,.s-retrying{color:var(--warn);background:var(--warn-bg)}
.s-dead,.s-cancelled,.s-undelivered{color:var(--bad);background:var(--bad-bg)}
.s-running{color:var(--info);background:var(--info-bg)}
.s-queued,.s-skipped,.s-waiting{color:var(--idle);background:var(--idle-bg)}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem}
.counts a{display:flex;flex-direction:column;min-width:6.5rem;padding:.5rem .75rem;border:1px solid var(--line);border-radius:8px;background:var(--card);text-decoration:none;color:var(--fg)}
.counts a[aria-current=true]{border:2px solid var(--accent)}
.counts strong{font-size:1.4rem;font-variant-numeric:tabular-nums}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input,select,button,.button{font:inherit;padding:.45rem .7rem;border-radius:6px;border:1px solid #8b93a1;background:#fff;color:var(--fg)}
button,.button{cursor:pointer;background:var(--accent);color:#fff;border-color:var(--accent);text-decoration:none;display:inline-block}
button.danger,.button.danger{background:var(--bad);border-color:var(--bad)}
.button.secondary{background:#fff;color:var(--accent)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
ol.timeline{list-style:none;margin:0;padding:0;border-left:3px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 1rem;padding:0 0 0 1rem}
ol.timeline li::before{content:"";position:absolute;left:-.55rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:var(--ok);border:2px solid var(--card)}
ol.timeline li.failed::before{background:var(--bad)}
ol.timeline li.pending::before,ol.timeline li.waiting::before,ol.timeline li.intent::before{background:var(--line)}
.error{border-left:4px solid var(--bad);background:var(--bad-bg);padding:.5rem .75rem;margin:.5rem 0;overflow-wrap:anywhere}
.notice{border-left:4px solid var(--ok);background:var(--ok-bg);padding:.5rem .75rem;margin:0 0 1rem}
.login{max-width:26rem;margin:3rem auto}
.login input{width:100%}
.pager{margin:1rem 0}
.sk-frame{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;max-width:44rem}
.sk-message{display:flex;gap:.6rem;font-family:Lato,"Helvetica Neue",Arial,sans-serif;font-size:15px;color:#1d1c1d;line-height:1.47}
.sk-message+.sk-message{margin-top:1rem;padding-top:1rem;border-top:1px dashed var(--line)}
.sk-avatar{flex:0 0 36px;height:36px;border-radius:6px;background:#4a154b;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
.sk-body{min-width:0;flex:1}
.sk-app{font-size:10px;background:#e8e8e8;color:#616061;padding:1px 3px;border-radius:2px;vertical-align:middle}
.sk-section,.sk-header,.sk-context{margin:4px 0 8px;overflow-wrap:anywhere}
.sk-header{font-weight:900;font-size:18px}
.sk-context{font-size:12px;color:#616061;display:flex;flex-wrap:wrap;gap:8px}
.sk-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px;margin-top:4px}
.sk-divider{border:0;border-top:1px solid #ddd;margin:8px 0}
.sk-pre{background:#f8f8f8;border:1px solid #ddd;border-radius:4px;padding:8px;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
.sk-pre code{word-break:normal}
.sk-frame+details{margin-top:1rem}
.sk-code{background:#f8f8f8;border:1px solid #ddd;border-radius:3px;padding:0 3px;color:#c01343;font-size:12px}
.sk-mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.sk-quote{border-left:4px solid #ddd;margin:4px 0;padding-left:12px}
.sk-unknown{color:#616061;font-style:italic}
@media (max-width:40rem){main{padding:.75rem}th,td{padding:.45rem .5rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border-top:1px solid var(--line);padding:.35rem 0}
table.stack td,table.stack tbody th{display:grid;grid-template-columns:6.5rem 1fr;justify-items:start;gap:.5rem;border:0;padding:.2rem .75rem;text-align:left}
table.stack td::before,table.stack tbody th::before{content:attr(data-label);font-weight:600;color:var(--muted)}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}.sk-fields{grid-template-columns:1fr}header.top form{margin-left:0}}
`;
