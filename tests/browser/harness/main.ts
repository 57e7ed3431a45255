/**
 * Browser side of tests/browser/models-ui.test.ts: mounts the REAL settings route component (`#settings`) or the
 * REAL AssistPanel (`#assist`) with the app's stylesheet, so the test drives the recruiter's path — add a model
 * from an organisation's hosting, pick it, run screening tasks in the real LLM worker — exactly as the app does.
 * Non-goals: assertions (Node side), SvelteKit routing (the app's own e2e covers it).
 */
import { mount } from 'svelte';
import '../../../src/app.css';
import SettingsPage from '../../../src/routes/settings/+page.svelte';
import AssistPanel from '../../../src/lib/components/assist/AssistPanel.svelte';
import ToastArea from '../../../src/lib/components/ui/ToastArea.svelte';
import { parseJob } from '../../../src/lib/core/job';
import { ASSIST_JOB, ASSIST_RESUME } from './fixture';

const target = document.getElementById('app')!;
if (location.hash === '#assist') {
  const job = parseJob(ASSIST_JOB);
  mount(AssistPanel, { target, props: { job, resumeText: ASSIST_RESUME.text, knownName: ASSIST_RESUME.name, blind: true, hidden: { chars: 0 } } });
} else {
  mount(SettingsPage, { target });
}
mount(ToastArea, { target: document.body });
(window as unknown as { harnessReady: boolean }).harnessReady = true;
