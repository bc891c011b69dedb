/**
 * The claim editor's page: two views (build and sign / decode and verify) behind keyboard tabs,
 * the context line, and the handshake: load saved state, say `ready`, apply `init`.
 */
import './claimEditor.css';
import type { EditorContext, PushMessage, SavedState } from '../../src/shared/protocol';
import { BuildView } from './buildView';
import { DecodeView } from './decodeView';
import { el, setChildren } from './dom';
import { Host } from './host';

type ViewName = SavedState['view'];

const saved: { state: SavedState | undefined } = { state: undefined };
let profileName: string | undefined;
let initialised = false;

const host = new Host(onPush);
saved.state = host.loadState();
const decodeView = new DecodeView(host);
const buildView = new BuildView(host, {
  changed: () => saveState(),
  decode: (token) => {
    selectView('decode', false);
    decodeView.show(token);
  },
});

const title = el('h1', { id: 'title', text: 'JWT Claim Editor' });
const contextLine = el('p', { id: 'context-line', className: 'note' });
const tabs = {
  build: el('button', { id: 'tab-build', text: 'Build and sign', attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-build' } }),
  decode: el('button', { id: 'tab-decode', text: 'Decode and verify', attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-decode' } }),
};
let view: ViewName = saved.state?.view ?? 'build';

function selectView(next: ViewName, focusTab: boolean): void {
  view = next;
  for (const name of ['build', 'decode'] as const) {
    const selected = name === next;
    tabs[name].setAttribute('aria-selected', String(selected));
    tabs[name].tabIndex = selected ? 0 : -1;
  }
  buildView.element.hidden = next !== 'build';
  decodeView.element.hidden = next !== 'decode';
  if (focusTab) tabs[next].focus();
  saveState();
}

for (const name of ['build', 'decode'] as const) {
  tabs[name].addEventListener('click', () => selectView(name, false));
  // The tab pattern: arrows move between tabs, Home/End jump to the ends.
  tabs[name].addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return; // Ctrl+End scrolls the page
    const order: ViewName[] = ['build', 'decode'];
    const index = order.indexOf(name);
    const target = event.key === 'ArrowRight' ? order[(index + 1) % order.length] : event.key === 'ArrowLeft' ? order[(index + order.length - 1) % order.length] : event.key === 'Home' ? 'build' : event.key === 'End' ? 'decode' : undefined;
    if (!target) return;
    event.preventDefault();
    selectView(target, true);
  });
}

document.body.append(el('main', {},
  el('header', { className: 'top' }, title, contextLine),
  el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Editor views' } }, tabs.build, tabs.decode),
  buildView.element,
  decodeView.element));
selectView(view, false);

function showContext(context: EditorContext): void {
  profileName = context.profile?.name;
  title.textContent = context.profile ? `JWT Claim Editor — ${context.profile.name}` : 'JWT Claim Editor';
  const parts: string[] = [];
  if (context.profile) {
    const p = context.profile;
    parts.push(`${p.presetLabel} · ${p.flow} · ${p.method} ${p.tokenUrl}`);
    if (p.maxLifetimeSeconds) parts.push(`lifetime at most ${p.maxLifetimeSeconds} s`);
  } else parts.push('No profile: decode, and build a template (signing needs a profile\'s key).');
  parts.push(context.key ? `key: ${context.key.type.toUpperCase()} (${context.key.algorithms.join(', ')})${context.key.certificateNotAfter ? `, certificate until ${context.key.certificateNotAfter.slice(0, 10)}` : ''}` : 'no private key stored');
  if (!context.trusted) parts.push('Restricted Mode: exchanges are off');
  setChildren(contextLine, parts.join(' — '));
  decodeView.setProfileKeyAvailable(context.key !== undefined);
  buildView.setContext(context);
}

function onPush(message: PushMessage): void {
  switch (message.type) {
    case 'init': {
      showContext(message.context);
      buildView.setPresets(message.presets);
      const state = saved.state;
      // A reload keeps what the user typed; a new editor starts from the profile's template.
      if (!initialised && state && state.profile === message.context.profile?.name) buildView.restore(state.headerText, state.claimsText, state.lifetimeSeconds, state.jti);
      else if (!initialised) buildView.setTemplate(message.template);
      initialised = true;
      if (message.decode !== undefined) showDecode(message.decode);
      saveState();
      break;
    }
    case 'context':
      showContext(message.context);
      break;
    case 'decodeToken':
      showDecode(message.token);
      break;
  }
}

function showDecode(token: string): void {
  selectView('decode', false);
  decodeView.show(token);
  decodeView.focus();
}

function saveState(): void {
  if (!initialised) return;
  host.saveState({
    ...(profileName !== undefined ? { profile: profileName } : {}),
    headerText: buildView.header.text(),
    claimsText: buildView.claims.text(),
    lifetimeSeconds: buildView.lifetimeSeconds() ?? saved.state?.lifetimeSeconds ?? 300,
    jti: buildView.jtiEnabled(),
    view,
  });
}

setInterval(() => {
  if (!document.hidden && view === 'build') buildView.tick();
}, 1000);

host.ready();
