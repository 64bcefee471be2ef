// A page as readers see it, in headless Chromium: horizontal overflow at 390 px (phone) and 1280 px,
// axe-core violations, console errors, requests leaving the page, and screenshots of both widths.
// usage: node page_check.js page.html screenshots-dir   (run by run.sh, which sets NODE_PATH)
const puppeteer = require('puppeteer-core');
const fs = require('fs');
const path = require('path');
(async () => {
  const file = path.resolve(process.argv[2]);
  const shots = process.argv[3] || 'shots';
  fs.mkdirSync(shots, {recursive: true});
  const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: 'new',
    args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run']});
  const page = await browser.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  const requests = [];
  page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  for (const [name, w] of [['phone', 390], ['desktop', 1280]]) {
    await page.setViewport({width: w, height: 844, deviceScaleFactor: 1});
    await page.goto('file://' + file, {waitUntil: 'load'});
    const o = await page.evaluate(() => {
      const sw = document.documentElement.scrollWidth, cw = document.documentElement.clientWidth;
      const wide = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > cw + 1) {
          // ignore elements inside a scrolling box
          let p = el.parentElement, inside = false;
          while (p) { const s = getComputedStyle(p); if (['auto','scroll'].includes(s.overflowX)) { inside = true; break; } p = p.parentElement; }
          if (!inside) wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
        }
      }
      return {sw, cw, wide: wide.slice(0, 10)};
    });
    console.log(name, 'scrollWidth', o.sw, 'clientWidth', o.cw, 'overflowing:', JSON.stringify(o.wide));
    await page.screenshot({path: `${shots}/${name}-top.png`});
    await page.screenshot({path: `${shots}/${name}-full.png`, fullPage: true});
    if (name === 'phone') {
      await page.addScriptTag({path: require.resolve('axe-core')});
      const res = await page.evaluate(async () => await axe.run(document, {resultTypes: ['violations']}));
      console.log('axe violations:', res.violations.length);
      for (const v of res.violations) console.log(' ', v.id, v.impact, v.nodes.length, v.nodes.slice(0,3).map(n => n.target.join(' ')).join(' | '));
    }
  }
  console.log('console errors:', JSON.stringify(errors));
  console.log('external requests:', JSON.stringify(requests));
  await browser.close();
})();
