/**
 * Browser side of tests/browser/models-ui.test.ts: mounts the REAL settings route component (`#settings`) or the
 * REAL AssistPanel (`#assist`) with the app's stylesheet, so the test drives the recruiter's path — add a model
 * from an organisation's hosting, pick it, run screening tasks in the real LLM worker — exactly as the app does;
 * `window.embedCheck` embeds through models.service (active model, embed worker, IndexedDB vector cache).
 * Non-goals: assertions (Node side), SvelteKit routing (the app's own e2e covers it).
 */
import { mount } from 'svelte';
import '../../../src/app.css';
import SettingsPage from '../../../src/routes/settings/+page.svelte';
import AssistPanel from '../../../src/lib/components/assist/AssistPanel.svelte';
import ToastArea from '../../../src/lib/components/ui/ToastArea.svelte';
import { parseJob } from '../../../src/lib/core/job';
import { ASSIST_JOB, ASSIST_RESUME } from './fixture';
import { embedWithActiveModel, refreshInstalledModels } from '../../../src/lib/services/models.service';

const target = document.getElementById('app')!;
if (location.hash === '#assist') {
  const job = parseJob(ASSIST_JOB);
  mount(AssistPanel, { target, props: { job, resumeText: ASSIST_RESUME.text, knownName: ASSIST_RESUME.name, blind: true, hidden: { chars: 0 } } });
} else {
  mount(SettingsPage, { target });
}
mount(ToastArea, { target: document.body });
/** Embed `texts` twice with the active embedding model (the second run must come from the IndexedDB vector cache). */
async function embedCheck(texts: string[]) {
  await refreshInstalledModels();
  const first = await embedWithActiveModel(texts);
  const second = await embedWithActiveModel(texts);
  if (!first || !second) return { error: 'no active embedding model' };
  return { device: first.device, dims: first.dims, model: first.model, hits: [first.hits, second.hits], vectors: first.vectors.map((v) => Array.from(v)) };
}
Object.assign(window, { embedCheck, harnessReady: true });
