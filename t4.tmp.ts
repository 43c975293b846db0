import { ModelOutputRules } from './src/answer/model-output.ts';
import { LeakGuard } from './src/answer/output-leaks.ts';
import { pathologicalShapes } from './test/support/pathological.ts';
const rules = new ModelOutputRules(new LeakGuard('Use only the numbered passages supplied with the question.', ['sk-live-Zq8vN3xK7pR2mW9tY4bL6cJ1']), 60000);
const src = { passages: [['Founded in 1999 by Jack Ma and Peng Lei, the Alibaba group.']], linkRemoved: '(x)' };
for (let r=0;r<2;r++) for (const [k, t] of Object.entries(pathologicalShapes())) { const s=performance.now(); const c=rules.start(src); c.push(t); c.finish(); console.log(k, (performance.now()-s).toFixed(1)); }
