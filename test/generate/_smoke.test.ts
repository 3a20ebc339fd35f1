import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { detectProject } from '../../src/detect/index.js';
import { planSetup, renderPlan, runChecklist, selfCheck } from '../../src/generate/index.js';
it('smoke', async () => {
  const dir = 'test/detect/fixtures';
  for (const fx of readdirSync(dir)) {
    if (process.env.FX && fx !== process.env.FX) continue;
    let facts;
    try { facts = await detectProject(`${dir}/${fx}`); } catch { continue; }
    for (const app of facts.apps) {
      if (!['node', 'bun'].includes(app.language.name)) continue;
      for (const tier of [1, 2] as const) {
        try {
          const plan = planSetup(facts, { tier, app: app.path });
          const files = renderPlan(plan);
          if (process.env.SHOW) for (const f of files) console.log(`===== ${f.path}\n${f.content}`);
          const findings = await selfCheck(plan, files, { root: facts.root });
          for (const d of findings) console.log(`FINDING ${fx}/${app.path} t${tier} ${d.file}:${d.start.line} ${d.code} ${d.message}`);
          for (const c of runChecklist(plan, files)) if (!c.ok) console.log(`CHECK ${fx}/${app.path} t${tier} ${c.id}: ${c.detail}`);
        } catch (e) { console.log(`ERROR ${fx}/${app.path} t${tier}`, e); }
      }
    }
  }
});
